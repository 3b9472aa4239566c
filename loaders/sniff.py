"""Tell a statute text, a power list and a notice page apart by content, not by name."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter

from .errors import SourceError
from .notices.page import looks_like_notice
from .powerlists.layout import field_of
from .powerlists.workbook import OLE2_MAGIC, ZIP_MAGIC

KINDS = ("statute", "list", "notice")
HEADER_LINES = 20  # a list's header is within its first lines
# Column names of a power list's header; an HTML page with a table naming several is a list.
_LIST_HEADER = re.compile(
    r"事项名称|权力名称|职权名称|权力类型|职权类型|事项类型|实施依据|设定依据|行使主体|实施主体|"
    r"承办机构|责任事项|追责情形|事项编码|权力编码|职权编码"
)
_ARTICLE_LINE = re.compile(
    r"^\s*第[一二三四五六七八九十百千零〇0-9０-９]+条(?:之[一二三四五六七八九十]+)?[\s\u3000]", re.M
)


def sniff_kind(data: bytes, source: str) -> str:
    """``statute``, ``list`` or ``notice``; raises SourceError when the content is none of them."""
    if data.startswith((OLE2_MAGIC, ZIP_MAGIC)):
        return "list"
    text = _peek(data)
    head = text[:4096].lower()
    if "<table" in head or "<html" in head or "<body" in head:
        if len(set(_LIST_HEADER.findall(text))) < 3 and looks_like_notice(text):
            return "notice"
        return "list"
    if looks_like_table(text):
        return "list"  # a table is never a statute, whatever its cells quote (第八条 …)
    if len(_ARTICLE_LINE.findall(text)) >= 2:
        return "statute"
    if looks_like_notice(text):
        return "notice"
    for line in [line for line in text.splitlines() if line.strip()][:HEADER_LINES]:
        cells = re.split(r"[,\t，;]", line)
        if len(cells) >= 2 and sum(1 for c in cells if field_of(c.strip('" '))) >= 2:
            return "list"
    raise SourceError(
        source,
        "cannot tell what this file is: expected a statute text (lines starting 第X条), "
        "a power list (a spreadsheet, CSV or HTML table) or a notice page (a title "
        "such as …的通知 with a metadata block, a salutation or an outline 一、); "
        "use --kind to force one",
    )


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


def _peek(data: bytes, size: int = 200_000) -> str:
    """The start of a text file, UTF-8 or GB18030, for sniffing only."""
    head = data[:size].removeprefix(b"\xef\xbb\xbf")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
        return head.decode("gb18030", errors="replace")
