"""Group a sheet's rows into powers, sub-items and their level rows.

A power may span several rows: merged cells repeat its 序号 and name over
its sub-items (子项), or — exported to CSV — leave them blank below the first;
a row may continue the previous one with one more cell (a second 追责情形); a
row with another 行使主体 or 层级 lists the same power at another level of
government. Only *fresh* cells — written in this row, not
repeated by a merge from above — start anything new. Footnote rows and
banners are skipped and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError
from .layout import Layout, normalise_header
from .roles import SECTION_NUMBER
from .workbook import Sheet

_FOOTNOTE = re.compile(r"^[\s\u3000]*(备注|注[:：\s]|注\d|说明[:：]|附注|填表说明|填报说明|注释|※|\*)")
# A section heading inside the table: 一、行政许可（12项）, 行政处罚类, 第二部分 行政强制.
_SECTION = re.compile(rf"{SECTION_NUMBER.pattern}|[（(]\s*\d+\s*项\s*[）)]|类$")
LEVEL_FIELDS = ("department", "unit", "level", "scope")


@dataclass(frozen=True)
class Joined:
    """责任清单 rows joined to a record, and the fields they filled."""

    file: str
    sheet: str
    first_row: int  # 0-based
    last_row: int
    fields: frozenset[str]


@dataclass
class Record:
    """A power or a sub-item, with the rows it was read from."""

    sheet: str
    rows: list[int]  # 0-based sheet rows, in order
    levels: list[dict[str, str]]  # one value set per level row; the first is the power's own
    level_rows: list[int]  # the sheet row where each level row starts
    subitems: list[Record] = field(default_factory=list)
    section: str | None = None  # the section heading above it (一、行政许可), when the table has them
    joined: list[Joined] = field(default_factory=list)  # 责任清单 rows whose responsibilities it took

    @property
    def values(self) -> dict[str, str]:
        return self.levels[0]

    def get(self, fld: str) -> str:
        return self.levels[0].get(fld, "")


@dataclass
class SheetRecords:
    sheet: Sheet
    layout: Layout
    records: list[Record]
    skipped: list[tuple[int, str]]  # (0-based row, reason)


def row_values(sheet: Sheet, layout: Layout, r: int) -> tuple[dict[str, str], dict[str, bool]]:
    """Field values of a row (several columns of one field are joined) and which are fresh."""
    values: dict[str, str] = {}
    fresh: dict[str, bool] = {}
    for fld, cols in layout.columns.items():
        parts: list[str] = []
        is_fresh = False
        for c in cols:
            text = sheet.value(r, c).strip()
            if text and text not in parts:
                parts.append(text)
            if sheet.is_fresh(r, c) and sheet.value(r, c).strip():
                is_fresh = True
        values[fld] = "\n".join(parts)
        fresh[fld] = is_fresh
    return values, fresh


def _is_footnote(sheet: Sheet, layout: Layout, r: int) -> bool:
    cells = [
        (c, sheet.value(r, c))
        for c in range(len(sheet.rows[r]))
        if sheet.is_fresh(r, c) and (r, c) not in sheet.merged_from and sheet.value(r, c).strip()
    ]
    if not cells:
        return False
    first_col, first = cells[0]
    name_col = layout.column("name")
    if _FOOTNOTE.match(first) and (name_col is None or first_col <= name_col):
        return not sheet.value(r, name_col).strip() or sheet.merged_from.get((r, name_col)) == (r, first_col)
    width = sheet.merge_width(r, first_col)
    return len(cells) == 1 and width >= max(3, sheet.ncols // 2)


def _fresh_texts(sheet: Sheet, r: int) -> list[tuple[int, str]]:
    return [
        (c, sheet.value(r, c).strip())
        for c in range(len(sheet.rows[r]))
        if sheet.is_fresh(r, c) and (r, c) not in sheet.merged_from and sheet.value(r, c).strip()
    ]


def _is_section(sheet: Sheet, r: int) -> str | None:
    """The heading text when the row is a section heading: one short text, numbered or counting items."""
    cells = _fresh_texts(sheet, r)
    texts = {t for _, t in cells}
    if len(texts) != 1:
        return None
    text = texts.pop()
    return text if len(text) <= 40 and _SECTION.search(text) else None


def _is_repeated_header(sheet: Sheet, layout: Layout, r: int) -> bool:
    """Printed lists repeat the header on every page: three cells or more as the header writes them."""
    same = 0
    for c, text in layout.headers.items():
        cell = sheet.value(r, c)
        if (
            len(cell) <= 2 * len(text) + 8
            and normalise_header(text)
            and normalise_header(cell) == normalise_header(text)
        ):
            same += 1
    return same >= 3


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def read_records(sheet: Sheet, layout: Layout, source: str) -> SheetRecords:
    records: list[Record] = []
    skipped: list[tuple[int, str]] = []
    current: Record | None = None
    target: Record | None = None  # the record continuation rows add to (power or sub-item)
    section: str | None = None
    for r in range(layout.first_data_row, len(sheet.rows)):
        values, fresh = row_values(sheet, layout, r)
        if not any(fresh.values()):
            if current is not None and any(v for v in values.values()):
                # All cells repeat merges from above: the record spans this row.
                current.rows.append(r)
                if target is not None and target is not current:
                    target.rows.append(r)
            continue
        heading = _is_section(sheet, r)
        if heading is not None:
            section = heading
            skipped.append((r, f"section heading {heading!r}"))
            continue
        if _is_footnote(sheet, layout, r):
            skipped.append((r, "footnote or banner row"))
            continue
        if _is_repeated_header(sheet, layout, r):
            skipped.append((r, "repeated header row"))
            continue
        serial, name, sub = values.get("serial", ""), values.get("name", ""), values.get("subitem", "")
        new_serial = fresh.get("serial", False) and (current is None or not _same(serial, current.get("serial")))
        new_name = fresh.get("name", False) and (current is None or not _same(name, current.get("name")))
        # A CSV export of merged cells writes the name once: a numbered row with a blank name
        # and a sub-item of its own is the next sub-item of the power above.
        next_subitem = current is not None and not name.strip() and fresh.get("subitem", False) and sub.strip()
        if current is None or new_name or (new_serial and not next_subitem):
            if not name.strip():
                col = layout.column("name")
                raise SourceError(
                    source,
                    "expected a power name (事项名称) where a new item starts",
                    sheet=sheet.name,
                    row=r + 1,
                    column=col,
                    column_name=layout.headers.get(col or 0),
                )
            current = Record(sheet.name, [r], [values], [r], section=section)
            records.append(current)
            target = current
            if sub.strip():
                target = Record(sheet.name, [r], [dict(values)], [r])
                current.subitems.append(target)
            continue
        current.rows.append(r)
        if (
            fresh.get("subitem", False)
            and sub.strip()
            and (not current.subitems or not _same(sub, current.subitems[-1].get("subitem")))
        ):
            target = Record(sheet.name, [r], [values], [r])
            current.subitems.append(target)
            continue
        assert target is not None
        if target is not current:
            target.rows.append(r)
        if any(fresh.get(f) and values.get(f) and not _same(values[f], target.get(f)) for f in ("department", "level")):
            target.levels.append(values)
            target.level_rows.append(r)
            continue
        # A continuation row: append what it adds.
        last = target.levels[-1]
        for fld, text in values.items():
            if fresh.get(fld) and text and text not in last.get(fld, ""):
                last[fld] = f"{last[fld]}\n{text}" if last.get(fld) else text
    return SheetRecords(sheet, layout, records, skipped)
