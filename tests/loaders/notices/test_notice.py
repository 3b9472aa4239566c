"""Whole notices: the seed and two more of other layouts load the same way; bad pages are noted."""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.notices.notice import load_notice
from quanze.loaders.sniff import sniff_kind
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import SAMPLE

from .conftest import BAIHE, QINGHE

PREFIX = """PREFIX qz: <https://w3id.org/quanze/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def _store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    report = loading.load(store, [path])
    assert [d.kind for d in report.documents] == ["notice"]
    return store


def _values(store: EmbeddedStore, query: str) -> list[tuple[str, ...]]:
    return [tuple(t.value if t is not None else "" for t in row.values()) for row in store.select(PREFIX + query)]


def test_the_seed_loads_with_its_metadata_and_outline(seed: Path) -> None:
    doc = load_notice(seed)
    assert doc.label == "大连市人民政府办公厅关于认真贯彻落实国务院办公厅关于推行行政执法责任制若干意见的通知"
    assert doc.notes == ["the metadata block gives no 发布文号"]
    store = _store(seed)
    [(status, issued, effective, publisher, level)] = _values(
        store,
        """
        SELECT ?s ?d ?e ?p ?l WHERE { ?n a qz:NormativeDocument ; qz:statusText ?s ; eli:date_document ?d ;
          eli:first_date_entry_in_force ?e ; qz:publisherAsWritten ?p ; qz:legalLevel ?l ; qz:sourceFile ?f }""",
    )
    assert (status, issued, effective, publisher) == ("有效", "2005-11-01", "2005-11-01", "辽宁省大连市人民政府办公厅")
    assert level.endswith("/normative-document")
    labels = {v[0].split(" ", 1)[1] for v in _values(store, "SELECT ?l WHERE { ?p a qz:DocumentPart ; rdfs:label ?l }")}
    assert {"一、", "二、(四)", "三、(二)1.", "三、(二)5.", "四、(四)"} <= labels
    text = _values(store, "SELECT ?t WHERE { ?n a qz:NormativeDocument ; qz:text ?t }")[0][0]
    assert "用户名" not in text and "版权所有" not in text and "发布法律咨询" not in text
    assert text.startswith("为认真贯彻落实") and text.endswith("尽职尽责。")


def test_the_seed_establishes_timetable_criteria_sanctions_labour_and_group(seed: Path) -> None:
    store = _store(seed)
    steps = _values(
        store,
        """SELECT ?o ?stage ?start ?due WHERE { ?s a qz:RegimeStep ; qz:order ?o ; qz:stage ?stage ;
        qz:hasDeadline ?d . ?n qz:establishes ?s . OPTIONAL { ?d qz:startDate ?start } OPTIONAL { ?d qz:dueDate ?due } }
        ORDER BY ?o""",
    )
    assert [(o, st.rsplit("/", 1)[1], a, d) for o, st, a, d in steps] == [
        ("1", "mobilisation", "", "2005-11-05"),
        ("2", "adjustment", "2005-11-06", "2006-02-28"),
        ("3", "review", "2006-03-01", "2006-03-22"),
        ("4", "publication", "2006-03-23", "2006-04-15"),
    ]
    tasks = _values(store, "SELECT ?k WHERE { ?s qz:hasTask/qz:stage ?k }")
    assert len(tasks) == 5
    criteria = _values(store, "SELECT ?k WHERE { ?c a qz:EvaluationCriterion ; qz:criterionKind ?k }")
    kinds = {k.rsplit("/", 1)[1] for (k,) in criteria}
    assert kinds == {
        "subject-qualification",
        "within-authority",
        "legal-basis",
        "lawful-procedure",
        "lawful-content",
        "review-outcomes",
        "case-files",
    }
    sanctions = _values(
        store,
        """SELECT ?who ?label WHERE { ?r a qz:SanctionRule ; qz:ruleTarget ?who ;
        qz:sanction/skos:prefLabel ?label . FILTER(LANG(?label) = "zh") }""",
    )
    by_target = {w.rsplit("/", 1)[1]: set() for w, _ in sanctions}
    for who, label in sanctions:
        by_target[who.rsplit("/", 1)[1]].add(label)
    assert by_target["department"] == {"限期整改", "通报批评", "取消评比先进资格"}
    assert by_target["official"] >= {"批评教育", "离岗培训", "调离执法岗位", "取消执法资格", "行政处分", "移送司法机关"}
    rate = _values(
        store,
        """SELECT ?part WHERE { ?r qz:hasCondition ?c ; prov:wasDerivedFrom/rdfs:label ?part .
        ?c qz:rateBased true ; qz:failureKind <https://w3id.org/quanze/vocab/failure-kind/decision-overturned> }""",
    )
    assert rate and rate[0][0].endswith("二、(四)")
    imposers = _values(
        store,
        """SELECT ?organ WHERE {
        ?r qz:sanction <https://w3id.org/quanze/vocab/sanction/administrative-sanction> ; qz:imposedBy ?organ }""",
    )
    assert {o.rsplit("/", 1)[1] for (o,) in imposers} == {"appointing-organ", "supervision"}
    duties = {
        (o.rsplit("/", 1)[1], d.rsplit("/", 1)[1])
        for o, d in _values(store, "SELECT ?o ?d WHERE { ?a a qz:OrganAssignment ; qz:organ ?o ; qz:dutyKind ?d }")
    }
    assert {
        ("legal-affairs", "guidance"),
        ("staffing", "lead"),
        ("supervision", "sanctioning"),
        ("personnel", "performance-assessment"),
    } <= duties
    members = _values(
        store,
        """SELECT ?role ?t WHERE { ?g a qz:LeadingGroup ; org:hasMembership ?m .
        ?m org:role ?role ; qz:text ?t }""".replace("SELECT", "PREFIX org: <http://www.w3.org/ns/org#> SELECT"),
    )
    assert ("https://w3id.org/quanze/vocab/group-role/leader", "常务副市长王承敏") in members
    assert len([m for m in members if m[0].endswith("/member")]) == 4


def test_everything_established_is_derived_from_a_part_of_the_notice(seed: Path) -> None:
    store = _store(seed)
    orphans = _values(
        store,
        """SELECT ?x WHERE { ?n qz:establishes ?x .
        FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?p . ?p a qz:DocumentPart ; qz:inDocument ?n } }""",
    )
    assert orphans == []


@pytest.mark.parametrize("path", [QINGHE, BAIHE], ids=["portal-html-gb18030", "law-library-text"])
def test_other_layouts_load_the_same_way(path: Path) -> None:
    assert sniff_kind(path.read_bytes(), path.name) == "notice"
    doc = load_notice(path)
    c = doc.counts
    assert c["steps"] == 4 and c["criteria"] >= 5 and c["sanction_rules"] >= 5 and c["group_members"] >= 5
    store = _store(path)
    [(number,)] = _values(store, "SELECT ?n WHERE { ?d a qz:NormativeDocument ; qz:sourceFile ?f ; eli:id_local ?n }")
    assert number in ("青政办发〔2005〕58号", "白政发〔2006〕9号")
    stages = [
        s.rsplit("/", 1)[1]
        for (s,) in _values(
            store,
            "SELECT ?s WHERE { ?x a qz:RegimeStep ; qz:order ?o ; qz:stage ?s . ?d qz:establishes ?x } ORDER BY ?o",
        )
    ]
    assert stages == ["mobilisation", "adjustment", "review", "publication"]
    cited = _values(store, "SELECT ?d WHERE { ?c qz:citedDocument ?d }")
    assert ("https://w3id.org/quanze/id/doc/国办发〔2005〕37号",) in cited
    targets = {w.rsplit("/", 1)[1] for (w,) in _values(store, "SELECT ?w WHERE { ?r qz:ruleTarget ?w }")}
    assert targets == {"department", "official"}


def test_the_seed_cites_the_statutes_it_names_and_resolves_the_loaded_ones(seed: Path, shared: Path) -> None:
    store = EmbeddedStore()
    loading.load(store, [shared / "laws" / "core", seed])
    rows = _values(
        store,
        """SELECT ?t ?version WHERE { ?p qz:inDocument ?n ; qz:hasCitation ?c .
        ?c qz:citedStatute ?s ; qz:citationText ?t ; qz:citedVersion ?version }""",
    )
    versions = {t: v.rsplit("/", 1)[1] for t, v in rows}
    # Undated citations in a 2005 notice mean the versions in force in 2005.
    assert versions["《中华人民共和国公务员法》"] == "2005-04-27"
    assert versions["《中华人民共和国行政处罚法》"] == "1996-03-17"
    unknown = _values(
        store,
        """SELECT ?t WHERE { ?c qz:citationText ?t ; a qz:UnresolvedCitation ;
        qz:unresolvedReason ?r . FILTER(CONTAINS(?r, "not among the loaded statutes")) }""",
    )
    assert ("《中华人民共和国行政监察法》",) in unknown


def test_a_page_without_metadata_or_outline_keeps_its_text_and_says_what_is_missing(tmp_path: Path) -> None:
    page = tmp_path / "plain.txt"
    page.write_text(
        "网站首页 登录\n某某县人民政府关于做好秋季防火工作的通知\n"
        "各乡镇人民政府：\n今年秋季天干物燥，各地要加强巡查，发现火情及时报告。\n版权所有 某某县\n",
        encoding="utf-8",
    )
    doc = load_notice(page)
    notes = " | ".join(doc.notes)
    assert "no metadata block" in notes and "no outline" in notes and "no sanction rules" in notes
    store = EmbeddedStore()
    store.replace_graphs({doc.graph: doc.data})
    [(text,)] = _values(store, "SELECT ?t WHERE { ?d a qz:NormativeDocument ; qz:text ?t }")
    assert text == "今年秋季天干物燥，各地要加强巡查，发现火情及时报告。"


def test_an_unknown_layout_is_kept_whole_with_a_note(tmp_path: Path) -> None:
    page = tmp_path / "odd.txt"
    page.write_text("这是一段没有标题的文字。\n第二段文字，依据《中华人民共和国行政处罚法》。\n", encoding="utf-8")
    doc = load_notice(page)
    assert any("no title line found" in n for n in doc.notes)
    assert doc.counts["parts"] == 1 and doc.counts["statute_citations"] == 1


def test_an_html_power_list_is_still_a_list_and_a_statute_a_statute() -> None:
    html_list = SAMPLE / "lists" / "青禾市交通运输局权责清单.xls"
    assert sniff_kind(html_list.read_bytes(), html_list.name) == "list"
    statute = next((SAMPLE / "statutes").glob("*.md"))
    assert sniff_kind(statute.read_bytes(), statute.name) == "statute"
