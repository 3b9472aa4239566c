"""quanze's shapes files: one concern each, every shape named and explained in Chinese and
English with a severity, every ontology term they use declared."""

from __future__ import annotations

import re
from pathlib import Path

from quanze.loaders.ontology import ontology_files
from quanze.service.validation.compiler import compile_shapes
from quanze.service.validation.shapes import load_shapes, shipped_shape_files
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

QZ = "https://w3id.org/quanze/ontology#"


def test_one_file_per_concern() -> None:
    assert {p.stem for p in shipped_shape_files()} == {
        "completeness",
        "procedure",
        "consistency",
        "legality",
        "prefixes",
    }


def test_every_shape_has_name_message_and_severity_in_both_languages() -> None:
    shapes = load_shapes()
    for shape in shapes.all_shapes():
        for prop, values in (("sh:name", shape.names), ("sh:message", shape.messages)):
            langs = {v.language for v in values}
            assert {"zh", "en"} <= langs, f"{shape.label} lacks {prop} in zh and en"
        if shape.constraints:
            assert (shape.node, SH.severity, None) in shapes.graph, f"{shape.label} has no sh:severity"
    assert {s.severity for s in shapes.all_shapes() if s.constraints} == {
        SH.Violation,
        SH.Warning,
        SH.Info,
    }


def test_every_quanze_term_used_is_declared() -> None:
    ontology = Graph()
    for path in ontology_files():
        ontology.parse(path)
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = set()
    for path in shipped_shape_files():
        text = path.read_text(encoding="utf-8")
        used |= {URIRef(QZ + name) for name in re.findall(r"\bqz:([A-Za-z][A-Za-z0-9]*)", text)}
    undeclared = sorted(str(t) for t in used - declared)
    assert not undeclared, undeclared
    for term in (URIRef(QZ + "creatableBy"), URIRef(QZ + "nominalHours")):
        assert ontology.value(term, RDFS.label) is not None and ontology.value(term, RDFS.comment) is not None
        assert (term, RDF.type, OWL.ObjectProperty) in ontology or (
            term,
            RDF.type,
            OWL.DatatypeProperty,
        ) in ontology


def test_the_shipped_shapes_compile() -> None:
    shapes = load_shapes()
    checks = compile_shapes(shapes)
    assert len(checks) == sum(len(s.constraints) for s in shapes.all_shapes())
    assert all(Path(c.shape.file).name in {p.name for p in shipped_shape_files()} for c in checks)
    assert all(c.plain is not None for c in checks if c.constraint.parameter != SH.sparql)
