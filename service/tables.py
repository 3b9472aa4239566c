"""Plain-text tables that line up with Chinese text (two columns per wide character)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` display columns, ending in … when cut."""
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 48) -> str:
    """A table with a header rule; cells wider than ``max_width`` are clipped."""
    cells = [[clip("" if v is None else str(v), max_width) for v in row] for row in rows]
    heads = [clip(h, max_width) for h in headers]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(heads)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(heads), "  ".join("─" * w for w in widths)]
    out.extend(line(r) for r in cells)
    return "\n".join(out)
