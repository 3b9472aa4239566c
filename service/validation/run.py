"""Review and acceptance (审核验收): validate a store's power lists against the shapes.

``validate(store)`` is what the command line and the service call. The
default engine compiles the shapes to SPARQL and lets Oxigraph run them
list by list; ``engine="pyshacl"`` runs pySHACL, the reference, on the same
data graph and shapes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from quanze.service.store.base import Row, Store, rows
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.store.remote import RemoteStore
from quanze.service.validation.compiler import Check, classes_named, compile_shapes, subclass_query
from quanze.service.validation.context import Finding, findings
from quanze.service.validation.engine import plan, run_plan, supports_lateral
from quanze.service.validation.parallel import can_share, run_parallel
from quanze.service.validation.report import Report
from quanze.service.validation.selection import select
from quanze.service.validation.shapes import ShapesGraph, load_shapes
from quanze.service.validation.terms import to_oxigraph, to_rdflib
from rdflib import Graph

ENGINES = ("default", "pyshacl")
#: Below this many focus nodes, starting worker processes costs more than it saves.
PARALLEL_FROM = 20_000
Progress = Callable[[int, int, str], None]


def validate(
    store: Store,
    list: str | None = None,
    department: str | None = None,
    engine: str = "default",
    shapes: ShapesGraph | Sequence[str | Path] | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    lateral: bool | None = None,
    scans: bool | None = None,
) -> Report:
    """Review the chosen lists (default: all) and return the report.

    ``workers`` > 1 runs the default engine's queries that many at a time: in forked processes
    for a store in memory, in threads for a store on disk. ``scans``: whether, over the whole
    store, plain queries read their triple patterns whole and hash-join; by default where that
    pays (:func:`scans_pay`). ``lateral``: whether the default engine may batch checks with
    LATERAL; by default if the store supports it and scans do not pay (a SPARQL 1.1 server gets
    the plain plan). Raises ShapesError for bad shapes and SelectionError when ``list`` or
    ``department`` names nothing.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    graph = shapes if isinstance(shapes, ShapesGraph) else load_shapes(shapes)
    checks = compile_for(store, graph)
    selection = select(store, list, department)
    started = time.perf_counter()
    whole = list is None and department is None
    if scans is None:
        scans = whole and scans_pay(store)
    if lateral is None:
        lateral = engine != "default" or (supports_lateral(store) and not scans)
    work, counts = plan(
        store, checks, selection.graphs(), selection.labels(), whole=whole, lateral=lateral, scans=scans
    )
    parallel = workers > 1 and len(work) > 1 and sum(counts.values()) >= PARALLEL_FROM
    if engine == "default" and parallel and can_share(store):
        results = run_parallel(store, work, workers, progress)  # type: ignore[arg-type]
    elif engine == "default":
        results = run_plan(store, work, progress, threads=workers if on_disk(store) else 1)
    else:
        from quanze.service.validation.reference import (  # pySHACL is imported only when asked for
            data_graph,
            run_pyshacl,
        )

        results = run_pyshacl(data_graph(store, selection.graphs()), graph)
    seconds = time.perf_counter() - started
    return Report(
        engine=engine,
        results=results,
        focus_counts=counts,
        lists=[li.iri for li in selection.lists],
        seconds=seconds,
        shape_names=graph.names(),
    )


def compile_for(store: Store, shapes: ShapesGraph) -> list[Check]:
    """The shapes compiled for this store's data: each class of sh:class and sh:targetClass with the
    subclasses the data declares (one query per class, before the run) — SHACL reads rdfs:subClassOf
    from the data graph."""
    subclasses = {
        cls: [to_rdflib(row["class"]) for row in store.select(subclass_query(cls))] for cls in classes_named(shapes)
    }
    return compile_shapes(shapes, subclasses)


def scans_pay(store: Store) -> bool:
    """Whether reading each triple pattern whole and hash-joining (``joins.py``) beats a lookup per
    solution over the whole store: on Oxigraph on disk — the embedded store on disk, or a server with
    LATERAL (Oxigraph's keeps its store in RocksDB). At 10,000 powers on Oxigraph's server: 3.4 s
    against 7.7 s for LATERAL batches, the same 372 results (2026-12-04)."""
    return on_disk(store) or (isinstance(store, RemoteStore) and supports_lateral(store))


def on_disk(store: Store) -> bool:
    """Whether the store is quanze's embedded store on disk (RocksDB).

    There a query pays for each lookup (RocksDB opens an iterator and reads a block) where a store
    in memory pays almost nothing, so over the whole store the plain plan, which reads each
    predicate once and joins, beats LATERAL's lookups per focus node: at 100,000 powers 78 s
    against 101 s (bench/validate.py, 2026-12-04); and queries can run in threads, since pyoxigraph
    lets go of Python's lock while it reads the disk."""
    return isinstance(store, EmbeddedStore) and store.path is not None


def validate_graph(
    data: Graph, shapes: ShapesGraph, whole: bool = True, lateral: bool = True, scans: bool = False
) -> Report:
    """The default engine on an rdflib graph, blank nodes kept (a case of the SHACL test suite).

    ``whole``: run the plan of a whole store (plain queries for Core constraints) rather than the
    plan of one partition (a branch per focus node); ``lateral``: batch with LATERAL rather than
    plain SPARQL 1.1 queries; ``scans``: SPARQL-based constraints hash-joined (the plan on disk).
    Every plan must give the same results."""
    store = _GraphStore(data)
    checks = compile_for(store, shapes)  # type: ignore[arg-type]
    started = time.perf_counter()
    work, counts = plan(store, checks, [_GraphStore.GRAPH], whole=whole, lateral=lateral, scans=scans)  # type: ignore[arg-type]
    results = run_plan(store, work)  # type: ignore[arg-type]
    return Report(
        engine="default",
        results=results,
        focus_counts=counts,
        seconds=time.perf_counter() - started,
    )


class _GraphStore:
    """Just enough of a Store for the engine: one named graph, loaded term by term so that
    blank nodes keep their identifiers (a parser would rename them)."""

    GRAPH = "urn:quanze:validate:data"

    def __init__(self, data: Graph) -> None:
        self._store = ox.Store()
        graph = ox.NamedNode(self.GRAPH)
        self._store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph) for s, p, o in data)

    def select(self, query: str) -> list[Row]:
        return rows(self._store.query(query, use_default_graph_as_union=True))


def validate_and_locate(store: Store) -> tuple[Report, list[Finding]]:
    """Every list of the store validated, each finding with its power, file, sheet and row."""
    report = validate(store)
    return report, findings(store, report)
