"""Who is responsible, as the command line and the API answer it."""

from __future__ import annotations

import pytest
from quanze.service.lookup.responsible import who_is_responsible
from quanze.service.sparql.queries import QueryError


def test_a_power_in_full(sample_store) -> None:
    answer = who_is_responsible(sample_store, "特种设备使用登记")
    [match] = answer.matches
    p = match.power
    assert (p.name, p.type, p.code, p.kind) == (
        "特种设备使用登记",
        "行政许可",
        "QH-SJ-XK-001",
        "power",
    )
    assert p.department.name == "青禾市市场监督管理局" and p.department.id == "青禾市市场监督管理局"
    assert [u.name for u in p.units] == ["特种设备安全监察科"]
    assert [x.name for x in p.responsible_posts] == ["特种设备安全监察科具体承办人"]
    assert p.level == "地州市级"
    assert [d.order for d in p.duties] == sorted(d.order for d in p.duties) and len(p.duties) == 6
    assert [a.order for a in p.accountability] == [1, 2, 3, 4, 5]
    assert [x.role for x in p.liable_parties] == [
        "具体承办人",
        "内设机构负责人",
        "单位法定代表人或分管领导",
    ]
    assert {t.kind for t in p.time_limits} == {"statutory", "committed"}
    assert p.procedure[0].post == "特种设备安全监察科具体承办人"
    assert p.power_list.name == "青禾市市场监督管理局权责清单（2025年版）"


def test_sub_item_with_its_parent(sample_store) -> None:
    answer = who_is_responsible(sample_store, "变更登记", limit=50)
    sub = next(m.power for m in answer.matches if m.power.kind == "sub-item")
    assert sub.parent is not None and sub.parent.href.startswith("/api/powers/")
    parent = next(m.power for m in answer.matches if m.power.iri == sub.parent.iri)
    assert sub.iri in [s.iri for s in parent.sub_items]


def test_an_article_of_the_real_data(shared_store) -> None:
    answer = who_is_responsible(shared_store, "《中华人民共和国药品管理法》第139条", limit=50)
    assert answer.article == "药品管理法第一百三十九条"
    assert answer.total == len(answer.matches) >= 10
    for m in answer.matches:
        assert m.matched_by == "article" and m.matched_article == "药品管理法第一百三十九条"
        assert "药品管理法第一百三十九条" in [b.label for b in m.power.basis]
        assert m.power.department.name == "克拉玛依市市场监督管理局"


def test_real_data_names(shared_store) -> None:
    answer = who_is_responsible(shared_store, "特种设备", limit=5)
    assert answer.total > 5 and len(answer.matches) == 5
    assert all("特种设备" in m.power.name for m in answer.matches)
    assert all(m.power.department and m.power.units and m.power.duties for m in answer.matches)


def test_nothing_found(sample_store) -> None:
    answer = who_is_responsible(sample_store, "没有这样的职权")
    assert answer.total == 0 and answer.matches == []


@pytest.mark.parametrize(("text", "limit", "offset"), [("  ", 10, 0), ("x", 0, 0), ("x", 201, 0), ("x", 10, -1)])
def test_bad_requests(sample_store, text: str, limit: int, offset: int) -> None:
    with pytest.raises(QueryError):
        who_is_responsible(sample_store, text, limit=limit, offset=offset)
