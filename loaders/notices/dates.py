"""Dates and deadlines as notices write them, resolved to calendar dates.

Notices date their timetable loosely: 11月5日前 (no year), 11月6日一2006年2月28日
(一, the numeral one, typed for a dash), 3月1日一22日 (the end's month left out),
5月底前, 2006年4月15日前, and sign off with 二○○五年十一月一日. A date without a
year is read forward from the document date and from the dates before it in
the text: a timetable runs forward, so 3月1日 after 2006年2月28日 is in 2006.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..numerals import chinese_to_int

_CN = "〇○零OＯ一二三四五六七八九十"
_NUM = rf"(?:\d{{1,4}}|[{_CN}]{{1,4}})"
_ZERO = str.maketrans({"○": "〇", "O": "〇", "Ｏ": "〇", "零": "〇"})
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# One date: [year 年] month 月 [day 日/号 | 底/末/初/上旬/中旬/下旬], or year 年底/年末.
_ONE = (
    rf"(?:(?P<@y>\d{{4}}|[{_CN}]{{4}})\s*年\s*)?(?P<@m>{_NUM})\s*月\s*"
    rf"(?:(?P<@d>{_NUM})\s*[日号]|(?P<@part>底|末|初|上旬|中旬|下旬|份)?)"
)
_YEAR_END = r"(?P<ye>\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*(?:底|末)"
_DAY_ONLY = rf"(?P<dd>{_NUM})\s*[日号]"
_DASH = r"\s*(?:至|到|~|～|——|—|–|－|-|一)\s*"
DATE_RE = re.compile(
    rf"(?:{_ONE.replace('@', 'a')}|{_YEAR_END})"
    rf"(?:{_DASH}(?:{_ONE.replace('@', 'b')}|{_DAY_ONLY}))?"
    r"(?P<suffix>\s*(?:以前|之前|前|止|为止|以后|之后|起|开始))?"
)
#: How far a yearless date may fall before the current date and still be read in its year.
SLACK = timedelta(days=31)


@dataclass
class DateSpan:
    """A date or period found in text, as written and as ISO dates."""

    text: str
    start_pos: int
    end_pos: int
    start: str | None  # the first day of a period, or the day of a single date not bounded by 前
    due: str | None  # the last day: the end of a period, or a date followed by 前/止
    year_inferred: bool

    @property
    def last(self) -> str | None:
        return self.due or self.start


def _int(text: str | None) -> int | None:
    if not text:
        return None
    text = text.translate(_FULLWIDTH).translate(_ZERO)
    try:
        return chinese_to_int(text)
    except ValueError:
        return None


def _day_of(year: int, month: int, day: int | None, part: str | None, end: bool) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = {
            "底": last,
            "末": last,
            "下旬": last,
            "初": 10 if end else 1,
            "上旬": 10 if end else 1,
            "中旬": 20 if end else 11,
        }.get(part or "", last if end else 1)
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


def _resolve(
    year: int | None, month: int, day: int | None, part: str | None, context: date | None, end: bool
) -> tuple[date | None, bool]:
    """(date, year inferred) for one written date, reading a missing year forward from ``context``."""
    if year is not None:
        return _day_of(year, month, day, part, end), False
    if context is None:
        return None, True
    found = _day_of(context.year, month, day, part, end)
    if found is not None and found < context - SLACK:
        found = _day_of(context.year + 1, month, day, part, end)
    return found, True


def parse_full_date(text: str) -> str | None:
    """An ISO date from a complete date: 2005-11-01, 2005年11月1日, 2005.11.1, 二○○五年十一月一日."""
    flat = text.strip().translate(_FULLWIDTH).replace(" ", "")
    m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", flat)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(rf"([{_CN}]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日", flat)
        if not m:
            return None
        y, mo, d = (_int(g) or 0 for g in m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str, context: date | None) -> tuple[list[DateSpan], date | None]:
    """Every date or period in ``text``, and the context date after them (for the next text)."""
    spans: list[DateSpan] = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        inferred = False
        if g.get("ye"):
            y = _int(g["ye"])
            first = date(y, 12, 31) if y else None
        else:
            month = _int(g["am"])
            if month is None or (
                g["ay"] is None
                and g["ad"] is None
                and not g["apart"]
                and not g.get("bm")
                and not g.get("dd")
                and not g["suffix"]
            ):
                continue  # a bare "3月" is not a date anyone has to meet
            first, inferred = _resolve(
                _int(g["ay"]),
                month,
                _int(g["ad"]),
                g["apart"],
                context,
                end=bool((g["suffix"] or "").strip() in ("前", "以前", "之前", "止", "为止")),
            )
        if first is None:
            continue
        second: date | None = None
        if g.get("bm"):
            second, inf2 = _resolve(_int(g["by"]), _int(g["bm"]) or 0, _int(g["bd"]), g["bpart"], first, end=True)
            inferred = inferred or inf2
        elif g.get("dd"):
            day = _int(g["dd"])
            second = _day_of(first.year, first.month, day, None, True) if day else None
        suffix = (g["suffix"] or "").strip()
        if second is not None:
            start, due = first, second
        elif suffix in ("前", "以前", "之前", "止", "为止"):
            start, due = None, first
        else:
            start, due = first, None
        latest = max(d for d in (start, due) if d is not None)
        context = latest if context is None else max(context, latest)
        spans.append(
            DateSpan(
                m.group().strip(),
                m.start(),
                m.end(),
                start.isoformat() if start else None,
                due.isoformat() if due else None,
                inferred,
            )
        )
    return spans, context
