"""The ontology and its vocabularies as named graphs, so that queries can use their labels.

Every ``quanze load`` writes them (a few thousand statements), so a store
always carries the version of the ontology its data was written with.
"""

from __future__ import annotations

import io
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from . import iris
from .document import LoadedDocument


def ontology_files() -> list[Path]:
    root = Path(str(files("quanze.ontology")))
    return [root / "quanze.ttl", *sorted((root / "vocabularies").glob("*.ttl"))]


def ontology_documents() -> list[LoadedDocument]:
    docs = []
    for path in ontology_files():
        key = "quanze" if path.name == "quanze.ttl" else f"vocabularies/{path.stem}"
        graph = iris.GRAPH_BASE + "ontology/" + key
        g = ox.NamedNode(graph)
        with path.open("rb") as fh:
            quads = [ox.Quad(q.subject, q.predicate, q.object, g) for q in ox.parse(fh, format=ox.RdfFormat.TURTLE)]
        data = io.BytesIO(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        docs.append(
            LoadedDocument(
                path=str(path),
                kind="ontology",
                graph=graph,
                subject=graph,
                label=path.name,
                data=data,
                statements=len(quads),
            )
        )
    return docs
