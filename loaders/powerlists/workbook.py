"""Read any spreadsheet-like file into grids of text with their merged cells.

Published lists arrive as ``.xls`` (BIFF), ``.xlsx``, CSV in UTF-8, UTF-8
with BOM or GBK/GB18030, and HTML tables saved with an ``.xls`` name. The
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
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import SourceError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """One worksheet as text; ``merged_from[(r, c)]`` is the top-left of the merge covering (r, c)."""

    name: str
    rows: list[list[str]]
    merged_from: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

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
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<table" in head:
        return "html"
    return "csv"


def read_workbook(data: bytes, source: str) -> list[Sheet]:
    """All sheets of a spreadsheet file, whatever its real format."""
    kind = sniff_format(data)
    if kind in ("xls", "xlsx"):
        return _read_excel(data, source)
    if kind == "html":
        return _read_html(decode_text(data, source), source)
    return [_read_csv(decode_text(data, source), source)]


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(
                source,
                f"unreadable encoding: neither UTF-8 nor GBK/GB18030 (bad byte at offset {utf8_error.start}); "
                "save the file as UTF-8 or as an Excel workbook",
            ) from utf8_error


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
    """Collects the cells of every <table>, honouring rowspan and colspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._row: list[tuple[str, int, int]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._span = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(("".join(self._cell).strip(), *self._span))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


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
        sheets.append(Sheet(f"表{index}", rows, merged))
    if not sheets:
        raise SourceError(source, "an HTML file with no <table>: expected a power list table")
    return sheets
