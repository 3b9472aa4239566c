"""The reference engine: pySHACL on the same data and shapes.

The data graph is copied out of the store into rdflib — the chosen list
graphs plus every graph that is not a list (statutes, ontology,
vocabularies), which is all a list's review reads. pySHACL then validates it
with the same shapes graph the default engine compiled, without inference.

pySHACL hands rdflib each SPARQL-based constraint as text once per focus
node, and rdflib parses it every time: with quanze's shapes that parsing is
nine tenths of pySHACL's time. ``cache_queries`` keeps each parsed query for
the run (rdflib's own prepared queries, evaluated exactly as before), which
changes how fast pySHACL is, not what it finds; benchmarks measure it both
ways.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import pyshacl
from quanze.service.store.base import Store
from quanze.service.validation.report import Result, results_from_graph
from quanze.service.validation.shapes import ShapesGraph
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor


def data_graph(store: Store, graphs: Iterable[str]) -> Graph:
    """The union of ``graphs`` of the store as one rdflib graph."""
    data = Graph()
    for graph in graphs:
        data.parse(data=store.dump(ox.RdfFormat.N_TRIPLES, graph), format="nt")
    return data


def run_pyshacl(data: Graph, shapes: ShapesGraph, cache_queries: bool = True) -> list[Result]:
    """pySHACL's results for ``data``; warnings and infos do not make it stop."""
    with prepared_queries() if cache_queries else contextlib.nullcontext():
        _, report, text = pyshacl.validate(
            data,
            shacl_graph=shapes.graph,
            inference="none",
            advanced=False,
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            meta_shacl=False,
        )
    if not isinstance(report, Graph):
        raise RuntimeError(f"pySHACL could not validate: {text}")
    return results_from_graph(report)


@contextlib.contextmanager
def prepared_queries() -> Iterator[None]:
    """While active, rdflib parses each distinct SPARQL text once (per base and namespaces)."""
    original = SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            key = (strOrQuery, base, namespaces)
            if key not in cache:
                cache[key] = prepareQuery(strOrQuery, initNs=dict(initNs or {}), base=base)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]
