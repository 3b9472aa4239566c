"""The evaluation criteria of a notice (评议考核的主要内容).

Notices list what the evaluation examines in one sentence after a cue
(具体包括：A，B，C等) or as the sub-parts of a part headed 考核内容. Each item
becomes a criterion, named by the keywords of the evaluation-criteria
vocabulary it contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import normalise_label, scheme
from .outline import Part
from .sentences import sentences, subclauses

_CUE = re.compile(
    r"(?:具体包括|主要包括|内容包括|包括以下(?:内容|方面|几个方面)?|主要内容(?:是|为|有|包括)|"
    r"考核内容(?:是|为|有|包括)|考核(?:的)?标准(?:是|为|有|包括))[:：]?"
)
_ABOUT_EVALUATION = re.compile(r"评议|考核|考评")
_HEADING = re.compile(r"考核内容|考核标准|评议内容|评议考核的内容")


@dataclass
class Score:
    """One scoring clause: the case as written, and what it is awarded or deducted."""

    text: str
    awarded: float | None = None  # 得6分 (0 for 不得分 / 得0分)
    deducted: float | None = None  # 扣3分
    per_instance: bool = False  # 每件扣1分
    discretionary: bool = False  # 酌情扣分 (no figure)


@dataclass
class Criterion:
    part: Part
    order: int
    text: str
    kind: str | None  # evaluation-criterion concept IRI
    points: float | None = None  # what the criterion is worth (分值): (12分), a table's column, its full award
    scores: list[Score] = field(default_factory=list)
    parent: Criterion | None = None


def criterion_kind(text: str) -> str | None:
    flat = normalise_label(text)
    for keyword, concept in scheme("evaluation-criterion").keywords():
        if keyword in flat:
            return concept
    return None


def _items(after_cue: str) -> list[str]:
    items = []
    for item in subclauses(after_cue.replace("；", "，").replace(";", "，")):
        item = re.sub(r"(?:等(?:方面|内容|情况)?)$", "", item.strip().rstrip("。")).strip()
        if len(item) >= 2:
            items.append(item)
    return items


_HEADING_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")
_AWARD = re.compile(r"得\s*(\d+(?:\.\d+)?)\s*分")
_DEDUCT = re.compile(r"扣(?:除)?\s*(\d+(?:\.\d+)?)\s*分")
_PER_INSTANCE = re.compile(r"每[^；;。]{0,16}?扣")
_NO_POINTS = re.compile(r"不得分|不计分")
_DISCRETION = re.compile(r"酌情(?:扣|减|给)")
_SCORED = re.compile(r"得\s*\d+(?:\.\d+)?\s*分|扣(?:除)?\s*\d+(?:\.\d+)?\s*分|不得分|酌情扣分")


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def scores_in(text: str) -> list[Score]:
    """The scoring clauses of a text: the sub-clauses up to each one that awards or deducts points."""
    out: list[Score] = []
    pending: list[str] = []
    for sentence in sentences(text):
        for clause in re.split(r"(?<=[；;])", sentence):
            for sub in subclauses(clause.rstrip("；;。")):
                pending.append(sub)
                if not _SCORED.search(sub):
                    continue
                joined = "，".join(pending)
                awards = [_number(a) for a in _AWARD.findall(sub)]
                deduction = _DEDUCT.search(sub)
                score = Score(
                    joined,
                    awarded=max(awards) if awards else (0 if _NO_POINTS.search(sub) else None),
                    deducted=_number(deduction.group(1)) if deduction else None,
                    per_instance=bool(deduction and _PER_INSTANCE.search(joined)),
                    discretionary=bool(_DISCRETION.search(sub)),
                )
                out.append(score)
                pending = []
            if pending and clause.endswith(("；", ";")):
                pending = []
        pending = []
    return out


def _scored(parts: list[Part], start: int) -> list[Criterion]:
    """Criteria with points: parts headed with their points (保障措施(12分)) or awarding and deducting them."""
    found: list[Criterion] = []
    by_part: dict[int, Criterion] = {}
    for part in parts:
        heading_points = _HEADING_POINTS.search(part.heading)
        own = part.own_text
        if heading_points and own.startswith(part.heading):
            own = own[len(part.heading) :].lstrip("：: ")  # 领导管理（2分）：… — the standard after the name
        scores = scores_in(own)
        if heading_points is None and not scores:
            continue
        awards = [s.awarded for s in scores if s.awarded]
        points = _number(heading_points.group(1)) if heading_points else (max(awards) if awards else None)
        name = _HEADING_POINTS.sub("", part.heading).strip(" ：:") if part.heading else ""
        text = name or (scores[0].text if scores else part.own_text[:80])
        parent = part.parent
        while parent is not None and id(parent) not in by_part:
            parent = parent.parent
        c = Criterion(part, start + len(found) + 1, text, criterion_kind(text), points, scores)
        c.parent = by_part.get(id(parent)) if parent is not None else None
        by_part[id(part)] = c
        found.append(c)
    return found


def find_criteria(parts: list[Part]) -> list[Criterion]:
    """Criteria named after a cue (具体包括：…) and criteria with points; a part that is both is read once,
    with its points."""
    scored = _scored(parts, 0)
    with_points = {id(c.part) for c in scored}
    found = [c for c in _cued(parts) if id(c.part) not in with_points] + scored
    for order, c in enumerate(found, start=1):
        c.order = order
    return found


def _cued(parts: list[Part]) -> list[Criterion]:
    found: list[Criterion] = []
    for part in parts:
        context = part.own_text
        if _HEADING.search(part.heading) and part.children:
            for child in part.children:
                text = child.heading or (sentences(child.own_text) or [""])[0]
                found.append(Criterion(child, len(found) + 1, text, criterion_kind(text)))
            continue
        if not _ABOUT_EVALUATION.search(context):
            continue
        for sentence in sentences(part.own_text):
            m = _CUE.search(sentence)
            if not m:
                continue
            rest = sentence[m.end() :]
            if rest.strip(" 。"):
                for item in _items(rest):
                    found.append(Criterion(part, len(found) + 1, item, criterion_kind(item)))
            else:
                for child in part.children:
                    text = child.heading or (sentences(child.own_text) or [""])[0]
                    found.append(Criterion(child, len(found) + 1, text, criterion_kind(text)))
    return found
