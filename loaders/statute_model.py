"""The parsed shape of a statute: its history, divisions, articles, paragraphs, items and points.

Kept apart from the reader (:mod:`statutes`) so that what reads articles —
citations, power-conferring articles — depends on the shape, not on the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import iris

NATIONAL_PREFIX = "中华人民共和国"


def short_title(title: str) -> str:
    """The short title lists use: 中华人民共和国行政处罚法 → 行政处罚法."""
    title = re.sub(r"\s+", "", title)
    if title.startswith(NATIONAL_PREFIX) and len(title) > len(NATIONAL_PREFIX) + 1:
        return title[len(NATIONAL_PREFIX) :]
    return title


def iso_date(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass
class HistoryEvent:
    date: str
    text: str
    kind: str  # slug of the version-kind vocabulary


@dataclass
class Point:
    number: int
    text: str


@dataclass
class Item:
    number: int
    number_text: str
    text: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Paragraph:
    number: int
    text: str  # the paragraph's own line
    items: list[Item] = field(default_factory=list)

    def full_text(self) -> str:
        lines = [self.text]
        for it in self.items:
            lines.append(it.text)
            lines.extend(p.text for p in it.points)
        return "\n".join(lines)


@dataclass
class Division:
    kind: str  # 编, 章 or 节
    number: int
    number_text: str
    heading: str
    parent: Division | None = None

    def key(self) -> tuple[str, int]:
        return (self.kind, self.number)


@dataclass
class Article:
    number: int
    suffix: int
    number_text: str
    paragraphs: list[Paragraph]
    division: Division | None

    def text(self) -> str:
        return "\n".join(p.full_text() for p in self.paragraphs)


@dataclass
class Statute:
    """One statute version as parsed from its text."""

    title: str
    history: list[HistoryEvent]
    articles: list[Article]
    divisions: list[Division]
    level: str  # slug of the legal-level vocabulary
    version_date: str
    preamble: str = ""

    @property
    def short_title(self) -> str:
        return short_title(self.title)

    @property
    def work_iri(self) -> str:
        return iris.statute(self.short_title)

    @property
    def version_iri(self) -> str:
        return iris.statute_version(self.short_title, self.version_date)

    def article_count(self) -> int:
        return len(self.articles)
