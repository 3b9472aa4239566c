"""What the review analyses read from the store, once: powers, their basis, units, levels, and the grants.

The analyses (overlaps, gaps) compare powers with one another, which SPARQL
does badly (an all-pairs join); so they read each fact once through the
system queries of ``queries/system/review-*.rq`` and work in memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from quanze.loaders.concepts import scheme

from .queries import system_query
from .store import Store

Step = Callable[[str, float], None]


@dataclass
class PowerRecord:
    iri: str
    name: str
    type: str  # power-type IRI
    department: str
    department_name: str
    list: str
    list_title: str
    area: str
    level: str  # exercise-level IRI or ""
    scope: str
    sheet: str
    row: int | None
    has_basis_text: bool = True
    articles: dict[str, set[str]] = field(default_factory=dict)  # article → the subdivisions cited in it
    units: dict[str, str] = field(default_factory=dict)  # unit IRI → name
    leads: set[str] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    assignments: list[tuple[str, str, str]] = field(default_factory=list)  # (level, scope, department written)

    @property
    def type_label(self) -> str:
        return type_label(self.type)


@dataclass
class GrantRecord:
    iri: str
    article: str
    version: str
    subdivision: str = ""  # the paragraph its acts are written in
    types: set[str] = field(default_factory=set)
    acts: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    level: str = ""
    source: str = ""
    authority: str = ""


@dataclass
class ArticleRecord:
    iri: str
    label: str
    text: str
    version: str
    statute: str
    short: str
    order: int


@dataclass
class CitationRecord:
    iri: str
    power: str
    status: str  # citation-status slug
    text: str
    title: str
    statute: str
    cited: str  # version IRI
    resolved: str  # version IRI
    quote: str
    reason: str
    targets: set[str] = field(default_factory=set)


@dataclass
class VersionRecord:
    iri: str
    statute: str
    short: str
    date: str
    end: str  # date no longer in force, or ""


@dataclass
class ReviewData:
    powers: dict[str, PowerRecord] = field(default_factory=dict)
    grants: dict[str, list[GrantRecord]] = field(default_factory=dict)  # article → its grants
    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    citations: dict[str, list[CitationRecord]] = field(default_factory=dict)  # power → its basis citations
    versions: dict[str, VersionRecord] = field(default_factory=dict)

    def current_versions(self) -> dict[str, str]:
        """Statute → its latest version whose text is loaded."""
        loaded: dict[str, str] = {}
        for art in self.articles.values():
            if art.statute not in loaded or art.version > loaded[art.statute]:
                loaded[art.statute] = art.version
        return loaded


def type_label(iri: str) -> str:
    return scheme("power-type").pref.get(iri, iri.rsplit("/", 1)[-1])


def _v(row: dict, key: str) -> str:
    term = row.get(key)
    return term.value if term is not None else ""


def read_review_data(
    store: Store, parts: tuple[str, ...] = ("basis", "units", "levels", "grants", "articles"), step: Step | None = None
) -> ReviewData:
    """Read the powers and the ``parts`` the caller needs; ``step`` hears of each query and its time."""
    data = ReviewData()

    def timed(name: str) -> list[dict]:
        started = time.monotonic()
        rows = store.select(system_query(name).text)
        if step:
            step(f"read {name.removeprefix('review-')} ({len(rows)} rows)", time.monotonic() - started)
        return rows

    for r in timed("review-powers"):
        iri = _v(r, "power")
        if iri in data.powers:
            continue
        row = _v(r, "row")
        data.powers[iri] = PowerRecord(
            iri,
            _v(r, "name"),
            _v(r, "type"),
            _v(r, "department"),
            _v(r, "departmentName"),
            _v(r, "list"),
            _v(r, "listTitle"),
            _v(r, "area"),
            _v(r, "level"),
            _v(r, "scope"),
            _v(r, "sheet"),
            int(row) if row else None,
            _v(r, "hasBasisText") == "true",
        )
    powers = data.powers
    if "basis" in parts:
        for r in timed("review-basis"):
            p = powers.get(_v(r, "power"))
            if p is not None:
                p.articles.setdefault(_v(r, "article"), set()).add(_v(r, "target"))
    if "units" in parts:
        for r in timed("review-units"):
            p = powers.get(_v(r, "power"))
            if p is None:
                continue
            if r.get("unit") is not None:
                p.units[_v(r, "unit")] = _v(r, "unitName") or _v(r, "unit")
                if _v(r, "isLead") == "true":
                    p.leads.add(_v(r, "unit"))
            elif r.get("post") is not None:
                p.posts.add(_v(r, "post"))
    if "levels" in parts:
        for r in timed("review-levels"):
            p = powers.get(_v(r, "power"))
            if p is not None:
                p.assignments.append((_v(r, "level"), _v(r, "scope"), _v(r, "departmentWritten")))
    if "grants" in parts:
        by_grant: dict[str, GrantRecord] = {}
        for r in timed("review-grants"):
            g = by_grant.get(_v(r, "grant"))
            if g is None:
                g = by_grant[_v(r, "grant")] = GrantRecord(
                    _v(r, "grant"),
                    _v(r, "article"),
                    _v(r, "version"),
                    _v(r, "subdivision"),
                    level=_v(r, "level"),
                    source=_v(r, "source"),
                    authority=_v(r, "authority"),
                )
                data.grants.setdefault(g.article, []).append(g)
            g.types.add(_v(r, "type"))
            if _v(r, "domain"):
                g.domains.add(_v(r, "domain"))
            if _v(r, "act"):
                g.acts.add(_v(r, "act"))
    if "citations" in parts:
        seen: dict[str, CitationRecord] = {}
        for r in timed("review-citations"):
            c = seen.get(_v(r, "citation"))
            if c is None:
                c = seen[_v(r, "citation")] = CitationRecord(
                    _v(r, "citation"),
                    _v(r, "power"),
                    _v(r, "status").rsplit("/", 1)[-1],
                    _v(r, "text"),
                    _v(r, "title"),
                    _v(r, "statute"),
                    _v(r, "cited"),
                    _v(r, "resolved"),
                    _v(r, "quote"),
                    _v(r, "reason"),
                )
                data.citations.setdefault(c.power, []).append(c)
            if _v(r, "target"):
                c.targets.add(_v(r, "target"))
    if "versions" in parts:
        for r in timed("review-versions"):
            data.versions[_v(r, "version")] = VersionRecord(
                _v(r, "version"), _v(r, "statute"), _v(r, "short"), _v(r, "date"), _v(r, "end")
            )
    if "articles" in parts:
        for r in timed("review-articles"):
            order = _v(r, "order")
            data.articles[_v(r, "article")] = ArticleRecord(
                _v(r, "article"),
                _v(r, "label"),
                _v(r, "text"),
                _v(r, "version"),
                _v(r, "statute"),
                _v(r, "short"),
                int(order) if order else 0,
            )
    return data
