"""The text of a file as Chinese publishers save it: one decoder for every reader.

Portals and offices publish UTF-8 (with or without a byte-order mark), GBK or
GB2312 (read as GB18030, their superset: pages labelled gb2312 often hold GBK
characters) and, from Excel's "Unicode text" export, UTF-16 with a BOM. A page
may declare its charset (``<meta charset=…>``): GBK and Big5 labels are tried
after UTF-8 (which a page mislabelled as GBK still decodes as), other labels are
not trusted. A file none of them decodes is an
error naming the first bad byte — never a guess with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from .errors import SourceError

# Longest first: UTF-32 LE's mark begins with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_-]+)""")
# Labels that mean a subset of GB18030.
_GB = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn"}
# Declared labels honoured besides those: traditional-character pages (Taiwan, Hong Kong, Macao).
# Others are not: a page labelled iso-8859-1 that holds Chinese is mislabelled, and Latin-1
# would "decode" anything into nonsense.
_BIG5 = {"big5", "big5-hkscs", "big5hkscs", "cp950"}


def detect(data: bytes, *, declared: bool = False) -> tuple[str, int]:
    """(codec, bytes of BOM to skip) for ``data``; ``declared`` honours an HTML/XML charset label.

    Raises UnicodeDecodeError (of the UTF-8 attempt) when no candidate decodes ``data``.
    A truncated last character (``data`` cut from a longer file) does not count against a codec.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, 0
    candidates = ["utf-8"]
    if declared:
        label = _DECLARED.search(data[:4096])
        if label:
            name = label.group(1).decode("ascii").lower()
            if name in _GB:
                candidates.append("gb18030")
            elif name in _BIG5:
                candidates.append(name)
    candidates.append("gb18030")
    first_error: UnicodeDecodeError | None = None
    for codec in dict.fromkeys(candidates):
        try:
            data.decode(codec)
            return codec, 0
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason.startswith(("unexpected end", "incomplete")):
                return codec, 0
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def decode(data: bytes, source: str, *, declared: bool = False) -> str:
    """The whole text of ``data``; SourceError naming ``source`` and the first bad byte otherwise."""
    try:
        codec, skip = detect(data, declared=declared)
    except UnicodeDecodeError as exc:
        raise SourceError(
            source,
            f"unreadable encoding: neither UTF-8, UTF-16 with a byte-order mark, nor GBK/GB18030 "
            f"(bad byte at offset {exc.start}); save the file as UTF-8",
        ) from exc
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:  # a UTF-16/32 file with a broken tail
        raise SourceError(source, f"unreadable {codec} text (bad byte at offset {skip + exc.start})") from exc


def peek(data: bytes, size: int = 200_000) -> str:
    """The start of a file as text, for telling kinds apart: never raises, replaces what it cannot read."""
    head = data[:size]
    try:
        codec, skip = detect(head, declared=True)
    except UnicodeDecodeError:
        codec, skip = "gb18030", 0
    # Incremental: a character cut at the end of the head is held back, not replaced.
    return codecs.getincrementaldecoder(codec)(errors="replace").decode(head[skip:], final=False)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a mark: NUL high bytes of ASCII characters on one side of every pair.

    Text in UTF-8 or GB18030 never holds NUL bytes; UTF-16 of a table holds many (digits,
    delimiters, line breaks). One side must hold nearly all of them.
    """
    head = data[:4096]
    nuls = head.count(0)
    if nuls < 8:
        return None
    even = head[0::2].count(0)
    if even >= 0.9 * nuls:
        return "utf-16-be"
    if nuls - even >= 0.9 * nuls:
        return "utf-16-le"
    return None
