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

from .engine import Plan, Progress, run_partition
from .report import Result

_store: Store | None = None
_work: Plan = []


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
    store: EmbeddedStore, work: Plan, workers: int, progress: Progress | None = None
) -> list[Result]:
    """The results of every partition of the plan, computed by ``workers`` processes."""
    global _store, _work
    if store.path is None:
        context = mp.get_context("fork")
        _store, _work = store, work
        pool = context.Pool(workers)
    else:
        context = mp.get_context("spawn")
        pool = context.Pool(workers, initializer=_open, initargs=(str(store.path), work))
    results: list[Result] = []
    try:
        for done, (label, found) in enumerate(pool.imap_unordered(_run, _largest_first(work))):
            results.extend(found)
            if progress:
                progress(done, len(work), label)
        if progress:
            progress(len(work), len(work), "")
    finally:
        pool.close()
        pool.join()
        _store, _work = None, []
    return results


def _largest_first(work: Plan) -> Sequence[int]:
    """Big partitions first, so that no worker is left with a big one at the end."""
    return sorted(range(len(work)), key=lambda i: -work[i][0].size)


def _open(path: str, work: Plan) -> None:
    global _store, _work
    _store, _work = ReadOnlyStore(path), work


def _run(index: int) -> tuple[str, list[Result]]:
    assert _store is not None
    partition, todo = _work[index]
    return partition.label, run_partition(_store, partition, todo)
