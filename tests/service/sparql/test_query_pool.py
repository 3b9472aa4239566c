"""The worker processes: time limits that stop the work, caps, crashes, and no network."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.sparql.pool import QueryPool, network_isolation_available
from quanze.service.store.embedded import EmbeddedStore

from tests.service.servers import listening

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GREEDY = "SELECT ?a ?c ?e WHERE { ?a ?x ?b . ?c ?y ?d . ?e ?z ?f } ORDER BY ?a ?c ?e ?b ?d ?f"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small store folder: 2,000 statements in one named graph."""
    folder = tmp_path_factory.mktemp("pool") / "store"
    store = EmbeddedStore(folder)
    lines = "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "值{i}" <http://example.org/g> .\n' for i in range(2000)
    )
    store.replace_graphs({"http://example.org/g": lines.encode()})
    store.close()
    return str(folder)


@pytest.fixture(scope="module")
def pool() -> Iterator[QueryPool]:
    p = QueryPool(2, memory_mb=512)
    yield p
    p.close()


def job(snapshot: str, query: str, **extra: object) -> dict:
    return {
        "snapshot": snapshot,
        "query": query,
        "solutions": "json",
        "graph": "ttl",
        "max_bytes": 10_000_000,
        **extra,
    }


def wait_for_workers(pool: QueryPool, count: int) -> None:
    deadline = time.monotonic() + 30
    while pool.alive < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.alive == count


def test_answers_in_the_format_asked(pool: QueryPool, snapshot: str) -> None:
    answer = pool.run(job(snapshot, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", solutions="csv"), 10)
    assert answer["ok"] and answer["body"].decode().split() == ["n", "2000"]
    graph = pool.run(job(snapshot, "CONSTRUCT WHERE { <http://example.org/s1> ?p ?o }", graph="nt"), 10)
    assert graph["body"].decode() == '<http://example.org/s1> <http://example.org/p> "值1" .\n'


def test_the_time_limit_kills_the_worker_and_a_new_one_takes_its_place(pool: QueryPool, snapshot: str) -> None:
    before = pool.stats["timeouts"]
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.run(job(snapshot, SLOW), 1.0)
    assert time.monotonic() - started < 2.5
    assert pool.stats["timeouts"] == before + 1
    wait_for_workers(pool, 2)
    assert pool.run(job(snapshot, "ASK { ?s ?p ?o }"), 10)["ok"]


def test_a_slow_query_holds_one_worker_only(pool: QueryPool, snapshot: str) -> None:
    wait_for_workers(pool, 2)
    errors: list[Exception] = []

    def slow() -> None:
        try:
            pool.run(job(snapshot, SLOW), 2.0)
        except QueryTimeout as exc:
            errors.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    for _ in range(10):
        assert pool.run(job(snapshot, "ASK { ?s ?p ?o }"), 10)["ok"]
    quick = time.monotonic() - started
    thread.join()
    assert quick < 1.5 and len(errors) == 1


def test_results_over_the_cap_are_refused(pool: QueryPool, snapshot: str) -> None:
    answer = pool.run(job(snapshot, "SELECT * WHERE { ?s ?p ?o }", max_bytes=10_000), 10)
    assert answer == {
        "ok": False,
        "error": "too-large",
        "message": "the result is larger than 10000 bytes",
    }


def test_syntax_errors_carry_the_position(pool: QueryPool, snapshot: str) -> None:
    answer = pool.run(job(snapshot, "SELECT * WHERE {\n ?s ?p }"), 10)
    assert answer["error"] == "syntax" and "2:" in answer["message"]


def test_the_memory_cap_stops_a_greedy_query(pool: QueryPool, snapshot: str) -> None:
    with pytest.raises(QueryFailed) as stopped:
        pool.run(job(snapshot, GREEDY), 30)  # 8·10⁹ rows to sort: the cap is hit long before the time limit
    assert stopped.value.code == "query-too-expensive" and "512 MB" in stopped.value.message
    wait_for_workers(pool, 2)
    assert pool.run(job(snapshot, "ASK { ?s ?p ?o }"), 10)["ok"]


def test_a_newer_snapshot_is_picked_up(pool: QueryPool, snapshot: str, tmp_path: Path) -> None:
    newer = tmp_path / "newer"
    store = EmbeddedStore(newer)
    store.replace_graphs(
        {
            "http://example.org/h": '<http://example.org/x> <http://example.org/p> "新" '
            "<http://example.org/h> .\n".encode()
        }
    )
    store.close()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(3):  # whichever worker answers
        body = pool.run(job(str(newer), count, solutions="csv"), 10)["body"].decode()
        assert body.split() == ["n", "1"]
    assert str(newer) in pool.snapshots_in_use()


def test_workers_have_no_network(pool: QueryPool, snapshot: str) -> None:
    """A SERVICE that reaches a worker (past the web layer) still cannot leave the machine."""
    if not network_isolation_available():
        pytest.skip("this machine does not allow unprivileged network namespaces (unshare --net)")
    assert pool.isolated
    hits: list[str] = []
    with listening(hits) as url:
        answer = pool.run(job(snapshot, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"), 10)
    assert not answer["ok"]
    assert hits == []


def test_without_isolation_the_same_request_would_go_out(snapshot: str) -> None:
    """The control of the test above: without isolation, only the lexical guard stops SERVICE."""
    plain = QueryPool(1, isolate_network=False)
    try:
        hits: list[str] = []
        with listening(hits) as url:
            plain.run(job(snapshot, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"), 10)
        assert hits, "pyoxigraph evaluates SERVICE by itself"
    finally:
        plain.close()


def test_a_closed_pool_refuses_work(snapshot: str) -> None:
    p = QueryPool(1)
    p.close()
    with pytest.raises(RuntimeError):
        p.run(job(snapshot, "ASK {}"), 5)
    assert p.alive == 0


def test_workers_die_with_the_service(snapshot: str, tmp_path: Path) -> None:
    """A service killed outright (SIGKILL, no clean-up) leaves no worker running its query."""
    import os
    import signal
    import subprocess
    import sys

    script = tmp_path / "service.py"
    script.write_text(
        "import sys, threading\n"
        "from quanze.service.sparql.pool import QueryPool\n"
        "pool = QueryPool(1)\n"
        "print(*(w.process.pid for w in pool._workers), flush=True)\n"
        f"pool.run({{'snapshot': {snapshot!r}, 'query': {SLOW!r}, 'solutions': 'json',"
        " 'graph': 'ttl',"
        " 'max_bytes': 1000}, 600)\n",
        encoding="utf-8",
    )
    service = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    worker = int(service.stdout.readline())
    time.sleep(1)
    service.kill()
    service.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{worker}").exists():
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker, os.WNOHANG)
        time.sleep(0.1)
    alive = Path(f"/proc/{worker}").exists() and "zombie" not in Path(f"/proc/{worker}/status").read_text()
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive


def test_a_worker_grown_past_the_recycling_size_is_replaced(snapshot: str) -> None:
    small = QueryPool(1, recycle_mb=1)  # every worker is above 1 MB: replaced after each query
    try:
        first = next(iter(small._workers)).process.pid
        assert small.run(job(snapshot, "ASK { ?s ?p ?o }"), 10)["ok"]
        wait_for_workers(small, 1)
        assert small.stats["recycled"] == 1
        assert next(iter(small._workers)).process.pid != first
        assert small.run(job(snapshot, "ASK { ?s ?p ?o }"), 10)["ok"]
    finally:
        small.close()
