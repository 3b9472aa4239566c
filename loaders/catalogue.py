"""The statutes a citation can resolve to: titles, versions and their structure.

The citation parser resolves 《行政处罚法》第三十二条第一款 against this
catalogue. It is filled either from statutes parsed in the same command or,
by the service, from statutes already in the store; loaders never query the
store themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import iris
from .statutes import Statute, article_iri, division_iri, versions_of

_TITLE_NOISE = re.compile(r"[\s\u3000《》〈〉<>“”\"']")
_TITLE_VERSION = re.compile(r"[（(][^）)]*(?:修订|修正|年|版)[^）)]*[）)]$")


def normalise_title(title: str) -> str:
    """Compare titles without whitespace, quotes, inner 〈〉 and a trailing (2021年修订)."""
    title = _TITLE_NOISE.sub("", title)
    title = _TITLE_VERSION.sub("", title)
    return title.replace("（", "(").replace("）", ")")


@dataclass
class ArticleEntry:
    iri: str
    paragraphs: list[list[int]]  # per paragraph (from 1), the item numbers it has
    text: str = ""  # to check a citation's quoted text against


@dataclass
class VersionEntry:
    date: str
    iri: str
    articles: dict[tuple[int, int], ArticleEntry] = field(default_factory=dict)
    chapters: dict[int, str] = field(default_factory=dict)  # chapter number → IRI

    @property
    def has_text(self) -> bool:
        return bool(self.articles)

    def article_count(self) -> int:
        return len(self.articles)


@dataclass
class WorkEntry:
    iri: str
    title: str
    short_title: str
    level: str  # legal-level slug
    versions: dict[str, VersionEntry] = field(default_factory=dict)

    def loaded_versions(self) -> list[VersionEntry]:
        return sorted((v for v in self.versions.values() if v.has_text), key=lambda v: v.date)

    def current(self) -> VersionEntry | None:
        loaded = self.loaded_versions()
        return loaded[-1] if loaded else None

    def version_at(self, date: str) -> VersionEntry | None:
        """The latest known version dated on or before ``date``."""
        earlier = [v for v in self.versions.values() if v.date <= date]
        return max(earlier, key=lambda v: v.date) if earlier else None


class StatuteCatalogue:
    """Known statutes, findable by full or short title."""

    def __init__(self) -> None:
        self.works: dict[str, WorkEntry] = {}
        self._by_title: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.works)

    def add_work(self, title: str, short_title: str, level: str) -> WorkEntry:
        iri = iris.statute(short_title)
        work = self.works.get(iri)
        if work is None:
            work = self.works[iri] = WorkEntry(iri, title, short_title, level)
        for name in (title, short_title):
            self._by_title.setdefault(normalise_title(name), iri)
        return work

    def add_version(self, work: WorkEntry, date: str) -> VersionEntry:
        version = work.versions.get(date)
        if version is None:
            version = work.versions[date] = VersionEntry(date, iris.statute_version(work.short_title, date))
        return version

    def find(self, title: str) -> WorkEntry | None:
        key = normalise_title(title)
        iri = self._by_title.get(key)
        if iri is None and not key.startswith("中华人民共和国"):
            iri = self._by_title.get(normalise_title("中华人民共和国" + key))
        return self.works.get(iri) if iri else None

    def add_statute(self, statute: Statute) -> None:
        """Add a parsed :class:`~quanze.loaders.statutes.Statute` with its structure."""
        work = self.add_work(statute.title, statute.short_title, statute.level)
        for event in versions_of(statute.history):
            self.add_version(work, event.date)
        version = self.add_version(work, statute.version_date)
        for div in statute.divisions:
            if div.kind == "章":
                version.chapters[div.number] = division_iri(version.iri, div)
        for art in statute.articles:
            version.articles[(art.number, art.suffix)] = ArticleEntry(
                article_iri(version.iri, art),
                [[it.number for it in par.items] for par in art.paragraphs],
                art.text(),
            )
