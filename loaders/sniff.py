"""Tell a statute text from a power list (and, later, other kinds) by content, not by name."""

from __future__ import annotations

import re

from .errors import SourceError
from .powerlists.layout import field_of
from .powerlists.workbook import OLE2_MAGIC, ZIP_MAGIC

KINDS = ("statute", "list")
HEADER_LINES = 20  # a list's header is within its first lines
_ARTICLE_LINE = re.compile(
    r"^\s*第[一二三四五六七八九十百千零〇0-9０-９]+条(?:之[一二三四五六七八九十]+)?[\s\u3000]", re.M
)


def sniff_kind(data: bytes, source: str) -> str:
    """``statute`` or ``list``; raises SourceError when the content is neither."""
    if data.startswith((OLE2_MAGIC, ZIP_MAGIC)):
        return "list"
    text = _peek(data)
    head = text[:4096].lower()
    if "<table" in head or "<html" in head:
        return "list"
    if len(_ARTICLE_LINE.findall(text)) >= 2:
        return "statute"
    for line in [line for line in text.splitlines() if line.strip()][:HEADER_LINES]:
        cells = re.split(r"[,\t，;]", line)
        if len(cells) >= 2 and sum(1 for c in cells if field_of(c.strip('" '))) >= 2:
            return "list"
    raise SourceError(source, "cannot tell what this file is: expected a statute text (lines starting 第X条) "
                              "or a power list (a spreadsheet, CSV or HTML table); use --kind to force one")


def _peek(data: bytes, size: int = 200_000) -> str:
    """The start of a text file, UTF-8 or GB18030, for sniffing only."""
    head = data[:size].removeprefix(b"\xef\xbb\xbf")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return head[: exc.start].decode("utf-8")
        return head.decode("gb18030", errors="replace")
