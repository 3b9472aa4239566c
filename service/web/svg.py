"""Small helpers for SVG drawn on the server: text measured and wrapped, every string escaped.

Pages carry their charts as inline SVG, so a browser shows them without
JavaScript and a printer prints them sharp. Text in SVG does not wrap by
itself: lines are measured here, a CJK character counting one em and Latin
text a little over half, which is what the fonts of the page's CSS do.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape


def em_width(text: str) -> float:
    """Width of ``text`` in ems: wide (CJK, full-width) characters 1, others 0.56."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.56 for ch in text)


def wrap(text: str, width_px: float, size: float, max_lines: int = 0) -> list[str]:
    """``text`` broken into lines no wider than ``width_px`` at font size ``size``.

    Breaks anywhere between CJK characters, at spaces in Latin text; with
    ``max_lines`` the last line kept ends in … when text was cut.
    """
    limit = width_px / size
    lines: list[str] = []
    current = ""
    for word in _tokens(" ".join(text.split())):
        if current and em_width(current + word) > limit:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        lines.append(current.rstrip())
    if max_lines and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and em_width(last + "…") > limit:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines


def _tokens(text: str) -> list[str]:
    """Wide characters one by one; runs of narrow characters together with the space before them."""
    out: list[str] = []
    run = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            if run:
                out.append(run)
                run = ""
            out.append(ch)
        elif ch == " " and run.strip():
            out.append(run)
            run = ch
        else:
            run += ch
    if run:
        out.append(run)
    return out


def attrs(**values: object) -> str:
    """SVG attributes, escaped; ``class_`` becomes ``class``, ``font_size`` becomes ``font-size``."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        parts.append(f'{name}="{escape(str(value))}"')
    return " ".join(parts)


def text(x: float, y: float, content: str, **extra: object) -> str:
    return f"<text {attrs(x=x, y=y, **extra)}>{escape(content)}</text>"


def document(width: float, height: float, title: str, body: list[str], class_: str) -> Markup:
    """An inline ``<svg>`` scaling to its container, with a title for screen readers."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {attrs(viewBox=f"0 0 {width:.0f} {height:.0f}", class_=class_)} '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")
