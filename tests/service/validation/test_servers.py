"""``quanze validate`` on SPARQL servers gives the embedded store's findings.

Oxigraph's server has LATERAL and keeps its store in RocksDB: over the whole
store it gets plain queries with their triple patterns hash-joined (joins.py);
Virtuoso lacks LATERAL and gets the plain SPARQL 1.1 plan as written, chosen by
probing the server. On the embedded
store both plans must agree too (the W3C suite checks them on its cases).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.service.store import loading
from quanze.service.store.base import Store
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.store.remote import RemoteStore
from quanze.service.validation.engine import supports_lateral
from quanze.service.validation.run import validate

from ..conftest import sparql_server
from ..servers import SAMPLE, Oxigraph, SparqlServer, quanze

#: A list graph written here, not by a loader: a department typed by a subclass of qz:Department declared
#: in the data (conforms), one typed only org:Organization (sh:class violation), a penalty's step with
#: neither post nor time limit (StepShape's ``?missing`` over two OPTIONAL values); bases citing versions
#: not in force when the list was issued — repealed before (罚三), in force only after (罚四), adopted after
#: with no date of entry into force (罚五) — and one in force (罚六).
VARIANT_GRAPH = "https://w3id.org/quanze/graph/list/变体局权责清单"
VARIANT = """
@prefix qz: <https://w3id.org/quanze/ontology#> .
@prefix pt: <https://w3id.org/quanze/vocab/power-type/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix v: <https://example.org/变体/> .
v:县级局 rdfs:subClassOf qz:Department .
v:甲局 a v:县级局 .
v:乙会 a org:Organization .
v:罚一 a qz:Power ; qz:powerType pt:penalty ; qz:department v:甲局 ; qz:hasProcedure v:罚一程序 .
v:罚一程序 qz:hasStep v:罚一环节 .
v:罚一环节 qz:order 1 .
v:罚二 a qz:Power ; qz:powerType pt:penalty ; qz:department v:乙会 .
v:清单 dct:issued "2024"^^xsd:gYear .
v:旧版 eli:version_date "2010-01-01"^^xsd:date ; eli:date_no_longer_in_force "2020-01-01"^^xsd:date .
v:未施行版 eli:version_date "2020-01-01"^^xsd:date ; eli:first_date_entry_in_force "2025-01-01"^^xsd:date .
v:后出版 eli:version_date "2025-06-01"^^xsd:date .
v:现行版 eli:version_date "2023-06-01"^^xsd:date ; eli:first_date_entry_in_force "2023-09-01"^^xsd:date .
v:罚三 a qz:Power ; qz:inList v:清单 ; qz:hasBasisCitation v:引三 ; qz:hasLegalBasis v:条三 .
v:引三 qz:citedVersion v:旧版 .
v:条三 qz:inVersion v:现行版 .
v:罚四 a qz:Power ; qz:inList v:清单 ; qz:hasBasisCitation v:引四 .
v:引四 qz:citedVersion v:未施行版 .
v:罚五 a qz:Power ; qz:inList v:清单 ; qz:hasBasisCitation v:引五 .
v:引五 qz:citedVersion v:后出版 .
v:罚六 a qz:Power ; qz:inList v:清单 ; qz:hasBasisCitation v:引六 .
v:引六 qz:citedVersion v:现行版 .
"""


def with_variant(store: Store) -> Store:
    graph = ox.NamedNode(VARIANT_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(VARIANT.encode(), ox.RdfFormat.TURTLE)]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    store.replace_graphs({VARIANT_GRAPH: data})
    return store


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    store = EmbeddedStore()
    loading.load(store, [SAMPLE])
    return with_variant(store)


@pytest.fixture(scope="module", params=["remote", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    running = sparql_server(request.param, tmp_path_factory.mktemp("validate"))
    quanze("load", "--quiet", *running.store_args("update"), str(SAMPLE))
    with_variant(RemoteStore(running.query, running.update))
    yield running
    running.stop()


def test_both_plans_agree_on_the_embedded_store(embedded: EmbeddedStore) -> None:
    batched, plain = validate(embedded, lateral=True), validate(embedded, lateral=False)
    assert batched.keys() == plain.keys()
    assert batched.violations > 0  # the sample has defects to find


def test_a_server_gives_the_embedded_stores_findings(
    embedded: EmbeddedStore, server: SparqlServer, plans_asked: list[tuple[bool, bool]]
) -> None:
    remote = RemoteStore(server.query)
    assert supports_lateral(remote) == isinstance(server, Oxigraph)  # Virtuoso lacks LATERAL
    found, expected = validate(remote), validate(embedded)
    oxigraph = isinstance(server, Oxigraph)
    assert plans_asked == [(False, oxigraph), (True, False)]  # hash joins on Oxigraph's server; LATERAL in memory
    assert found.tally() == expected.tally()  # every result, multiplicity included
    assert expected.violations > 0
    variant = {(str(r.focus).rsplit("/", 1)[-1], str(r.shape).rsplit("#", 1)[-1]) for r in expected.results}
    assert ("罚二", "PowerShape-department") in variant and ("罚一", "PowerShape-department") not in variant
    assert {f for f, shape in variant if shape == "BasisInForceShape" and "罚" in f} == {"罚三", "罚四", "罚五"}
    missing = [r for r in expected.results if str(r.focus).endswith("/罚一") and str(r.shape).endswith("#StepShape")]
    assert [str(m) for r in missing for m in r.messages if m.language == "en"] == [
        "A step of the procedure lacks: 承办岗位 handling post; 办理期限 time limit"
    ]


def test_the_shared_data_agrees_on_both_plans(shared: Path) -> None:
    store = EmbeddedStore()
    loading.load(store, [shared / "laws", shared / "powerlists"], jurisdiction="克拉玛依市")
    batched, plain = validate(store, lateral=True), validate(store, lateral=False)
    scanned = validate(store, lateral=False, scans=True)  # the plan on disk, run in memory
    assert batched.keys() == plain.keys() == scanned.keys() and len(batched.keys()) > 100
    assert batched.tally() == scanned.tally()
