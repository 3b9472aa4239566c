"""Finding powers by what a person types: part of a name, a code, or an article of a statute.

Two ways to find candidates give the same answer: the named query
``responsible`` (a scan of every power's name, fine for one command) and
:class:`PowerIndex`, an in-memory index of every power's name and code that
the service reads once per version of the store, so that a lookup costs
milliseconds however large the graph. Either way the candidates go through
:func:`rank`, the one place that decides the order of the answer.

An article such as ``行政处罚法第32条`` or ``《中华人民共和国行政处罚法》第三十二条``
is rewritten into the label the graph gives it (``行政处罚法第三十二条``) so that
it is found by an exact lookup.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from quanze.loaders.numerals import chinese_to_int, int_to_chinese
from quanze.loaders.vocab import QZ

from .queries import get, system_query
from .store import Store

SCORES = {"code": 100, "article": 95, "name": 90, "name-prefix": 80, "name-contains": 70}

_NUMBER = r"[〇零一二三四五六七八九十百千0-9０-９]+"
_ARTICLE = re.compile(
    rf"^(?P<title>.+?)第(?P<article>{_NUMBER})条(?P<suffix>之[一二三四五六七八九十]+)?"
    rf"(?:第(?P<paragraph>{_NUMBER})款)?(?:第[（(]?(?P<item>{_NUMBER})[）)]?项)?$"
)
_STRIP = re.compile(r"[\s\u3000《》〈〉<>“”\"]")


@dataclass(frozen=True)
class Candidate:
    """A power or sub-item that matches, before ranking."""

    power: str
    kind: str  # "power" or "sub-item"
    name: str
    code: str | None = None
    article: str | None = None  # the label of the subdivision it rests on, for article matches


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: int
    matched_by: str  # code, article, name, name-prefix, name-contains


def kind_of(iri: str) -> str:
    return "sub-item" if iri == QZ.SubItem else "power"


def article_label(text: str) -> str | None:
    """The graph's label for an article reference, or None when the text names no article.

    ``《中华人民共和国行政处罚法》第32条第一款`` → ``行政处罚法第三十二条第一款``.
    """
    cleaned = _STRIP.sub("", text)
    m = _ARTICLE.match(cleaned)
    if not m:
        return None
    title = m.group("title").removeprefix("中华人民共和国")
    if not title:
        return None
    label = (
        f"{title}第{int_to_chinese(chinese_to_int(m.group('article')))}条{m.group('suffix') or ''}"
    )
    if m.group("paragraph"):
        label += f"第{int_to_chinese(chinese_to_int(m.group('paragraph')))}款"
    if m.group("item"):
        label += f"第（{int_to_chinese(chinese_to_int(m.group('item')))}）项"
    return label


def classify(candidate: Candidate, text: str) -> tuple[int, str]:
    """How well a candidate matches the text: (score, what matched)."""
    if candidate.article is not None:
        return SCORES["article"], "article"
    if candidate.code is not None and candidate.code == text:
        return SCORES["code"], "code"
    if candidate.name == text:
        return SCORES["name"], "name"
    if candidate.name.startswith(text):
        return SCORES["name-prefix"], "name-prefix"
    return SCORES["name-contains"], "name-contains"


def rank(candidates: Iterable[Candidate], text: str) -> list[Match]:
    """Best first: code, article, whole name, name prefix, then any name containing the text.

    Among equals a shorter name is more specific and comes first; then name
    and IRI, so that the order never depends on the store.
    """
    best: dict[str, Match] = {}
    for c in candidates:
        score, how = classify(c, text)
        old = best.get(c.power)
        if old is None or score > old.score:
            best[c.power] = Match(c, score, how)
    return sorted(
        best.values(),
        key=lambda m: (-m.score, len(m.candidate.name), m.candidate.name, m.candidate.power),
    )


def _text(row: dict, key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def article_candidates(store: Store, label: str) -> list[Candidate]:
    """Powers resting on the subdivision with this label (any version) or on one inside it."""
    rows = store.select(get("article-powers").bind({"article": label}))
    return [
        Candidate(
            _text(r, "power") or "",
            kind_of(_text(r, "kind") or ""),
            _text(r, "name") or "",
            _text(r, "code"),
            _text(r, "basisLabel"),
        )
        for r in rows
    ]


def scan_candidates(store: Store, text: str) -> list[Candidate]:
    """Name and code matches by the named query ``responsible`` (a scan of the graph)."""
    rows = store.select(get("responsible").bind({"q": text, "limit": "1000000"}))
    return [
        Candidate(
            _text(r, "power") or "",
            kind_of(_text(r, "kind") or ""),
            _text(r, "name") or "",
            _text(r, "code"),
        )
        for r in rows
    ]


class PowerIndex:
    """Every power's name and code in memory: substring search over one joined string."""

    SEPARATOR = "\x00"

    def __init__(self, entries: list[Candidate]) -> None:
        self.entries = sorted(entries, key=lambda c: c.power)
        self._haystack = self.SEPARATOR.join(e.name for e in self.entries)
        self._starts: list[int] = []
        pos = 0
        for e in self.entries:
            self._starts.append(pos)
            pos += len(e.name) + 1
        self._codes: dict[str, list[Candidate]] = {}
        for e in self.entries:
            if e.code:
                self._codes.setdefault(e.code, []).append(e)

    @classmethod
    def build(cls, store: Store) -> PowerIndex:
        entries: dict[str, Candidate] = {}
        for r in store.select(system_query("power-index").text):
            power = _text(r, "power") or ""
            if power not in entries or entries[power].code is None:
                entries[power] = Candidate(
                    power, kind_of(_text(r, "kind") or ""), _text(r, "name") or "", _text(r, "code")
                )
        return cls(list(entries.values()))

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Candidate]:
        """Powers whose name contains ``text`` or whose code is ``text``."""
        found: dict[str, Candidate] = {c.power: c for c in self._codes.get(text, [])}
        if not text or self.SEPARATOR in text:
            return list(found.values())
        pos = self._haystack.find(text)
        while pos != -1:
            i = bisect.bisect_right(self._starts, pos) - 1
            entry = self.entries[i]
            found.setdefault(entry.power, entry)
            # Continue after this name: a name matches once however often it contains the text.
            pos = self._haystack.find(text, self._starts[i] + len(entry.name) + 1)
        return list(found.values())
