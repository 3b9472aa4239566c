"""The peer: rdflib-endpoint (a FastAPI SPARQL endpoint over an rdflib graph) serving the same data.

Run by the benchmark as ``python bench/peer_rdflib.py DUMP.nq PORT``: the
N-Quads dump of the store is read into an rdflib Dataset whose default graph
is the union of its graphs, as quanze's is, and served at /sparql.
"""

from __future__ import annotations

import sys
import time

import rdflib
import uvicorn
from rdflib_endpoint import SparqlEndpoint


def main(dump: str, port: int) -> None:
    started = time.monotonic()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    print(
        f"rdflib loaded {len(dataset)} statements in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    app = SparqlEndpoint(graph=dataset, path="/sparql", public_url=f"http://127.0.0.1:{port}/sparql")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
