"""Finding powers: article references, ranking, and the in-memory index against the scan."""

from __future__ import annotations

import pytest
from quanze.service.lookup.responsible import find
from quanze.service.lookup.search import Candidate, PowerIndex, article_label, narrowest_kinds, rank


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("行政处罚法第三十二条", "行政处罚法第三十二条"),
        ("行政处罚法第32条", "行政处罚法第三十二条"),
        ("《中华人民共和国行政处罚法》第三十二条", "行政处罚法第三十二条"),
        ("  行政处罚法 第 110 条 ", "行政处罚法第一百一十条"),
        ("安全生产法第九十九条第一款第（八）项", "安全生产法第九十九条第一款第（八）项"),
        ("安全生产法第99条第1款第8项", "安全生产法第九十九条第一款第（八）项"),
        ("食品安全法第十条之一", "食品安全法第十条之一"),
        ("特种设备使用登记", None),
        ("第三十二条", None),
    ],
)
def test_article_label(text: str, label: str | None) -> None:
    assert article_label(text) == label


def test_rank_order() -> None:
    candidates = [
        Candidate("p:contains", "power", "对特种设备使用登记违法的处罚"),
        Candidate("p:prefix-long", "power", "特种设备使用登记变更"),
        Candidate("p:exact", "power", "特种设备使用登记"),
        Candidate("p:code", "power", "其他", code="特种设备使用登记"),
        Candidate("p:article", "power", "某处罚", article="某法第一条"),
        Candidate("p:exact", "power", "特种设备使用登记", article="某法第二条"),
    ]
    ranking = rank(candidates, "特种设备使用登记")
    assert ranking.total == 5
    ranked = ranking.page(0, 10)
    assert [(m.candidate.power, m.matched_by) for m in ranked] == [
        ("p:code", "code"),
        ("p:article", "article"),
        ("p:exact", "article"),
        ("p:prefix-long", "name-prefix"),
        ("p:contains", "name-contains"),
    ]


def test_index_finds_by_name_and_code() -> None:
    index = PowerIndex(
        [
            Candidate("a", "power", "甲乙丙", "X1"),
            Candidate("b", "sub-item", "乙丙丁"),
            Candidate("c", "power", "丙丙丙"),
        ]
    )
    assert {c.power for c in index.find("乙丙")} == {"a", "b"}
    assert {c.power for c in index.find("丙")} == {"a", "b", "c"}
    assert {c.power for c in index.find("X1")} == {"a"}
    assert index.find("丙丁甲") == []  # never across two names
    assert index.find("") == []


@pytest.mark.parametrize(
    "text",
    ["特种设备", "登记", "QH-SJ-XK-001", "青禾市特种设备安全管理条例第四条", "处罚", "无此职权"],
)
def test_index_and_scan_agree_on_the_sample(sample_store, text: str) -> None:
    index = PowerIndex.build(sample_store)
    indexed, label = find(sample_store, text, index)
    scanned, same_label = find(sample_store, text)
    assert label == same_label
    assert indexed.page(0, 10_000) == scanned.page(0, 10_000)


@pytest.mark.parametrize("text", ["特种设备", "许可", "处罚", "药品管理法第139条", "建设工程", "监督检查"])
def test_index_and_scan_agree_on_the_shared_data(shared_store, text: str) -> None:
    index = PowerIndex.build(shared_store)
    indexed, _ = find(shared_store, text, index)
    scanned, _ = find(shared_store, text)
    assert indexed.page(0, 10_000) == scanned.page(0, 10_000)
    assert indexed.total, text


def test_a_page_of_a_large_ranking_is_the_slice_of_the_full_order() -> None:
    candidates = [Candidate(f"p:{i}", "power", "处罚" * (1 + i % 7) + str(i % 13)) for i in range(5000)]
    candidates.append(Candidate("p:exact", "power", "处罚"))
    candidates.append(Candidate("p:code", "power", "其他", code="处罚"))
    ranking = rank(candidates, "处罚")
    everything = ranking.page(0, len(candidates))
    assert [m.candidate.power for m in everything[:2]] == ["p:code", "p:exact"]
    assert ranking.total == len(everything) == 5002
    for offset, limit in ((0, 10), (1, 10), (2, 50), (4990, 20), (6000, 5)):
        assert ranking.page(offset, limit) == everything[offset : offset + limit]


def test_rankings_asked_again_are_remembered(sample_store) -> None:
    index = PowerIndex.build(sample_store)
    first, _ = find(sample_store, "登记", index)
    again, _ = find(sample_store, "登记", index)
    assert again is first
    assert find(sample_store, "登记")[0].page(0, 100) == first.page(0, 100)


def test_a_sub_item_is_a_sub_item_whichever_type_comes_first() -> None:
    """Stores return the rows of a sub-item's two types (qz:Power, qz:SubItem) in either order."""
    sub, other = "http://example.org/power/1/sub/1", "http://example.org/power/2"
    rows = [Candidate(sub, "power", "甲"), Candidate(other, "power", "乙"), Candidate(sub, "sub-item", "甲")]
    for given in (rows, rows[::-1]):
        kinds = {(c.power, c.kind) for c in narrowest_kinds(given)}
        assert kinds == {(sub, "sub-item"), (other, "power")}
