"""The default engine against pySHACL on small graphs written for one difference each: results compared in
full (focus, path, component, shape, severity, value) and counted, not as a set of keys."""

from __future__ import annotations

from collections import Counter

import pytest
from quanze.service.validation.reference import run_pyshacl
from quanze.service.validation.report import Result
from quanze.service.validation.run import validate_graph
from quanze.service.validation.shapes import shapes_from_graph
from rdflib import Graph

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

CASES = {
    # sh:deactivated on the SPARQL constraint itself (not on the shape): the constraint is ignored.
    "deactivated-sparql": (
        "ex:a a ex:T .",
        """ex:S a sh:NodeShape ; sh:targetClass ex:T ;
             sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] ;
             sh:sparql [ sh:select "SELECT $this ?value WHERE { BIND(1 AS ?value) }" ] .""",
        1,
    ),
    # Derived integer types that are well-formed conform, as in pySHACL.
    "derived-datatypes": (
        'ex:a ex:int "5"^^xsd:int ; ex:byte "7"^^xsd:byte ; ex:long "9"^^xsd:long .',
        """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
             sh:property [ sh:path ex:int ; sh:datatype xsd:int ] , [ sh:path ex:byte ; sh:datatype xsd:byte ] ,
                         [ sh:path ex:long ; sh:datatype xsd:long ] .""",
        0,
    ),
    # An ill-formed date keeps its lexical form in the report.
    "ill-formed-value": (
        'ex:a ex:d "2011-13-45"^^xsd:date , "2011-01-01"^^xsd:dateTime .',
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:d ; sh:datatype xsd:date ] .",
        2,
    ),
    # Two languages used twice each: two results with the same key (no value), both reported.
    "unique-lang-twice": (
        'ex:a ex:n "a"@en , "b"@en , "c"@de , "d"@de .',
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:n ; sh:uniqueLang true ] .",
        2,
    ),
    # A SPARQL constraint giving the same solution twice reports it once; distinct solutions each.
    "sparql-solutions": (
        "ex:a ex:p ex:b , ex:c .",
        """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
             sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/p> ?x }" ] ,
                       [ sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }" ] .""",
        3,
    ),
    # A value reached by two routes of a sequence path is one value node.
    "sequence-duplicates": (
        "ex:a ex:p ex:b , ex:c . ex:b ex:q 1 . ex:c ex:q 1 .",
        """ex:S a sh:NodeShape ; sh:targetNode ex:a ;
             sh:property [ sh:path ( ex:p ex:q ) ; sh:nodeKind sh:IRI ] .""",
        1,
    ),
}


def _tally(results: list[Result]) -> Counter:
    return Counter(r.full_key() for r in results)


@pytest.mark.parametrize(
    ("whole", "lateral", "scans"),
    [(True, True, False), (True, False, False), (False, True, False), (False, False, False), (True, False, True)],
    ids=["whole-store-lateral", "whole-store-plain", "per-partition-lateral", "per-partition-plain", "on-disk"],
)
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_results_as_pyshacl_counted(name: str, whole: bool, lateral: bool, scans: bool) -> None:
    data_text, shapes_text, expected = CASES[name]
    data = Graph().parse(data=PREFIXES + data_text, format="turtle")
    shapes_graph = Graph().parse(data=PREFIXES + shapes_text, format="turtle")
    shapes = shapes_from_graph(shapes_graph, {}, ["<test>"])
    ours = validate_graph(data, shapes, whole=whole, lateral=lateral, scans=scans)
    reference = run_pyshacl(data, shapes)
    assert len(ours.results) == expected
    assert ours.tally() == _tally(reference)


def test_derived_integers_out_of_range_are_violations_with_the_value_oxigraph_keeps() -> None:
    """Oxigraph folds "300"^^xsd:byte into "300"^^xsd:integer: the same results as pySHACL, but the value
    reported is the integer the store kept (the known difference of the W3C case datatype-ill-formed)."""
    data = Graph().parse(data=PREFIXES + 'ex:a ex:b "300"^^xsd:byte , "-129"^^xsd:int , "5"^^xsd:byte .', format="ttl")
    shapes_text = "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:b ; sh:datatype xsd:byte ] ."
    shapes = shapes_from_graph(Graph().parse(data=PREFIXES + shapes_text, format="turtle"), {}, ["<test>"])
    ours = validate_graph(data, shapes)
    reference = run_pyshacl(data, shapes)
    assert Counter(r.key() for r in ours.results) == Counter(r.key() for r in reference)
    assert sorted(str(r.value) for r in ours.results) == ["-129", "300"]
