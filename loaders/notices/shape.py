"""What shape a text document has, by the evidence it shows, never by one missing feature.

Normative documents come in two shapes, often in one page: notices written
as an outline (一、（一）1.) and rules written in articles (第X条), a 印发
notice carrying the rule it issues, or an excerpt of either without its
title. Each kind of evidence is counted — runs of article numbers, runs of
outline numbers, a salutation (各…人民政府：), a 令 header, a metadata block,
the dated lines of a legislative history, a 印发 sentence — and the shape
is the one the evidence favours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from .metadata import FIELDS

_NUM = f"{CHINESE_NUMERAL_CHARS}0-9０-９"
ARTICLE_LINE = re.compile(rf"^[\s\u3000]*第([{_NUM}]+)条(?:之[{_NUM}]+)?(?:[\s\u3000]|$)")
DIVISION_LINE = re.compile(rf"^[\s\u3000]*第[{_NUM}]+[编章节](?:[\s\u3000]|$)")
OUTLINE_LINE = re.compile(r"^[\s\u3000]*([一二三四五六七八九十]+)、")
SALUTATION = re.compile(
    r"^[\s\u3000]*各[^。：:]{1,80}(?:人民政府|部门|单位|机构|处室|委办局|直属机构)[^。]{0,80}[：:]\s*$"
)
#: …人民政府令第15号, …部令第3号, 《…》已经…通过，现予公布，自…起施行.
ORDER = re.compile(
    rf"(?:人民政府|部|委员会|局|署|总局|办公厅)令\s*[（(]?第\s*[{_NUM}]+\s*号|现予公布|予以公布，自|公布，自.{{2,20}}施行"
)
HISTORY = re.compile(r"^[\s\u3000（(]*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,80}(?:通过|修正|修订|公布|批准|施行)")
ISSUING = re.compile(r"关于印发|现(?:将|把)?.{0,80}印发给你们|现予印发|现印发")
POINTS = re.compile(r"[得扣]\s*\d+(?:\.\d+)?\s*分|[（(]\s*\d+\s*分\s*[）)]")
#: The header of a scoring table, as a flattened page prints it: 序号 检查内容 分数 评 分 标 准.
SCORING_HEADER = re.compile(r"序\s*号\s+\S{2,8}\s+(?:分\s*数|分\s*值|标\s*准\s*分)\s+评\s*分\s*标\s*准")
_META = re.compile(r"[【\[]?(?:" + "|".join(k for keys in FIELDS.values() for k in keys) + r")\s*[】\]]?\s*[:：】\]]")


@dataclass
class Evidence:
    """What a text shows of each shape (counts, and whether a feature is present)."""

    articles: int  # article lines in runs of increasing numbers
    divisions: int  # 编/章/节 lines
    outline: int  # top-level outline lines in runs (一、 二、 …)
    salutation: bool
    order_header: bool
    metadata: bool
    history: int  # dated history lines
    issuing: bool
    scoring: bool  # points awarded and deducted (得6分, 扣3分), or a scoring table's header

    @property
    def article_form(self) -> bool:
        """Whether the articles are the document's (or its issued rule's) structure, not a stray line."""
        if self.articles < 2:
            return False
        return self.articles >= self.outline or self.issuing or self.order_header or self.divisions > 0

    @property
    def notice_form(self) -> bool:
        return self.outline >= 2 or self.salutation or self.issuing or self.metadata


def _run_count(numbers: list[int]) -> int:
    """How many of the numbers are in runs that go up (1, 2, 3 or 14, 15 …): a list is ordered."""
    count = 0
    for k, n in enumerate(numbers):
        if (k > 0 and numbers[k - 1] < n <= numbers[k - 1] + 3) or (
            k + 1 < len(numbers) and n < numbers[k + 1] <= n + 3
        ):
            count += 1
    return count


def _numbers(pattern: re.Pattern[str], lines: list[str]) -> list[int]:
    out = []
    for line in lines:
        m = pattern.match(line)
        if m:
            try:
                out.append(chinese_to_int(m.group(1)))
            except ValueError:
                continue
    return out


def evidence(text: str) -> Evidence:
    lines = text.splitlines()
    head = "\n".join(lines[:60])
    return Evidence(
        articles=_run_count(_numbers(ARTICLE_LINE, lines)),
        divisions=sum(1 for line in lines if DIVISION_LINE.match(line)),
        outline=_run_count(_numbers(OUTLINE_LINE, lines)),
        salutation=any(SALUTATION.match(line) for line in lines[:80]),
        order_header=bool(ORDER.search(head)),
        metadata=len(_META.findall(head)) >= 2,
        history=sum(1 for line in lines[:40] if HISTORY.match(line)),
        issuing=bool(ISSUING.search(head)),
        scoring=len(POINTS.findall(text)) >= 3 or bool(SCORING_HEADER.search(text)),
    )


def is_statute_text(text: str) -> bool:
    """Whether a text is a statute as law databases print it: a title, then the dated lines of its
    legislative history, then its articles — and no 令 header, metadata block or 印发 notice."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or ARTICLE_LINE.match(lines[0]) or DIVISION_LINE.match(lines[0]):
        return False
    title = re.sub(r"^#+\s*", "", lines[0]).strip()
    if len(title) > 80 or re.search(r"[。，,；;]|的通知$", title):
        return False
    ev = evidence(text)
    if ev.order_header or ev.issuing or ev.metadata:
        return False
    first = next((i for i, line in enumerate(lines) if ARTICLE_LINE.match(line) or DIVISION_LINE.match(line)), 0)
    return any(HISTORY.match(line) for line in lines[1:first])
