"""Accountability situations (追责情形), their failure kinds, and liable parties (追责对象范围)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..concepts import normalise_label, scheme
from .numbered import split_numbered


@dataclass
class Situation:
    order: int
    text: str
    failure_kinds: list[str]  # failure-kind concept IRIs


@dataclass
class LiableEntry:
    order: int
    text: str
    role: str  # liable-role concept IRI


def failure_kinds(text: str) -> list[str]:
    kinds = scheme("failure-kind")
    flat = normalise_label(text)
    found: list[str] = []
    for keyword, concept in kinds.keywords():
        if keyword in flat and concept not in found:
            found.append(concept)
    return found


def parse_situations(cell: str) -> tuple[str, list[Situation]]:
    """(preamble, situations): 因不履行或不正确履行行政职责，有下列情形的… is the preamble."""
    if not cell.strip():
        return "", []
    preamble, entries = split_numbered(cell)
    return preamble, [Situation(i, e.text, failure_kinds(e.text)) for i, e in enumerate(entries, start=1)]


def role_of(text: str) -> str:
    roles = scheme("liable-role")
    flat = normalise_label(text)
    exact = roles.lookup(flat)
    if exact:
        return exact
    for keyword, concept in roles.keywords():
        if keyword in flat:
            return concept
    return next(c for c, label in roles.pref.items() if label == "其他责任人员")


def parse_liable(cell: str) -> list[LiableEntry]:
    if not cell.strip():
        return []
    _, entries = split_numbered(cell)
    out = []
    for e in entries:
        # Entries are short role names; line breaks inside them only wrap the cell (具体\n承办人).
        for part in re.split(r"[；;]", re.sub(r"\s+", "", e.text)):
            text = part.strip("。：:，,")
            if text:
                out.append(LiableEntry(len(out) + 1, text, role_of(text)))
    return out
