"""The default engine against the W3C SHACL test suite (core, and the SPARQL-based constraints).

Every case runs. A case either gives exactly the expected results — the same
(focus node, path, component, source shape, severity) — or, when the suite
expects a failure, stops with ShapesError; a case whose shapes use a
construct the engine does not implement (sh:and, sh:node, sh:closed …) must
stop with an error that says so and names the file and the shape. Then every
constraint component, target and path kind quanze's own shapes use must have
passed at least one case.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest
from quanze.service.validation.run import validate_graph
from quanze.service.validation.shapes import (
    ShapesError,
    lexical_forms_kept,
    load_shapes,
    shapes_from_graph,
)
from rdflib import BNode, Graph
from rdflib.namespace import SH

from tests.conftest import shared_root

from .w3c import Case, cases

ROOT = shared_root() / "data" / "w3c" / "shacl-tests"
#: Constructs the default engine does not implement: a case using one must be refused.
UNIMPLEMENTED = {
    SH["and"],
    SH["or"],
    SH["not"],
    SH.xone,
    SH.node,
    SH.qualifiedValueShape,
    SH.closed,
}


def _load() -> list[Case]:
    if not (ROOT / "core" / "manifest.ttl").exists():
        return []
    logging.disable(logging.WARNING)  # rdflib warns about the suite's deliberately ill-formed literals
    try:
        with warnings.catch_warnings(), lexical_forms_kept():
            warnings.simplefilter("ignore")
            return cases(ROOT / "core" / "manifest.ttl", ROOT) + cases(ROOT / "sparql" / "manifest.ttl", ROOT)
    finally:
        logging.disable(logging.NOTSET)


CASES = _load()
PASSED: list[Case] = []


def _unimplemented(shapes: Graph) -> set[str]:
    found = {str(p) for p in UNIMPLEMENTED if any(shapes.subject_objects(p))}
    if any(shapes.subject_objects(SH.parameter)):
        found.add("custom constraint component")
    if "$shapesGraph" in " ".join(str(o) for o in shapes.objects(None, SH.select)):
        found.add("$shapesGraph")
    return found


@pytest.fixture(scope="module")
def suite(shared: Path) -> list[Case]:
    assert CASES, f"no SHACL test cases found under {ROOT}"
    return CASES


@pytest.mark.parametrize("whole", [True, False], ids=["whole-store", "per-partition"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_case(case: Case, whole: bool, suite: list[Case]) -> None:
    """Both plans: plain queries over the whole store, and per-focus branches of a partition."""
    try:
        report = validate_graph(case.data, shapes_from_graph(case.shapes, {}, [str(case.shapes_file)]), whole=whole)
    except ShapesError as exc:
        if case.failure:
            return
        missing = _unimplemented(case.shapes)
        assert missing, f"refused a case that uses only implemented constructs: {exc}"
        assert "does not implement" in str(exc) and str(case.shapes_file) in str(exc) and "shape" in str(exc)
        return
    assert not case.failure, "the suite expects this case to be refused"
    assert report.keys() == {r.key() for r in case.expected}
    PASSED.append(case)


def test_every_construct_of_quanzes_shapes_passed_a_case(suite: list[Case]) -> None:
    """After the cases: each component, target and path kind quanze's shapes use passed one."""
    if len(PASSED) < 100:  # the cases did not run in this session (e.g. -k selection): run them here
        PASSED.clear()
        for case in suite:
            try:
                report = validate_graph(case.data, shapes_from_graph(case.shapes, {}, [str(case.shapes_file)]))
            except ShapesError:
                continue
            if not case.failure and report.keys() == {r.key() for r in case.expected}:
                PASSED.append(case)
    ours = load_shapes().all_shapes()
    needed = {("component", str(c.component)) for s in ours for c in s.constraints}
    needed |= {("target", t.kind) for s in ours for t in s.targets}
    needed |= {("path", s.path.kind) for s in ours if s.path is not None}
    covered: set[tuple[str, str]] = set()
    for case in PASSED:
        for s in shapes_from_graph(case.shapes).all_shapes():
            covered |= {("component", str(c.component)) for c in s.constraints}
            covered |= {("target", t.kind) for t in s.targets}
            if s.path is not None:
                covered.add(("path", s.path.kind))
    assert needed <= covered, f"not covered by a passing W3C case: {sorted(needed - covered)}"
    assert not any(isinstance(s.node, BNode) for s in ours), "every shape of quanze has an IRI"
