"""Scoring tables flattened to one line, turned back into an outline.

An evaluation's scoring table (序号 | 检查内容 | 分数 | 评分标准 | 得分) often
reaches us as a single line, once its cells are joined by spaces: ``一 组织管理
10 1 领导管理 2 列入领导议事日程…的得2分,否则得0分。 2 成立机构 3 …``. A section
row is a Chinese numeral, a name and its points; an item row an Arabic number,
a name, its points and the scoring standard. They are rewritten as the
outline a notice would use (一、组织管理（10分） / 1.领导管理（2分）：…), so
that the outline reader and the criteria reader take them like any other.
"""

from __future__ import annotations

import re

from .shape import SCORING_HEADER

_NAME = r"[^\s\d。，,；;：:]{2,30}"
_POINTS = r"\d+(?:\.\d+)?"
_SECTION = re.compile(rf"(?:^|\s)([一二三四五六七八九十]+)\s+({_NAME})\s+({_POINTS})(?=\s)")
_ITEM = re.compile(rf"(?:^|\s)(\d{{1,3}})\s+({_NAME})\s+({_POINTS})(?=\s)")
_TRAILING_NUMBER = re.compile(r"\s+\d{1,3}\s*$")
_HEADER_TAIL = re.compile(r"^\s*得\s*分")
_ATTACHMENT = re.compile(r"^.*附\s*件\s*\d*\s*[:：]")


def _rows(text: str) -> list[str]:
    heads = sorted(
        [(m.start(), m.end(), "section", m) for m in _SECTION.finditer(text)]
        + [(m.start(), m.end(), "item", m) for m in _ITEM.finditer(text)],
        key=lambda h: h[0],
    )
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for head in heads:
        if not kept or head[0] >= kept[-1][1]:
            kept.append(head)
    out = []
    for k, (_, end, kind, m) in enumerate(kept):
        stop = kept[k + 1][0] if k + 1 < len(kept) else len(text)
        standard = _TRAILING_NUMBER.sub("", text[end:stop]).strip()
        number, name, points = m.group(1), m.group(2), m.group(3)
        if kind == "section":
            out.append(f"{number}、{name}（{points}分）" + (f"：{standard}" if standard else ""))
        else:
            out.append(f"{number}.{name}（{points}分）" + (f"：{standard}" if standard else ""))
    return out


def unflatten_scoring_table(lines: list[str]) -> tuple[list[str], list[str]]:
    """(lines, notes): a scoring table printed on one line (or a few) rewritten as outline lines."""
    for i, line in enumerate(lines):
        m = SCORING_HEADER.search(line)
        if not m:
            continue
        title = _ATTACHMENT.sub("", line[: m.start()]).strip()
        rest = _HEADER_TAIL.sub("", line[m.end() :])
        text = " ".join([rest, *lines[i + 1 :]])
        rows = _rows(" " + text)
        if not rows:
            return lines, []
        note = f"a scoring table printed as running text was read as {len(rows)} rows (section or item, points)"
        return [*lines[:i], *([title] if title else []), *rows], [note]
    return lines, []
