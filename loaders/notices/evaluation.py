"""The evaluation criteria of a notice (评议考核的主要内容).

Notices list what the evaluation examines in one sentence after a cue
(具体包括：A，B，C等) or as the sub-parts of a part headed 考核内容. Each item
becomes a criterion, named by the keywords of the evaluation-criteria
vocabulary it contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
class Criterion:
    part: Part
    order: int
    text: str
    kind: str | None  # evaluation-criterion concept IRI


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


def find_criteria(parts: list[Part]) -> list[Criterion]:
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
