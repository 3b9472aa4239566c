"""Find a sheet's header and map its columns to fields.

Lists put one to three title rows above the header, spread the header over
two rows with merged cells, repeat a merged header over two columns
(实施层级及权限 = level and scope) and name the same field in many ways. The
names live in ``columns.tsv``; this module only decides which row is the
header and which column is which field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

from ..errors import SourceError
from .workbook import Sheet

HEADER_SEARCH_ROWS = 20
_NOISE = re.compile(r"[\s\u3000\u200b\ufeff\xa0*＊:：]+")
_BRACKETS = str.maketrans("()[]", "（）【】")

#: Fields a sheet must have to be read as a power list.
REQUIRED = ("name",)
#: Field names shown in errors.
FIELD_LABELS = {
    "name": "事项名称",
    "type": "权力类型",
    "basis": "实施依据",
    "department": "行使主体",
    "unit": "承办机构",
    "serial": "序号",
}


def normalise_header(text: str) -> str:
    return _NOISE.sub("", text).translate(_BRACKETS)


@cache
def column_aliases() -> dict[str, str]:
    """Header name (normalised) → field, from ``columns.tsv``."""
    path = files("quanze.loaders.powerlists").joinpath("columns.tsv")
    aliases: dict[str, str] = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise SourceError(str(path), "expected 'field<TAB>column name'", line=lineno)
        aliases[normalise_header(parts[1])] = parts[0]
    return aliases


@lru_cache(maxsize=8192)
def field_of(header: str) -> str | None:
    """The field a header cell names, or None (kept: every row is asked whether it repeats the header)."""
    key = normalise_header(header)
    if not key:
        return None
    aliases = column_aliases()
    if key in aliases:
        return aliases[key]
    # 事项名称（主项）, 承办机构（责任科室）: the longest listed name the cell contains.
    best = None
    for alias, fld in aliases.items():
        if len(alias) >= 3 and alias in key and (best is None or len(alias) > len(best[0])):
            best = (alias, fld)
    return best[1] if best else None


@dataclass
class Layout:
    """Where a sheet's data starts and which column holds which field."""

    header_row: int  # 0-based index of the (last) header row
    columns: dict[str, list[int]] = field(default_factory=dict)  # field → column indexes, in order
    headers: dict[int, str] = field(default_factory=dict)  # column → header text as written

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, fld: str) -> int | None:
        cols = self.columns.get(fld)
        return cols[0] if cols else None


def _row_fields(sheet: Sheet, r: int) -> dict[int, str]:
    found = {}
    for c in range(len(sheet.rows[r])):
        if (r, c) in sheet.merged_from:
            continue
        fld = field_of(sheet.value(r, c))
        if fld:
            found[c] = fld
    return found


def find_layout(sheet: Sheet, source: str) -> Layout | None:
    """The header of a sheet, or None when the sheet holds no list (empty, notes only)."""
    best: tuple[int, int] | None = None  # (score, row)
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        fields = _row_fields(sheet, r)
        distinct = set(fields.values())
        if "name" not in distinct:
            continue
        score = len(distinct)
        if score >= 3 and (best is None or score > best[0]):
            best = (score, r)
    if best is None:
        return None
    header = best[1]
    layout = Layout(header)
    ncols = sheet.ncols
    sub = _sub_header(sheet, header, ncols)
    for c in range(ncols):
        text = sheet.value(header, c)
        fld = field_of(text)
        if sub and c in sub:
            text, fld = sub[c], field_of(sub[c]) or fld
        if not fld:
            continue
        layout.headers[c] = text
        layout.columns.setdefault(fld, []).append(c)
    if sub:
        layout.header_row = header + 1
    # 实施层级及权限 spread over two columns (merged, repeated, or with a blank second
    # header cell): the second one is the scope.
    levels = layout.columns.get("level", [])
    if len(levels) > 1 and "scope" not in layout.columns:
        layout.columns["scope"] = levels[1:2]
        layout.columns["level"] = levels[:1]
    elif len(levels) == 1 and "scope" not in layout.columns and "权限" in layout.headers[levels[0]]:
        nxt = levels[0] + 1
        if nxt < ncols and not sheet.value(header, nxt).strip() and nxt not in layout.headers:
            layout.columns["scope"] = [nxt]
            layout.headers[nxt] = layout.headers[levels[0]]
    for fld in REQUIRED:
        if fld not in layout.columns:
            raise SourceError(
                source, f"missing required column for {FIELD_LABELS[fld]}", sheet=sheet.name, row=header + 1
            )
    return layout


def _sub_header(sheet: Sheet, header: int, ncols: int) -> dict[int, str]:
    """Second header row: names under a header cell merged across several columns."""
    below = header + 1
    if below >= len(sheet.rows):
        return {}
    names: dict[int, str] = {}
    for c in range(ncols):
        parent_origin = sheet.merged_from.get((header, c), (header, c))
        spans_columns = sheet.merge_width(*parent_origin) > 1
        text = sheet.value(below, c) if sheet.is_fresh(below, c) else ""
        if spans_columns and text and field_of(text) and not re.search(r"\d", text):
            names[c] = text
    return names if len(names) >= 2 else {}
