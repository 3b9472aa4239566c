"""Namespaces of the ontology and the vocabularies quanze reuses.

Terms are plain IRI strings (``QZ.Power``); the graph writer turns them
into N-Triples tokens. Which terms exist is decided by ``ontology/``, and a
test checks that every term the loaders write is declared there.
"""

from __future__ import annotations


class Namespace:
    """An IRI prefix; attribute access appends the local name (``QZ.Power``).

    Not a ``str`` subclass on purpose: ``ELI.title`` must be the IRI, not
    the string method.
    """

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        iri = self.base + name
        setattr(self, name, iri)  # later look-ups are plain attribute reads
        return iri

    def __add__(self, other: str) -> str:
        return self.base + other

    def __str__(self) -> str:
        return self.base

    def __repr__(self) -> str:
        return f"Namespace({self.base!r})"

    def term(self, name: str) -> str:
        """For local names that are not Python identifiers."""
        return self.base + name


QZ = Namespace("https://w3id.org/quanze/ontology#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
TIME = Namespace("http://www.w3.org/2006/time#")

VOCAB = Namespace("https://w3id.org/quanze/vocab/")

#: Prefixes for Turtle output and for SPARQL queries written by people.
PREFIXES: dict[str, str] = {
    "qz": str(QZ),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dct": str(DCT),
    "prov": str(PROV),
    "org": str(ORG),
    "eli": str(ELI),
    "cpsv": str(CPSV),
    "cv": str(CV),
    "time": str(TIME),
    "pt": VOCAB + "power-type/",
    "level": VOCAB + "legal-level/",
    "vk": VOCAB + "version-kind/",
    "ds": VOCAB + "duty-stage/",
    "dc": VOCAB + "duty-category/",
    "el": VOCAB + "exercise-level/",
    "lr": VOCAB + "liable-role/",
    "cs": VOCAB + "citation-status/",
    "sanction": VOCAB + "sanction/",
    "st": VOCAB + "sanction-target/",
    "fk": VOCAB + "failure-kind/",
    "rs": VOCAB + "regime-step/",
    "effect": VOCAB + "rule-effect/",
    "rd": VOCAB + "responsibility-degree/",
    "ec": VOCAB + "evaluation-criterion/",
    "organ": VOCAB + "organ-role/",
    "od": VOCAB + "organ-duty/",
    "gr": VOCAB + "group-role/",
    "ro": VOCAB + "review-outcome/",
    "rc": VOCAB + "review-channel/",
    "asrc": VOCAB + "authority-source/",
}


def concept(scheme: str, slug: str) -> str:
    """IRI of a concept in one of the shipped SKOS vocabularies (``concept("power-type", "penalty")``)."""
    return f"{VOCAB}{scheme}/{slug}"
