"""What the analyses read from the store, once: powers, their basis, units, levels, and the grants.

The analyses (overlaps, gaps) compare powers with one another, which SPARQL
does badly (an all-pairs join); so they read each fact once through the
system queries of ``queries/system/analysis-*.rq`` and work in memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from quanze.loaders.concepts import scheme
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store, text

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
    function: str = ""  # the list's 部门职责 column for this power, where it has one
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
class Snapshot:
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


def _holds(row: dict, key: str) -> bool:
    """Whether a boolean the query computes (EXISTS, true) holds: Virtuoso answers 1, an integer, for true."""
    return text(row, key) in ("true", "1")


def read_snapshot(
    store: Store, parts: tuple[str, ...] = ("basis", "units", "levels", "grants", "articles"), step: Step | None = None
) -> Snapshot:
    """Read the powers and the ``parts`` the caller needs; ``step`` hears of each query and its time."""
    data = Snapshot()

    def timed(name: str) -> list[dict]:
        started = time.monotonic()
        rows = store.select(system_query(name).text)
        if step:
            step(f"read {name.removeprefix('analysis-')} ({len(rows)} rows)", time.monotonic() - started)
        return rows

    for r in timed("analysis-powers"):
        iri = text(r, "power")
        if iri in data.powers:
            continue
        row = text(r, "row")
        data.powers[iri] = PowerRecord(
            iri,
            text(r, "name"),
            text(r, "type"),
            text(r, "department"),
            text(r, "departmentName"),
            text(r, "list"),
            text(r, "listTitle"),
            text(r, "area"),
            text(r, "level"),
            text(r, "scope"),
            text(r, "sheet"),
            int(row) if row else None,
            _holds(r, "hasBasisText"),
        )
    powers = data.powers
    if "basis" in parts:
        for r in timed("analysis-basis"):
            p = powers.get(text(r, "power"))
            if p is not None:
                p.articles.setdefault(text(r, "article"), set()).add(text(r, "target"))
    if "functions" in parts:
        for r in timed("analysis-functions"):
            p = powers.get(text(r, "power"))
            if p is not None:
                p.function = text(r, "function")
    if "units" in parts:
        for r in timed("analysis-units"):
            p = powers.get(text(r, "power"))
            if p is None:
                continue
            if r.get("unit") is not None:
                p.units[text(r, "unit")] = text(r, "unitName") or text(r, "unit")
                if _holds(r, "isLead"):
                    p.leads.add(text(r, "unit"))
            elif r.get("post") is not None:
                p.posts.add(text(r, "post"))
    if "levels" in parts:
        for r in timed("analysis-levels"):
            p = powers.get(text(r, "power"))
            if p is not None:
                p.assignments.append((text(r, "level"), text(r, "scope"), text(r, "departmentWritten")))
    if "grants" in parts:
        by_grant: dict[str, GrantRecord] = {}
        for r in timed("analysis-grants"):
            g = by_grant.get(text(r, "grant"))
            if g is None:
                g = by_grant[text(r, "grant")] = GrantRecord(
                    text(r, "grant"),
                    text(r, "article"),
                    text(r, "version"),
                    text(r, "subdivision"),
                    level=text(r, "level"),
                    source=text(r, "source"),
                    authority=text(r, "authority"),
                )
                data.grants.setdefault(g.article, []).append(g)
            g.types.add(text(r, "type"))
            if text(r, "domain"):
                g.domains.add(text(r, "domain"))
            if text(r, "act"):
                g.acts.add(text(r, "act"))
    if "citations" in parts:
        seen: dict[str, CitationRecord] = {}
        for r in timed("analysis-citations"):
            c = seen.get(text(r, "citation"))
            if c is None:
                c = seen[text(r, "citation")] = CitationRecord(
                    text(r, "citation"),
                    text(r, "power"),
                    text(r, "status").rsplit("/", 1)[-1],
                    text(r, "text"),
                    text(r, "title"),
                    text(r, "statute"),
                    text(r, "cited"),
                    text(r, "resolved"),
                    text(r, "quote"),
                    text(r, "reason"),
                )
                data.citations.setdefault(c.power, []).append(c)
            if text(r, "target"):
                c.targets.add(text(r, "target"))
    if "versions" in parts:
        for r in timed("analysis-versions"):
            data.versions[text(r, "version")] = VersionRecord(
                text(r, "version"), text(r, "statute"), text(r, "short"), text(r, "date"), text(r, "end")
            )
    if "articles" in parts:
        for r in timed("analysis-articles"):
            order = text(r, "order")
            data.articles[text(r, "article")] = ArticleRecord(
                text(r, "article"),
                text(r, "label"),
                text(r, "text"),
                text(r, "version"),
                text(r, "statute"),
                text(r, "short"),
                int(order) if order else 0,
            )
    return data
