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

from quanze.service.store import Store

from .compiler import compile_shapes
from .engine import count_focus, plan, run_plan
from .reference import data_graph, run_pyshacl
from .report import Report
from .selection import select
from .shapes import ShapesGraph, load_shapes

ENGINES = ("default", "pyshacl")
Progress = Callable[[int, int, str], None]


def validate(store: Store, list: str | None = None, department: str | None = None,  # noqa: A002
             engine: str = "default", shapes: ShapesGraph | Sequence[str | Path] | None = None,
             progress: Progress | None = None) -> Report:
    """Review the chosen lists (default: all) and return the report.

    Raises ShapesError for bad shapes and SelectionError when ``list`` or
    ``department`` names nothing.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    graph = shapes if isinstance(shapes, ShapesGraph) else load_shapes(shapes)
    checks = compile_shapes(graph)
    selection = select(store, list, department)
    started = time.perf_counter()
    work = plan(store, checks, selection.graphs(), selection.labels())
    if engine == "default":
        results = run_plan(store, work, progress)
    else:
        results = run_pyshacl(data_graph(store, selection.graphs()), graph)
    seconds = time.perf_counter() - started
    return Report(engine=engine, results=results, focus_counts=count_focus(store, work),
                  lists=[li.iri for li in selection.lists], seconds=seconds)
