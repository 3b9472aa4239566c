"""The ontology documentation, generated from ``ontology/`` itself.

Read from the Turtle files shipped in the package (not from a store), so the
documentation is the ontology the code writes with: every class and property
of ``quanze.ttl`` (and the terms it reuses, declared there), with their
Chinese and English labels, comment, examples, domain, range and super-terms;
and every SKOS scheme of ``vocabularies/`` with its concepts. The same terms
name the properties on the pages of resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from quanze.loaders.ontology import ontology_files
from quanze.loaders.vocab import OWL, PREFIXES, RDF, RDFS, SKOS
from quanze.service.web.links import ONTOLOGY_IRI, ONTOLOGY_NS, concept_anchor

KIND_ORDER = (
    (OWL.Class, "class", "类", "Classes"),
    (OWL.ObjectProperty, "object-property", "对象属性", "Object properties"),
    (OWL.DatatypeProperty, "datatype-property", "数据属性", "Datatype properties"),
    (OWL.AnnotationProperty, "annotation-property", "注释属性", "Annotation properties"),
    (OWL.NamedIndividual, "individual", "个体", "Individuals"),
)


def curie(iri: str) -> str:
    """``qz:Power`` for a term of a known namespace, else the IRI."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


@dataclass
class Term:
    iri: str
    kind: str
    zh: str = ""
    en: str = ""
    comments: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)  # rdfs:subClassOf / rdfs:subPropertyOf
    inverse: list[str] = field(default_factory=list)

    @property
    def curie(self) -> str:
        return curie(self.iri)

    @property
    def anchor(self) -> str:
        """``Power`` for ``qz:Power`` (the IRI's own fragment); the CURIE for reused terms."""
        if self.iri.startswith(ONTOLOGY_NS):
            return self.iri[len(ONTOLOGY_NS) :]
        return self.curie.replace(":", "-")

    @property
    def own(self) -> bool:
        return self.iri.startswith(ONTOLOGY_NS)


@dataclass
class Concept:
    iri: str
    zh: str = ""
    en: str = ""
    notation: str = ""
    alt: list[str] = field(default_factory=list)
    definition: str = ""
    order: int | None = None

    @property
    def anchor(self) -> str:
        return concept_anchor(self.iri)

    @property
    def curie(self) -> str:
        return curie(self.iri)


@dataclass
class Scheme:
    iri: str
    zh: str = ""
    en: str = ""
    comment: str = ""
    concepts: list[Concept] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return concept_anchor(self.iri)


@dataclass
class OntologyDoc:
    title_zh: str
    title_en: str
    comment: str
    version: str
    sections: list[tuple[str, str, str, list[Term]]]  # (kind, zh, en, terms)
    schemes: list[Scheme]

    @property
    def iri(self) -> str:
        return ONTOLOGY_IRI


def _parse() -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in ontology_files():
        with path.open("rb") as fh:
            triples.extend(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    return triples


@cache
def turtle() -> bytes:
    """The ontology and its vocabularies as one Turtle document (the RDF of ``/ontology``)."""
    return ox.serialize(_parse(), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))


def _text(lit: ox.Literal | object) -> str:
    return lit.value if isinstance(lit, ox.Literal) else ""


@cache
def document() -> OntologyDoc:
    by_subject: dict[str, list[tuple[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = {}
    for t in _parse():
        if isinstance(t.subject, ox.NamedNode):
            by_subject.setdefault(t.subject.value, []).append((t.predicate.value, t.object))
    terms: dict[str, list[Term]] = {kind: [] for _, kind, _, _ in KIND_ORDER}
    schemes: dict[str, Scheme] = {}
    concepts: list[tuple[str, Concept]] = []
    meta = by_subject.get(ONTOLOGY_IRI, [])
    for iri, facts in by_subject.items():
        types = {o.value for p, o in facts if p == RDF.type and isinstance(o, ox.NamedNode)}
        if SKOS.ConceptScheme in types:
            schemes[iri] = _scheme(iri, facts)
            continue
        in_scheme = [o.value for p, o in facts if p == SKOS.inScheme]
        if in_scheme:
            concepts.append((in_scheme[0], _concept(iri, facts)))
            continue
        kind = next((k for t, k, _, _ in KIND_ORDER if t in types), None)
        if kind is None or iri == ONTOLOGY_IRI:
            if types and not types & {OWL.Ontology}:
                kind = "individual"  # time:unitDay and the like
            else:
                continue
        terms[kind].append(_term(iri, kind, facts))
    for scheme_iri, c in concepts:
        if scheme_iri in schemes:
            schemes[scheme_iri].concepts.append(c)
    for s in schemes.values():
        s.concepts.sort(key=lambda c: (c.order if c.order is not None else 1000, c.iri))
    sections = [
        (kind, zh, en, sorted(terms[kind], key=lambda t: (not t.own, t.curie.lower())))
        for _, kind, zh, en in KIND_ORDER
        if terms[kind]
    ]
    return OntologyDoc(
        title_zh=next((o.value for p, o in meta if p == RDFS.label and getattr(o, "language", "") == "zh"), "quanze"),
        title_en=next((o.value for p, o in meta if p == RDFS.label and getattr(o, "language", "") == "en"), "quanze"),
        comment=next((_text(o) for p, o in meta if p == RDFS.comment), ""),
        version=next((_text(o) for p, o in meta if p == OWL.versionInfo), ""),
        sections=sections,
        schemes=sorted(schemes.values(), key=lambda s: s.iri),
    )


def _labels(facts: list, predicate: str) -> tuple[str, str]:
    zh = next((o.value for p, o in facts if p == predicate and getattr(o, "language", None) == "zh"), "")
    en = next((o.value for p, o in facts if p == predicate and getattr(o, "language", None) == "en"), "")
    return zh, en


def _term(iri: str, kind: str, facts: list) -> Term:
    zh, en = _labels(facts, RDFS.label)
    named = {
        p: [o.value for q, o in facts if q == p and isinstance(o, ox.NamedNode)]
        for p in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf)
    }
    return Term(
        iri,
        kind,
        zh,
        en,
        comments=[_text(o) for p, o in facts if p == RDFS.comment],
        examples=[_text(o) for p, o in facts if p == SKOS.example],
        domain=named[RDFS.domain],
        range=named[RDFS.range],
        parents=named[RDFS.subClassOf] + named[RDFS.subPropertyOf],
        inverse=named[OWL.inverseOf],
    )


def _scheme(iri: str, facts: list) -> Scheme:
    zh, en = _labels(facts, SKOS.prefLabel)
    if not zh and not en:
        zh, en = _labels(facts, RDFS.label)
    return Scheme(iri, zh, en, next((_text(o) for p, o in facts if p == RDFS.comment), ""))


def _concept(iri: str, facts: list) -> Concept:
    zh, en = _labels(facts, SKOS.prefLabel)
    order = next((o.value for p, o in facts if p.endswith("#order") or p.endswith("#rank")), None)
    return Concept(
        iri,
        zh,
        en,
        notation=next((_text(o) for p, o in facts if p == SKOS.notation), ""),
        alt=[o.value for p, o in facts if p == SKOS.altLabel and isinstance(o, ox.Literal)],
        definition=next((_text(o) for p, o in facts if p == SKOS.definition), ""),
        order=int(order) if order is not None and order.lstrip("-").isdigit() else None,
    )


@cache
def term_labels() -> dict[str, tuple[str, str]]:
    """(Chinese, English) label of every term and concept the ontology declares, by IRI."""
    doc = document()
    found = {t.iri: (t.zh, t.en) for _, _, _, terms in doc.sections for t in terms}
    for s in doc.schemes:
        found[s.iri] = (s.zh, s.en)
        found.update({c.iri: (c.zh, c.en) for c in s.concepts})
    return found
