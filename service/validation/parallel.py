"""Validation tasks run in parallel processes, for a store in memory.

pyoxigraph holds Python's global interpreter lock while it evaluates a
query, so threads do not help; processes do. A store in memory is shared
with the workers by forking. A store on disk is not parallelised: workers
opening RocksDB read-only beside the command's handle were measured several
times slower than one process (bench/validate.py), each with a cold cache.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence

from quanze.service.store.base import Store
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation.engine import Progress, Task, run_task, task_label
from quanze.service.validation.report import Result

_store: Store | None = None
_tasks: list[Task] = []


def can_share(store: Store) -> bool:
    """Whether forked workers can read this store: quanze's embedded store, in memory."""
    return isinstance(store, EmbeddedStore) and store.path is None


def run_parallel(
    store: EmbeddedStore, tasks: list[Task], workers: int, progress: Progress | None = None
) -> list[Result]:
    """The results of every task, computed by ``workers`` forked processes."""
    global _store, _tasks
    _store, _tasks = store, tasks
    results: list[Result] = []
    pool = mp.get_context("fork").Pool(workers)
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


def _run(index: int) -> tuple[str, list[Result]]:
    assert _store is not None
    return task_label(_tasks[index]), run_task(_store, _tasks[index])
