"""Join a 责任清单 to its 权力清单: one set of powers from two tables.

Many portals publish a department's powers (name, type, basis, department)
and its responsibilities (责任事项, 追责情形, 追责对象 …, but no 权力类型) as two
files or two sheets. The rows are joined by item code, else by normalised
name (and sub-item name); the responsibilities fill only what the power's own
row leaves empty. Rows that match nothing are reported, never silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .organisations import clean
from .records import Joined, Record, SheetRecords

#: Fields a 责任清单 contributes to the powers it joins.
RESPONSIBILITY_FIELDS = (
    "duties",
    "duty_basis",
    "liable",
    "accountability",
    "accountability_basis",
    "remedy",
    "statutory_limit",
    "committed_limit",
    "function",
    "procedure",
    "post",
)
#: Roles that make a sheet without power types a 责任清单.
RESPONSIBILITY_ROLES = ("duties", "accountability", "liable", "duty_basis")
_NAME_NOISE = re.compile(r"[\s\u3000\"'“”‘’《》〈〉【】\[\]()（）、，,。.；;：:·\-—_]+")
_ENUM = re.compile(r"^[\s\u3000]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[.．、)）]")


def name_key(text: str) -> str:
    """A name as both tables may write it: no enumerator, spaces, brackets or punctuation."""
    return _NAME_NOISE.sub("", _ENUM.sub("", clean(text)))


def code_key(text: str) -> str:
    return re.sub(r"\s+", "", clean(text)).upper()


@dataclass
class Unmatched:
    """A 责任清单 row that matches no power, for the load summary."""

    source: str
    sheet: str
    row: int  # 1-based
    name: str
    code: str

    def as_dict(self) -> dict[str, object]:
        return self.__dict__.copy()

    def __str__(self) -> str:
        code = f" (code {self.code})" if self.code else ""
        return (
            f"责任清单 {self.source} sheet {self.sheet!r} row {self.row}: {self.name!r}{code} matches no power "
            "by code or name; its responsibilities are not in the graph"
        )


@dataclass
class JoinReport:
    joined: int = 0  # responsibility rows joined to a power
    unmatched: list[Unmatched] = field(default_factory=list)
    powers_without: int = 0  # powers (or sub-items) no responsibility row joined


@dataclass
class _Index:
    by_code: dict[str, list[Record]] = field(default_factory=dict)
    by_name: dict[str, list[Record]] = field(default_factory=dict)
    by_sub: dict[tuple[str, str], Record] = field(default_factory=dict)
    sub_by_name: dict[str, list[Record]] = field(default_factory=dict)


def _index(powers: list[SheetRecords]) -> _Index:
    idx = _Index()
    for sr in powers:
        for rec in sr.records:
            if code_key(rec.get("code")):
                idx.by_code.setdefault(code_key(rec.get("code")), []).append(rec)
            idx.by_name.setdefault(name_key(rec.get("name")), []).append(rec)
            for sub in rec.subitems:
                if code_key(sub.get("code")) and code_key(sub.get("code")) != code_key(rec.get("code")):
                    idx.by_code.setdefault(code_key(sub.get("code")), []).append(sub)
                key = name_key(sub.get("subitem"))
                idx.by_sub[(name_key(rec.get("name")), key)] = sub
                idx.sub_by_name.setdefault(key, []).append(sub)
    return idx


def _targets(idx: _Index, rec: Record, sub: Record | None) -> list[Record]:
    """The power records a responsibility row (or one of its sub-items) belongs to."""
    row = sub or rec
    code = code_key(row.get("code"))
    if code and code in idx.by_code:
        return idx.by_code[code]
    name = name_key(rec.get("name"))
    if sub is not None:
        key = name_key(sub.get("subitem"))
        if (name, key) in idx.by_sub:
            return [idx.by_sub[(name, key)]]
        if len(idx.sub_by_name.get(key, [])) == 1:
            return idx.sub_by_name[key]
        return []
    return idx.by_name.get(name, [])


def join_responsibilities(
    powers: list[SheetRecords], duties: list[tuple[str, SheetRecords]], report: JoinReport
) -> None:
    """Fill the powers' empty responsibility fields from ``duties`` ((source file, sheet records)) in place."""
    idx = _index(powers)
    touched: set[int] = set()
    for source, sr in duties:
        for rec in sr.records:
            for part in rec.subitems or [None]:
                row = part or rec
                targets = _targets(idx, rec, part)
                if not targets:
                    report.unmatched.append(
                        Unmatched(source, sr.sheet.name, row.rows[0] + 1, _label(rec, part), clean(row.get("code")))
                    )
                    continue
                report.joined += 1
                for target in targets:
                    for t in [target, *target.subitems]:
                        _fill(t, row, source, sr.sheet.name)
                        touched.add(id(t))
    report.powers_without = sum(
        1
        for sr in powers
        for rec in sr.records
        for t in (rec.subitems or [rec])
        if id(t) not in touched and id(rec) not in touched
    )


def _label(rec: Record, sub: Record | None) -> str:
    name = clean(rec.get("name"))
    return f"{name} / {clean(sub.get('subitem'))}" if sub is not None else name


def _fill(target: Record, source_row: Record, source: str, sheet: str) -> None:
    values = source_row.levels[0]
    filled: set[str] = set()
    for level in target.levels:
        for fld in RESPONSIBILITY_FIELDS:
            if values.get(fld, "").strip() and not level.get(fld, "").strip():
                level[fld] = values[fld]
                filled.add(fld)
    if filled:
        target.joined.append(Joined(source, sheet, source_row.rows[0], source_row.rows[-1], frozenset(filled)))
