"""The same command lines on the embedded store and on a SPARQL server give the same answers."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from quanze.loaders.ontology import ontology_documents

from tests.service.conftest import BACKENDS, StoreUnderTest, empty_store, release, sparql_server
from tests.service.servers import SAMPLE, quanze


@pytest.fixture(scope="module", params=[kind for kind in BACKENDS if kind != "embedded"])
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[StoreUnderTest, str]]]:
    """The embedded store and one SPARQL server, each with the sample loaded by ``quanze load``, and what
    each printed. A new embedded store for each server: a test loads the notices into both."""
    embedded = empty_store("embedded", tmp_path_factory.mktemp("cli-embedded"))
    under = empty_store(request.param, tmp_path_factory.mktemp(f"cli-{request.param}"))
    try:
        stores = {"embedded": embedded, "server": under}
        yield {
            name: (store, quanze("load", "--quiet", *store.args, str(SAMPLE)).stdout) for name, store in stores.items()
        }
    finally:
        release(under)


def run_json(under: StoreUnderTest, *args: str) -> object:
    return json.loads(quanze(*args, *under.args, "--json").stdout)


def both(loaded: dict, *args: str) -> list[object]:
    return [run_json(under, *args) for under, _ in loaded.values()]


def test_load_reports_the_same_store(loaded: dict) -> None:
    summaries = [
        re.search(r"Store now holds (\d+) statements in (\d+) graphs", out).groups() for _, out in loaded.values()
    ]
    assert summaries[0] == summaries[1]
    # 3 statutes, 3 lists, the ontology and vocabularies, and whatever else every load writes
    assert int(summaries[0][1]) >= 3 + 3 + len(ontology_documents())


def test_stats_agree(loaded: dict, sample_powers: int) -> None:
    embedded, remote = both(loaded, "stats")
    assert embedded == remote
    assert embedded["powers"] == sample_powers and embedded["power lists"] == 3


def test_named_query_agrees(loaded: dict) -> None:
    embedded, remote = both(loaded, "query", "responsible", "--param", "q=特种设备")
    assert embedded == remote
    assert "特种设备使用登记" in [r["name"] for r in embedded]


def test_lists_within_a_row_agree_but_for_their_order(loaded: dict) -> None:
    """Units and posts joined with 、 read the same on every store (Virtuoso turned a separator 、 into ?);
    SPARQL leaves the order of GROUP_CONCAT undefined, so they are compared as sets."""
    embedded, remote = both(loaded, "query", "responsible", "--param", "q=特种设备")

    def parts(rows: list[dict]) -> list[tuple[str, frozenset, frozenset]]:
        return [(r["power"], frozenset(r["units"].split("、")), frozenset(r["posts"].split("、"))) for r in rows]

    assert parts(embedded) == parts(remote)
    assert any(len(units) > 1 for _, units, _ in parts(embedded))
    assert not any("?" in r["units"] + r["posts"] for r in remote)


def test_responsible_agrees(loaded: dict) -> None:
    embedded, remote = both(loaded, "responsible", "青禾市特种设备安全管理条例第四条")
    assert embedded == remote
    assert {m["matched_article"] for m in embedded} == {"青禾市特种设备安全管理条例第四条"}
    assert "特种设备使用登记" in [m["name"] for m in embedded]


def test_responsible_prints_a_person_readable_answer(loaded: dict) -> None:
    for under, _ in loaded.values():
        out = quanze("responsible", *under.args, "特种设备使用登记").stdout
        assert "特种设备安全监察科具体承办人" in out and "15个工作日（法定）" in out, under.kind


def test_export_agrees(loaded: dict) -> None:
    dumps = [
        sorted(quanze("export", *under.args, "--format", "nq").stdout.splitlines()) for under, _ in loaded.values()
    ]
    assert dumps[0] == dumps[1]
    assert len(dumps[0]) > 5000


def test_export_one_graph_agrees(loaded: dict) -> None:
    graph = "https://w3id.org/quanze/graph/list/青禾市交通运输局权责清单"
    dumps = [
        sorted(quanze("export", *under.args, "--format", "nt", "--graph", graph).stdout.splitlines())
        for under, _ in loaded.values()
    ]
    assert dumps[0] == dumps[1] and dumps[0]


def test_a_bad_file_loads_nothing_on_either_store(loaded: dict, tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    shutil.copytree(SAMPLE / "lists", folder)
    (folder / "坏清单.csv").write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    for under, _ in loaded.values():
        before = run_json(under, "stats")
        failed = quanze("load", *under.args, str(folder), check=False)
        assert failed.returncode == 2, failed.stderr
        assert "坏清单.csv" in failed.stderr and "Nothing was written" in failed.stderr
        assert run_json(under, "stats") == before


def test_unreachable_endpoint_is_exit_3() -> None:
    failed = quanze("stats", "--endpoint", "http://127.0.0.1:9/query", check=False)
    assert failed.returncode == 3
    assert "cannot reach the SPARQL endpoint http://127.0.0.1:9/query" in failed.stderr


def test_loading_a_remote_store_needs_a_way_to_write(loaded: dict) -> None:
    under, _ = loaded["server"]
    failed = quanze("load", "--endpoint", under.server.query, str(SAMPLE), check=False)
    assert failed.returncode == 3
    assert "--update-endpoint" in failed.stderr and "--gsp" in failed.stderr


def test_loading_through_the_graph_store_protocol(loaded: dict, tmp_path: Path) -> None:
    kind = loaded["server"][0].kind
    server = sparql_server(kind, tmp_path)
    gsp = StoreUnderTest(kind, server.store_args("gsp"), server)
    try:
        quanze("load", "--quiet", *gsp.args, str(SAMPLE))
        assert run_json(gsp, "stats") == run_json(loaded["embedded"][0], "stats")
    finally:
        release(gsp)


@pytest.mark.parametrize("failure", ["撤销", "超越职权", "超期", "不作为"])
def test_accountability_chains_with_notices_agree(loaded: dict, failure: str) -> None:
    """With notices loaded, the sanction rules of a failure kind, a broader or a narrower one, on every store
    (Virtuoso matched every kind when its skos:broader+ subquery was merged into the joins)."""
    for under, _ in loaded.values():
        quanze("load", "--quiet", *under.args, str(SAMPLE.parent / "notices"))
    embedded, remote = both(loaded, "accountable", "处罚", "--failure", failure)
    assert embedded == remote
    rules = [r for chain in embedded for t in ("official", "department") for r in chain["sanctions"][t]]
    assert rules and all(r["basis"]["label"] for r in rules)
