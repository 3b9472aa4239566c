"""Every term the notice loader writes is declared in the ontology, with labels, comment and example."""

from __future__ import annotations

import pyoxigraph as ox
from quanze.loaders.ontology import ontology_files
from quanze.loaders.vocab import QZ, RDF
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import REPO

OWL = "http://www.w3.org/2002/07/owl#"
SKOS_CONCEPT_SCHEMES = "https://w3id.org/quanze/vocab/"


def _ontology() -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for path in ontology_files():
        with path.open("rb") as fh:
            quads.extend(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    return quads


def test_every_term_in_a_notice_graph_is_declared() -> None:
    store = EmbeddedStore()
    report = loading.load(store, [REPO / "samples" / "notices"])
    declared = {q.subject.value for q in _ontology() if q.predicate.value == RDF.type}
    used: set[str] = set()
    for doc in report.documents:
        for q in store.quads(doc.graph):
            used.add(q.predicate.value)
            if q.predicate.value == RDF.type or q.object.value.startswith(SKOS_CONCEPT_SCHEMES):
                used.add(q.object.value)
    builtin = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#")
    missing = sorted(t for t in used if t not in declared and not t.startswith(builtin))
    assert missing == []


def test_new_terms_have_labels_comment_and_example() -> None:
    quads = _ontology()
    terms = {
        q.subject.value
        for q in quads
        if q.predicate.value == RDF.type
        and q.subject.value.startswith(str(QZ))
        and q.object.value in (OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty")
    }
    for term in (
        "NormativeDocument",
        "DocumentPart",
        "Deadline",
        "RegimeStep",
        "EvaluationCriterion",
        "SanctionRule",
        "Condition",
        "OrganAssignment",
        "LeadingGroup",
        "imposedBy",
        "overturnGround",
    ):
        assert QZ + term in terms
    for term in terms:
        about = [q for q in quads if q.subject.value == term]
        langs = {q.object.language for q in about if q.predicate.value.endswith("#label")}
        assert {"zh", "en"} <= langs, term
        assert any(q.predicate.value.endswith("#comment") for q in about), term
        assert any(q.predicate.value.endswith("#example") for q in about), term
