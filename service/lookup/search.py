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
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from quanze.loaders.numerals import chinese_to_int, int_to_chinese
from quanze.loaders.vocab import QZ
from quanze.service.sparql.queries import get, system_query
from quanze.service.store.base import Row, Store, value

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


def narrowest_kinds(candidates: list[Candidate]) -> list[Candidate]:
    """A sub-item is typed both qz:Power and qz:SubItem, so it comes once per type, in an order stores differ
    on: every row of it says sub-item, whichever came first."""
    subs = {c.power for c in candidates if c.kind == "sub-item"}
    return [replace(c, kind="sub-item") if c.power in subs else c for c in candidates]


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
    label = f"{title}第{int_to_chinese(chinese_to_int(m.group('article')))}条{m.group('suffix') or ''}"
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


def _order(candidate: Candidate) -> tuple[int, str, str]:
    # Among equals a shorter name is more specific; then name and IRI, never the store's order.
    return (len(candidate.name), candidate.name, candidate.power)


class Ranking:
    """All the matches of a text, best first; each group of equal score is sorted when first paged.

    A common word (处罚) matches tens of thousands of powers in a province: the
    ranking is kept per text (see :class:`PowerIndex`), so it is sorted once.
    """

    def __init__(self, groups: list[tuple[int, str, list[Candidate]]]) -> None:
        self.groups = groups  # (score, matched_by, candidates), best score first
        self._sorted: set[int] = set()
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return sum(len(g) for _, _, g in self.groups)

    def _group(self, i: int) -> list[Candidate]:
        with self._lock:
            if i not in self._sorted:
                self.groups[i][2].sort(key=_order)
                self._sorted.add(i)
        return self.groups[i][2]

    def page(self, offset: int, limit: int) -> list[Match]:
        found: list[Match] = []
        skip, need = offset, limit
        for i, (score, how, group) in enumerate(self.groups):
            if need <= 0:
                break
            if skip >= len(group):
                skip -= len(group)
                continue
            chosen = self._group(i)[skip : skip + need]
            found.extend(Match(c, score, how) for c in chosen)
            need -= len(chosen)
            skip = 0
        return found


def rank(candidates: Iterable[Candidate], text: str) -> Ranking:
    """Best first: code, article, whole name, name prefix, then any name containing the text."""
    best: dict[str, tuple[int, str, Candidate]] = {}
    for c in candidates:
        score, how = classify(c, text)
        old = best.get(c.power)
        if old is None or score > old[0]:
            best[c.power] = (score, how, c)
    groups: dict[int, tuple[str, list[Candidate]]] = {}
    for score, how, c in best.values():
        groups.setdefault(score, (how, []))[1].append(c)
    return Ranking([(score, how, cands) for score, (how, cands) in sorted(groups.items(), reverse=True)])


def article_candidates(store: Store, label: str) -> list[Candidate]:
    """Powers resting on the subdivision with this label (any version) or on one inside it."""
    return from_rows(store.select(get("article-powers").bind({"article": label})))


def scan_candidates(store: Store, text: str) -> list[Candidate]:
    """Name and code matches by the named query ``responsible`` (a scan of the graph)."""
    return from_rows(store.select(get("responsible").bind({"q": text, "limit": "1000000"})))


def from_rows(rows: list[Row]) -> list[Candidate]:
    """A candidate a row (``basisLabel`` where the query gives one), each power's narrowest kind kept."""
    return narrowest_kinds(
        [
            Candidate(
                value(r, "power") or "",
                kind_of(value(r, "kind") or ""),
                value(r, "name") or "",
                value(r, "code"),
                value(r, "basisLabel"),
            )
            for r in rows
        ]
    )


class PowerIndex:
    """Every power's name and code in memory: substring search over one joined string."""

    SEPARATOR = "\x00"
    REMEMBERED = 512  # rankings kept for texts asked again

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
        self._rankings: OrderedDict[str, Ranking] = OrderedDict()
        self._lock = threading.Lock()

    def remembered(self, text: str) -> Ranking | None:
        """The ranking of a text asked before (the index is rebuilt whenever the store changes)."""
        with self._lock:
            found = self._rankings.get(text)
            if found is not None:
                self._rankings.move_to_end(text)
            return found

    def remember(self, text: str, ranking: Ranking) -> None:
        with self._lock:
            self._rankings[text] = ranking
            while len(self._rankings) > self.REMEMBERED:
                self._rankings.popitem(last=False)

    @classmethod
    def build(cls, store: Store) -> PowerIndex:
        entries: dict[str, Candidate] = {}
        for r in store.select(system_query("power-index").text):
            power = value(r, "power") or ""
            if power not in entries or entries[power].code is None:
                entries[power] = Candidate(
                    power, kind_of(value(r, "kind") or ""), value(r, "name") or "", value(r, "code")
                )
            if kind_of(value(r, "kind") or "") == "sub-item":
                entries[power] = replace(entries[power], kind="sub-item")
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
