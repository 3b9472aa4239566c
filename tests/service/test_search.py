"""Finding powers: article references, ranking, and the in-memory index against the scan."""

from __future__ import annotations

import pytest
from quanze.service.responsible import find
from quanze.service.search import Candidate, PowerIndex, article_label, rank


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
    ranked = rank(candidates, "特种设备使用登记")
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
    assert find(sample_store, text, index) == find(sample_store, text)


@pytest.mark.parametrize(
    "text", ["特种设备", "许可", "处罚", "药品管理法第139条", "建设工程", "监督检查"]
)
def test_index_and_scan_agree_on_the_shared_data(shared_store, text: str) -> None:
    index = PowerIndex.build(shared_store)
    indexed, _ = find(shared_store, text, index)
    scanned, _ = find(shared_store, text)
    assert indexed == scanned
    assert indexed, text
