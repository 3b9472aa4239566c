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

from quanze.service.store import Store
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .compiler import NODE_TARGETS, Batch, Check, Partition, batches, graphs_with_target
from .paths import Path
from .report import Result
from .shapes import Target
from .terms import key as term_key
from .terms import to_rdflib

Progress = Callable[[int, int, str], None]
Plan = list[tuple[Partition, list[Batch]]]
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def plan(
    store: Store,
    checks: Sequence[Check],
    graphs: Sequence[str],
    labels: dict[str, str] | None = None,
) -> tuple[Plan, dict[str, int]]:
    """For each of ``graphs`` that holds focus nodes, the batches of checks to run there (plus node
    targets); and how many focus nodes each target has in those graphs."""
    labels = labels or {}
    wanted = set(graphs)
    all_batches = batches(checks)
    kinds = sorted({(t.kind, t.term) for b in all_batches for t in b.targets}, key=str)
    holding: dict[tuple[str, Node], set[str]] = {}
    counts: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for kind, term in kinds:
        name = describe_targets([Target(kind, term)])
        if kind == "node":
            counts[name] = counts.get(name, 0) + 1
            continue
        found = {
            r["focusGraph"].value: int(r["count"].value)
            for r in store.select(graphs_with_target(kind, term))
        }
        holding[(kind, term)] = set(found) & wanted
        counts[name] = sum(n for g, n in found.items() if g in wanted)
        for g, n in found.items():
            sizes[g] = sizes.get(g, 0) + n
    work: Plan = []
    for graph in graphs:
        todo = [
            b
            for b in all_batches
            if any(t.kind != "node" and graph in holding[(t.kind, t.term)] for t in b.targets)
        ]
        if todo:
            work.append(
                (Partition(graph, False, True, labels.get(graph, graph), sizes.get(graph, 0)), todo)
            )
    node_batches = [b for b in all_batches if any(t.kind == "node" for t in b.targets)]
    if node_batches:
        work.append((NODE_TARGETS, node_batches))
    return work, counts


def run_plan(store: Store, work: Plan, progress: Progress | None = None) -> list[Result]:
    """Every result of every check of the plan, one partition after the other."""
    results: list[Result] = []
    for done, (partition, todo) in enumerate(work):
        if progress:
            progress(done, len(work), partition.label)
        results.extend(run_partition(store, partition, todo))
    if progress:
        progress(len(work), len(work), "")
    return results


def run_partition(store: Store, partition: Partition, todo: Sequence[Batch]) -> list[Result]:
    return [
        _result(batch.checks[int(row["check"].value)], row)
        for batch in todo
        for row in store.select(batch.text(partition))
    ]


def describe_targets(targets: Sequence[Target], via: Sequence[Path] = ()) -> str:
    """A readable name for a set of focus nodes: "class <…Power> | class <…SubItem>"."""
    text = " | ".join(sorted(f"{t.kind} {term_key(t.term)}" for t in targets))
    return text + "".join(f" / {p.sparql()}" for p in via)


def _result(check: Check, row: dict[str, Any]) -> Result:
    bound = {name: to_rdflib(term) for name, term in row.items() if term is not None}
    focus = bound["this"]
    shape = check.shape
    if check.constraint.parameter != SH.sparql:
        return Result(
            focus=focus,
            path=shape.path,
            value=bound.get("value"),
            component=check.constraint.component,
            shape=shape.node,
            severity=shape.severity,
            messages=shape.messages or _default(check),
        )
    sparql = check.constraint.sparql
    assert sparql is not None
    path = shape.path
    if isinstance(bound.get("path"), URIRef):
        path = Path("predicate", iri=bound["path"])  # type: ignore[arg-type]
    value = bound.get("value", focus if shape.path is None else None)
    if isinstance(bound.get("message"), Literal):
        messages: tuple[Literal, ...] = (bound["message"],)  # type: ignore[assignment]
    else:
        messages = tuple(_fill(m, bound) for m in sparql.messages + shape.messages) or _default(
            check
        )
    return Result(
        focus=focus,
        path=path,
        value=value,
        component=check.constraint.component,
        shape=shape.node,
        severity=shape.severity,
        messages=messages,
        constraint=sparql.node,
    )


def _fill(template: Literal, bound: dict[str, Node]) -> Literal:
    """Message templates: {?var} and {$var} become the solution's values."""
    text = _TEMPLATE.sub(
        lambda m: str(bound[m.group(1)]) if m.group(1) in bound else "", str(template)
    )
    return Literal(text, lang=template.language)


def _default(check: Check) -> tuple[Literal, ...]:
    name = str(check.constraint.component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    return (Literal(f"{name} constraint of {check.shape.label} violated", lang="en"),)
