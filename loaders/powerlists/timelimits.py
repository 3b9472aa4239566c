"""Time limits as written (20个工作日, 二十日, 3个月, 即办) into numbers and units."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_N = f"[{CHINESE_NUMERAL_CHARS}0-9０-９.]+"
_LIMIT = re.compile(rf"({_N})\s*(?:个)?\s*(工作日|自然日|日|天|个月|月|年|小时)")
_IMMEDIATE = re.compile(r"即办|当场|即时|立即办结|当日办结")
# One 办理时限 cell often gives both: 法定20个工作日，承诺10个工作日 / 法定时限：60日；承诺时限：30日.
_KIND = re.compile(r"(法定|承诺)")
_KINDS = {"法定": "statutory", "承诺": "committed"}


@dataclass(frozen=True)
class TimeLimit:
    amount: float
    unit: str  # "working-day", "day", "month", "year" or "hour"
    text: str

    def in_days(self) -> float:
        """Comparable length in calendar days (a working day counts as 7/5 day)."""
        factor = {"working-day": 1.4, "day": 1.0, "month": 30.0, "year": 365.0, "hour": 1 / 24}
        return self.amount * factor[self.unit]


_UNITS = {
    "工作日": "working-day",
    "自然日": "day",
    "日": "day",
    "天": "day",
    "个月": "month",
    "月": "month",
    "年": "year",
    "小时": "hour",
}


def parse_limit(text: str) -> TimeLimit | None:
    """The first time limit in ``text``, or None. 即办 and 当场 are zero days."""
    text = text.strip()
    if not text:
        return None
    m = _LIMIT.search(text)
    if m:
        raw = m.group(1)
        try:
            amount = float(raw) if re.fullmatch(r"[0-9.]+", raw) else float(chinese_to_int(raw))
        except ValueError:
            return None
        return TimeLimit(amount, _UNITS[m.group(2)], text)
    if _IMMEDIATE.search(text):
        return TimeLimit(0.0, "day", text)
    return None


def labelled_limits(text: str) -> dict[str, TimeLimit]:
    """The limits a cell labels itself: ``statutory`` after 法定, ``committed`` after 承诺.

    Each label's limit is the first one between it and the next label, its text that
    segment (法定20个工作日). A cell without either label gives nothing here: the column
    it stands in says which limit it is.
    """
    marks = list(_KIND.finditer(text))
    found: dict[str, TimeLimit] = {}
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        segment = text[m.start() : end].strip(" ，,；;。（）()\n")
        limit = parse_limit(segment)
        kind = _KINDS[m.group(1)]
        if limit and kind not in found:
            found[kind] = limit
    return found
