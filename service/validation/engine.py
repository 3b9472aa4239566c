"""The default engine: the compiled checks run by Oxigraph, one partition (named graph) at a time.

A focus node is found through the graph that holds its target triple (its
``rdf:type``, or the triple of a subjects-of/objects-of target), so the
focus nodes of the whole data graph are the union of those of its named
graphs, and so are the results: each partition's queries look for focus
nodes in one graph and evaluate constraints against all of them. Before
running, one query per target finds which graphs hold any focus node at
all, so a check runs only where it has something to check — the statutes
hold no powers — and progress is shown list by list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from quanze.service.store import Store

from .compiler import NODE_TARGETS, Check, Partition, focus_pattern, graphs_with_target
from .paths import Path
from .report import Result
from .terms import to_rdflib

Progress = Callable[[int, int, str], None]
Plan = list[tuple[Partition, list[Check]]]
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def plan(store: Store, checks: Sequence[Check], graphs: Sequence[str], labels: dict[str, str] | None = None) -> Plan:
    """For each of ``graphs`` that holds focus nodes, the checks to run there (plus node targets)."""
    labels = labels or {}
    wanted = set(graphs)
    targets = {(t.kind, t.term) for c in checks for t in c.root.targets if t.kind != "node"}
    holding = {t: {r["focusGraph"].value for r in store.select(graphs_with_target(*t))} & wanted for t in targets}
    work: Plan = []
    for graph in graphs:
        todo = [c for c in checks
                if any(t.kind != "node" and graph in holding[(t.kind, t.term)] for t in c.root.targets)]
        if todo:
            work.append((Partition(graph, False, True, labels.get(graph, graph)), todo))
    node_checks = [c for c in checks if any(t.kind == "node" for t in c.root.targets)]
    if node_checks:
        work.append((NODE_TARGETS, node_checks))
    return work


def run_plan(store: Store, work: Plan, progress: Progress | None = None) -> list[Result]:
    """Every result of every check of the plan."""
    results: list[Result] = []
    for done, (partition, checks) in enumerate(work):
        if progress:
            progress(done, len(work), partition.label)
        for check in checks:
            results.extend(_result(check, row) for row in store.select(check.text(partition)))
    if progress:
        progress(len(work), len(work), "")
    return results


def count_focus(store: Store, work: Plan) -> dict[str, int]:
    """How many focus nodes each targeted shape has (the report says what was checked)."""
    counts: dict[str, int] = {}
    for partition, checks in work:
        roots = {str(c.root.node): c.root for c in checks}
        for name, root in roots.items():
            rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { " + focus_pattern(root, partition) + " }")
            counts[name] = counts.get(name, 0) + int(rows[0]["n"].value)
    return counts


def _result(check: Check, row: dict[str, Any]) -> Result:
    bound = {name: to_rdflib(term) for name, term in row.items() if term is not None}
    focus = bound["this"]
    shape = check.shape
    if check.constraint.parameter != SH.sparql:
        return Result(focus=focus, path=shape.path, value=bound.get("value"), component=check.constraint.component,
                      shape=shape.node, severity=shape.severity, messages=shape.messages or _default(check))
    sparql = check.constraint.sparql
    assert sparql is not None
    path = shape.path
    if isinstance(bound.get("path"), URIRef):
        path = Path("predicate", iri=bound["path"])  # type: ignore[arg-type]
    value = bound.get("value", focus if shape.path is None else None)
    if isinstance(bound.get("message"), Literal):
        messages: tuple[Literal, ...] = (bound["message"],)  # type: ignore[assignment]
    else:
        messages = tuple(_fill(m, bound) for m in sparql.messages + shape.messages) or _default(check)
    return Result(focus=focus, path=path, value=value, component=check.constraint.component, shape=shape.node,
                  severity=shape.severity, messages=messages, constraint=sparql.node)


def _fill(template: Literal, bound: dict[str, Node]) -> Literal:
    """Message templates: {?var} and {$var} become the solution's values."""
    text = _TEMPLATE.sub(lambda m: str(bound[m.group(1)]) if m.group(1) in bound else "", str(template))
    return Literal(text, lang=template.language)


def _default(check: Check) -> tuple[Literal, ...]:
    name = str(check.constraint.component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    return (Literal(f"{name} constraint of {check.shape.label} violated", lang="en"),)
