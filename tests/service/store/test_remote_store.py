"""The remote store on Oxigraph's server and on Virtuoso: reads, the atomicity of writes, and failures."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.store.base import StoreError
from quanze.service.store.remote import SERVER_GRAPHS, RemoteStore

from tests.service.conftest import sparql_server
from tests.service.servers import SparqlServer, Virtuoso

A, B = "http://example.org/graph/a", "http://example.org/graph/b"
BAD = "http://example.org/graph/not an iri"


def quads(graph: str, *values: str) -> bytes:
    return "".join(f'<http://example.org/s> <http://example.org/p> "{v}" <{graph}> .\n' for v in values).encode()


@pytest.fixture(scope="module", params=["remote", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    running = sparql_server(request.param, tmp_path_factory.mktemp("remote"), timeout_s=2)
    yield running
    running.stop()


@pytest.fixture(params=["update", "gsp"])
def store(request: pytest.FixtureRequest, server: SparqlServer) -> RemoteStore:
    s = RemoteStore(
        server.query,
        update_endpoint=server.update if request.param == "update" else None,
        gsp_endpoint=server.gsp if request.param == "gsp" else None,
    )
    s.remove_graphs([A, B])
    s.replace_graphs({A: quads(A, "甲"), B: quads(B, "乙", "丙")})
    return s


def values(store: RemoteStore, graph: str) -> list[str]:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return sorted(t.object.value for t in store.construct(query))


def test_reads(store: RemoteStore) -> None:
    assert {A, B} <= set(store.named_graphs())
    assert values(store, B) == ["丙", "乙"]
    rows = store.select("SELECT ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?o")
    assert [r["o"].value for r in rows] == ["丙", "乙", "甲"]  # the default graph is the union
    assert store.ask("ASK { ?s ?p '甲' }")
    assert len(store) >= 3


def test_replace_is_per_graph(store: RemoteStore) -> None:
    store.replace_graphs({A: quads(A, "丁")})
    assert values(store, A) == ["丁"] and values(store, B) == ["丙", "乙"]
    store.remove_graphs([A])
    assert A not in store.named_graphs()


def test_what_a_failed_update_request_keeps(server: SparqlServer) -> None:
    """A request whose last operation fails (LOAD of nowhere): Oxigraph applies none of it, as the
    standard asks; Virtuoso keeps the operations before the failure. Hence loads never count on a
    request being atomic (``RemoteStore._staged_replace``)."""
    s = RemoteStore(server.query, update_endpoint=server.update)
    s.replace_graphs({A: quads(A, "甲")})
    replace = '<http://example.org/s> <http://example.org/p> "新" .\n'
    with pytest.raises(StoreError):
        s._update(
            f"DROP SILENT GRAPH <{A}> ; INSERT DATA {{ GRAPH <{A}> {{ {replace} }} }} ; LOAD <http://127.0.0.1:9/x>"
        )
    assert values(s, A) == (["新"] if isinstance(server, Virtuoso) else ["甲"])


def test_a_failed_graph_store_replacement_puts_back_what_it_replaced(
    server: SparqlServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second PUT fails: the first graph is put back as it was."""
    s = RemoteStore(server.query, gsp_endpoint=server.gsp)
    s.replace_graphs({A: quads(A, "甲"), B: quads(B, "乙", "丙")})
    real, calls = RemoteStore._gsp_put, []

    def failing(self: RemoteStore, client: object, graph: str, data: bytes) -> None:
        calls.append(graph)
        if len(calls) == 2:
            raise StoreError("the Graph Store refused the graph (simulated)")
        real(self, client, graph, data)

    monkeypatch.setattr(RemoteStore, "_gsp_put", failing)
    with pytest.raises(StoreError, match="put back"):
        s.replace_graphs({A: quads(A, "新"), B: quads(B, "坏")})
    monkeypatch.undo()
    assert values(s, A) == ["甲"] and values(s, B) == ["丙", "乙"]


def test_dump(store: RemoteStore) -> None:
    one = store.dump(ox.RdfFormat.N_TRIPLES, B).decode()
    assert one.count("\n") == 2 and "乙" in one
    everything = store.dump(ox.RdfFormat.N_QUADS).decode()
    assert f"<{A}>" in everything and f"<{B}>" in everything


def test_malformed_query(store: RemoteStore) -> None:
    with pytest.raises(QueryFailed) as failed:
        store.select("SELECT * WHERE { ?s ?p }")
    assert failed.value.code == "malformed-query"
    assert "error" in failed.value.message.lower() and "Response" not in failed.value.message


def test_timeout(server: SparqlServer) -> None:
    filler = "http://example.org/graph/filler"
    writer = RemoteStore(server.query, update_endpoint=server.update)
    writer.replace_graphs({filler: quads(filler, *(str(i) for i in range(200)))})
    impatient = RemoteStore(server.query, timeout=1)
    try:
        with pytest.raises(QueryTimeout):
            impatient.select("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?q }")
    finally:
        writer.remove_graphs([filler])


def test_relative_iris_resolve_against_the_base_given(store: RemoteStore) -> None:
    """The base goes with the query, so every server answers with absolute IRIs, as the embedded store does."""
    base = "http://127.0.0.1:9/sparql"
    body = store.request("CONSTRUCT { <s> <p> 1 } WHERE {}", "text/turtle", base_iri=base)
    (triple,) = ox.parse(body, format=ox.RdfFormat.TURTLE)
    assert (triple.subject.value, triple.predicate.value) == ("http://127.0.0.1:9/s", "http://127.0.0.1:9/p")
    # a SELECT's relative IRIs resolve too; a query's own BASE is kept as it stands
    for query, expected in [
        ("SELECT ?x WHERE { BIND(<data/item#1> AS ?x) }", "http://127.0.0.1:9/data/item#1"),
        ("base <http://example.org/a/>\nSELECT ?x WHERE { BIND(<item#1> AS ?x) }", "http://example.org/a/item#1"),
    ]:
        body = store.request(query, "application/sparql-results+json", base_iri=base)
        [row] = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        assert row["x"].value == expected, query
    with pytest.raises(QueryFailed, match="not an absolute IRI"):
        store.request("ASK {}", "application/sparql-results+json", base_iri="http://x/> } DROP ALL #")


def test_queries_with_comments_that_look_like_updates(store: RemoteStore) -> None:
    """SPARQLWrapper would take this for a LOAD and send it to the update endpoint."""
    assert store.select("# statutes loaded before\nSELECT (1 AS ?one) WHERE {}")[0]["one"].value == "1"


def test_unreachable() -> None:
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore("http://127.0.0.1:9/query").check()


def test_read_only_without_a_write_endpoint(server: SparqlServer) -> None:
    with pytest.raises(StoreError, match="--update-endpoint"):
        RemoteStore(server.query).replace_graphs({A: quads(A, "x")})


def big_graphs(values: int, graphs: int) -> dict[str, bytes]:
    """``graphs`` graphs of ``values`` statements each, with escapes and Chinese in every literal."""
    return {
        f"http://example.org/big/{g}": "".join(
            f'<http://example.org/s{i}> <http://example.org/p> "值{i}\\n\\"引号\\"" <http://example.org/big/{g}> .\n'
            for i in range(values)
        ).encode()
        for g in range(graphs)
    }


def count_big(s: RemoteStore) -> int:
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'http://example.org/big/')) }"
    )
    return int(s.select(query)[0]["n"].value)


def test_a_load_larger_than_a_request_goes_in_batches(server: SparqlServer) -> None:
    """5,500 statements, 1,100 a graph: more than one request (and one INSERT DATA) of Virtuoso takes."""
    s = RemoteStore(server.query, update_endpoint=server.update)
    big = big_graphs(1_100, 5)
    s.replace_graphs(big)
    try:
        assert count_big(s) == 5_500
        assert s.ask('ASK { ?s ?p "值7\\n\\"引号\\"" }')
        s.replace_graphs({A: quads(A, "甲")} | dict(big_graphs(100, 5)))  # replaced, not added to
        assert count_big(s) == 500
    finally:
        s.remove_graphs(big)


@pytest.mark.parametrize("failing", [2, 3], ids=["the-middle-request-fails", "the-last-request-fails"])
def test_a_failed_load_changes_nothing(server: SparqlServer, monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    """A load of three requests fails at the 2nd or 3rd: every graph is as before."""
    s = RemoteStore(server.query, update_endpoint=server.update)
    s.replace_graphs({A: quads(A, "甲"), "http://example.org/big/0": quads("http://example.org/big/0", "旧")})
    sent: list[str] = []
    real = RemoteStore._update

    def failing_update(self: RemoteStore, text: str) -> None:
        sent.append(text)
        if len(sent) == failing:
            raise StoreError("the update endpoint refused the load (simulated)")
        real(self, text)

    monkeypatch.setattr(RemoteStore, "_update", failing_update)
    with pytest.raises(StoreError, match=r"simulated.*put back"):
        s.replace_graphs({A: quads(A, "新")} | big_graphs(410, 5))  # 2,051 statements: 3 requests
    monkeypatch.undo()
    assert values(s, A) == ["甲"]
    assert values(s, "http://example.org/big/0") == ["旧"]
    assert count_big(s) == 1
    s.remove_graphs(["http://example.org/big/0"])


def test_graph_names_must_be_iris(store: RemoteStore) -> None:
    with pytest.raises(StoreError, match="not an IRI"):
        store.replace_graphs({A: quads(A, "新"), BAD: quads(B, "坏")})
    assert values(store, A) == ["甲"]


def test_server_graphs_are_not_quanzes(server: SparqlServer) -> None:
    """Virtuoso keeps graphs of its own: not listed, counted or exported as the store's."""
    s = RemoteStore(server.query, update_endpoint=server.update)
    assert not set(s.named_graphs()) & SERVER_GRAPHS
    assert "openlinksw" not in s.dump(ox.RdfFormat.N_QUADS).decode()
