"""``POST /api/validate`` under limits like the query workers': time, memory and concurrency.

Reading a 50 MB workbook and validating it is work a stranger can ask for, so it does not run in
the web process. The statute catalogue is read from the store first (the store's own bounded
reads); then a separate process, its heap capped, parses the upload against it, asks for the
statute versions the list cites, builds the scratch store and renders the report. Past the time
limit the process is killed and the answer is 503; a process that dies (out of memory) is 503 too;
at most ``concurrency`` validations run at once and one more is answered 503 at once.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from quanze.loaders.errors import SourceError
from quanze.service.sparql.errors import QueryFailed
from quanze.service.sparql.worker import limit_memory
from quanze.service.store.base import Store


@dataclass
class ValidationLimits:
    timeout: float = 60.0  # seconds for one upload, parse and review together
    memory_mb: int = 2048  # the validating process's heap
    concurrency: int = 1  # validations at once; one more is refused with 503


class BoundedValidation:
    """Runs uploads' validations in child processes, at most ``limits.concurrency`` at once."""

    def __init__(self, limits: ValidationLimits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(max(1, limits.concurrency))
        self._context = multiprocessing.get_context("spawn")

    def run(self, store: Store, data: bytes, filename: str | None, jurisdiction: str | None, fmt: str) -> Any:
        """The report (dict, str or bytes); raises SourceError for a file that is no list, QueryFailed 503."""
        if not self._slots.acquire(blocking=False):
            raise QueryFailed(
                f"{self.limits.concurrency} validation(s) already running: try again in a moment",
                status=503,
                code="busy",
            )
        try:
            return self._run(store, data, filename, jurisdiction, fmt)
        finally:
            self._slots.release()

    def _run(self, store: Store, data: bytes, filename: str | None, jurisdiction: str | None, fmt: str) -> Any:
        from quanze.service.store.loading import catalogue_from_store

        deadline = time.monotonic() + self.limits.timeout
        catalogue = catalogue_from_store(store)
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_child, args=(child, self.limits.memory_mb), daemon=True)
        process.start()
        child.close()
        try:
            parent.send((data, filename, jurisdiction, catalogue, fmt))
            kind, payload = self._receive(parent, process, deadline)
            if kind == "need":
                parent.send(_statute_graphs(store, payload))
                kind, payload = self._receive(parent, process, deadline)
            if kind == "source-error":
                raise SourceError(**payload)
            if kind == "failed":
                raise QueryFailed(*payload)
            return payload
        finally:
            parent.close()
            if process.is_alive():
                process.kill()
            process.join(5)

    def _receive(self, conn: Connection, process: Any, deadline: float) -> tuple[str, Any]:
        left = deadline - time.monotonic()
        if left <= 0 or not conn.poll(left):
            raise QueryFailed(
                f"the validation ran past its time limit of {self.limits.timeout:.0f} s and was stopped",
                status=503,
                code="timeout",
            )
        try:
            return conn.recv()
        except (EOFError, OSError):
            process.join(1)
            raise QueryFailed(
                f"the validation stopped (exit code {process.exitcode}): the file may be too large to "
                f"validate within {self.limits.memory_mb} MB",
                status=503,
                code="validation-failed",
            ) from None


def _statute_graphs(store: Store, graphs: list[str]) -> dict[str, bytes]:
    import pyoxigraph as ox

    known = set(store.named_graphs())
    return {g: store.dump(ox.RdfFormat.N_TRIPLES, g) for g in graphs if g in known}


def _child(conn: Connection, memory_mb: int) -> None:
    """In the child: parse, ask for the cited statutes, build the scratch store, render the report."""
    limit_memory(memory_mb)
    from quanze.service.http import analyses, uploads

    data, filename, jurisdiction, catalogue, fmt = conn.recv()
    try:
        doc = uploads.read_list(None, data, filename, jurisdiction, catalogue=catalogue)
        conn.send(("need", uploads.cited_statute_graphs(doc)))
        statutes = conn.recv()
        conn.send(("ok", analyses.validation_report(uploads.scratch_from(doc, statutes), fmt)))
    except SourceError as exc:
        conn.send(("source-error", {f.name: getattr(exc, f.name) for f in dataclasses.fields(exc)}))
    except QueryFailed as exc:
        conn.send(("failed", (exc.message, exc.status, exc.code)))
    finally:
        conn.close()
