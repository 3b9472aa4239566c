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
from .roles import HEADER_CONTAINS, HEADER_EXACT, SAMPLE_ROWS, Choice, choose_roles, column_letter, header_words
from .workbook import Sheet

HEADER_SEARCH_ROWS = 20
HEADER_MAX_CHARS = 20  # longer cells are data, not header names
_NOISE = re.compile(r"[\s\u3000\u200b\ufeff\xa0*＊:：]+")
_BRACKETS = str.maketrans("()[]", "（）【】")

CONTENT_SEARCH_ROWS = 60  # rows read per candidate when the header is found by content
#: Roles of which a table found by content must show two besides the name.
_CORE = {"type", "basis", "department", "unit", "duties", "accountability", "code", "level"}
#: Roles as errors and summaries name them.
ROLE_LABELS = {
    "serial": "序号",
    "code": "事项编码",
    "name": "事项名称",
    "subitem": "子项名称",
    "type": "权力类型",
    "basis": "实施依据",
    "department": "行使主体",
    "responsible_body": "责任主体",
    "unit": "承办机构",
    "post": "承办岗位",
    "level": "行使层级",
    "scope": "权限",
    "function": "部门职责",
    "duties": "责任事项",
    "duty_basis": "责任事项依据",
    "liable": "追责对象范围",
    "accountability": "追责情形",
    "accountability_basis": "追责依据",
    "remarks": "备注",
    "statutory_limit": "法定期限",
    "committed_limit": "承诺期限",
    "remedy": "救济渠道",
    "target": "实施对象",
    "conditions": "申请条件",
    "materials": "申请材料",
    "fees": "收费依据",
    "area": "行政区划",
    "parent_org": "上级机构",
    "procedure": "办理流程",
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


def header_role(header: str) -> tuple[str, float] | None:
    """(role, strength) a header names: a listed name, a name containing one, or a weak header word."""
    key = normalise_header(header)
    if not key:
        return None
    aliases = column_aliases()
    if key in aliases:
        return aliases[key], HEADER_EXACT
    found = field_of(header)
    if found:
        return found, HEADER_CONTAINS
    return header_words(key)


def role_named(text: str) -> str | None:
    """A role as a columns file names it: a field (``name``) or a listed column name (事项名称)."""
    key = normalise_header(text)
    if key in ROLE_LABELS:
        return key
    return column_aliases().get(key)


@dataclass
class Layout:
    """Where a sheet's data starts and which column holds which field."""

    header_row: int  # 0-based index of the (last) header row
    columns: dict[str, list[int]] = field(default_factory=dict)  # field → column indexes, in order
    headers: dict[int, str] = field(default_factory=dict)  # column → header text as written
    choices: list[Choice] = field(default_factory=list)  # how each column's role was chosen
    seen: dict[int, str] = field(default_factory=dict)  # every non-empty header cell, mapped or not
    top_row: int = 0  # 0-based first header row (the row above ``header_row`` for a two-row header)

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, fld: str) -> int | None:
        cols = self.columns.get(fld)
        return cols[0] if cols else None

    def missing(self, roles: tuple[str, ...]) -> list[str]:
        return [r for r in roles if r not in self.columns]


def _row_fields(sheet: Sheet, r: int) -> dict[int, str]:
    found = {}
    for c in range(len(sheet.rows[r])):
        if (r, c) in sheet.merged_from:
            continue
        text = normalise_header(sheet.value(r, c))
        # Header cells are short; a long data cell may contain a column name (…法定期限内…).
        fld = field_of(text) if len(text) <= HEADER_MAX_CHARS else None
        if fld:
            found[c] = fld
    return found


def first_table_row(sheet: Sheet) -> int | None:
    """The first row with two cells or more (a table's header, when nothing else could be told)."""
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        if sum(1 for v in sheet.rows[r] if v.strip()) >= 2:
            return r
    return None


def _header_by_names(sheet: Sheet) -> int | None:
    """The row naming the most listed columns (at least three), or None."""
    best: tuple[int, int] | None = None  # (score, row)
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        distinct = set(_row_fields(sheet, r).values())
        score = len(distinct) + (1 if "name" in distinct else 0)
        if len(distinct) >= 3 and (best is None or score > best[0]):
            best = (score, r)
    return best[1] if best else None


def _looks_like_header(sheet: Sheet, r: int) -> bool:
    cells = [v.strip() for c, v in enumerate(sheet.rows[r]) if (r, c) not in sheet.merged_from and v.strip()]
    return len(cells) >= 3 and all(len(normalise_header(v)) <= HEADER_MAX_CHARS and "《" not in v for v in cells)


def _header_by_content(sheet: Sheet) -> int | None:
    """The row above which the cells say most clearly what each column is, when no row names listed columns."""
    best: tuple[int, int] | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows) - 1)):
        if not _looks_like_header(sheet, r):
            continue
        cells = column_cells(sheet, r + 1, CONTENT_SEARCH_ROWS)
        roles = {ch.role for ch in choose_roles({}, cells, lambda _: None)}
        if "name" in roles and len(roles & _CORE) >= 2 and (best is None or len(roles) > best[0]):
            best = (len(roles), r)
    return best[1] if best else None


def column_cells(sheet: Sheet, start: int, count: int) -> dict[int, list[str]]:
    rows = range(start, min(len(sheet.rows), start + count))
    return {c: [sheet.value(r, c) for r in rows] for c in range(sheet.ncols)}


def _fixed(texts: dict[int, str], ncols: int, named: dict[str, str]) -> dict[int, str]:
    """Columns a columns file names, by header text, letter (C) or 1-based number (3)."""
    keys = {normalise_header(k): v for k, v in named.items()}
    fixed = {}
    for c in range(ncols):
        for key in (normalise_header(texts.get(c, "")), column_letter(c), str(c + 1)):
            if key and key in keys:
                fixed[c] = keys[key]
                break
    return fixed


def header_key(sheet: Sheet, layout: Layout) -> tuple[str, ...]:
    """A sheet's header as text, to find the sheets of a workbook that share one."""
    return tuple(
        normalise_header(sheet.value(r, c))
        for r in range(layout.top_row, layout.header_row + 1)
        for c in range(sheet.ncols)
    )


def find_header(sheet: Sheet, key: tuple[str, ...], width: int, rows: int) -> int | None:
    """The row where a sheet repeats a known header (``rows`` header rows of ``width`` columns), or None."""
    for r in range(min(HEADER_SEARCH_ROWS, len(sheet.rows) - rows + 1)):
        found = tuple(normalise_header(sheet.value(r + i, c)) for i in range(rows) for c in range(width))
        if found == key and sum(1 for t in key if t) >= 3:
            return r
    return None


def _by_content(layout: Layout | None) -> bool:
    """Whether the cells, not the header, decided any column (or nothing was decided)."""
    return layout is None or "name" not in layout.columns or any(ch.how != "header" for ch in layout.choices)


def find_layouts(sheets: list[Sheet], source: str, named: dict[str, str] | None = None) -> list[Layout | None]:
    """The layout of every sheet, the sheets with one header scored together.

    Workbooks put each power type on its own sheet under the same header; a
    sheet of one or two rows says little by itself, all of them together say
    what each column is.
    """
    layouts = [find_layout(sheet, source, named) for sheet in sheets]
    groups: dict[tuple[str, ...], list[int]] = {}
    shape: dict[tuple[str, ...], tuple[int, int]] = {}
    for i, (sheet, layout) in enumerate(zip(sheets, layouts, strict=True)):
        if layout is not None and "name" in layout.columns:
            key = header_key(sheet, layout)
            groups.setdefault(key, []).append(i)
            shape[key] = (sheet.ncols, layout.header_row - layout.top_row + 1)
    for i, (sheet, layout) in enumerate(zip(sheets, layouts, strict=True)):
        if layout is None or "name" not in layout.columns:
            for key, (width, rows) in shape.items():
                if sheet.ncols == width and find_header(sheet, key, width, rows) is not None:
                    groups[key].append(i)
                    break
    for key, members in groups.items():
        if len(members) < 2 or not any(_by_content(layouts[i]) for i in members):
            continue
        starts = {i: find_header(sheets[i], key, *shape[key]) for i in members}
        cells: dict[int, list[str]] = {}
        for i in members:
            rows = shape[key][1]
            for c, values in column_cells(sheets[i], starts[i] + rows, SAMPLE_ROWS).items():
                cells.setdefault(c, []).extend(values)
        for i in members:
            layouts[i] = find_layout(sheets[i], source, named, header=starts[i], pooled=cells)
    return layouts


def find_layout(
    sheet: Sheet,
    source: str,
    named: dict[str, str] | None = None,
    header: int | None = None,
    pooled: dict[int, list[str]] | None = None,
) -> Layout | None:
    """The header of a sheet and the role of each column, or None when the sheet holds no table.

    ``named`` maps header text, column letter or number to a role (from a
    columns file); those columns are not scored. ``header`` forces the
    header row, ``pooled`` adds the cells of sheets with the same header
    (a workbook with one sheet per power type) to the scoring.
    """
    if header is None:
        header = _header_by_names(sheet)
    if header is None:
        header = _header_by_content(sheet)
    if header is None:
        return None
    ncols = sheet.ncols
    sub = _sub_header(sheet, header, ncols)
    texts = {c: sheet.value(header, c) for c in range(ncols)}
    texts.update(sub)
    layout = Layout(header + 1 if sub else header, top_row=header)
    layout.seen = {c: t for c, t in texts.items() if t.strip()}
    cells = pooled if pooled is not None else column_cells(sheet, layout.first_data_row, SAMPLE_ROWS)
    fixed = _fixed(texts, ncols, named or {})
    layout.choices = choose_roles(texts, cells, header_role, fixed)
    for ch in layout.choices:
        layout.headers[ch.column] = texts.get(ch.column, "")
        layout.columns.setdefault(ch.role, []).append(ch.column)
    # 实施层级及权限 spread over two columns (merged, repeated, or with a blank second
    # header cell): the second one is the scope.
    levels = layout.columns.get("level", [])
    if len(levels) > 1 and _scope_by_content_only(layout):
        # The cells took a 负责… column for the scope; the level's second column is it, that one the function.
        layout.columns.setdefault("function", []).extend(layout.columns.pop("scope"))
    if len(levels) > 1 and "scope" not in layout.columns:
        layout.columns["scope"] = levels[1:2]
        layout.columns["level"] = levels[:1]
    elif (
        len(levels) == 1
        and "scope" not in layout.columns
        and levels[0] + 1 not in layout.headers
        and normalise_header(texts.get(levels[0] + 1, "")) == normalise_header(layout.headers[levels[0]])
    ):
        # One header written over both columns (merged or repeated), the level found by its cells.
        layout.columns["scope"] = [levels[0] + 1]
        layout.headers[levels[0] + 1] = layout.headers[levels[0]]
    elif len(levels) == 1 and "scope" not in layout.columns and _level_and_scope(layout, levels[0]):
        nxt = levels[0] + 1
        if nxt < ncols and not sheet.value(header, nxt).strip() and nxt not in layout.headers:
            layout.columns["scope"] = [nxt]
            layout.headers[nxt] = layout.headers[levels[0]]
    return layout


def _scope_by_content_only(layout: Layout) -> bool:
    scope = layout.columns.get("scope", [])
    return (
        bool(scope)
        and "function" not in layout.columns
        and all(ch.how == "content" for ch in layout.choices if ch.column in scope)
    )


def _level_and_scope(layout: Layout, level: int) -> bool:
    """Whether the level's header may cover the blank-headed column after it: it says 权限, or the cells chose it."""
    return "权限" in layout.headers[level] or any(ch.column == level and ch.how == "content" for ch in layout.choices)


def _sub_header(sheet: Sheet, header: int, ncols: int) -> dict[int, str]:
    """Second header row: names under a header cell merged across several columns.

    A CSV keeps no merges: there the row below is a second header when every
    cell it fills looks like a header name and one stands under a blank
    header cell (办理时限 | (blank) over 法定期限 | 承诺期限).
    """
    below = header + 1
    if below >= len(sheet.rows):
        return {}
    if not sheet.merged_from:
        return _unmerged_sub_header(sheet, header, ncols)
    names: dict[int, str] = {}
    spanned: dict[int, str] = {}  # header-like texts under a spanning header cell
    elsewhere = False  # a text not under a spanning header cell: the row is data
    for c in range(ncols):
        parent_origin = sheet.merged_from.get((header, c), (header, c))
        spans_columns = sheet.merge_width(*parent_origin) > 1
        text = sheet.value(below, c) if sheet.is_fresh(below, c) else ""
        if spans_columns and text and field_of(text) and not re.search(r"\d", text):
            names[c] = text
        if spans_columns and text and _header_like(text):
            spanned[c] = text
        elif text.strip():
            elsewhere = True
    if len(names) >= 2:
        return names
    # Names no list here uses: the row is a header when every text it holds sits under a spanning cell.
    return spanned if len(spanned) >= 2 and not elsewhere else {}


def _header_like(text: str) -> bool:
    return len(normalise_header(text)) <= HEADER_MAX_CHARS and "《" not in text and not re.fullmatch(r"[\d.\s]+", text)


def _unmerged_sub_header(sheet: Sheet, header: int, ncols: int) -> dict[int, str]:
    top, row = sheet.rows[header], sheet.rows[header + 1]
    names = {c: text.strip() for c, text in enumerate(row) if text.strip()}
    header_like = all(_header_like(t) for t in names.values())
    under_blank = any(c < len(top) and not top[c].strip() for c in names)
    return names if len(names) >= 2 and header_like and under_blank else {}
