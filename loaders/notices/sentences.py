"""Sentences, clauses and sub-clauses of a notice's prose.

Rules in notices are written one per clause: a sentence (。) holds several
rules separated by ；, and a rule's condition, grading and consequence are
its sub-clauses (，). Commas inside 《》 or brackets do not split.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


def _split(text: str, marks: str) -> list[str]:
    out: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "《（(〔[【“":
            depth += 1
        elif ch in "》）)〕]】”":
            depth = max(0, depth - 1)
        if ch in marks and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, split at ；(a sentence's final 。 dropped)."""
    return _split(sentence.rstrip("。！？!?"), "；;")


def subclauses(clause: str) -> list[str]:
    return _split(clause, "，,")


_TITLE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")


def mask_titles(text: str) -> str:
    """The text with what is inside 《》 blanked out (same length, so offsets hold): the 监察 of
    《行政监察法》 is not an organ, and the 追究 of 《…责任追究办法》 not a duty."""
    return _TITLE.sub(lambda m: "《" + "□" * (len(m.group()) - 2) + "》", text)
