"""What the public pages list, read from the store once per version of it.

A department page lists hundreds of powers, the home page counts every
power by type and department, a unit page lists the powers it handles:
reading these with a query per request costs tens of milliseconds each
(Oxigraph joins every property of every power). The catalogue reads every
power's summary, every organisation, post and list, and every statute with
its versions in three queries, and the pages filter it in memory. The service
keeps one per store generation (:meth:`backends.Backend.cached`);
``quanze publish`` builds one for the whole site.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from quanze.loaders.concepts import scheme
from quanze.loaders.vocab import QZ
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store
from quanze.service.store.base import value as text

KINDS = {QZ.Power: "power", QZ.SubItem: "sub-item"}
ORG_KINDS = {QZ.Department: "department", QZ.Unit: "unit", QZ.Post: "post", QZ.PowerList: "list"}


@dataclass(frozen=True)
class PowerType:
    iri: str
    slug: str
    zh: str
    en: str


@cache
def power_types() -> tuple[PowerType, ...]:
    """The ten power types in the order of the vocabulary (the notice's order, 其他 last)."""
    s = scheme("power-type")
    return tuple(
        PowerType(iri, iri.rstrip("/").rsplit("/", 1)[-1], zh, s.pref_en.get(iri, "")) for iri, zh in s.pref.items()
    )


def type_by_iri() -> dict[str, PowerType]:
    return {t.iri: t for t in power_types()}


@dataclass
class PowerEntry:
    """A power or sub-item as the pages that list it show it."""

    iri: str
    kind: str = "power"
    name: str = ""
    code: str | None = None
    type: str | None = None  # concept IRI
    department: str | None = None
    power_list: str | None = None
    parent: str | None = None
    units: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        found = type_by_iri().get(self.type or "")
        return found.zh if found else "（未注明类型）"


@dataclass
class OrgEntry:
    """A department, unit, post or power list."""

    iri: str
    kind: str
    label: str
    owner: str | None = None  # the department of a unit, the unit or department of a post, the publisher of a list
    area: str | None = None
    area_label: str | None = None
    issued: str | None = None
    file: str | None = None


@dataclass
class VersionEntry:
    iri: str
    date: str
    kind: str | None = None
    in_force: str | None = None
    no_longer: str | None = None
    file: str | None = None  # set when the text of this version is loaded


@dataclass
class StatuteEntry:
    iri: str
    title: str
    short: str
    level: str | None = None
    rank: int = 0
    versions: list[VersionEntry] = field(default_factory=list)

    @property
    def texts(self) -> list[VersionEntry]:
        """The versions whose text is loaded, newest first."""
        return sorted((v for v in self.versions if v.file), key=lambda v: v.date, reverse=True)


@dataclass
class DepartmentRow:
    """A line of the home page: a department and its powers counted by type."""

    org: OrgEntry
    total: int
    by_type: dict[str, int]  # type IRI → count
    units: int


class Catalogue:
    def __init__(self, powers: dict[str, PowerEntry], orgs: dict[str, OrgEntry], statutes: dict[str, StatuteEntry]):
        self.powers = powers
        self.orgs = orgs
        self.statutes = statutes
        self.versions = {v.iri: (s, v) for s in statutes.values() for v in s.versions}
        self.by_department: dict[str, list[PowerEntry]] = defaultdict(list)
        self.by_unit: dict[str, list[PowerEntry]] = defaultdict(list)
        self.by_post: dict[str, list[PowerEntry]] = defaultdict(list)
        self.by_list: dict[str, list[PowerEntry]] = defaultdict(list)
        self.children: dict[str, list[PowerEntry]] = defaultdict(list)
        self.owned: dict[str, list[OrgEntry]] = defaultdict(list)
        for p in sorted(powers.values(), key=power_order):
            if p.department:
                self.by_department[p.department].append(p)
            for u in p.units:
                self.by_unit[u].append(p)
            for post in p.posts:
                self.by_post[post].append(p)
            if p.power_list:
                self.by_list[p.power_list].append(p)
            if p.parent:
                self.children[p.parent].append(p)
        for o in sorted(orgs.values(), key=lambda o: o.label):
            if o.owner:
                self.owned[o.owner].append(o)

    @classmethod
    def build(cls, store: Store) -> Catalogue:
        return cls(_powers(store), _orgs(store), _statutes(store))

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        if iri in self.orgs:
            return self.orgs[iri].label
        if iri in self.powers:
            return self.powers[iri].name
        return iri

    def departments(self) -> list[DepartmentRow]:
        """Departments with their powers counted by type, most powers first."""
        rows = []
        for o in self.orgs.values():
            if o.kind != "department":
                continue
            counts: dict[str, int] = defaultdict(int)
            for p in self.by_department.get(o.iri, ()):
                counts[p.type or ""] += 1
            units = sum(1 for u in self.owned.get(o.iri, ()) if u.kind == "unit")
            rows.append(DepartmentRow(o, sum(counts.values()), dict(counts), units))
        return sorted(rows, key=lambda r: (-r.total, r.org.label))

    def units_of(self, department: str) -> list[OrgEntry]:
        return [o for o in self.owned.get(department, ()) if o.kind == "unit"]

    def posts_of(self, holder: str) -> list[OrgEntry]:
        return [o for o in self.owned.get(holder, ()) if o.kind == "post"]

    def lists_of(self, department: str) -> list[OrgEntry]:
        return [o for o in self.owned.get(department, ()) if o.kind == "list"]

    def statute_list(self) -> list[StatuteEntry]:
        """Statutes by level (highest first), then title."""
        return sorted(self.statutes.values(), key=lambda s: (-s.rank, s.title))


def power_order(p: PowerEntry) -> tuple:
    """Type in the vocabulary's order, then code, then name: the order published lists use."""
    order = {t.iri: i for i, t in enumerate(power_types())}
    return (order.get(p.type or "", len(order)), p.code or "\uffff", p.name, p.iri)


def _powers(store: Store) -> dict[str, PowerEntry]:
    found: dict[str, PowerEntry] = {}
    for r in store.select(system_query("page-catalogue").text):
        iri, field_name = text(r, "power") or "", text(r, "field")
        node, value = text(r, "node"), text(r, "value")
        p = found.setdefault(iri, PowerEntry(iri))
        if field_name == "name" and value and node in KINDS and not p.name:
            p.name, p.kind = value, KINDS[node]
        elif field_name == "code" and value and not p.code:
            p.code = value
        elif field_name == "type" and node:
            p.type = node
        elif field_name == "department" and node:
            p.department = node
        elif field_name == "list" and node:
            p.power_list = node
        elif field_name == "parent" and node:
            p.parent = node
        elif field_name in ("unit", "lead unit", "post") and node:
            target = {"unit": p.units, "lead unit": p.lead_units, "post": p.posts}[field_name]
            if node not in target:
                target.append(node)
    # Only what is typed and named is a power (other nodes can carry qz:department or qz:unit).
    return {k: v for k, v in found.items() if v.name}


def _orgs(store: Store) -> dict[str, OrgEntry]:
    found: dict[str, OrgEntry] = {}
    for r in store.select(system_query("page-labels").text):
        iri, kind = text(r, "node") or "", ORG_KINDS.get(text(r, "kind") or "")
        if kind is None:
            continue
        o = found.setdefault(iri, OrgEntry(iri, kind, text(r, "label") or iri))
        o.owner = o.owner or text(r, "owner")
        o.area = o.area or text(r, "area")
        o.area_label = o.area_label or text(r, "areaLabel")
        o.issued = o.issued or text(r, "issued")
        o.file = o.file or text(r, "file")
    return found


def _statutes(store: Store) -> dict[str, StatuteEntry]:
    found: dict[str, StatuteEntry] = {}
    seen: set[str] = set()
    for r in store.select(system_query("statutes").text):
        iri = text(r, "statute") or ""
        title = text(r, "title") or iri
        s = found.setdefault(iri, StatuteEntry(iri, title, text(r, "short") or title))
        s.level = s.level or text(r, "levelLabel")
        rank = text(r, "rank")
        s.rank = max(s.rank, int(rank)) if rank and rank.lstrip("-").isdigit() else s.rank
        version = text(r, "version") or ""
        if version in seen:
            continue
        seen.add(version)
        s.versions.append(
            VersionEntry(
                version,
                text(r, "date") or "",
                text(r, "kindLabel"),
                text(r, "inForce"),
                text(r, "noLonger"),
                text(r, "file"),
            )
        )
    for s in found.values():
        s.versions.sort(key=lambda v: v.date)
    return found
