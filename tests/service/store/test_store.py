import io

import pyoxigraph as ox
import pytest
from quanze.service.store.embedded import EmbeddedStore

G1 = "https://w3id.org/quanze/graph/test/one"
G2 = "https://w3id.org/quanze/graph/test/two"


def nq(graph: str, *objects: str) -> bytes:
    return "".join(f'<https://example.org/s> <https://example.org/p> "{o}" <{graph}> .\n' for o in objects).encode()


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    return EmbeddedStore(None if request.param == "memory" else tmp_path / "store")


def values(store: EmbeddedStore) -> list[tuple[str, str]]:
    return sorted((q.graph_name.value, q.object.value) for q in store.quads())


def test_replacing_a_graph_replaces_exactly_its_statements(store):
    store.replace_graphs({G1: nq(G1, "a", "b"), G2: nq(G2, "x")})
    store.replace_graphs({G1: nq(G1, "c")})
    assert values(store) == [(G1, "c"), (G2, "x")]


def test_a_failed_write_leaves_the_store_as_it_was(store):
    store.replace_graphs({G1: nq(G1, "a"), G2: nq(G2, "x")})
    before = values(store)
    broken = nq(G2, "y") + b'<not an iri> <https://example.org/p> "z" .\n'
    with pytest.raises(SyntaxError):
        store.replace_graphs({G1: nq(G1, "new"), G2: broken})
    assert values(store) == before
    store.replace_graphs({G1: nq(G1, "after")})  # and the store still works
    assert values(store) == [(G1, "after"), (G2, "x")]


def test_streamed_replacement_replaces_exactly_its_graphs(store):
    store.replace_graphs({G1: nq(G1, "a", "b"), G2: nq(G2, "x")})
    store.replace_graphs_streamed(iter([(G1, nq(G1, "c")), (G2, io.BytesIO(nq(G2, "y", "z")))]))
    assert values(store) == [(G1, "c"), (G2, "y"), (G2, "z")]


def test_a_stream_that_fails_half_way_leaves_the_store_as_it_was(store):
    """The graphs already handed over are written by then (on disk): the checkpoint undoes them."""
    store.replace_graphs({G1: nq(G1, "a"), G2: nq(G2, "x")})
    before = values(store)

    def graphs():
        yield G1, nq(G1, "new")
        yield "https://w3id.org/quanze/graph/test/three", nq("https://w3id.org/quanze/graph/test/three", "t")
        raise ValueError("the third file is bad")

    with pytest.raises(ValueError, match="third file"):
        store.replace_graphs_streamed(graphs())
    assert values(store) == before


def test_a_bad_payload_in_a_stream_leaves_the_store_as_it_was(store):
    store.replace_graphs({G1: nq(G1, "a")})
    broken = nq(G2, "y") + b'<not an iri> <https://example.org/p> "z" .\n'
    with pytest.raises(SyntaxError):
        store.replace_graphs_streamed(iter([(G1, nq(G1, "new")), (G2, broken), (G1, nq(G1, "newer"))]))
    assert values(store) == [(G1, "a")]


def test_interrupted_load_is_rolled_back_on_next_open(tmp_path):
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.replace_graphs({G1: nq(G1, "kept")})
    # Simulate a process that died after taking its checkpoint and writing half of a load.
    backup = path.with_name(path.name + ".rollback")
    store._store.backup(str(backup))
    path.with_name(path.name + "." + EmbeddedStore.MARKER).write_text(str(backup), encoding="utf-8")
    store._store.bulk_load(nq(G2, "half-written"), ox.RdfFormat.N_QUADS)
    store.close()
    reopened = EmbeddedStore(path)
    assert values(reopened) == [(G1, "kept")]
    assert not backup.exists()


def test_union_default_graph_and_dumps(store):
    store.replace_graphs({G1: nq(G1, "a"), G2: nq(G2, "b")})
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [r["o"].value for r in rows] == ["a", "b"]
    assert store.ask('ASK { ?s ?p "b" }')
    trig = store.dump(ox.RdfFormat.TRIG)
    assert G1.encode() in trig and G2.encode() in trig
    only = store.dump(ox.RdfFormat.N_TRIPLES, G1)
    assert b'"a"' in only and b'"b"' not in only


def test_a_store_on_disk_written_from_empty_is_compacted_once(tmp_path, monkeypatch):
    """The first load is compacted (queries over all of it follow); later loads are not (compaction
    would rewrite the whole store whatever they add); a failed first load is not either."""
    compacted: list[int] = []
    monkeypatch.setattr(EmbeddedStore, "compact", lambda self: compacted.append(len(self)))
    store = EmbeddedStore(tmp_path / "store")
    broken = nq(G2, "y") + b'<not an iri> <https://example.org/p> "z" .\n'
    with pytest.raises(SyntaxError):
        store.replace_graphs({G1: nq(G1, "a"), G2: broken})
    assert compacted == []
    store.replace_graphs({G1: nq(G1, "a", "b"), G2: nq(G2, "x")})
    assert compacted == [3]
    store.replace_graphs_streamed(iter([(G1, nq(G1, "c"))]))
    store.remove_graphs([G2])
    assert compacted == [3]


def test_compacting_keeps_every_statement(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs({G1: nq(G1, "a", "b"), G2: nq(G2, "x")})
    store.compact()
    assert values(store) == [(G1, "a"), (G1, "b"), (G2, "x")]
    EmbeddedStore().compact()  # in memory: nothing to do
