"""The ontology is complete (every term declared, labelled in zh and en, commented) and consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from quanze.loaders.ontology import ontology_files
from quanze.loaders.vocab import QZ, VOCAB
from quanze.service.store.embedded import EmbeddedStore
from rdflib.namespace import OWL, RDF, RDFS, SKOS

DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for f in ontology_files():
        g.parse(f, format="turtle")
    return g


def declared(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for cls in DECLARATIONS for s in g.subjects(RDF.type, cls)}


def langs(g: rdflib.Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, rdflib.Literal)}


def test_every_term_has_labels_in_chinese_and_english_and_a_comment(ontology):
    terms = declared(ontology)
    assert len(terms) > 100
    for t in terms:
        assert {"zh", "en"} <= langs(ontology, t, RDFS.label), t
        assert any(True for _ in ontology.objects(t, RDFS.comment)), t


def test_every_quanze_term_has_an_example(ontology):
    for t in declared(ontology):
        if str(t).startswith(str(QZ)):
            assert any(True for _ in ontology.objects(t, SKOS.example)), t


def test_every_concept_is_labelled_and_in_a_scheme(ontology):
    concepts = {s for s in ontology.subjects(SKOS.inScheme, None)}
    assert len(concepts) > 60
    for c in concepts:
        assert {"zh", "en"} <= langs(ontology, c, SKOS.prefLabel), c


def used_terms(store: EmbeddedStore) -> tuple[set[str], set[str], set[str]]:
    """(classes, properties, concept IRIs) the loaded data uses, outside the ontology graphs."""
    classes, properties, concepts = set(), set(), set()
    for q in store.quads():
        if "/graph/ontology/" in q.graph_name.value:
            continue
        properties.add(q.predicate.value)
        if q.predicate.value == str(RDF.type):
            classes.add(q.object.value)
        elif q.object.value.startswith(str(VOCAB)):
            concepts.add(q.object.value)
    return classes, properties, concepts


def check_declared(ontology: rdflib.Graph, store: EmbeddedStore) -> None:
    terms = {str(t) for t in declared(ontology)}
    known_concepts = {str(s) for s in ontology.subjects(SKOS.inScheme, None)}
    classes, properties, concepts = used_terms(store)
    assert classes - terms == set()
    assert properties - terms - {str(RDF.type), str(RDFS.label)} == set()
    assert concepts - known_concepts - {str(t) for t in ontology.subjects(RDF.type, None)} == set()


def test_every_term_the_loaders_write_is_declared_sample(ontology, sample_store):
    check_declared(ontology, sample_store)


def test_every_term_the_loaders_write_is_declared_real_data(ontology, shared_store):
    check_declared(ontology, shared_store)


# ---------------------------------------------------------------- OWL reasoning


def _hermit(graph: rdflib.Graph, tmp: Path) -> None:
    """Run HermiT (owlready2, on the machine's Java) over the graph; raises if inconsistent.

    xsd:date and xsd:gYear (ELI's dates) are outside the OWL 2 datatype map, so
    HermiT is told to treat them as opaque rather than refuse the ontology.
    """
    owlready2 = pytest.importorskip("owlready2")
    path = tmp / "ontology.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)


@pytest.fixture(scope="module")
def java() -> str:
    exe = shutil.which("java")
    if exe is None:
        pytest.skip("no Java runtime: HermiT needs one (.ci/run installs default-jre-headless)")
    return exe


def test_hermit_finds_the_ontology_and_the_sample_consistent(java, ontology, sample_store, tmp_path):
    g = rdflib.Graph()
    g += ontology
    data = rdflib.Graph()
    data.parse(data=sample_store.dump(__import__("pyoxigraph").RdfFormat.N_TRIPLES).decode(), format="nt")
    g += data
    _hermit(g, tmp_path)


def test_hermit_detects_an_inconsistency(java, ontology, tmp_path):
    """The check can fail: a node that is both a statute and one of its versions (disjoint classes)."""
    owlready2 = pytest.importorskip("owlready2")
    g = rdflib.Graph()
    g += ontology
    bad = rdflib.URIRef("https://example.org/both")
    g.add((bad, RDF.type, rdflib.URIRef(QZ.Statute)))
    g.add((bad, RDF.type, rdflib.URIRef(QZ.StatuteVersion)))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(g, tmp_path)
