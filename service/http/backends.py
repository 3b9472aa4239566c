"""Where the service's queries go: an embedded store via worker processes, or a SPARQL server.

Both backends offer the same four things to the web layer: :meth:`sparql`
(a query of the endpoint, answered as bytes in the chosen format),
``store`` (the :class:`store.Store` the lookups of the API use),
:meth:`write` (one writer at a time; the only way the service changes the
store) and caches (the named graphs, the power index) that are rebuilt when
the store changes.

Embedded: the service keeps the store folder open for writing (so no other
process can write to it meanwhile) and publishes a compacted read-only
snapshot of it (RocksDB hard links) after every write; the query workers of
:mod:`query_pool` read the newest snapshot and switch to the next one at their
next query. Old snapshots are removed once no worker reads them. Reads never
wait for a write, and every query sees one consistent version.

Remote: queries go to the server (through SPARQLWrapper) with the same time
limit; results are parsed and written out again in the format the client
chose, so the endpoint behaves the same whatever the server supports. The
server cannot be told to stop a query it is running: configure its own
timeout (docs/remote-stores.md). Other writers may change a remote store, so
caches are also refreshed after ``refresh_seconds``.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from quanze.service.lookup.questions import QuestionIndex
from quanze.service.lookup.search import PowerIndex
from quanze.service.sparql.errors import QueryFailed, result_too_large
from quanze.service.sparql.formats import Format
from quanze.service.sparql.guard import without_dataset
from quanze.service.sparql.pool import QueryPool
from quanze.service.sparql.worker import GRAPHS, SOLUTIONS, CappedBuffer, ResultTooLarge
from quanze.service.store.base import Payload, Row, Store, boolean, solutions
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.store.remote import JSON_RESULTS, RemoteStore
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
log = logging.getLogger("quanze.service")


@dataclass
class Limits:
    timeout: float = 10.0  # seconds per query
    max_result_bytes: int = 64 * 1024 * 1024
    max_query_bytes: int = 100 * 1024


@dataclass
class SparqlJob:
    """A query of the endpoint, checked and with its dataset and formats decided."""

    query: str
    default_graph: list[str] | None
    named_graphs: list[str] | None
    solutions: Format
    graph: Format
    returns_graph: bool = False  # CONSTRUCT or DESCRIBE
    base_iri: str | None = None  # relative IRIs of the query resolve against the endpoint's URL
    timeout: float | None = None


#: The cached cross-department overlap findings (the key /api/overlaps?kinds=cross uses), linked from close calls.
CROSS_OVERLAPS = "overlaps:cross:None:None"


class ReadWriteLock:
    """Many readers at once or one writer; a waiting writer goes before readers that come after it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._writers_waiting += 1
            self._changed.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


class Backend(ABC):
    """What both backends share: limits, the write lock, caches kept per version of the store."""

    kind = "abstract"
    store: Store
    CACHED = 256  # cached answers kept at most

    def __init__(self, limits: Limits, refresh_seconds: float | None = None) -> None:
        self.limits = limits
        self.refresh_seconds = refresh_seconds
        self.generation = 0
        self._access = ReadWriteLock()  # the service's own reads run together, never during a write
        self._cache_lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._cache: dict[str, tuple[int, float, object]] = {}
        self.warmers: list[Callable[[], None]] = []  # more caches to build whenever the store changes
        self._warm_lock = threading.Lock()
        self._warming = False  # the one warm-up thread is running
        self._warm_again = False  # it must go through its steps once more (the store changed, a warmer came)
        self._refreshing: set[str] = set()  # keys being rebuilt in the background
        self._refreshed: dict[str, float] = {}  # key → when its last background rebuild started
        self._rebuilding = threading.Lock()  # one background rebuild at a time beside the requests

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """``build()``'s value, kept until the store changes (or ``refresh_seconds`` pass).

        One build at a time per key: requests arriving meanwhile wait for it
        rather than each reading the whole store again.
        """
        with self._cache_lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            hit = self._cache.get(key)
            now = time.monotonic()
            if (
                hit
                and hit[0] == self.generation
                and (self.refresh_seconds is None or now - hit[1] < self.refresh_seconds)
            ):
                with self._cache_lock:  # least recently used goes first when the cache is full
                    self._cache[key] = self._cache.pop(key, hit)
                return hit[2]  # type: ignore[return-value]
            generation = self.generation
            value = build()
            self._cache[key] = (generation, now, value)
        with self._cache_lock:
            while len(self._cache) > self.CACHED:  # answers for many different parameters
                oldest = next(iter(self._cache))
                self._cache.pop(oldest, None)
                self._key_locks.pop(oldest, None)
        return value

    def kept(self, key: str, build: Callable[[], T]) -> T:
        """``build()``'s value for this store version; one already built is returned at once.

        Where the backend refreshes its caches (a remote store, which other
        writers may change), an out-of-date value is still returned and the
        next one is built in the background: the question index and the
        whole-store analyses take minutes at a province's scale, and a request
        that rebuilt them once ``refresh_seconds`` had passed would wait that
        long. After a write through the service the value of the old version is
        never returned (its generation no longer matches): the request builds it.
        """
        ready = self.peek(key)
        if ready is None:
            return self.cached(key, build)
        if self.refresh_seconds is not None:
            self._refresh(key, build)
        return ready  # type: ignore[return-value]

    def _refresh(self, key: str, build: Callable[[], object]) -> None:
        """One background rebuild per key, one at a time; the build runs only if the value is out of date."""
        with self._cache_lock:
            now = time.monotonic()
            if key in self._refreshing or now - self._refreshed.get(key, 0.0) < (self.refresh_seconds or 0.0):
                return  # one rebuild at a time, and no thread for a value still fresh
            self._refreshing.add(key)
            self._refreshed[key] = now

        def run() -> None:
            try:
                with self._rebuilding:
                    self.cached(key, build)
            except Exception as exc:  # the value in use stays; the next request tries again
                log.warning("could not refresh %s: %s", key, exc)
            finally:
                with self._cache_lock:
                    self._refreshing.discard(key)

        threading.Thread(target=run, name=f"quanze-refresh-{key}", daemon=True).start()

    def reading(self, read: Callable[[Store], T]) -> T:
        """The service's own reads of the whole store (index, graphs, counts), without user limits."""
        return read(self.store)

    def graphs(self) -> list[str]:
        return self.kept("graphs", lambda: self.reading(lambda s: s.named_graphs()))

    def index(self) -> PowerIndex:
        return self.kept("index", lambda: self.reading(PowerIndex.build))

    def questions(self) -> QuestionIndex:
        """The plain-question index of this store version (segmented, BM25), built once per version."""
        return self.kept("questions", lambda: self.reading(QuestionIndex.build))

    def peek(self, key: str) -> object | None:
        """A cached value of this store version if one is ready, without building it (or waiting)."""
        hit = self._cache.get(key)
        return hit[2] if hit is not None and hit[0] == self.generation else None

    def statements(self) -> int:
        return self.cached("statements", lambda: self.reading(len))

    def add_warmer(self, warmer: Callable[[], None]) -> None:
        """Build ``warmer``'s caches in the warm-up, after the indexes questions need (now and after writes).

        A warm-up already running reaches it in this pass: a second pass would
        find the first values older than ``refresh_seconds`` at a province's
        scale and rebuild every one of them once more.
        """
        with self._warm_lock:
            self.warmers.append(warmer)
            if self._warming:
                return
            self._warming = True
        self._start_warming()

    def warm(self) -> None:
        """Build the caches in ONE background thread, so that the first requests find them ready.

        The graphs and the indexes "who is responsible" needs come first, then
        the warmers (the pages' whole-store analyses) one after the other: a
        second thread reading the store at the same time would slow the
        indexes' queries on a remote server and keep questions waiting for
        minutes at a province's scale. A call while the thread runs (a write)
        makes it go through its steps once more.
        """
        with self._warm_lock:
            self._warm_again = True
            if self._warming:
                return
            self._warming = True
        self._start_warming()

    def _start_warming(self) -> None:
        def build() -> None:
            while True:
                with self._warm_lock:
                    self._warm_again = False
                try:
                    self.graphs()
                    self.index()
                    self.questions()
                except Exception as exc:  # the requests that need them will report it
                    log.warning("could not prepare the indexes: %s", exc)
                done = 0
                while True:
                    with self._warm_lock:  # warmers added meanwhile are run in this pass
                        if done == len(self.warmers):
                            if not self._warm_again:
                                self._warming = False
                                return
                            break
                        warmer = self.warmers[done]
                    done += 1
                    try:
                        warmer()
                    except Exception as exc:  # the pages that need it will report it
                        log.warning("could not prepare the caches: %s", exc)

        threading.Thread(target=build, name="quanze-warm", daemon=True).start()

    @abstractmethod
    def sparql(self, job: SparqlJob) -> tuple[str, bytes]:
        """The endpoint's answer to a checked query: media type and body."""

    async def sparql_async(self, job: SparqlJob) -> tuple[str, bytes]:
        return await run_in_threadpool(self.sparql, job)

    @abstractmethod
    def write(self, action: Callable[[Store], T]) -> T:
        """Run ``action`` on the store as the only writer, then let readers see its result."""

    def status(self) -> dict[str, object]:
        return {
            "backend": self.kind,
            "generation": self.generation,
            "timeout_seconds": self.limits.timeout,
            "max_result_bytes": self.limits.max_result_bytes,
            "max_query_bytes": self.limits.max_query_bytes,
        }

    @abstractmethod
    def close(self) -> None:
        """Release what the backend holds (worker processes, the store)."""


class EmbeddedBackend(Backend):
    """An embedded store folder, queried by worker processes over read-only snapshots."""

    kind = "embedded"

    def __init__(
        self,
        path: str | Path,
        limits: Limits,
        workers: int = 2,
        memory_mb: int = 2048,
        isolate_network: bool = True,
        recycle_mb: int = 1024,
    ) -> None:
        super().__init__(limits)
        self.primary = EmbeddedStore(path)
        assert self.primary.path is not None
        self.snapshot_root = self.primary.path.with_name(self.primary.path.name + ".snapshots")
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
        self.snapshot_root.mkdir(parents=True)
        self._published = 0
        self._stale = False  # older snapshots may be waiting to be removed
        self.current = self._publish()
        self.pool = QueryPool(workers, memory_mb=memory_mb, isolate_network=isolate_network, recycle_mb=recycle_mb)
        self.store = PooledStore(self)
        self.warm()

    def _publish(self) -> str:
        self._published += 1
        target = self.snapshot_root / str(self._published)
        self.primary.snapshot(target)
        return str(target)

    def _collect(self) -> None:
        """Remove snapshots no worker reads any more."""
        keep = self.pool.snapshots_in_use() | {self.current}
        left = 0
        for old in self.snapshot_root.iterdir():
            if str(old) in keep:
                left += 1
            else:
                shutil.rmtree(old, ignore_errors=True)
        self._stale = left > 1

    def _job(
        self,
        query: str,
        solutions: str,
        graph: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> dict:
        return {
            "snapshot": self.current,
            "query": query,
            "default_graph": default_graph,
            "named_graphs": named_graphs,
            "base_iri": base_iri,
            "solutions": solutions,
            "graph": graph,
            "max_bytes": self.limits.max_result_bytes,
        }

    def _answer(self, answer: dict) -> dict:
        if self._stale:
            self._collect()
        if not answer["ok"]:
            raise _failure(answer["error"], answer["message"], self.limits.max_result_bytes)
        return answer

    def run(self, query: str, solutions: str, graph: str) -> dict:
        """A worker's answer; failures of the query itself raise QueryFailed."""
        return self._answer(self.pool.run(self._job(query, solutions, graph), self.limits.timeout))

    def _sparql_job(self, job: SparqlJob) -> dict:
        return self._job(
            job.query,
            job.solutions.key,
            job.graph.key,
            job.default_graph,
            job.named_graphs,
            job.base_iri,
        )

    def sparql(self, job: SparqlJob) -> tuple[str, bytes]:
        answer = self._answer(self.pool.run(self._sparql_job(job), job.timeout or self.limits.timeout))
        return answer["media_type"], answer["body"]

    def write(self, action: Callable[[Store], T]) -> T:
        with self._access.writing():
            result = action(self.primary)
            self.current = self._publish()
            self.generation += 1
            self._stale = True
            self._collect()
        self.warm()
        return result

    def reading(self, read: Callable[[Store], T]) -> T:
        # In this process, from the store folder itself, never during a write; reads together (the
        # warm-up building the indexes of a province takes minutes: /api/status must not wait for it)
        with self._access.reading():
            return read(self.primary)

    def status(self) -> dict[str, object]:
        return {
            **super().status(),
            "store": str(self.primary.path),
            "workers": self.pool.size,
            "workers_alive": self.pool.alive,
            "network_isolated_workers": self.pool.isolated,
            **{f"worker_{k}": v for k, v in self.pool.stats.items()},
        }

    def close(self) -> None:
        self.pool.close()
        self.primary.close()
        shutil.rmtree(self.snapshot_root, ignore_errors=True)


class PooledStore:
    """The Store protocol over the query workers (reads) and the primary store (writes, dumps)."""

    def __init__(self, backend: EmbeddedBackend) -> None:
        self.backend = backend

    def _results(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
        body = self.backend.run(query, "json", "nt")["body"]
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def select(self, query: str) -> list[Row]:
        return solutions(self._results(query))

    def ask(self, query: str) -> bool:
        return boolean(self._results(query))

    def construct(self, query: str) -> list[ox.Triple]:
        body = self.backend.run(query, "json", "nt")["body"]
        return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    def named_graphs(self) -> list[str]:
        return self.backend.graphs()

    def replace_graphs(self, graphs: dict[str, bytes]) -> None:
        self.backend.write(lambda s: s.replace_graphs(graphs))

    def replace_graphs_streamed(self, graphs: Iterable[tuple[str, Payload]]) -> None:
        self.backend.write(lambda s: s.replace_graphs_streamed(graphs))

    def remove_graphs(self, graphs: list[str]) -> None:
        self.backend.write(lambda s: s.remove_graphs(graphs))

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        return self.backend.primary.dump(fmt, graph)

    def __len__(self) -> int:
        return self.backend.statements()


class RemoteBackend(Backend):
    """A remote SPARQL 1.1 server."""

    kind = "remote"

    def __init__(self, remote: RemoteStore, limits: Limits, refresh_seconds: float = 60.0) -> None:
        super().__init__(limits, refresh_seconds)
        self.store = remote
        self.reader = remote.with_timeout(max(600.0, limits.timeout))
        remote.timeout = limits.timeout
        self.warm()

    def reading(self, read: Callable[[Store], T]) -> T:
        return read(self.reader)

    def close(self) -> None:
        """Nothing is held between requests: each opens and closes its own connection."""

    def sparql(self, job: SparqlJob) -> tuple[str, bytes]:
        remote: RemoteStore = self.store  # type: ignore[assignment]
        graph_form = job.graph.key if job.returns_graph else None
        accept = "text/turtle" if graph_form else JSON_RESULTS
        given = job.default_graph is not None or job.named_graphs is not None
        body = remote.request(
            without_dataset(job.query) if given else job.query,  # the protocol's dataset replaces FROM
            accept,
            job.default_graph,
            job.named_graphs,
            timeout=job.timeout or self.limits.timeout,
            max_bytes=self.limits.max_result_bytes,
            base_iri=job.base_iri,  # as the embedded store resolves relative IRIs
        )
        buffer = CappedBuffer(self.limits.max_result_bytes)
        try:
            if graph_form:
                triples = ox.parse(body, format=ox.RdfFormat.TURTLE)
                ox.serialize(triples, buffer, GRAPHS[graph_form])
                return GRAPHS[graph_form].media_type, buffer.getvalue()
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            results.serialize(buffer, SOLUTIONS[job.solutions.key])
        except ResultTooLarge:
            raise _failure("too-large", "", self.limits.max_result_bytes) from None
        except SyntaxError as exc:
            raise QueryFailed(
                f"the SPARQL endpoint {remote.endpoint} answered with results quanze cannot read: {exc}",
                status=502,
                code="bad-upstream",
            ) from exc
        return SOLUTIONS[job.solutions.key].media_type, buffer.getvalue()

    def write(self, action: Callable[[Store], T]) -> T:
        with self._access.writing():
            try:
                return action(self.store)
            finally:
                self.generation += 1
                self.warm()

    def status(self) -> dict[str, object]:
        remote: RemoteStore = self.store  # type: ignore[assignment]
        return {
            **super().status(),
            "endpoint": remote.endpoint,
            "update_endpoint": remote.update_endpoint,
            "gsp_endpoint": remote.gsp_endpoint,
            "cache_refresh_seconds": self.refresh_seconds,
        }


def _failure(error: str, message: str, max_bytes: int) -> QueryFailed:
    if error == "syntax":
        return QueryFailed(f"the query is malformed: {message}", code="malformed-query")
    if error == "too-large":
        return result_too_large(max_bytes)
    if error == "store":
        return QueryFailed(f"the store could not be read: {message}", status=503, code="store-unavailable")
    return QueryFailed(f"the query could not be evaluated: {message}", code="evaluation-error")
