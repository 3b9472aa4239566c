"""A query worker: a small process that answers SPARQL queries over a read-only store snapshot.

Oxigraph cannot cancel a query that is running in the same process, so the
service runs every query in one of these processes and kills the process when
the time limit passes (see :mod:`query_pool`). A worker imports nothing but
pyoxigraph, starts in a fraction of a second, opens the snapshot named by each
job (reopening when the service has published a newer one) and serialises the
result itself, in the format the client asked for, into a buffer that refuses
to grow past the result-size cap, so that a huge result costs neither the
worker's nor the web process's memory.

Jobs and answers are pickled dicts over a socket inherited from the service
(:mod:`worker_protocol`)::

    {"snapshot": DIR, "query": TEXT, "default_graph": [IRI] | None, "named_graphs": [IRI] | None,
     "base_iri": IRI | None, "solutions": "json", "graph": "ttl", "max_bytes": N}
    → {"ok": True, "media_type": …, "body": bytes}
    → {"ok": False, "error": "syntax" | "too-large" | "store" | "evaluation", "message": …}

Run as ``python -m quanze.service.sparql.worker FD [MEMORY_MB]``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import socket
import sys

import pyoxigraph as ox
from quanze.service.sparql.protocol import receive, send

PR_SET_PDEATHSIG = 1
SOLUTIONS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPHS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class ResultTooLarge(Exception):
    """A result grew past the endpoint's size cap while being written."""


class CappedBuffer:
    """A write-only binary buffer that raises ResultTooLarge past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.left -= len(data)
        if self.left < 0:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered: the serialisers call this as on any file."""

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def run(store: ox.Store, job: dict) -> dict:
    """Evaluate one job; every failure comes back as an answer, never as an exception."""
    options: dict[str, object] = {}
    if job.get("default_graph") is not None or job.get("named_graphs") is not None:
        # An explicit dataset is the whole dataset: what it does not list is not in it.
        options["default_graph"] = [ox.NamedNode(g) for g in job.get("default_graph") or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    else:
        options["use_default_graph_as_union"] = True
    if job.get("base_iri"):
        options["base_iri"] = job["base_iri"]
    buffer = CappedBuffer(job["max_bytes"])
    try:
        result = store.query(job["query"], **options)
        triples = isinstance(result, ox.QueryTriples)
        fmt = GRAPHS[job["graph"]] if triples else SOLUTIONS[job["solutions"]]
        result.serialize(buffer, fmt)
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": str(exc)}
    except ResultTooLarge:
        return {
            "ok": False,
            "error": "too-large",
            "message": f"the result is larger than {job['max_bytes']} bytes",
        }
    except OSError as exc:
        return {"ok": False, "error": "store", "message": str(exc)}
    except Exception as exc:  # evaluation errors of any kind are the query's, reported to its author
        return {"ok": False, "error": "evaluation", "message": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "media_type": fmt.media_type, "body": buffer.getvalue()}


def serve(sock: socket.socket) -> None:
    store: ox.Store | None = None
    opened: str | None = None
    send(sock, {"ready": True})
    while True:
        try:
            job = receive(sock)
        except (EOFError, OSError):
            return
        assert isinstance(job, dict)
        if job.get("snapshot") != opened:
            store = None
            try:
                store = ox.Store.read_only(job["snapshot"])
                opened = job["snapshot"]
            except OSError as exc:
                opened = None
                send(
                    sock,
                    {
                        "ok": False,
                        "error": "store",
                        "message": f"cannot open the store snapshot: {exc}",
                    },
                )
                continue
        assert store is not None
        send(sock, run(store, job))


def limit_memory(megabytes: int) -> None:
    """Cap the heap so a runaway query kills this worker, not the machine."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def die_with_parent() -> None:
    """Have Linux kill this worker when the service dies, whatever it does (PR_SET_PDEATHSIG)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the service died before the request took effect
        os._exit(1)


def main(argv: list[str]) -> None:
    die_with_parent()
    fd = int(argv[1])
    if len(argv) > 2:
        limit_memory(int(argv[2]))
    serve(socket.socket(fileno=fd))


if __name__ == "__main__":
    main(sys.argv)
