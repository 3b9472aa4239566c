"""A pool of query worker processes, so that a time limit really stops a query.

Each query runs in one of ``size`` worker processes (:mod:`query_worker`).
The caller waits for the answer at most the time limit; when it passes, the
worker is killed (the operating system takes back its CPU and memory at once)
and a fresh one is started in the background. A worker that dies on its own
(a crash, or the memory cap) is replaced the same way, and so is one whose
caller gave up (a client that disconnected). The other workers keep
answering all along, so a slow query holds one worker, not the service.

Callers block in :meth:`QueryPool.run` (the web layer calls it from its
thread pool): a measured round trip of about 80 µs, less than the asyncio
ways of waiting for a socket (165-290 µs).

Where the platform allows it (``unshare`` of a user and network namespace),
workers run without any network at all: even a query that slipped past the
guard in :mod:`sparql_guard` could not reach another server.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache

from quanze.service.sparql import protocol as wire
from quanze.service.sparql.errors import QueryFailed, QueryTimeout

log = logging.getLogger("quanze.service")
STARTUP_SECONDS = 60
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class PoolBusy(RuntimeError):
    """Every worker stayed busy for longer than a request may wait."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    sock: socket.socket
    snapshot: str | None = None


@cache
def network_isolation_available() -> bool:
    """Whether ``unshare`` can give a worker an empty network namespace here."""
    if shutil.which("unshare") is None:
        return False
    try:
        return (
            subprocess.run(
                ["unshare", "--user", "--map-root-user", "--net", "true"],
                capture_output=True,
                timeout=10,
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


class QueryPool:
    """``size`` worker processes; :meth:`run` sends one job and awaits its answer or deadline."""

    def __init__(self, size: int = 2, memory_mb: int = 0, isolate_network: bool = True, recycle_mb: int = 0) -> None:
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.size = size
        self.memory_mb = memory_mb
        self.recycle_mb = recycle_mb  # a worker resident above this is replaced after its query
        self.isolated = isolate_network and network_isolation_available()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.stats = {"queries": 0, "timeouts": 0, "crashes": 0, "restarts": 0, "recycled": 0}
        # Workers die with the thread that started them (PR_SET_PDEATHSIG), so one thread that
        # lives as long as the pool starts them all.
        self._to_start: queue.Queue[threading.Event | None] = queue.Queue()
        self._starter = threading.Thread(target=self._start_workers, name="quanze-worker-starter", daemon=True)
        self._starter.start()
        started = [self._request_worker() for _ in range(size)]
        for event in started:
            event.wait(STARTUP_SECONDS + 5)
        if not self._workers:
            raise RuntimeError("no query worker could be started; see the messages above")

    # ------------------------------------------------------------ workers

    def _command(self, fd: int) -> list[str]:
        cmd = [sys.executable, "-m", "quanze.service.sparql.worker", str(fd), str(self.memory_mb)]
        if self.isolated:
            cmd = ["unshare", "--user", "--map-root-user", "--net", *cmd]
        return cmd

    def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        try:
            process = subprocess.Popen(
                self._command(child.fileno()),
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            child.close()
        ready, _, _ = select.select([parent], [], [], STARTUP_SECONDS)
        hello = wire.receive(parent) if ready else None
        if not isinstance(hello, dict) or not hello.get("ready"):
            process.kill()
            process.wait()
            parent.close()
            raise RuntimeError("a query worker did not start")
        return _Worker(process, parent)

    def _request_worker(self) -> threading.Event:
        done = threading.Event()
        self._to_start.put(done)
        return done

    def _start_workers(self) -> None:
        while (done := self._to_start.get()) is not None:
            try:
                self._add_worker()
            finally:
                done.set()

    def _add_worker(self) -> None:
        try:
            worker = self._spawn()
        except (OSError, RuntimeError, EOFError) as exc:
            log.error("cannot start a query worker: %s", exc)
            return
        with self._lock:
            if self._closed:
                self._stop(worker)
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and have its successor started."""
        with self._lock:
            self._workers.discard(worker)
            closed = self._closed
        self._stop(worker)
        if not closed:
            self.stats["restarts"] += 1
            self._request_worker()

    @staticmethod
    def _stop(worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            worker.sock.close()

    def _lost(self, worker: _Worker, exc: BaseException) -> QueryFailed:
        """A worker that died under a query: replaced, and the reason told."""
        code = None
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = worker.process.wait(timeout=5)
        self.stats["crashes"] += 1
        self._replace(worker)
        memory = _out_of_memory(code)
        return QueryFailed(
            _death(code, self.memory_mb),
            status=400 if memory else 500,
            code="query-too-expensive" if memory else "worker-crashed",
        )

    def _checkout(self, wait: float) -> _Worker:
        if self._closed:
            raise RuntimeError("the query pool is closed")
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolBusy(
                f"all {self.size} query workers stayed busy for "
                f"{time.monotonic() - started:.0f} s; "
                "try again in a moment"
            ) from None
        self.stats["queries"] += 1
        return worker

    def _checkin(self, worker: _Worker, job: dict) -> None:
        worker.snapshot = job.get("snapshot", worker.snapshot)
        if self.recycle_mb and _resident_mb(worker.process.pid) > self.recycle_mb:
            # Memory a big query took is seldom given back to the system: start afresh.
            self.stats["recycled"] += 1
            self._replace(worker)
            return
        self._idle.put(worker)

    # ------------------------------------------------------------ running

    def run(self, job: dict, timeout: float, wait: float | None = None) -> dict:
        """The worker's answer to ``job``; raises QueryTimeout, PoolBusy, or QueryFailed (lost)."""
        worker = self._checkout(timeout if wait is None else wait)
        try:
            worker.sock.setblocking(True)
            wire.send(worker.sock, job)
            ready, _, _ = select.select([worker.sock], [], [], timeout)
            if not ready:
                self.stats["timeouts"] += 1
                self._replace(worker)
                raise QueryTimeout(timeout)
            answer = wire.receive(worker.sock)
        except (EOFError, OSError) as exc:
            raise self._lost(worker, exc) from exc
        self._checkin(worker, job)
        assert isinstance(answer, dict)
        return answer

    def snapshots_in_use(self) -> set[str]:
        with self._lock:
            return {w.snapshot for w in self._workers if w.snapshot}

    @property
    def alive(self) -> int:
        with self._lock:
            return len(self._workers)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            self._stop(w)
        self._to_start.put(None)


def _resident_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def _out_of_memory(code: int | None) -> bool:
    # A Rust allocation failure aborts the process (SIGABRT).
    return code == -signal.SIGABRT


def _death(code: int | None, memory_mb: int) -> str:
    if _out_of_memory(code) and memory_mb:
        return (
            f"the query needed more than the memory limit of {memory_mb} MB and was stopped; "
            "select less, or join more selective patterns first"
        )
    return f"the query worker stopped unexpectedly (exit status {code}); the query was not answered"
