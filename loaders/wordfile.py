"""A Word document as the text every reader takes: offices publish notices, rules and lists as .docx.

python-docx reads the document body in order. For the statute and notice
readers each paragraph is a line and each table row a line of tab-separated
cells (a merged cell's text in its first cell only); for the list reader each
table is a sheet with its merged cells, as a workbook's. Text boxes, headers
and footers are not read.

A Word 97–2003 file (.doc) shares the OLE2 container of an .xls: it is told by
its WordDocument stream and refused with what to do, rather than read as a
broken workbook.
"""

from __future__ import annotations

import csv
import io
import zipfile

import docx
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph

from .errors import SourceError

# The containers of every Office file: xlsx and docx are zip packages, xls and doc OLE2 files.
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD97_STREAM = "WordDocument".encode("utf-16-le")
Grid = tuple[list[list[str]], dict[tuple[int, int], tuple[int, int]]]
CAPTION_MAX = 60  # a caption names a table in a line; a longer paragraph is prose


def is_docx(data: bytes) -> bool:
    """A Word 2007+ document: a zip package with a word/document.xml part."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def is_word97(data: bytes) -> bool:
    """A Word 97–2003 document: an OLE2 container whose directory names a WordDocument stream."""
    return data.startswith(OLE2_MAGIC) and _WORD97_STREAM in data


def readable(data: bytes, source: str) -> bytes:
    """The bytes the text readers (statutes, notices) take: a .docx as its text in UTF-8, else as it is."""
    return docx_text(data, source).encode("utf-8") if is_docx(data) else data


def _document(data: bytes, source: str) -> DocumentObject:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip and XML errors of several kinds for a broken package
        raise SourceError(source, f"not a readable Word document (it may be truncated or damaged): {exc}") from exc


def docx_text(data: bytes, source: str) -> str:
    """The document's paragraphs and table rows, in the order the body holds them."""
    document = _document(data, source)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines.append(_table_text(Table(block, document)))
    return "\n".join(lines) + "\n"


def docx_tables(data: bytes, source: str) -> list[tuple[Grid, str]]:
    """Every table of the document as rows of text and, for each merged cell, its top-left cell; with
    the paragraph written last before it (its caption: 一、行政许可（11项）, 某局权责清单), if short."""
    document = _document(data, source)
    tables: list[tuple[Grid, str]] = []
    before = ""
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text.strip()
            before = text or before
        elif tag == "tbl":
            tables.append((_grid(Table(block, document)), before if len(before) <= CAPTION_MAX else ""))
            before = ""
    return tables


def _table_text(table: Table) -> str:
    """The rows as tab-separated lines; a merged cell's text in its first (top-left) cell only."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    rows, merged = _grid(table)
    for r, row in enumerate(rows):
        writer.writerow(["" if (r, c) in merged else text for c, text in enumerate(row)])
    return buf.getvalue().rstrip("\n")


def _grid(table: Table) -> Grid:
    """The table's text by grid cell, and the merge each covered cell belongs to (python-docx gives
    every grid cell of a merge the same underlying element)."""
    rows: list[list[str]] = []
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    origin: list[tuple[object, tuple[int, int]]] = []  # (element, its top-left) of the row above
    for r, row in enumerate(table.rows):
        cells = row.cells
        texts, here = [], []
        for c, cell in enumerate(cells):
            tc = cell._tc
            if c > 0 and tc is cells[c - 1]._tc:
                merged[(r, c)] = here[-1][1]
            elif c < len(origin) and tc is origin[c][0]:
                merged[(r, c)] = origin[c][1]
            here.append((tc, merged.get((r, c), (r, c))))
            texts.append(cell.text.strip())
        rows.append(texts)
        origin = here
    return rows, merged


def refuse_word97(source: str) -> SourceError:
    """The error for a .doc: what it is and what to do with it."""
    return SourceError(
        source,
        "a Word 97–2003 document (.doc): quanze reads Word documents as .docx — save it as .docx "
        "(Word, WPS or LibreOffice: 另存为 .docx) or as text",
    )
