"""Duties (责任事项) by stage, from the numbered list in one cell.

A cell groups duties under 直接实施责任 / 指导监督责任 and often names each
duty's stage at its head (1、受理责任：…). The stage comes from that head
when present, else from keywords in the text; both lists of words are the
labels of ``vocabularies/duty-stages.ttl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..concepts import normalise_label, scheme
from .numbered import split_numbered

CATEGORY_HEADINGS = ("直接实施责任", "指导监督责任")
_HEAD = re.compile(r"^(.{1,12}?责任)[:：]")


@dataclass
class Duty:
    order: int
    text: str
    stage: str  # duty-stage concept IRI
    category: str | None  # duty-category concept IRI


def stage_of(text: str) -> str:
    """The stage a duty text is about: its head (受理责任：) first, else the earliest keyword."""
    stages = scheme("duty-stage")
    head = _HEAD.match(text)
    if head:
        found = stages.lookup(head.group(1)) or stages.lookup(head.group(1).removesuffix("责任"))
        if found:
            return found
    window = normalise_label(text)[:40]
    best: tuple[int, int, str] | None = None
    for keyword, concept in stages.keywords():
        pos = window.find(keyword)
        if pos >= 0 and (best is None or (pos, -len(keyword)) < best[:2]):
            best = (pos, -len(keyword), concept)
    return best[2] if best else next(c for c, label in stages.pref.items() if label == "其他")


def parse_duties(cell: str) -> list[Duty]:
    if not cell.strip():
        return []
    categories = scheme("duty-category")
    _, entries = split_numbered(cell, CATEGORY_HEADINGS)
    duties = []
    for order, entry in enumerate(entries, start=1):
        category = categories.lookup(entry.heading) if entry.heading else None
        duties.append(Duty(order, entry.text, stage_of(entry.text), category))
    return duties
