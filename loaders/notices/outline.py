"""The outline of a notice's body (一、 / （一） / 1. / （1） …) as a tree of addressable parts.

Documents differ in which markers they use and in what order (one notice
goes 一、 → （一） → 1., another 一、 → 1. → （1）, a third 第一部分 → 一、), so the
level of a marker style is not fixed: the first style met is the top level,
a new style opens a level below the current part, and a style already open
closes the levels below it. The text before the first marker is the
preamble. Each part keeps its marker, number, heading and own lines; its IRI
is the path of positions (part_3/part_2/part_1), stable for the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numerals import chinese_to_int

_CN = "一二三四五六七八九十百"
#: (style, pattern): the pattern's group 1 is the number, the match ends where the part's text starts.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("第X部分", re.compile(rf"^第([{_CN}]+)(?:部分|章)[\s：:、]*")),
    ("第X阶段", re.compile(rf"^第([{_CN}]+)(?:阶段|步)[\s：:、]*")),
    ("第X条", re.compile(rf"^第([{_CN}]+)条[\s：:、]*")),
    ("X、", re.compile(rf"^([{_CN}]+)[、．.]\s*")),
    ("（X）", re.compile(rf"^[（(]([{_CN}]+)[）)][\s、．.]*")),
    ("1.", re.compile(r"^(\d{1,2})(?:[.．、](?!\d)|[.．](?=\d{1,4}\s*[年月])|\s)\s*")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[）)][\s、．.]*")),
    ("1）", re.compile(r"^(\d{1,2})[)）]\s*")),
    ("①", re.compile(r"^([①-⑳])\s*")),
)
_RANK = {style: k for k, (style, _) in enumerate(MARKERS)}
#: A heading ends at the first 。 (or ：) when it comes early; a short line with none is all heading.
HEADING_MAX = 40


@dataclass
class Part:
    marker: str  # as written: 三、, （二）, 1.
    style: str
    number: int
    heading: str
    lines: list[str] = field(default_factory=list)  # own text: the rest of the marker line (heading
    # included, as written), then the lines up to the next marker
    children: list[Part] = field(default_factory=list)
    parent: Part | None = field(default=None, repr=False)
    position: int = 0  # 1-based among siblings

    @property
    def path(self) -> list[int]:
        p: list[int] = []
        node: Part | None = self
        while node is not None and node.style != "root":
            p.append(node.position)
            node = node.parent
        return p[::-1]

    @property
    def label(self) -> str:
        """三、（二）2.: the markers from the top."""
        marks: list[str] = []
        node: Part | None = self
        while node is not None and node.style != "root":
            marks.append(node.marker)
            node = node.parent
        return "".join(reversed(marks))

    @property
    def own_text(self) -> str:
        return "\n".join(self.lines)

    def full_text(self) -> str:
        own = "\n".join(self.lines)
        parts = [f"{self.marker}{own}" if self.marker else own]
        parts.extend(c.full_text() for c in self.children)
        return "\n".join(p for p in parts if p)

    def walk(self) -> list[Part]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


def _marker(line: str) -> tuple[str, re.Match[str]] | None:
    for style, pattern in MARKERS:
        m = pattern.match(line)
        if m and len(line) > m.end():
            return style, m
    return None


def _number(raw: str) -> int:
    if "①" <= raw <= "⑳":
        return ord(raw) - ord("①") + 1
    return chinese_to_int(raw)


def split_heading(rest: str) -> tuple[str, str]:
    """(heading, text) of a marker line's rest: 调整完善…，强化执法责任。各级… → the part before 。."""
    m = re.search(r"[。：:]", rest)
    if m and m.start() <= HEADING_MAX:
        return rest[: m.start()].strip(), rest[m.end() :].strip()
    short = rest.strip().rstrip("；;")
    if len(short) <= HEADING_MAX and not short.endswith(("，", ",")):
        return short, ""
    return "", rest.strip()


def build_outline(lines: list[str]) -> tuple[Part, Part | None]:
    """(root, preamble): the root's children are the top-level parts; the preamble holds the lines
    before the first marker (None when there are none)."""
    root = Part("", "root", 0, "")
    preamble = Part("", "preamble", 0, "序言")
    stack: list[Part] = [root]
    for line in lines:
        found = _marker(line)
        if found is None:
            target = stack[-1] if len(stack) > 1 else preamble
            target.lines.append(line)
            continue
        style, m = found
        open_styles = [p.style for p in stack]
        if style in open_styles:
            del stack[open_styles.index(style) :]
        elif len(stack) > 1 and _RANK[style] < _RANK[stack[1].style]:
            # An excerpt that begins inside a part ((二)… then 五、): a marker that ranks above the
            # top level met so far starts a new top-level part rather than nesting under it.
            del stack[1:]
        parent = stack[-1]
        rest = line[m.end() :]
        heading, _ = split_heading(rest)
        part = Part(
            line[: m.end()].strip(),
            style,
            _number(m.group(1)),
            heading,
            [rest.strip()],
            [],
            parent,
            len(parent.children) + 1,
        )
        parent.children.append(part)
        stack.append(part)
    return root, (preamble if preamble.lines else None)
