"""Tell a statute text, a power list and a notice page apart by content, not by name.

``statute`` is any text in article form — a statute with its history, a rule
as published (令 header, metadata block), a 印发 notice followed by the rule it
issues, an excerpt of articles — since its articles must be catalogued before
lists and notices cite them; ``notice`` a document in outline form (or a
scoring table). The text side weighs the evidence of :mod:`notices.shape`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter

from .encoding import peek
from .errors import SourceError
from .notices.cleanup import clean_text
from .notices.page import html_to_text, looks_like_notice
from .notices.shape import evidence
from .powerlists.layout import field_of, find_layout
from .powerlists.workbook import OLE2_MAGIC, ZIP_MAGIC, Sheet, read_workbook
from .wordfile import docx_text, is_docx, is_word97, refuse_word97

KINDS = ("statute", "list", "notice")
HEADER_LINES = 20  # a list's header is within its first lines
HEADER_CELL_MAX = 16  # a header cell names a column in a few characters; prose is longer


def sniff_kind(data: bytes, source: str) -> str:
    """``statute``, ``list`` or ``notice``; raises SourceError when the content is none of them."""
    if is_word97(data):
        raise refuse_word97(source)
    if is_docx(data):
        return (
            "list"
            if _tables_hold_a_list(read_workbook(data, source), source)
            else _text_kind(docx_text(data, source), source)
        )
    if data.startswith((OLE2_MAGIC, ZIP_MAGIC)):
        return "list"
    return _text_kind(peek(data), source, data)


def _text_kind(text: str, source: str, data: bytes | None = None) -> str:
    """The kind of a text file (``data`` its bytes, for an HTML page's tables)."""
    head = text[:4096].lower()
    if data is not None and ("<table" in head or "<html" in head or "<body" in head):
        if not _html_list(data, source):
            kind = _document_kind(html_to_text(text)[0])
            if kind:
                return kind
        return "list"
    if _csv_header(text, short=True):
        return "list"  # first: a list's cells (实施依据 …) quote articles and outline numbers
    if looks_like_table(text):
        return "list"  # a table is never a statute, whatever its cells quote (第八条 …)
    kind = _document_kind(text)
    if kind:
        return kind
    if _csv_header(text, short=False):
        return "list"
    raise SourceError(
        source,
        "cannot tell what this file is: expected a statute text (lines starting 第X条), "
        "a power list (a spreadsheet, CSV or HTML table) or a notice page (a title "
        "such as …的通知 with a metadata block, a salutation or an outline 一、); "
        "use --kind to force one",
    )


def _csv_header(text: str, short: bool) -> bool:
    """Whether one of the first lines is a list's header: cells naming two list columns (事项名称, 实施依据 …);
    ``short`` counts header-like cells only (a few characters each), not prose that mentions them."""
    for line in [line for line in text.splitlines() if line.strip()][:HEADER_LINES]:
        cells = [c.strip('" ') for c in re.split(r"[,\t，;]", line)]
        named = {f for c in cells if (not short or len(c) <= HEADER_CELL_MAX) and (f := field_of(c))}
        if len(cells) >= 2 and len(named) >= 2:
            return True
    return False


def _html_list(data: bytes, source: str) -> bool:
    """Whether a table of the page is a list: the list reader finds its header and an item-name
    column beside a type, basis, department or unit column — by header words or by cells, so
    that headers never seen (权力事项, 类别) count too. A notice's tables (a timetable, a
    division of tasks) and a page laid out in tables have no such columns."""
    try:
        sheets = read_workbook(data, source)
    except SourceError:
        return False
    return _tables_hold_a_list(sheets, source)


def _tables_hold_a_list(sheets: list[Sheet], source: str) -> bool:
    """Whether the list reader finds, in one of the tables, an item-name column beside a type, basis,
    department or unit column."""
    for sheet in sheets:
        layout = find_layout(sheet, source)
        if layout and "name" in layout.columns and {"type", "basis", "department", "unit"} & set(layout.columns):
            return True
    return False


def looks_like_table(text: str, rows: int = 50) -> bool:
    """A delimited table (CSV, TSV): most of its first records have the same number, three or more, of fields."""
    sample = text[:65536]
    for delimiter in (",", "\t", ";"):
        try:
            reader = csv.reader(io.StringIO(sample, newline=None), delimiter=delimiter)
            records = [r for r in itertools.islice(reader, rows) if any(r)]
        except csv.Error:
            continue
        whole = records[:-1] if len(records) > 2 else records  # the last may be cut by the sample
        if len(whole) < 2:
            continue
        width, count = Counter(len(r) for r in whole).most_common(1)[0]
        if width >= 3 and count >= max(2, 0.8 * len(whole)):
            return True
    return False


def _document_kind(text: str) -> str | None:
    """``statute`` for a text in article form (a statute, a rule, a 印发 notice with its rule), ``notice``
    for one in outline form, by the evidence each shows (:mod:`notices.shape`); None for neither."""
    clean = clean_text(text).text
    ev = evidence(clean)
    if ev.article_form:
        return "statute"
    if ev.notice_form or ev.scoring or looks_like_notice(clean):
        return "notice"
    return None
