"""Split the numbered lists that lists put in one cell (1.… 2.…, 一.… , （1）…).

Duties, accountability situations, liable parties and procedure steps are all
written this way, with line breaks or just 。/； between items, and
sometimes with numbering copied wrongly (1. 2. 18.); order is taken from
position, not from the numbers written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENUM = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"
#: An enumerator at the start of a line: 1. 1、 1） (1) （一） 一、 ①
LINE_ENUM = re.compile(rf"^[\s\u3000]*(?:{_ENUM}[.．、)）]|[（(]{_ENUM}[）)]|[①-⑳])[\s\u3000]*")
# An enumerator inside a line, after the end of the previous item.
_INLINE_ENUM = re.compile(r"(?<=[；;。])[\s\u3000]*(?=(?:[0-9０-９]{1,2}[.．、]|[（(][0-9０-９]{1,2}[）)])\S)")


@dataclass
class Entry:
    text: str  # without its enumerator
    heading: str | None  # the group heading it falls under (直接实施责任 …), if any


def split_numbered(cell: str, headings: tuple[str, ...] = ()) -> tuple[str, list[Entry]]:
    """(preamble, entries) of a cell; lines under a heading carry it.

    ``headings`` are group titles that may stand on their own line with a
    colon (直接实施责任：); the text before the first enumerated item that is
    not a heading is the preamble.
    """
    lines: list[str] = []
    for raw in cell.replace("\r", "").split("\n"):
        lines.extend(part for part in _INLINE_ENUM.split(raw))
    preamble: list[str] = []
    entries: list[Entry] = []
    heading: str | None = None
    for raw in lines:
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        head = next((h for h in headings if re.match(rf"^{h}[:：]?\s*", line)), None)
        if head:
            heading = head
            rest = re.sub(rf"^{head}[:：]?\s*", "", line)
            if not rest:
                continue
            line = rest
        m = LINE_ENUM.match(line)
        if m:
            entries.append(Entry(line[m.end() :].strip(), heading))
        elif entries and not head:
            entries[-1].text += "\n" + line
        elif head:
            entries.append(Entry(line, heading))
        else:
            preamble.append(line)
    if not entries and preamble:
        # No numbering at all: the cell is one entry, unless it is only a preamble line ending in ：
        text = "\n".join(preamble)
        return "", [Entry(text, heading)]
    return "\n".join(preamble), entries
