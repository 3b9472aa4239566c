"""Read any spreadsheet-like file into grids of text with their merged cells.

Published lists arrive as ``.xls`` (BIFF), ``.xlsx``, CSV or tab-separated
text in UTF-8, GBK/GB18030 or UTF-16 (read by :mod:`..encoding`), and HTML
tables, often saved with an ``.xls`` name, often inside a page's layout tables. The
format is sniffed from the content, never trusted from the extension (some
``.xlsx`` files are old ``.xls``). Every reader returns the same
:class:`Sheet`: text cells plus, for each cell inside a merged range, the
top-left cell it belongs to, so that the record reader can tell a cell
repeated by a merge from a value written again.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..encoding import decode, peek
from ..errors import SourceError
from ..wordfile import CAPTION_MAX, OLE2_MAGIC, ZIP_MAGIC, docx_tables, is_docx


@dataclass
class Sheet:
    """One worksheet as text; ``merged_from[(r, c)]`` is the top-left of the merge covering (r, c)."""

    name: str
    rows: list[list[str]]
    merged_from: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    caption: str = ""  # what names the table outside its cells (an HTML page's heading), if anything

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, r: int, c: int) -> str:
        """The cell's text, taking a merged cell's value from its top-left cell."""
        r0, c0 = self.merged_from.get((r, c), (r, c))
        row = self.rows[r0]
        return row[c0] if c0 < len(row) else ""

    def is_fresh(self, r: int, c: int) -> bool:
        """True unless the cell only repeats a merge whose top-left lies in an earlier row."""
        origin = self.merged_from.get((r, c))
        return origin is None or origin[0] == r

    def merge_width(self, r: int, c: int) -> int:
        """How many columns the merge starting at (r, c) spans (1 when not merged)."""
        width = 1
        while self.merged_from.get((r, c + width)) == (r, c):
            width += 1
        return width


def sniff_format(data: bytes) -> str:
    """``xls``, ``xlsx``, ``html`` or ``csv``, from the bytes."""
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    head = peek(data, 2048).lstrip(" \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<?xml")) or "<table" in head:
        return "html"
    return "csv"


def read_workbook(data: bytes, source: str) -> list[Sheet]:
    """All sheets of a spreadsheet file, whatever its real format (a Word document's tables too)."""
    if is_docx(data):
        tables = docx_tables(data, source)
        return [Sheet(f"表{i}", rows, merged, caption) for i, ((rows, merged), caption) in enumerate(tables, start=1)]
    kind = sniff_format(data)
    if kind in ("xls", "xlsx"):
        return _read_excel(data, source)
    if kind == "html":
        return _read_html(decode(data, source, declared=True), source)
    return [_read_csv(decode(data, source), source)]


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _read_excel(data: bytes, source: str) -> list[Sheet]:
    """.xls and .xlsx through calamine (Rust): fast on large lists, merged ranges included."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in book.sheet_names:
            sh = book.get_sheet_by_name(name)
            rows = [[_cell_text(v) for v in row] for row in sh.to_python(skip_empty_area=False)]
            merged: dict[tuple[int, int], tuple[int, int]] = {}
            for (r0, c0), (r1, c1) in sh.merged_cell_ranges or ():
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        if (r, c) != (r0, c0):
                            merged[(r, c)] = (r0, c0)
            sheets.append(Sheet(name, rows, merged))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SourceError(source, f"not a readable workbook (it may be truncated or damaged): {exc}") from exc
    return sheets


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_csv(text: str, source: str) -> Sheet:
    """The delimiter that gives the most rows of one width (the sniffer alone misreads long quoted cells)."""
    candidates: list[type[csv.Dialect] | csv.Dialect] = []
    with contextlib.suppress(csv.Error):  # no delimiter found: the three below are tried
        candidates.append(csv.Sniffer().sniff(text[:8192], delimiters=",\t;，"))
    for delimiter in (",", "\t", ";"):
        candidates.append(type("Excel", (csv.excel,), {"delimiter": delimiter}))
    best: tuple[tuple[int, int], list[list[str]]] | None = None
    for dialect in candidates:
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text, newline=None), dialect)]
        except csv.Error:
            continue
        widths = Counter(len(r) for r in rows if any(c.strip() for c in r))
        width, count = widths.most_common(1)[0] if widths else (0, 0)
        score = (count if width >= 2 else 0, width)
        if best is None or score > best[0]:
            best = (score, rows)
    name = source.rsplit("/", 1)[-1]
    return Sheet(name, best[1] if best else [])


class _TableParser(HTMLParser):
    """Collects the cells of every <table>, honouring rowspan and colspan, and what names each table.

    Portal pages wrap their content in layout tables, so tables nest: each open table keeps its
    own row and cell, and an inner table's text stays out of the outer cell that holds it. A
    table's caption is its <caption>, else the nearest line of text before it that names a list
    (the page's heading, 某市市场监督管理局权责清单), else the page's <title> if it names one.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.captions: list[str] = []
        self._open: list[_OpenTable] = []
        self._before: list[str] = []  # text since the last block boundary
        self._lines: list[str] = []  # lines of text since a table last began or ended
        self._title: list[str] | None = None
        self.page_title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        top = self._open[-1] if self._open else None
        if tag in _BLOCK_TAGS:
            self._end_line()
        if tag == "table":
            self.tables.append([])
            self.captions.append(next((t for t in reversed(self._lines) if _NAMES_LIST.search(t)), ""))
            self._lines = []
            self._open.append(_OpenTable(len(self.tables) - 1))
        elif tag == "title":
            self._title = []
        elif top is not None:
            top.start(tag, a)

    def handle_endtag(self, tag: str) -> None:
        top = self._open[-1] if self._open else None
        if tag in _BLOCK_TAGS:
            self._end_line()
        if tag == "title" and self._title is not None:
            self.page_title = "".join(self._title).strip()
            self._title = None
        elif tag == "table" and top is not None:
            self._open.pop()
            self._lines = []
            caption = " ".join("".join(top.caption).split())
            if caption:
                self.captions[top.index] = caption
        elif top is not None:
            row = top.end(tag)
            if row is not None:
                self.tables[top.index].append(row)

    def handle_data(self, data: str) -> None:
        top = self._open[-1] if self._open else None
        if self._title is not None:
            self._title.append(data)
            return
        self._before.append(data)
        if top is None:
            return
        if top.cell is not None:
            top.cell.append(data)
        elif top.in_caption:
            top.caption.append(data)

    def _end_line(self) -> None:
        text = " ".join("".join(self._before).split())
        if text:
            self._lines.append(text)
        self._before = []


@dataclass
class _OpenTable:
    """A table being read: its index, the row and cell being read, its caption's text."""

    index: int
    row: list[tuple[str, int, int]] | None = None
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)
    in_caption: bool = False
    caption: list[str] = field(default_factory=list)

    def start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "caption":
            self.in_caption = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.span = (_int(attrs.get("rowspan")), _int(attrs.get("colspan")))
        elif tag in _LINE_TAGS and self.cell is not None:
            self.cell.append("\n")  # a line break, or a paragraph inside the cell

    def end(self, tag: str) -> list[tuple[str, int, int]] | None:
        """The row when ``tag`` closes one."""
        if tag == "caption":
            self.in_caption = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(("".join(self.cell).strip(), *self.span))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            row, self.row = self.row, None
            return row
        return None


_LINE_TAGS = {"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {
    *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "li", "section", "header", "center"),
    *("table", "tr", "td", "th", "caption"),
}
# A caption names a list in a line; longer text before a table is prose, not its name (CAPTION_MAX).
_NAMES_LIST = re.compile(rf"^.{{0,{CAPTION_MAX}}}(?:清单|目录)")


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _read_html(text: str, source: str) -> list[Sheet]:
    parser = _TableParser()
    parser.feed(text)
    sheets = []
    for index, table in enumerate(parser.tables, start=1):
        grid: dict[tuple[int, int], str] = {}
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(table):
            c = 0
            for value, rowspan, colspan in row:
                while (r, c) in grid or (r, c) in merged:
                    c += 1
                grid[(r, c)] = value
                for dr in range(rowspan):
                    for dc in range(colspan):
                        if dr or dc:
                            merged[(r + dr, c + dc)] = (r, c)
                c += colspan
        nrows = max((r for r, _ in [*grid, *merged]), default=-1) + 1
        ncols = max((c for _, c in [*grid, *merged]), default=-1) + 1
        rows = [[grid.get((r, c), "") for c in range(ncols)] for r in range(nrows)]
        caption = parser.captions[index - 1]
        if not caption or len(caption) > CAPTION_MAX:
            caption = parser.page_title if _NAMES_LIST.search(parser.page_title) else ""
        sheets.append(Sheet(f"表{index}", rows, merged, caption))
    if not sheets:
        raise SourceError(source, "an HTML file with no <table>: expected a power list table")
    return sheets
