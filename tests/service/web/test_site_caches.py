"""The service's caches over a store that others change: never rebuilt inside a request once built, and
questions answered as soon as their indexes exist, whatever the pages' analyses are doing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from quanze.service.app import create_app
from quanze.service.http.backends import Backend, EmbeddedBackend, Limits, RemoteBackend
from quanze.service.lookup.questions import QuestionIndex
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


class HeldAnalysis:
    """Stands for ``find_overlaps`` held at ``gate``; notes whether the question index was ready when it began."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.started = threading.Event()
        self.gate = threading.Event()
        self.questions_ready_at_start: bool | None = None

    def __call__(self, *args: object) -> list[str]:
        self.questions_ready_at_start = self.backend.peek("questions") is not None
        self.started.set()
        assert self.gate.wait(30), "the analysis was never let through"
        return []


def test_who_is_responsible_is_answered_while_the_pages_analysis_is_still_being_built(
    monkeypatch: pytest.MonkeyPatch, server: SparqlServer
) -> None:
    backend = RemoteBackend(RemoteStore(server.query), Limits(timeout=10))
    held = HeldAnalysis(backend)
    monkeypatch.setattr(site_module, "find_overlaps", held)
    try:
        client = TestClient(create_app(backend))
        assert held.started.wait(30), "the warm-up never reached the pages' analyses"
        # one warm-up sequence: the indexes questions need first, then the analyses, in the same thread
        assert held.questions_ready_at_start is True
        names = [t.name for t in threading.enumerate()]
        assert names.count("quanze-warm") == 1 and "quanze-site-warm" not in names
        name = backend.index().entries[0].name
        answer = client.get("/api/responsible", params={"q": name})
        assert answer.status_code == 200
        assert name in [m["power"]["name"] for m in answer.json()["matches"]]
        assert not held.gate.is_set()  # answered with the analysis still running
    finally:
        held.gate.set()


def test_an_out_of_date_question_index_is_served_while_the_next_is_built(
    monkeypatch: pytest.MonkeyPatch, server: SparqlServer
) -> None:
    built: list[QuestionIndex] = []
    gate = threading.Event()
    real = QuestionIndex.build.__func__  # type: ignore[attr-defined]

    def build(cls: type[QuestionIndex], store: object) -> QuestionIndex:
        if built:  # every build after the first waits for the gate
            assert gate.wait(30), "the rebuild was never let through"
        index = real(cls, store)
        built.append(index)
        return index

    monkeypatch.setattr(QuestionIndex, "build", classmethod(build))
    backend = refreshing(server)
    first = backend.questions()
    # out of date at once: requests get the index built, however many, while one rebuild waits at the gate
    assert [backend.questions() for _ in range(3)] == [first] * 3
    gate.set()
    for _ in range(200):
        if len(built) >= 2 and backend.peek("questions") is not first:
            break
        threading.Event().wait(0.05)
    assert backend.questions() is not first
    backend.generation += 1  # a write through the service: the old version's index is never served
    assert backend.questions() is built[-1] and built[-1] is not first


def test_a_warmer_added_during_the_warm_up_runs_in_it_without_building_the_indexes_again(
    monkeypatch: pytest.MonkeyPatch, server: SparqlServer
) -> None:
    builds: list[int] = []
    real = QuestionIndex.build.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(QuestionIndex, "build", classmethod(lambda cls, s: builds.append(1) or real(cls, s)))
    backend = refreshing(server)  # out of date at once: a second pass would rebuild the indexes
    held, ran = threading.Event(), threading.Event()
    backend.add_warmer(lambda: held.wait(30) and None)
    backend.add_warmer(ran.set)  # while the warm-up runs (held in the first warmer)
    held.set()
    assert ran.wait(30)
    for _ in range(200):
        if not backend._warming:
            break
        threading.Event().wait(0.05)
    threading.Event().wait(0.5)  # a background rebuild, were one started, would have begun
    assert not backend._warming and len(builds) == 1
