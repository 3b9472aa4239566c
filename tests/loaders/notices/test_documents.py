"""Normative documents in each published shape, from small documents written for these tests.

Each document in ``documents/`` is one shape: a rule with a 令 header, a rule
with a pkulaw-style 【】 block, a 印发 notice followed by the rule it issues,
an excerpt of an outline without its title, a scoring table flattened to one
line, a rule excerpt with a graded list ㈠…, and a traditional-character page
with a converter's debris. They are loaded as a user would (no --kind).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.articles import load_articles
from quanze.loaders.errors import SourceError
from quanze.loaders.notices.cleanup import clean_text
from quanze.loaders.notices.evaluation import scores_in
from quanze.loaders.notices.shape import evidence, is_statute_text
from quanze.loaders.sniff import sniff_kind
from quanze.loaders.statutes import parse_statute
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

DOCS = Path(__file__).parent / "documents"
PREFIX = """PREFIX qz: <https://w3id.org/quanze/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
VOCAB = "https://w3id.org/quanze/vocab/"


def _load(*names: str) -> tuple[EmbeddedStore, loading.LoadReport]:
    store = EmbeddedStore()
    report = loading.load(store, [DOCS / n for n in names])
    return store, report


def _rows(store: EmbeddedStore, query: str) -> list[tuple[str, ...]]:
    out = []
    for row in store.select(PREFIX + query):
        out.append(tuple(t.value.removeprefix(VOCAB) if t is not None else "" for t in row.values()))
    return out


def _rules(store: EmbeddedStore) -> dict[int, tuple[str, str, set[str], str, str]]:
    """order → (derived-from label, target, sanctions, effect, grading) of every sanction rule."""
    rules: dict[int, tuple[str, str, set[str], str, str]] = {}
    for order, src, who, sanction, effect, grading in _rows(
        store,
        """SELECT ?o ?src ?who ?s ?e ?g WHERE { ?d qz:establishes ?r . ?r a qz:SanctionRule ; qz:order ?o ;
        qz:ruleTarget ?who ; prov:wasDerivedFrom/rdfs:label ?src .
        OPTIONAL { ?r qz:sanction ?s } OPTIONAL { ?r qz:ruleEffect ?e } OPTIONAL { ?r qz:gradingText ?g } }""",
    ):
        entry = rules.setdefault(int(order), (src, who.rsplit("/", 1)[1], set(), effect, grading))
        if sanction:
            entry[2].add(sanction.rsplit("/", 1)[1])
    return rules


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("order_rule.txt", "statute"),
        ("block_rule.txt", "statute"),
        ("issuing_notice.txt", "statute"),
        ("graded_list.txt", "statute"),
        ("traditional_rule.txt", "statute"),
        ("excerpt_outline.txt", "notice"),
        ("flat_table.txt", "notice"),
    ],
)
def test_each_shape_is_told_by_its_evidence(name: str, kind: str) -> None:
    assert sniff_kind((DOCS / name).read_bytes(), name) == kind


def test_a_rule_with_an_order_header_is_a_local_government_rule_dated_by_its_header() -> None:
    store, report = _load("order_rule.txt")
    [doc] = report.documents
    assert doc.kind == "statute" and doc.label == "青禾市行政执法过错责任追究办法（2006-03-02）"
    assert (doc.counts["articles"], doc.counts["chapters"]) == (8, 3)
    [(level, number, publisher, in_force)] = _rows(
        store,
        """SELECT ?l ?n ?p ?e WHERE { ?w a qz:Statute ; qz:legalLevel ?l ; qz:hasVersion ?v .
        ?v eli:id_local ?n ; dct:publisher/rdfs:label ?p ; eli:first_date_entry_in_force ?e }""",
    )
    assert (level, number, publisher, in_force) == (
        "legal-level/local-government-rule",
        "青禾市人民政府令第12号",
        "青禾市人民政府",
        "2006-05-01",
    )
    # The version is dated by its adoption (通过), as a statute's; the document date is its promulgation (公布).
    dates = _rows(store, "SELECT ?d ?p WHERE { ?v a qz:StatuteVersion ; eli:version_date ?d ; eli:date_document ?p }")
    assert dates == [("2006-03-02", "2006-03-20")]
    rules = _rules(store)
    assert rules[1] == (
        "青禾市行政执法过错责任追究办法第三条",
        "official",
        {"written-self-criticism", "circulated-criticism", "financial-handling", "removal-from-post"}
        | {"loss-of-enforcement-status"},
        "",
        "",
    )
    effects = {src.removeprefix("青禾市行政执法过错责任追究办法"): e for src, _, _, e, _ in rules.values() if e}
    assert effects == {
        "第五条": "rule-effect/aggravating",
        "第六条": "rule-effect/mitigating",
        "第七条": "rule-effect/exempting",
    }
    conditions = _rows(
        store,
        """SELECT ?t WHERE { ?r qz:ruleEffect <https://w3id.org/quanze/vocab/rule-effect/aggravating> ;
        qz:hasCondition/qz:text ?t }""",
    )
    assert sorted(conditions) == [("一年内出现两次以上过错的",), ("干扰、阻碍调查的",)]


def test_the_articles_of_a_rule_are_cited_like_a_statutes(tmp_path: Path) -> None:
    notice = tmp_path / "cites.txt"
    notice.write_text(
        "青禾市司法局关于落实过错追究的通知\n各科室：\n一、依照《青禾市行政执法过错责任追究办法》第四条，严格追究。\n",
        encoding="utf-8",
    )
    store = EmbeddedStore()
    loading.load(store, [DOCS / "order_rule.txt", notice])
    [(article,)] = _rows(store, "SELECT ?a WHERE { ?c qz:citationText ?t ; qz:citesSubdivision ?a }")
    assert article.endswith("/eli/cn/青禾市行政执法过错责任追究办法/2006-03-02/art_4")


def test_a_rule_with_a_metadata_block_is_dated_and_levelled_by_its_block() -> None:
    store, report = _load("block_rule.txt")
    [doc] = report.documents
    assert doc.label == "白河市行政执法评议考核办法（2007-06-18）"
    [(level, number, status, in_force)] = _rows(
        store,
        """SELECT ?l ?n ?s ?e WHERE { ?w qz:legalLevel ?l ; qz:hasVersion ?v .
        ?v eli:id_local ?n ; qz:statusText ?s ; eli:first_date_entry_in_force ?e }""",
    )
    assert (level, number, status, in_force) == (
        "legal-level/normative-document",
        "白政办发〔2007〕41号",
        "现行有效",
        "2007-07-01",
    )
    criteria = _rows(
        store,
        """SELECT ?o ?t ?p WHERE { ?c a qz:EvaluationCriterion ; qz:order ?o ; qz:text ?t ; qz:points ?p }
        ORDER BY ?o""",
    )
    assert [(t, float(p)) for _, t, p in criteria] == [("执法主体资格合法", 10), ("执法程序合法", 30), ("案卷质量", 20)]
    scores = _rows(
        store,
        """SELECT ?t ?d WHERE { ?c qz:hasScoringRule ?s . ?s qz:text ?t ; qz:pointsDeducted ?d ;
        qz:perInstance true }""",
    )
    assert [(t, float(d)) for t, d in scores] == [("未依法告知当事人权利的，每件扣2分", 2)]
    [(src,)] = _rows(
        store,
        """SELECT ?l WHERE { ?r a qz:SanctionRule ;
        qz:sanction <https://w3id.org/quanze/vocab/sanction/disqualification> ; prov:wasDerivedFrom/rdfs:label ?l }""",
    )
    assert src == "白河市行政执法评议考核办法第四条"


def test_an_issuing_notice_is_one_document_with_the_rule_it_issues() -> None:
    store, report = _load("issuing_notice.txt")
    [doc] = report.documents
    assert doc.kind == "notice" and doc.label == "某县人民政府办公室关于印发某县行政执法责任制考核办法的通知"
    [(rule, date, level)] = _rows(
        store,
        """SELECT ?v ?d ?l WHERE { ?n a qz:NormativeDocument ; qz:issues ?v ; dct:hasPart ?v ; eli:date_document ?d .
        ?v qz:isVersionOf/qz:legalLevel ?l }""",
    )
    assert rule.endswith("/eli/cn/某县行政执法责任制考核办法/2008-03-05")
    assert (date, level) == ("2008-03-05", "legal-level/normative-document")
    steps = _rows(
        store,
        """SELECT ?o ?l ?start ?due WHERE { ?v qz:establishes ?s . ?s a qz:RegimeStep ; qz:order ?o ; rdfs:label ?l .
        OPTIONAL { ?s qz:hasDeadline ?d OPTIONAL { ?d qz:startDate ?start } OPTIONAL { ?d qz:dueDate ?due } } }
        ORDER BY ?o""",
    )
    assert [s[1:] for s in steps] == [
        ("自查阶段", "2008-04-01", "2008-04-30"),
        ("检查阶段", "", "2008-05-31"),
        ("总结阶段", "", "2008-06-30"),
    ]
    [(parts,)] = _rows(store, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a qz:DocumentPart }")
    assert parts == "1"  # the notice's body; the rule is articles, not parts


def test_an_excerpt_without_title_loads_what_it_has_and_says_what_is_missing() -> None:
    store, report = _load("excerpt_outline.txt")
    [doc] = report.documents
    assert any("no title line found" in n and "excerpt_outline" in n for n in doc.notes)
    assert any(n.startswith("no date found") for n in doc.notes)
    steps = _rows(
        store,
        """SELECT ?o ?k ?start ?due WHERE { ?s a qz:RegimeStep ; qz:order ?o ; qz:stage ?k ; qz:hasDeadline ?d .
        ?n qz:establishes ?s . OPTIONAL { ?d qz:startDate ?start } OPTIONAL { ?d qz:dueDate ?due } } ORDER BY ?o""",
    )
    assert [s[1:] for s in steps] == [
        ("regime-step/mobilisation", "2006-04-01", "2006-04-30"),
        ("regime-step/adjustment", "2006-05-01", "2006-06-30"),
        ("regime-step/review", "", "2006-07-31"),
    ]


def test_a_flattened_scoring_table_is_read_as_sections_and_items_with_points() -> None:
    store, report = _load("flat_table.txt")
    [doc] = report.documents
    assert doc.label == "某市行政执法责任制考核评分标准"
    criteria = _rows(
        store,
        """SELECT ?o ?t ?p ?parent WHERE { ?c a qz:EvaluationCriterion ; qz:order ?o ; qz:text ?t ; qz:points ?p .
        OPTIONAL { ?c dct:isPartOf/qz:order ?parent } } ORDER BY ?o""",
    )
    assert [(t, float(p), parent) for _, t, p, parent in criteria] == [
        ("执法依据", 15, ""),
        ("梳理执法依据", 10, "1"),
        ("法律文书", 5, "1"),
        ("执法监督", 25, ""),
        ("案卷评查", 25, "4"),
    ]
    per = _rows(store, "SELECT ?t WHERE { ?s qz:perInstance true ; qz:text ?t }")
    assert per == [("每发现一份不规范扣1分",)]


def test_a_graded_list_with_enclosed_numerals() -> None:
    store, report = _load("graded_list.txt")
    [doc] = report.documents
    assert doc.label == "某区行政执法过错责任追究规定"
    assert doc.counts["conferrals"] == 0  # a normative document confers no power: its 通报批评 is a sanction rule
    assert any("excerpt" in n and "第九条" in n for n in doc.notes)
    [(status, excerpt)] = _rows(
        store, "SELECT ?s ?e WHERE { ?v a qz:StatuteVersion ; qz:statusText ?s ; qz:excerpt ?e }"
    )
    assert (status, excerpt) == ("失效", "true")
    rules = _rules(store)
    prefix = "某区行政执法过错责任追究规定"
    assert {k: (src.removeprefix(prefix), s, g) for k, (src, _, s, _, g) in rules.items()} == {
        1: (
            "第九条",
            {"admonition", "circulated-criticism", "suspension-of-enforcement-status", "administrative-sanction"},
            "",
        ),
        2: ("第十一条第一款第（一）项", {"administrative-sanction", "major-demerit"}, "严重过错"),
        3: ("第十一条第一款第（二）项", {"circulated-criticism"}, "严重过错"),
    }


def test_a_traditional_page_is_read_simplified_and_kept_as_written() -> None:
    store, report = _load("traditional_rule.txt")
    [doc] = report.documents
    assert doc.counts["articles"] == 4
    assert any("OpenCC" in n for n in doc.notes) and any("pinyin" in n for n in doc.notes)
    [(text, original)] = _rows(
        store, "SELECT ?t ?o WHERE { ?a a qz:Article ; qz:number 3 ; qz:text ?t . ?v qz:originalText ?o }"
    )
    assert text == "行政执法人员有过错的，由所在机关给予通报批评；情节严重的，调离执法岗位。"
    assert original == (DOCS / "traditional_rule.txt").read_text(encoding="utf-8")
    [(level, in_force)] = _rows(
        store, "SELECT ?l ?e WHERE { ?w qz:legalLevel ?l ; qz:hasVersion/eli:first_date_entry_in_force ?e }"
    )
    assert (level, in_force) == ("legal-level/local-government-rule", "2003-09-08")


def test_cleanup_repairs_what_converters_leave() -> None:
    clean = clean_text("第一條爲了規(guī)範執法，制定本辦法。<br />\n第二條本辦法自發布之日起施行。")
    assert clean.traditional
    assert clean.text == "第一条 为了规范执法，制定本办法。\n\n第二条 本办法自发布之日起施行。"
    assert clean_text("第三条规定的情形，依照本法处理。").text == "第三条规定的情形，依照本法处理。"
    marked = clean_text("某办法\n第一章：总则\n第一条：为了规范。\n第二条、本办法适用于全市。").text
    assert marked == "某办法\n第一章 总则\n第一条 为了规范。\n第二条 本办法适用于全市。"


def test_scores_are_read_clause_by_clause() -> None:
    scores = scores_in(
        "建立制度的，得6分。未建立的，不得分；只建立一项的，扣3分；每发现一件违法，扣1分；落实不力的，酌情扣分。"
    )
    assert [(s.awarded, s.deducted, s.per_instance, s.discretionary) for s in scores] == [
        (6, None, False, False),
        (0, None, False, False),
        (None, 3, False, False),
        (None, 1, True, False),
        (None, None, False, True),
    ]


def test_evidence_not_a_single_feature_decides_the_shape() -> None:
    outline_quoting_articles = (
        "某市关于加强执法的通知\n各区人民政府：\n一、依照第三条办理。\n二、依照第四条办理。\n三、其他。\n"
    )
    assert not evidence(outline_quoting_articles).article_form
    assert evidence("第十五条 甲。\n第十六条 乙。\n").article_form  # an excerpt of articles, no title
    assert is_statute_text("某条例\n2001年1月1日某省人民代表大会常务委员会通过\n第一条 为了。\n第二条 本条例。\n")
    assert not is_statute_text("某市人民政府令\n第3号\n2001年1月1日\n某办法\n第一条 为了。\n第二条 本办法。\n")


def test_real_statutes_still_need_a_history_but_load_articles_takes_rules(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="dated history"):
        parse_statute("# 某条例\n\n第一条 为了规范管理，制定本条例。\n", "x.md")
    rule = tmp_path / "某办法.md"
    rule.write_text(
        "# 某办法\n\n第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。\n", encoding="utf-8"
    )
    statute, doc = load_articles(rule)
    assert (statute.title, statute.version_date, doc.counts["articles"]) == ("某办法", "", 2)
    assert any("undated" in n for n in doc.notes)
    with pytest.raises(SourceError, match="no article"):
        load_articles(DOCS / "excerpt_outline.txt")


def test_every_term_the_documents_use_is_declared_and_labelled() -> None:
    import pyoxigraph as ox
    from quanze.loaders.ontology import ontology_files
    from quanze.loaders.vocab import RDF, RDFS

    quads: list[ox.Quad] = []
    for path in ontology_files():
        with path.open("rb") as fh:
            quads.extend(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    declared = {q.subject.value for q in quads if q.predicate.value == RDF.type}
    labelled = {(q.subject.value, q.object.language) for q in quads if q.predicate.value == RDFS.label}
    store, report = _load(*sorted(p.name for p in DOCS.glob("*.txt")))
    used: set[str] = set()
    for doc in report.documents:
        for q in store.quads(doc.graph):
            used.add(q.predicate.value)
            if q.predicate.value == RDF.type or q.object.value.startswith(VOCAB):
                used.add(q.object.value)
    builtin = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#")
    terms = [t for t in used if not t.startswith(builtin)]
    assert sorted(t for t in terms if t not in declared) == []
    ours = [t for t in terms if t.startswith("https://w3id.org/quanze/ontology#")]
    assert sorted(t for t in ours if (t, "zh") not in labelled or (t, "en") not in labelled) == []


@pytest.mark.parametrize(
    ("name", "version", "issued", "in_force", "level", "number", "publisher"),
    [
        # a site's 状态/发布日期/生效日期/发布部门/发布文号 block on an HTML page, closing date in Chinese numerals
        (
            "site_block_rule.html",
            "2009-05-12",
            "2009-05-12",
            "2009-07-01",
            "normative-document",
            "某政办发〔2009〕33号",
            "某市人民政府办公厅",
        ),
        # a portal's GBK 信息公开 page: layout tables, a disclosure table spacing its keys (文　　号) with
        # 成文日期 (the document's date) and 发布日期 (the posting's); the issuing notice's rule dated by it
        (
            "portal_disclosure_notice_gbk.html",
            "2014-12-08",
            "2014-12-08",
            "2015-01-01",
            "normative-document",
            "",
            "青禾市人民政府办公室",
        ),
        # a ministry's order: 部令 with the year in its number, adopted 已于…通过
        (
            "ministry_order.txt",
            "2016-05-04",
            "2016-05-20",
            "2016-07-01",
            "departmental-rule",
            "中华人民共和国某某部令2016年第9号",
            "中华人民共和国某某部",
        ),
        # 颁布时间 / 发文单位 on one line; in force from the closing article (自发布之日起施行)
        ("closing_date_rule.txt", "2010-08-03", "2010-08-03", "2010-08-03", "normative-document", "", "某县人民政府"),
        # a pkulaw-style block naming the title (【法规标题】), Arabic article numbers (第1条)
        (
            "titled_block_rule.txt",
            "2005-03-10",
            "2005-03-10",
            "2005-05-01",
            "local-government-rule",
            "某市人民政府令第5号",
            "某市人民政府",
        ),
        # a GB18030 page with the adopted / promulgated / in-force dates in a note under the title
        (
            "dated_note_rule_gbk.txt",
            "2004-06-02",
            "2004-06-20",
            "2004-08-01",
            "local-government-rule",
            "某省人民政府令第88号",
            "某省人民政府",
        ),
    ],
)
def test_a_rule_dates_itself_in_every_way_pages_write_it(
    name: str, version: str, issued: str, in_force: str, level: str, number: str, publisher: str
) -> None:
    assert sniff_kind((DOCS / name).read_bytes(), name) == "statute"
    store, report = _load(name)
    [doc] = report.documents
    [row] = _rows(
        store,
        """SELECT ?d ?i ?e ?l ?n ?p WHERE { ?w qz:legalLevel ?l ; qz:hasVersion ?v . ?v eli:version_date ?d ;
        eli:date_document ?i ; eli:first_date_entry_in_force ?e OPTIONAL { ?v eli:id_local ?n }
        OPTIONAL { ?v dct:publisher/rdfs:label ?p } }""",
    )
    assert row == (version, issued, in_force, f"legal-level/{level}", number, publisher)
    # the closing signature and date are not a paragraph of the last article
    texts = [t for (t,) in _rows(store, "SELECT ?t WHERE { ?a a qz:Article ; qz:text ?t }")]
    assert not any("二〇" in t or t.endswith(("人民政府", "办公厅")) for t in texts), doc.label


def test_the_same_notice_as_a_traditional_gbk_html_page_reads_the_same() -> None:
    simplified, _ = _load("issuing_notice.txt")
    traditional, report = _load("issuing_notice_traditional.html")
    query = """SELECT ?v ?start ?due WHERE { ?n qz:issues ?v . ?v qz:establishes ?s . ?s a qz:RegimeStep ;
        qz:hasDeadline ?d OPTIONAL { ?d qz:startDate ?start } OPTIONAL { ?d qz:dueDate ?due } }"""
    assert sorted(_rows(traditional, query)) == sorted(_rows(simplified, query))
    assert len(_rows(traditional, query)) == 3
    [(original,)] = _rows(traditional, "SELECT ?o WHERE { ?n a qz:NormativeDocument ; qz:originalText ?o }")
    assert "某縣行政執法責任制考覈辦法" in original
    assert _rows(simplified, "SELECT ?o WHERE { ?n qz:originalText ?o }") == []
    assert report.documents[0].label == "某县人民政府办公室关于印发某县行政执法责任制考核办法的通知"


def test_stages_written_date_first_in_a_numbered_list() -> None:
    store, report = _load("dated_stages.txt")
    assert report.documents[0].kind == "notice"
    steps = _rows(
        store,
        """SELECT ?o ?l ?k ?start ?due WHERE { ?n qz:establishes ?s . ?s a qz:RegimeStep ; qz:order ?o ;
        rdfs:label ?l ; qz:stage ?k ; qz:hasDeadline ?d OPTIONAL { ?d qz:startDate ?start }
        OPTIONAL { ?d qz:dueDate ?due } } ORDER BY ?o""",
    )
    assert [s[1:] for s in steps] == [
        ("宣传发动", "regime-step/mobilisation", "2006-04-01", "2006-04-30"),
        ("各部门开展自查整改", "regime-step/adjustment", "", "2006-05-31"),
        ("区政府组织检查验收", "regime-step/review", "2006-06-01", "2006-06-20"),
    ]


def test_an_enumeration_in_a_sentence_is_one_rule_and_a_heading_is_no_rule() -> None:
    store, _ = _load("enumerated_sanctions.txt")
    rules = _rules(store)
    prefix = "某镇人民政府关于严格执法过错责任追究的通知 "
    assert {k: (src.removeprefix(prefix), who, s, e, g) for k, (src, who, s, e, g) in rules.items()} == {
        1: (
            "二、",
            "official",
            {"criticism-education", "circulated-criticism", "removal-from-post", "administrative-sanction"},
            "",
            "视情节轻重",
        ),
        2: ("三、", "official", set(), "rule-effect/exempting", ""),
    }


@pytest.mark.parametrize("name", ["order_rule.txt", "block_rule.txt", "graded_list.txt", "issuing_notice.txt"])
def test_what_a_rule_establishes_is_derived_from_its_own_articles(name: str) -> None:
    store, _ = _load(name)
    established = _rows(store, "SELECT ?x WHERE { ?v a qz:StatuteVersion ; qz:establishes ?x }")
    assert established
    orphans = _rows(
        store,
        """SELECT ?x WHERE { ?v a qz:StatuteVersion ; qz:establishes ?x .
        FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?a . ?a qz:inVersion ?v } }""",
    )
    assert orphans == []


def test_a_menu_line_ending_in_a_looser_form_is_not_taken_for_the_title() -> None:
    from quanze.loaders.notices.page import find_title

    lines = ["政府信息公开制度", "某市人民政府关于加强执法监督的通知", "各区人民政府："]
    assert find_title(lines, "") == 1
    assert find_title(["附件", "某市行政执法考核评分标准", "一、执法依据（10分）"], "") == 1


def test_a_notice_with_a_pkulaw_block_and_no_salutation_keeps_its_dates() -> None:
    store, report = _load("pkulaw_notice.txt")
    [doc] = report.documents
    assert doc.kind == "notice"
    [row] = _rows(
        store,
        """SELECT ?d ?e ?s ?p WHERE { ?n a qz:NormativeDocument ; eli:date_document ?d ;
        eli:first_date_entry_in_force ?e ; qz:statusText ?s ; qz:publisherAsWritten ?p }""",
    )
    assert row == ("2006-04-12", "2006-05-01", "现行有效", "某市人民政府")
    dues = sorted(d for (d,) in _rows(store, "SELECT ?d WHERE { ?x a qz:Deadline ; qz:dueDate ?d }"))
    assert dues == ["2006-05-31", "2006-06-30"]


def test_responsibility_is_divided_among_the_chain() -> None:
    store, report = _load("shares_rule.txt")
    [doc] = report.documents
    assert doc.label == "某县行政执法过错责任划分办法（2011-02-14）"
    shares = _rows(
        store,
        """SELECT ?o ?a ?p ?d ?r WHERE { ?x a qz:ResponsibilityShare ; qz:order ?o ; qz:liableParty ?p ;
        qz:responsibilityDegree ?d ; prov:wasDerivedFrom/qz:number ?a OPTIONAL { ?x qz:liableRole ?r } }""",
    )
    got = sorted((int(o), int(a), p, d.rsplit("/", 1)[1], r.rsplit("/", 1)[1] if r else "") for o, a, p, d, r in shares)
    assert [g[1:] for g in got] == [
        (1, "经办人", "direct", "handler"),
        (2, "经办人", "direct", "handler"),
        (2, "审核人", "direct-leadership", "reviewer"),
        (2, "单位负责人", "indirect-leadership", "department-head"),
        (3, "主持讨论的负责人", "primary-leadership", ""),
        (3, "表示反对意见的人员", "none", ""),
    ]
    [(condition,)] = _rows(
        store,
        """SELECT ?t WHERE { ?x a qz:ResponsibilityShare ; qz:liableParty ?p ; qz:hasCondition/qz:text ?t .
        FILTER(STR(?p) = "主持讨论的负责人") }""",
    )
    assert condition == "经集体讨论决定导致过错的"
