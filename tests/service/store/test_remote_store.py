"""The remote store on Oxigraph's server: reads, the atomicity of writes, and failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.store.base import StoreError
from quanze.service.store.remote import RemoteStore

from tests.service.servers import Oxigraph, start_oxigraph, stop

A, B = "http://example.org/graph/a", "http://example.org/graph/b"
BAD = "http://example.org/graph/not an iri"


def quads(graph: str, *values: str) -> bytes:
    return "".join(f'<http://example.org/s> <http://example.org/p> "{v}" <{graph}> .\n' for v in values).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    running = start_oxigraph(tmp_path_factory.mktemp("remote") / "oxigraph", timeout_s=2)
    yield running
    stop(running)


@pytest.fixture(params=["update", "gsp"])
def store(request: pytest.FixtureRequest, server: Oxigraph) -> RemoteStore:
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


def test_a_failed_replacement_changes_nothing(store: RemoteStore) -> None:
    with pytest.raises(StoreError):
        store.replace_graphs({A: quads(A, "新"), BAD: quads(B, "坏")})  # the server refuses the graph name
    assert values(store, A) == ["甲"]
    assert values(store, B) == ["丙", "乙"]


def test_dump(store: RemoteStore) -> None:
    one = store.dump(ox.RdfFormat.N_TRIPLES, B).decode()
    assert one.count("\n") == 2 and "乙" in one
    everything = store.dump(ox.RdfFormat.N_QUADS).decode()
    assert f"<{A}>" in everything and f"<{B}>" in everything


def test_malformed_query(store: RemoteStore) -> None:
    with pytest.raises(QueryFailed) as failed:
        store.select("SELECT * WHERE { ?s ?p }")
    assert failed.value.code == "malformed-query"
    assert "error at 1:" in failed.value.message and "Response" not in failed.value.message


def test_timeout(server: Oxigraph) -> None:
    filler = "http://example.org/graph/filler"
    writer = RemoteStore(server.query, update_endpoint=server.update)
    writer.replace_graphs({filler: quads(filler, *(str(i) for i in range(200)))})
    impatient = RemoteStore(server.query, timeout=1)
    try:
        with pytest.raises(QueryTimeout):
            impatient.select("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?q }")
    finally:
        writer.remove_graphs([filler])


def test_queries_with_comments_that_look_like_updates(store: RemoteStore) -> None:
    """SPARQLWrapper would take this for a LOAD and send it to the update endpoint."""
    assert store.select("# statutes loaded before\nSELECT (1 AS ?one) WHERE {}")[0]["one"].value == "1"


def test_unreachable() -> None:
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore("http://127.0.0.1:9/query").check()


def test_read_only_without_a_write_endpoint(server: Oxigraph) -> None:
    with pytest.raises(StoreError, match="--update-endpoint"):
        RemoteStore(server.query).replace_graphs({A: quads(A, "x")})


def test_large_load_in_one_request(server: Oxigraph, tmp_path: Path) -> None:
    s = RemoteStore(server.query, update_endpoint=server.update)
    big = {
        f"http://example.org/big/{g}": "".join(
            f'<http://example.org/s{i}> <http://example.org/p> "值{i}\\n\\"引号\\"" <http://example.org/big/{g}> .\n'
            for i in range(4_000)
        ).encode()
        for g in range(5)
    }
    s.replace_graphs(big)
    assert (
        int(
            s.select(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                "FILTER(STRSTARTS(STR(?g), 'http://example.org/big/')) }"
            )[0]["n"].value
        )
        == 20_000
    )
    assert s.ask('ASK { ?s ?p "值7\\n\\"引号\\"" }')
    s.remove_graphs(big)
