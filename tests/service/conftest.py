"""Stores and running services for the service tests: the embedded store AND a remote server.

Every fixture named ``*_store_args`` or ``*service`` is parametrised over the
three backends: ``embedded`` (a store folder), ``remote`` (Oxigraph's SPARQL
server started here on 127.0.0.1, written through SPARQL Update) and
``virtuoso`` (a private Virtuoso started here, written through SPARQL Update),
so the same tests run against all of them. Without Virtuoso installed its
tests are skipped, except under CI (``CI`` set), where they fail. The stores hold the shipped sample and the graphs of
the W3C SPARQL Protocol tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.store.remote import RemoteStore

from ..conftest import shared_root
from .servers import SAMPLE, Running, SparqlServer, VirtuosoMissing, quanze, start_quanze, start_sparql_server, stop

BACKENDS = ["embedded", "remote", "virtuoso"]
TOKEN = "test-admin-token-0123456789"
W3C = shared_root() / "data" / "w3c" / "sparql11-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"


@dataclass
class StoreUnderTest:
    kind: str
    args: list[str]  # the store options of the quanze command
    server: SparqlServer | None = None

    def open(self) -> EmbeddedStore | RemoteStore:
        """The store itself, for checks (never while a service holds an embedded store open)."""
        if self.server is not None:
            return RemoteStore(self.server.query, update_endpoint=self.server.update)
        return EmbeddedStore(self.args[1])


@dataclass
class Service:
    kind: str
    url: str
    running: Running
    store: StoreUnderTest

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def w3c_graphs() -> dict[str, bytes]:
    """The datasets of the W3C protocol tests as named graphs.

    data0.rdf, named by requests but never given data, holds one triple (a
    quad store has no empty graphs).
    """
    graphs = {}
    for n in (1, 2, 3):
        triples = ox.parse(path=str(W3C / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES)
        g = ox.NamedNode(f"{KASEI}data{n}.rdf")
        graphs[g.value] = ox.serialize(
            [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples],
            format=ox.RdfFormat.N_QUADS,
        )
    comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    data0 = f'<{KASEI}data0.rdf> {comment} "data0" <{KASEI}data0.rdf> .\n'
    graphs[f"{KASEI}data0.rdf"] = data0.encode()
    return graphs


def sparql_server(kind: str, folder: Path, timeout_s: int = 3) -> SparqlServer:
    """A running server of ``kind``; without Virtuoso installed, skip (fail under CI, which installs it)."""
    try:
        return start_sparql_server(kind, folder, timeout_s)
    except VirtuosoMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def empty_store(kind: str, folder: Path) -> StoreUnderTest:
    """A store of ``kind`` with nothing loaded yet."""
    if kind == "embedded":
        return StoreUnderTest(kind, ["--store", str(folder / "store")])
    server = sparql_server(kind, folder)
    return StoreUnderTest(kind, server.store_args("update"), server)


def make_store(kind: str, folder: Path) -> StoreUnderTest:
    """A store of ``kind`` with the sample loaded by ``quanze load``, and the W3C graphs if any."""
    under = empty_store(kind, folder)
    quanze("load", "--quiet", *under.args, str(SAMPLE))
    if W3C.is_dir():
        store = under.open()
        store.replace_graphs(w3c_graphs())
        store.close()
    return under


def release(under: StoreUnderTest) -> None:
    if under.server is not None:
        under.server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def store_under_test(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StoreUnderTest]:
    under = make_store(request.param, tmp_path_factory.mktemp(f"store-{request.param}"))
    yield under
    release(under)


@pytest.fixture(scope="session")
def token_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("token") / "token.txt"
    path.write_text(TOKEN, encoding="utf-8")
    return path


def serve(under: StoreUnderTest, folder: Path, token_file: Path, *extra: str) -> Running:
    return start_quanze(
        under.args,
        folder / "serve.log",
        "--timeout",
        "3",
        "--max-result-mb",
        "1",
        "--workers",
        "2",
        "--admin-token-file",
        str(token_file),
        *extra,
    )


@pytest.fixture(scope="session")
def service(
    store_under_test: StoreUnderTest, token_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Service]:
    """``quanze serve`` over the sample store: read-only tests (3 s time limit, 1 MB result cap)."""
    running = serve(store_under_test, tmp_path_factory.mktemp(f"serve-{store_under_test.kind}"), token_file)
    yield Service(store_under_test.kind, running.url, running, store_under_test)
    stop(running)


@pytest.fixture(params=BACKENDS)
def writable_service(request: pytest.FixtureRequest, token_file: Path, tmp_path: Path) -> Iterator[Service]:
    """A service of its own for tests that load lists."""
    under = make_store(request.param, tmp_path)
    running = serve(under, tmp_path, token_file)
    yield Service(under.kind, running.url, running, under)
    stop(running)
    release(under)


@pytest.fixture(scope="session")
def sample_powers(sample_store: EmbeddedStore) -> int:
    """How many powers the shipped sample holds, counted from its statements, not by a query."""
    power = ox.NamedNode("https://w3id.org/quanze/ontology#Power")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    count = len({q.subject for q in sample_store._store.quads_for_pattern(None, rdf_type, power)})
    assert count > 10
    return count


@pytest.fixture(scope="session")
def w3c() -> Path:
    if not (W3C / "manifest.ttl").is_file():
        pytest.skip(f"the W3C SPARQL protocol tests are not at {W3C} (set QUANZE_SHARED)")
    return W3C


#: Tests of the service suite that Virtuoso 7.2 still fails, and why (docs/remote-stores.md). Each is
#: marked xfail on the ``virtuoso`` backend only, so that CI shows them and passes when one is fixed
#: (non-strict: some fail only under load).
VIRTUOSO_GAPS = {
    "test_accountability_chain_as_the_command_line_finds_it": "Virtuoso compiles each new query text, this one in "
    "1.5 s on an idle machine: under load, over the service's 3 s limit (the same chains: test_cli_stores.py)",
    "test_result_over_the_cap_is_400": "under load only (passes at a load of 2): the 3 s limit stops Virtuoso's 2 MB "
    "answer before the 1 MB cap is reached (503)",
    "test_a_slow_query_does_not_stall_other_clients": "under load only (passes at a load of 2): Virtuoso's partial "
    "answer can end the slow query before the quick ones are done",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", item.name)
        callspec = getattr(item, "callspec", None)
        if callspec is None or "virtuoso" not in str(callspec.id).split("-"):
            continue
        cases = [
            key
            for key in VIRTUOSO_GAPS
            if key == name or (key.startswith(name + "[") and key[len(name) + 1 : -1] in str(callspec.id))
        ]
        for key in cases:  # a key "test[case]" marks only the parameter sets whose id holds that case
            item.add_marker(pytest.mark.xfail(reason=f"Virtuoso 7.2: {VIRTUOSO_GAPS[key]}", strict=False))
