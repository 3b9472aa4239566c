"""The site's whole-store analyses over a store that others change: never rebuilt inside a request once built."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from quanze.service.http.backends import Backend, EmbeddedBackend, Limits, RemoteBackend
from quanze.service.store.remote import RemoteStore
from quanze.service.web import site as site_module
from quanze.service.web.site import Site

from ..conftest import sparql_server
from ..servers import SAMPLE, SparqlServer, quanze


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    running = sparql_server("remote", tmp_path_factory.mktemp("site-caches"))
    quanze("load", "--quiet", *running.store_args("update"), str(SAMPLE))
    yield running
    running.stop()


def refreshing(server: SparqlServer) -> Backend:
    """A remote store's backend whose caches are out of date at once (``--refresh 0``)."""
    return RemoteBackend(RemoteStore(server.query), Limits(timeout=10), refresh_seconds=0.0)


class Analysis:
    """Stands for ``find_overlaps``: counts its runs; the runs after the first wait for ``gate``."""

    def __init__(self) -> None:
        self.runs = 0
        self.gate = threading.Event()
        self.done = threading.Event()

    def __call__(self, *args: object) -> list[str]:
        self.runs += 1
        run = self.runs
        if run > 1:
            assert self.gate.wait(10), "the rebuild was never let through"
            self.done.set()
        return [f"run {run}"]  # type: ignore[list-item]


@pytest.fixture
def analysis(monkeypatch: pytest.MonkeyPatch) -> Analysis:
    fake = Analysis()
    monkeypatch.setattr(site_module, "find_overlaps", fake)
    return fake


def test_an_out_of_date_analysis_is_served_while_the_next_is_built(analysis: Analysis, server: SparqlServer) -> None:
    site = Site(refreshing(server))
    assert site.overlaps() == ["run 1"]
    # out of date at once: the request gets the one built, the rebuild (held at the gate) runs apart
    assert site.overlaps() == ["run 1"]
    assert site.overlaps() == ["run 1"]  # one rebuild at a time, however many requests come
    analysis.gate.set()
    assert analysis.done.wait(10)
    for _ in range(100):  # the background thread stores its value just after the analysis returns
        if site.backend.peek("site:overlaps") == ["run 2"]:
            break
        threading.Event().wait(0.05)
    assert site.overlaps() == ["run 2"]
    assert analysis.runs >= 2


def test_a_store_changed_through_the_service_is_analysed_again_in_the_request(
    analysis: Analysis, server: SparqlServer
) -> None:
    site = Site(refreshing(server))
    analysis.gate.set()
    assert site.overlaps() == ["run 1"]
    site.backend.generation += 1  # what a write through the service does
    assert site.overlaps() == ["run 2"]  # never the analysis of the store before the change


def test_without_refresh_an_analysis_is_built_once(analysis: Analysis, tmp_path: Path) -> None:
    quanze("load", "--quiet", "--store", str(tmp_path / "store"), str(SAMPLE))
    backend = EmbeddedBackend(tmp_path / "store", Limits(timeout=10), workers=1)  # an embedded store: no refresh
    try:
        site = Site(backend)
        assert [site.overlaps() for _ in range(3)] == [["run 1"]] * 3
        assert analysis.runs == 1
    finally:
        backend.close()
