"""The default engine: the compiled checks run by Oxigraph, as a plan of queries.

A focus node is found through the graph that holds its target triple (its
``rdf:type``, or the triple of a subjects-of/objects-of target), so the
focus nodes of the whole data graph are the union of those of its named
graphs, and so are the results. Before running, one query per target finds
which graphs hold focus nodes, and how many, so that a check runs only where
it has something to check (the statutes hold no powers).

Two plans. Over the whole store, each Core constraint is one plain query
over every focus node of every graph, and the SPARQL-based constraints run
as one batch evaluated per focus node. For chosen lists, each list's graph
is a partition whose batches run per focus node: a list of a thousand powers
in a store of a hundred thousand costs what the list holds.

On disk (RocksDB) a lookup costs several times what it costs in memory, so
over a whole store on disk nothing is batched: every check is a query of its
own that reads its triple patterns whole and hash-joins them (``joins.py``).

Batches need LATERAL (SPARQL 1.2 draft), which Oxigraph has and Virtuoso
and most SPARQL 1.1 servers lack. ``supports_lateral`` asks the store once;
without it, every check runs as a query of its own in plain SPARQL 1.1
(``Check.query(partition, lateral=False)``), with the same results.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from quanze.service.sparql.errors import QueryFailed
from quanze.service.store.base import Row, Store
from quanze.service.validation.compiler import (
    NODE_TARGETS,
    WHOLE_STORE,
    WHOLE_STORE_SCANNED,
    Batch,
    Check,
    Partition,
    batches,
    graphs_with_target,
)
from quanze.service.validation.paths import Path
from quanze.service.validation.report import Result
from quanze.service.validation.shapes import Target
from quanze.service.validation.terms import key as term_key
from quanze.service.validation.terms import to_rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

Progress = Callable[[int, int, str], None]
Task = tuple[Partition, Batch | Check, int]  # where, what, focus nodes expected
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


#: A query only a store with LATERAL can answer (one row).
LATERAL_PROBE = "SELECT * WHERE { BIND (1 AS ?x) LATERAL { BIND (?x AS ?y) } }"
_lateral: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def supports_lateral(store: Store) -> bool:
    """Whether the store evaluates LATERAL: asked once per store (a server that lacks it calls
    the probe malformed)."""
    if store not in _lateral:
        try:
            _lateral[store] = len(store.select(LATERAL_PROBE)) == 1
        except (QueryFailed, SyntaxError):
            _lateral[store] = False
    return _lateral[store]


def plan(
    store: Store,
    checks: Sequence[Check],
    graphs: Sequence[str],
    labels: dict[str, str] | None = None,
    whole: bool = False,
    lateral: bool = True,
    scans: bool = False,
) -> tuple[list[Task], dict[str, int]]:
    """The queries to run, and how many focus nodes each target has in ``graphs``.

    ``whole``: ``graphs`` are all the store's named graphs, so a Core constraint runs as one
    plain query over every focus node, and the SPARQL-based constraints as one batch. Otherwise
    each graph holding focus nodes is a partition, with the batches of its checks run per focus
    node: cheap for one list of a large store. Without ``lateral``, each check is a plain
    SPARQL 1.1 query of its own where the plan would batch it. ``scans`` (with ``whole``: Oxigraph on
    disk): the plain queries read each triple pattern whole and hash-join (``joins.hash_joined``)
    instead of looking each solution's next pattern up; a LATERAL batch is left as it is."""
    group = batches if lateral else _singly
    labels = labels or {}
    wanted = set(graphs)
    kinds = sorted({(t.kind, t.term) for c in checks for t in c.targets}, key=str)
    holding: dict[tuple[str, Node], set[str]] = {}
    counts: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for kind, term in kinds:
        name = describe_targets([Target(kind, term)])
        if kind == "node":
            counts[name] = counts.get(name, 0) + 1
            continue
        found = {r["focusGraph"].value: int(r["count"].value) for r in store.select(graphs_with_target(kind, term))}
        holding[(kind, term)] = set(found) & wanted
        counts[name] = sum(n for g, n in found.items() if g in wanted)
        for g, n in found.items():
            sizes[g] = sizes.get(g, 0) + n

    def in_graph(check: Check, graph: str) -> bool:
        return any(t.kind != "node" and graph in holding[(t.kind, t.term)] for t in check.targets)

    def anywhere(check: Check) -> bool:
        return any(t.kind == "node" or holding[(t.kind, t.term)] for t in check.targets)

    tasks: list[Task] = []
    if whole:
        todo = [c for c in checks if anywhere(c)]
        size = sum(sizes.get(g, 0) for g in wanted)
        where = WHOLE_STORE_SCANNED if scans else WHOLE_STORE
        tasks += [(where, c, size) for c in todo if c.plain is not None]
        tasks += [(where, b, size) for b in group([c for c in todo if c.plain is None])]
        return tasks, counts
    for graph in graphs:
        partition = Partition(graph, False, True, labels.get(graph, graph), sizes.get(graph, 0))
        mine = [c for c in checks if in_graph(c, graph)]
        tasks += [(partition, b, partition.size) for b in group(mine)]
    node_checks = [c for c in checks if any(t.kind == "node" for t in c.targets)]
    tasks += [(NODE_TARGETS, b, 1) for b in group(node_checks)]
    return tasks, counts


def _singly(checks: Sequence[Check]) -> list[Check]:
    """No batches: each check a task of its own (the plan without LATERAL)."""
    return list(checks)


def run_plan(store: Store, tasks: Sequence[Task], progress: Progress | None = None, threads: int = 1) -> list[Result]:
    """Every result of every task, in the order of the tasks.

    ``threads`` > 1 runs that many queries at once on the one store handle: pyoxigraph lets go of
    Python's lock while it reads a store on disk, so the queries share the cores (forked workers
    would each open RocksDB beside the command's handle). The results are read in task order, so
    the report is the same whatever the number of threads."""
    results: list[Result] = []
    seen: set[SeenKey] = set()  # a focus node in two partitions (a node target, a class target) is checked once
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        answers = pool.map(partial(fetch, store), tasks)
        for done, (task, rows) in enumerate(zip(tasks, answers, strict=True)):
            if progress:
                progress(done, len(tasks), task_label(task))
            results.extend(_result(check, row) for check, row in _core_rows_once(rows, seen))
    if progress:
        progress(len(tasks), len(tasks), "")
    return results


SeenKey = tuple[int, tuple[tuple[str, str], ...]]


def run_task(store: Store, task: Task, seen: set[SeenKey] | None = None) -> list[Result]:
    """The results of one task (a worker process's unit of work)."""
    seen = set() if seen is None else seen
    return [_result(check, row) for check, row in _core_rows_once(fetch(store, task), seen)]


def fetch(store: Store, task: Task) -> list[tuple[Check, Row]]:
    """The solutions of one task's query, each with the check it belongs to."""
    partition, unit, _ = task
    if isinstance(unit, Batch):
        return [(unit.checks[int(row["check"].value)], row) for row in store.select(unit.text(partition))]
    # a check on its own is in plain SPARQL 1.1: the LATERAL plan batches every check that has no plain form
    return [(unit, row) for row in store.select(unit.query(partition, lateral=False))]


def _core_rows_once(rows: Iterable[tuple[Check, Row]], seen: set[SeenKey]) -> Iterator[tuple[Check, Row]]:
    """Each distinct solution of a check once: value nodes are a set (SHACL 2.3.2), but a SPARQL path such as
    ex:p1/ex:p2 reaches a value once per route; pySHACL likewise reports identical SPARQL solutions once."""
    for check, row in rows:
        key = (id(check), tuple(sorted((k, str(v)) for k, v in row.items())))
        if key not in seen:
            seen.add(key)
            yield check, row


def task_label(task: Task) -> str:
    partition, unit, _ = task
    if isinstance(unit, Batch):
        shapes = sorted({c.shape.label for c in unit.checks})
        return f"{partition.label}: {len(unit.checks)} checks of {len(shapes)} shapes"
    return f"{unit.shape.label} {str(unit.constraint.parameter).rsplit('#', 1)[-1]}"


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
        messages = tuple(_fill(m, bound) for m in sparql.messages + shape.messages) or _default(check)
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
    text = _TEMPLATE.sub(lambda m: str(bound[m.group(1)]) if m.group(1) in bound else "", str(template))
    return Literal(text, lang=template.language)


def _default(check: Check) -> tuple[Literal, ...]:
    name = str(check.constraint.component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    return (Literal(f"{name} constraint of {check.shape.label} violated", lang="en"),)
