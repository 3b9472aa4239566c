"""The embedded backend: snapshots per write, caches built once, reads never waiting for writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from quanze.service.http.backends import EmbeddedBackend, Limits
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.service.servers import SAMPLE


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    store = EmbeddedStore(tmp_path / "store")
    loading.load(store, [SAMPLE / "statutes", SAMPLE / "lists" / "青禾市交通运输局权责清单.xls"])
    store.close()
    b = EmbeddedBackend(tmp_path / "store", Limits(timeout=10), workers=1, memory_mb=0)
    yield b
    b.close()


def test_concurrent_requests_build_a_cache_once(backend: EmbeddedBackend) -> None:
    builds = []
    started = threading.Event()

    def build() -> int:
        builds.append(1)
        started.wait(1)
        return len(builds)

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(backend.cached("x", build))) for _ in range(8)]
    for t in threads:
        t.start()
    started.set()
    for t in threads:
        t.join()
    assert builds == [1] and results == [1] * 8


def test_a_write_publishes_a_snapshot_and_refreshes_the_caches(backend: EmbeddedBackend) -> None:
    before = set(backend.graphs())
    first = backend.current
    index = backend.index()
    assert not any("城市管理局" in c.name for c in index.find("管理"))

    def add_city(store) -> None:
        loading.load(store, [SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"])

    backend.write(add_city)
    assert backend.current != first and backend.generation == 1
    assert len(set(backend.graphs()) - before) == 1
    assert backend.index() is not index
    assert backend.index().find("户外广告设施设置许可")
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    assert backend.store.ask(f'ASK {{ ?p {label} "户外广告设施设置许可"@zh }}')
    assert not Path(first).exists()  # no worker reads the old snapshot any more
