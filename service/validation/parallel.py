"""Partitions validated in parallel processes.

pyoxigraph holds Python's global interpreter lock while it evaluates a
query, so threads do not help; processes do. A store in memory is shared
with the workers by forking (its pages are copied only if written, which
validation never does). A store on disk is opened read-only by each worker,
which RocksDB allows beside the command's own read-write handle; those
workers are spawned, since a RocksDB handle must not cross a fork.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence

import pyoxigraph as ox
from quanze.service.store import EmbeddedStore, Row, Store, rows

from .engine import Progress, Task, run_task, task_label
from .report import Result

_store: Store | None = None
_tasks: list[Task] = []


class ReadOnlyStore:
    """Just enough of a Store for a worker: SELECT over a read-only view of a store on disk."""

    def __init__(self, path: str) -> None:
        self._store = ox.Store.read_only(path)

    def select(self, query: str) -> list[Row]:
        return rows(self._store.query(query, use_default_graph_as_union=True))


def can_share(store: Store) -> bool:
    """Whether workers can reach this store: quanze's embedded store, in memory or on disk."""
    return isinstance(store, EmbeddedStore)


def run_parallel(
    store: EmbeddedStore, tasks: list[Task], workers: int, progress: Progress | None = None
) -> list[Result]:
    """The results of every task, computed by ``workers`` processes."""
    global _store, _tasks
    if store.path is None:
        context = mp.get_context("fork")
        _store, _tasks = store, tasks
        pool = context.Pool(workers)
    else:
        context = mp.get_context("spawn")
        pool = context.Pool(workers, initializer=_open, initargs=(str(store.path), tasks))
    results: list[Result] = []
    try:
        for done, (label, found) in enumerate(pool.imap_unordered(_run, _largest_first(tasks))):
            results.extend(found)
            if progress:
                progress(done, len(tasks), label)
        if progress:
            progress(len(tasks), len(tasks), "")
    finally:
        pool.close()
        pool.join()
        _store, _tasks = None, []
    return results


def _largest_first(tasks: list[Task]) -> Sequence[int]:
    """Big tasks first, so that no worker is left with a big one at the end."""
    return sorted(range(len(tasks)), key=lambda i: -tasks[i][2])


def _open(path: str, tasks: list[Task]) -> None:
    global _store, _tasks
    _store, _tasks = ReadOnlyStore(path), tasks


def _run(index: int) -> tuple[str, list[Result]]:
    assert _store is not None
    return task_label(_tasks[index]), run_task(_store, _tasks[index])
