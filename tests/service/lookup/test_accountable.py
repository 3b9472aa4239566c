"""The accountability chain answers "who imposes sanctions on an official whose penalty decision was
revoked on review?" with every link cited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from quanze.loaders.concepts import scheme
from quanze.service.cli.main import main
from quanze.service.lookup.accountable import accountability_chain, failure_kind
from quanze.service.sparql.queries import QueryError
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import REPO, SAMPLE

NOTICES = REPO / "samples" / "notices"
POWER = "QH-CG-CF-001"  # 对擅自设置户外广告设施的处罚, 青禾市城市管理局


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    loading.load(s, [SAMPLE, NOTICES])
    return s


def test_failure_kinds_are_read_as_people_write_them() -> None:
    overturned = "https://w3id.org/quanze/vocab/failure-kind/decision-overturned"
    assert failure_kind("decision-overturned") == overturned
    assert failure_kind("撤销") == overturned
    assert failure_kind("revoked") == overturned
    assert failure_kind("超越职权").endswith("/outside-authority")
    with pytest.raises(QueryError, match="unknown failure kind"):
        failure_kind("天气不好")


def test_the_chain_of_a_penalty_revoked_on_review(store: EmbeddedStore) -> None:
    [chain] = accountability_chain(store, POWER, "decision-overturned")
    assert [x.text for x in chain.liable] == ["具体承办人", "内设机构负责人", "单位法定代表人或分管领导"]
    assert chain.liable[0].post_label == "综合执法支队具体承办人"
    assert chain.liable[2].post_label == "青禾市城市管理局法定代表人或分管领导"
    direct = [s for s in chain.situations if s.match == "kind"]
    assert [s.text for s in direct] == ["行政处罚决定被行政复议机关或者人民法院撤销、变更或者确认违法的；"]
    grounds = [s for s in chain.situations if s.match == "ground"]
    assert grounds and all("行政诉讼法第七十条" in s.grounds_basis for s in grounds)
    # The 青禾市 notice is of the power's own area: only its rules are kept.
    assert {s.basis.label.split(" ")[0] for s in chain.sanctions} == {"青政办发〔2005〕58号"}
    officials = chain.for_target("official")
    sanction = next(s for s in officials if "行政处分" in s.sanctions)
    assert {o.label for o in sanction.imposed_by} == {"任免机关", "监察机关"}
    assert "青禾市监察局" in next(o for o in sanction.imposed_by if o.label == "监察机关").names
    assert sanction.basis.label == "青政办发〔2005〕58号 二、（四）"
    department = chain.for_target("department")
    rate_rule = next(s for s in department if "比例" in s.text)
    assert rate_rule.sanctions == ["限期整改"]
    assert [o.label for o in rate_rule.imposed_by] == ["人民政府"]


def test_every_link_is_cited(store: EmbeddedStore) -> None:
    [chain] = accountability_chain(store, POWER, "decision-overturned")
    links = [*chain.liable, *chain.situations, *chain.sanctions]
    assert links and all(x.basis.iri and x.basis.label for x in links)
    for s in chain.sanctions:
        assert "/id/doc/" in s.basis.iri and s.text
        assert all(b.iri and b.label for _, b in s.charged)


def test_without_a_notice_of_the_area_the_chain_says_so(seed: Path) -> None:
    s = EmbeddedStore()
    loading.load(s, [SAMPLE, seed])
    [chain] = accountability_chain(s, POWER, "revoked")
    assert any("no notice of this power's area" in n for n in chain.notes)
    administrative = next(r for r in chain.for_target("official") if "行政处分" in r.sanctions)
    assert "大连市监察局" in {n for o in administrative.imposed_by for n in o.names}


def test_other_failures_leave_out_the_rate_rule(store: EmbeddedStore) -> None:
    [chain] = accountability_chain(store, POWER, "exceeding-time-limit")
    assert not any("比例" in s.text for s in chain.sanctions)
    assert chain.for_target("official")


def test_the_command_prints_the_chain_and_json(
    store: EmbeddedStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store"
    assert main(["load", "--store", str(path), "--quiet", str(SAMPLE), str(NOTICES)]) == 0
    capsys.readouterr()
    assert main(["accountable", "--store", str(path), POWER, "--failure", "撤销"]) == 0
    out = capsys.readouterr().out
    assert "监察机关（青禾市监察局）" in out and "basis: 青政办发〔2005〕58号 二、（四）" in out
    assert main(["accountable", "--store", str(path), POWER, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["sanctions"]["official"] and data[0]["liable_posts"][0]["basis"]["label"]
    assert main(["accountable", "--store", str(path), POWER, "--failure", "天气"]) == 2


def test_a_situation_of_no_known_kind_lists_no_kind(store: EmbeddedStore) -> None:
    """A 追责情形 the loader could not classify is shown with no kind, not with every concept's label."""
    labels = set(scheme("failure-kind").pref.values())
    situations = [s for chain in accountability_chain(store, "检查") for s in chain.situations]
    assert situations and all(set(s.kinds) <= labels for s in situations)
    assert any(not s.kinds for s in situations) and any(s.kinds for s in situations)
