"""Dates, document numbers, organs and the outline, one idea at a time."""

from __future__ import annotations

from datetime import date

import pytest
from quanze.loaders.notices.dates import find_dates, parse_full_date
from quanze.loaders.notices.organs import named_bodies, organ_mentions, place_of
from quanze.loaders.notices.outline import build_outline
from quanze.loaders.notices.references import find_mentions, normalise_number
from quanze.loaders.powerlists.accountability import failure_kinds
from quanze.loaders.vocab import concept


def test_timetable_dates_without_a_year_run_forward_from_the_document_date() -> None:
    context = date(2005, 11, 1)
    found = []
    for text in (
        "动员部署阶段(11月5日前)",
        "调整完善阶段(11月6日一2006年2月28日)",
        "审核验收阶段(3月1日一22日)",
        "公示上网阶段(3月23日一4月15日)",
    ):
        spans, context = find_dates(text, context)
        found.append((spans[0].start, spans[0].due, spans[0].year_inferred))
    assert found == [
        (None, "2005-11-05", True),
        ("2005-11-06", "2006-02-28", True),
        ("2006-03-01", "2006-03-22", True),
        ("2006-03-23", "2006-04-15", True),
    ]


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("于2006年4月15日前全部结束", None, "2006-04-15"),
        ("5月底前", None, "2006-05-31"),
        ("（2005年12月1日至12月20日）", "2005-12-01", "2005-12-20"),
        ("（5月1日—5月31日）", "2006-05-01", "2006-05-31"),
        ("二〇〇六年三月一日起", "2006-03-01", None),
    ],
)
def test_date_forms(text: str, start: str | None, due: str | None) -> None:
    spans, _ = find_dates(text, date(2006, 1, 1))
    assert (spans[0].start, spans[0].due) == (start, due)


def test_a_bare_month_or_a_count_is_not_a_date() -> None:
    assert find_dates("具体包括3项，每年3月", date(2006, 1, 1))[0] == []


def test_closing_dates_in_chinese_numerals() -> None:
    assert parse_full_date("二○○五年十一月一日") == "2005-11-01"
    assert parse_full_date("2005年12月05日") == "2005-12-05"
    assert parse_full_date("2005-11-01") == "2005-11-01"


@pytest.mark.parametrize(
    "written",
    [
        "国办发(2005)37号",
        "国办发〔2005〕37号",
        "国办发[2005]37号",
        "国办发（2005）37号",
        "国办发【2005】37号",
        "国办发［2005］37号",
        "根据国办发〔2005〕037号",
    ],
)
def test_document_numbers_in_any_bracket_are_one_number(written: str) -> None:
    assert normalise_number(written) == "国办发〔2005〕37号"


def test_a_short_name_stands_for_the_document_it_introduces() -> None:
    text = (
        "为认真贯彻落实《国务院办公厅关于推行行政执法责任制的若干意见》(国办发(2005)37号,以下简称《意见》),"
        "要认真按照《意见》的要求，依据《中华人民共和国行政处罚法》第三十八条。"
    )
    mentions = find_mentions(text, {})
    assert [m.number for m in mentions] == ["国办发〔2005〕37号", "国办发〔2005〕37号", None]
    assert mentions[1].title == "国务院办公厅关于推行行政执法责任制的若干意见"
    assert mentions[2].references[0].article == 38 and not mentions[2].is_document


def test_organs_by_role_and_by_name() -> None:
    text = "政府法制、编制、监察、人事等部门要负责指导。市政府法制办、市监察局主要负责同志为成员。"
    roles = {o.role.rsplit("/", 1)[-1] for o in organ_mentions(text)}
    assert {"legal-affairs", "staffing", "supervision", "personnel"} <= roles
    names = [b.name for b in named_bodies(text, place_of("辽宁省大连市人民政府办公厅"))]
    assert names == ["大连市政府法制办", "大连市监察局"]


def test_a_word_running_into_a_bare_place_is_not_part_of_the_name() -> None:
    """业经市人民政府同意 names 市人民政府; 自贡市 and 和田地区 keep their first character."""
    place = place_of("四川省青禾市人民政府办公室")
    text = "《办法》业经市人民政府同意，报请省人民政府批准，由市监察局会同自贡市人民政府办公室负责。"
    assert [b.name for b in named_bodies(text, place)] == [
        "青禾市人民政府",
        "四川省人民政府",
        "青禾市监察局",
        "自贡市人民政府办公室",
    ]


def test_outline_levels_follow_the_order_markers_appear_in() -> None:
    root, preamble = build_outline(["前言。", "一、总则", "1.第一项。", "（1）细目", "2.第二项", "二、附则"])
    assert preamble is not None and preamble.lines == ["前言。"]
    assert [p.label for p in root.walk()[1:]] == ["一、", "一、1.", "一、1.（1）", "一、2.", "二、"]


def test_a_bare_change_of_registration_is_not_a_decision_overturned() -> None:
    overturned = concept("failure-kind", "decision-overturned")
    assert overturned not in failure_kinds("在办理备案或变更备案时，变相收取费用的；")
    assert overturned in failure_kinds("行政处罚决定被行政复议机关或者人民法院撤销、变更或者确认违法的；")
