"""The ten real excerpts of ../shared/data/notices, loaded as a user would (no --kind).

The figures were checked by reading each page (see MANIFEST.tsv for where
each comes from): what kind it is, how it dates itself, its chapters and
articles or outline parts, and the sanctions, criteria and timetable it
holds — or, for what the excerpt does not hold, that the report says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.sniff import sniff_kind
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from .test_documents import PREFIX, VOCAB

KINDS = {
    "d01": "statute",  # a 印发 notice followed by the rule it issues: articles to catalogue
    "d02": "statute",
    "d03": "notice",
    "d04": "statute",
    "d05": "statute",
    "d06": "statute",
    "d07": "statute",
    "d08": "notice",
    "d09": "notice",
    "d10": "notice",
}


def _load(shared: Path, name: str) -> tuple[EmbeddedStore, loading.LoadedDocument]:
    store = EmbeddedStore()
    report = loading.load(store, [shared / "notices" / f"{name}.txt"])
    [doc] = report.documents
    return store, doc


def _rows(store: EmbeddedStore, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(t.value.removeprefix(VOCAB) if t is not None else "" for t in row.values())
        for row in store.select(PREFIX + query)
    ]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_page_is_told_by_its_content(shared: Path, name: str) -> None:
    path = shared / "notices" / f"{name}.txt"
    assert sniff_kind(path.read_bytes(), path.name) == KINDS[name]


def test_d01_an_issuing_notice_and_its_rule(shared: Path) -> None:
    store, doc = _load(shared, "d01")
    assert doc.kind == "notice" and doc.label == "佛山市人民政府办公室关于印发佛山市行政过错责任追究实施细则的通知"
    [(date, rule, rule_date)] = _rows(
        store,
        """SELECT ?d ?v ?vd WHERE { ?n a qz:NormativeDocument ; eli:date_document ?d ; qz:issues ?v .
        ?v eli:version_date ?vd }""",
    )
    assert date == "2014-05-09" and rule_date == "2014-05-09"
    assert rule.endswith("/eli/cn/佛山市行政过错责任追究实施细则/2014-05-09")
    assert (doc.counts["chapters"], doc.counts["articles"], doc.counts["items"]) == (2, 5, 2)
    assert "date 2014-05-09 taken from the notice that issues the rule" in doc.notes
    # the notice names the rule it issues: that mention resolves to the rule printed after it
    [(cited,)] = _rows(store, "SELECT ?s WHERE { ?p a qz:DocumentPart ; qz:hasCitation/qz:citedStatute ?s }")
    assert cited.endswith("/eli/cn/佛山市行政过错责任追究实施细则")
    cited = _rows(store, "SELECT ?d WHERE { ?a a qz:Article ; qz:number 1 ; qz:hasCitation/qz:citedDocument ?d }")
    assert cited == [("https://w3id.org/quanze/id/doc/粤府办〔2008〕52号",)]


def test_d02_a_government_order_in_traditional_characters(shared: Path) -> None:
    store, doc = _load(shared, "d02")
    assert doc.kind == "statute" and doc.counts["articles"] == 4 and doc.counts["chapters"] == 1
    [(level, number, publisher, version, in_force)] = _rows(
        store,
        """SELECT ?l ?n ?p ?d ?e WHERE { ?w qz:legalLevel ?l ; qz:hasVersion ?v . ?v eli:id_local ?n ;
        dct:publisher/rdfs:label ?p ; eli:version_date ?d ; eli:first_date_entry_in_force ?e }""",
    )
    assert (level, number, publisher, version, in_force) == (
        "legal-level/local-government-rule",
        "甘肃省人民政府令第15号",
        "甘肃省人民政府",
        "2001-01-30",
        "2001-01-30",  # 自发布之日起施行
    )
    [(text,)] = _rows(store, "SELECT ?t WHERE { ?a a qz:Article ; qz:number 2 ; qz:text ?t }")
    assert text.startswith("本省各级行政执法机关及法律法规授权或者依法委托的组织")
    [(original,)] = _rows(store, "SELECT ?o WHERE { ?v qz:originalText ?o }")
    assert original == (shared / "notices" / "d02.txt").read_text(encoding="utf-8")
    assert any("no title line before the first article" in n for n in doc.notes)


def test_d03_criteria_with_points_and_deductions(shared: Path) -> None:
    store, doc = _load(shared, "d03")
    assert doc.kind == "notice" and doc.counts["criteria"] == 9
    assert any(n.startswith("no date found") for n in doc.notes)
    assert "an excerpt: the text begins mid-document (its first part is (二))" in doc.notes
    assert _rows(store, "SELECT ?e WHERE { ?n a qz:NormativeDocument ; qz:excerpt ?e }") == [("true",)]
    criteria = _rows(
        store,
        """SELECT ?o ?p ?parent WHERE { ?c a qz:EvaluationCriterion ; qz:order ?o ; qz:points ?p .
        OPTIONAL { ?c dct:isPartOf/qz:order ?parent } }""",
    )
    got = sorted((int(o), float(p), parent) for o, p, parent in criteria)
    assert got == [
        (1, 2, ""),  # the tail of a section the excerpt begins in
        (2, 12, ""),  # 五、保障措施(12分)
        (3, 6, "2"),
        (4, 6, "2"),
        (5, 10, ""),  # 六、抽象行政行为(10分)
        (6, 6, "5"),
        (7, 4, "5"),
        (8, 20, ""),  # 七、具体行政行为(20分)
        (9, 16, "8"),
    ]
    deductions = _rows(
        store, "SELECT ?t ?d ?per WHERE { ?s qz:pointsDeducted ?d ; qz:text ?t OPTIONAL { ?s qz:perInstance ?per } }"
    )
    assert sorted((float(d), per) for _, d, per in deductions) == [(1, "true"), (1, "true"), (3, ""), (10, "")]


def test_d04_a_flattened_portal_page_issuing_five_rules(shared: Path) -> None:
    store, doc = _load(shared, "d04")
    assert doc.kind == "notice"
    [(number, date)] = _rows(
        store, "SELECT ?n ?d WHERE { ?x a qz:NormativeDocument ; eli:id_local ?n ; eli:date_document ?d }"
    )
    assert (number, date) == ("常应急〔2019〕82号", "2019-10-28")
    [(rule,)] = _rows(store, "SELECT ?v WHERE { ?n qz:issues ?v }")
    assert rule.endswith("/eli/cn/安全生产行政执法公开制度/2019-10-28")
    assert doc.counts["articles"] == 4
    assert any(
        n.startswith("the page does not hold the text of 《安全生产执法计划制定与执行工作制度》") for n in doc.notes
    )


def test_d05_an_excerpt_of_a_rule_with_its_forms_of_accountability(shared: Path) -> None:
    store, doc = _load(shared, "d05")
    assert doc.kind == "statute" and doc.counts["articles"] == 9
    numbers = sorted(int(n) for (n,) in _rows(store, "SELECT ?n WHERE { ?a a qz:Article ; qz:number ?n }"))
    assert numbers == list(range(15, 24))
    assert any("an excerpt" in n and "第十五条" in n for n in doc.notes)
    assert any("the rule is undated" in n for n in doc.notes)
    assert _rows(store, "SELECT ?d WHERE { ?v eli:version_date ?d }") == []
    forms = {
        s.rsplit("/", 1)[1]
        for (s,) in _rows(
            store, "SELECT ?s WHERE { ?r qz:sanction ?s ; prov:wasDerivedFrom/qz:number 23 ; a qz:SanctionRule }"
        )
    }
    assert forms == {
        "admonition",
        "written-self-criticism",
        "circulated-criticism",
        "financial-handling",
        "compensation",
        "rated-incompetent",
        "loss-of-enforcement-status",
        "removal-from-post",
    }
    [(effect,)] = _rows(store, "SELECT ?e WHERE { ?r qz:ruleEffect ?e ; prov:wasDerivedFrom/qz:number 20 }")
    assert effect == "rule-effect/exempting"  # 持正确意见的人不承担责任
    shares = _rows(
        store,
        """SELECT ?o ?a ?p ?d WHERE { ?x a qz:ResponsibilityShare ; qz:order ?o ; qz:liableParty ?p ;
        qz:responsibilityDegree ?d ; prov:wasDerivedFrom/qz:number ?a }""",
    )
    got = [(int(a), p, d.rsplit("/", 1)[1]) for _, a, p, d in sorted(shares, key=lambda r: int(r[0]))]
    assert got == [
        (15, "承办人", "direct"),
        (16, "承办人", "direct"),
        (16, "审核人", "primary-leadership"),
        (16, "批准人", "important-leadership"),
        (17, "审核人", "direct"),
        (17, "批准人", "primary-leadership"),
        (17, "审核人", "direct"),
        (18, "批准人", "direct"),
        (18, "批准人", "direct"),
        (18, "批准人", "direct"),
        (19, "授意、指令或干预者", "direct"),
        (20, "决策人", "primary-leadership"),
        (20, "持错误意见的人", "important-leadership"),
        (20, "持正确意见的人", "none"),
        (21, "上级机关负责人", "important-leadership"),
    ]


def test_d06_a_title_over_three_lines_issuing_two_rules(shared: Path) -> None:
    store, doc = _load(shared, "d06")
    assert (
        doc.label
        == "怀化市人民政府办公室关于印发《怀化市行政执法人员管理办法》《怀化市行政执法过错责任追究办法》的通知"
    )
    [(number, date, rule)] = _rows(
        store,
        "SELECT ?n ?d ?v WHERE { ?x a qz:NormativeDocument ; eli:id_local ?n ; eli:date_document ?d ; qz:issues ?v }",
    )
    assert (number, date) == ("怀政办函〔2025〕8号", "2025-04-02")
    assert rule.endswith("/eli/cn/怀化市行政执法人员管理办法/2025-04-02")
    assert (doc.counts["chapters"], doc.counts["articles"]) == (1, 3)
    assert "the page does not hold the text of 《怀化市行政执法过错责任追究办法》" in doc.notes


def test_d07_graded_sanctions_with_enclosed_numerals(shared: Path) -> None:
    store, doc = _load(shared, "d07")
    assert doc.label == "新余市行政过错责任追究办法" and doc.counts["articles"] == 7 and doc.counts["items"] == 13
    [(status,)] = _rows(store, "SELECT ?s WHERE { ?v a qz:StatuteVersion ; qz:statusText ?s }")
    assert status == "失效"
    rules = _rows(
        store,
        """SELECT ?o ?src (COUNT(?s) AS ?n) (SAMPLE(?g) AS ?grade) WHERE { ?r a qz:SanctionRule ; qz:order ?o ;
        qz:sanction ?s ; prov:wasDerivedFrom/rdfs:label ?src OPTIONAL { ?r qz:gradingText ?g } }
        GROUP BY ?o ?src ORDER BY ?o""",
    )
    assert [(src.removeprefix("新余市行政过错责任追究办法"), int(n), g) for _, src, n, g in rules] == [
        ("第二十五条", 8, ""),
        ("第二十七条", 4, "一般过错"),
        ("第二十八条第一款第（一）项", 5, "严重过错"),  # 行政处分, 降级, 通报批评, 暂停执法活动, 调离执法岗位
        ("第二十八条第一款第（二）项", 3, "严重过错"),  # the page ends in the middle of this item
    ]


def test_d08_a_scoring_table_on_one_line(shared: Path) -> None:
    store, doc = _load(shared, "d08")
    assert doc.label == "安徽省交通运输行政执法考核评议评分标准"
    criteria = _rows(
        store, "SELECT ?o ?t ?p WHERE { ?c a qz:EvaluationCriterion ; qz:order ?o ; qz:text ?t ; qz:points ?p }"
    )
    got = [(t, float(p)) for _, t, p in sorted(criteria, key=lambda r: int(r[0]))]
    assert got == [
        ("组织管理", 10),
        ("领导管理", 2),
        ("成立机构", 3),
        ("工作计划", 3),
        ("人员落实", 2),
        ("制度建设", 20),
        ("执法责任制度", 3),
        ("执法人员资格制度", 3),
        ("执法公示制度", 3),
        ("执法监督制度", 3),
        ("执法案卷评查制度", 4),
    ]


def test_d09_a_legal_site_page_dated_by_its_posting_line(shared: Path) -> None:
    store, doc = _load(shared, "d09")
    [(date, addressee)] = _rows(
        store, "SELECT ?d ?a WHERE { ?n a qz:NormativeDocument ; eli:date_document ?d ; qz:addressee ?a }"
    )
    assert (date, addressee) == ("2024-07-10", "青海省民政厅、住房和城乡建设厅、商务厅")
    assert any("the site's line" in n and "the document may be older" in n for n in doc.notes)
    # 4月21日 in the text is not read against the posting date.
    assert _rows(store, "SELECT ?d WHERE { ?x a qz:Deadline }") == []
    assert doc.counts["parts"] == 5
    assert all(doc.counts[k] == 0 for k in ("steps", "criteria", "sanction_rules"))


def test_d10_an_undated_plan_with_placeholders(shared: Path) -> None:
    store, doc = _load(shared, "d10")
    assert doc.kind == "notice" and doc.counts["parts"] == 5
    assert any(n.startswith("no date found") for n in doc.notes)
    assert _rows(store, "SELECT ?d WHERE { ?n eli:date_document ?d }") == []
