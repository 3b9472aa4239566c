"""What each public page shows, assembled from the catalogue and a few queries; the templates only lay it out.

The same views serve the running service and ``quanze publish``: a page is
the same whichever writes it. Each function returns plain data (dataclasses
and the API's models), so what a page shows can be tested without HTML.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from quanze.loaders.numerals import int_to_chinese
from quanze.loaders.vocab import QZ, RDF
from quanze.service.analysis.findings import Finding
from quanze.service.lookup.models import Power
from quanze.service.lookup.powers import power_detail
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store
from quanze.service.store.base import value as text
from quanze.service.validation import Report
from quanze.service.validation.context import Finding as ValidationFinding
from quanze.service.validation.report import SEVERITY_NAMES
from quanze.service.web.catalogue import (
    Catalogue,
    OrgEntry,
    PowerEntry,
    StatuteEntry,
    VersionEntry,
    power_types,
    type_by_iri,
)
from quanze.service.web.flowchart import Flow, flow
from quanze.service.web.linked_data import labels
from quanze.service.web.ontology_doc import curie, term_labels

NODE_KINDS = {
    QZ.Part: "part",
    QZ.Chapter: "chapter",
    QZ.Section: "section",
    QZ.Article: "article",
    QZ.Paragraph: "paragraph",
    QZ.Item: "item",
    QZ.Point: "point",
}


# ---------------------------------------------------------------- groups of powers


@dataclass
class TypeGroup:
    """The powers of one type, each with its sub-items under it."""

    iri: str
    zh: str
    en: str
    powers: list[tuple[PowerEntry, list[PowerEntry]]]

    @property
    def count(self) -> int:
        return sum(1 + len(subs) for _, subs in self.powers)


def by_type(cat: Catalogue, powers: list[PowerEntry]) -> list[TypeGroup]:
    """Powers grouped by type in the vocabulary's order; a sub-item under its power when that is listed too."""
    listed = {p.iri for p in powers}
    groups: dict[str, list[tuple[PowerEntry, list[PowerEntry]]]] = defaultdict(list)
    for p in powers:
        if p.parent and p.parent in listed:
            continue
        subs = [c for c in cat.children.get(p.iri, ()) if c.iri in listed]
        groups[p.type or ""].append((p, subs))
    types = type_by_iri()
    out = [TypeGroup(t.iri, t.zh, t.en, groups[t.iri]) for t in power_types() if groups.get(t.iri)]
    rest = [entries for key, entries in groups.items() if key not in types]
    if rest:
        out.append(TypeGroup("", "未注明类型", "type not given", [e for entries in rest for e in entries]))
    return out


# ---------------------------------------------------------------- home


@dataclass
class HomeView:
    departments: list  # DepartmentRow
    types: list
    powers: int
    statutes: int


def home(cat: Catalogue) -> HomeView:
    rows = [r for r in cat.departments() if r.total]
    used = [t for t in power_types() if any(r.by_type.get(t.iri) for r in rows)]
    return HomeView(rows, used, len(cat.powers), len(cat.statutes))


# ---------------------------------------------------------------- department


@dataclass(frozen=True)
class ReviewRow:
    """One finding of the review as the department page lists it."""

    severity: str
    power: str  # the power's IRI, or "" when the finding is about the list itself
    name: str
    where: str  # file · sheet · rows
    rule: str
    message: str
    times: int = 1  # the same finding on several nodes of the power (each step of its procedure, say)


@dataclass
class ValidationStatus:
    """The validation findings on a department's powers, or why there are none to show."""

    available: bool
    note: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # severity → count, most severe first
    findings: list[ReviewRow] = field(default_factory=list)


@dataclass
class DepartmentView:
    org: OrgEntry
    units: list[tuple[OrgEntry, list[OrgEntry]]]  # unit and its posts
    posts: list[OrgEntry]  # posts of the department itself
    lists: list[OrgEntry]
    groups: list[TypeGroup]
    total: int
    overlaps: list[Finding] | None
    overlaps_note: str
    review: ValidationStatus


def department(
    cat: Catalogue, iri: str, overlaps: list[Finding] | str, review: ValidationStatus
) -> DepartmentView | None:
    org = cat.orgs.get(iri)
    if org is None or org.kind != "department":
        return None
    powers = cat.by_department.get(iri, [])
    if isinstance(overlaps, str):
        mine, note = None, overlaps
    else:
        mine = [f for f in overlaps if any(m.department == iri for m in f.members)]
        note = ""
    return DepartmentView(
        org,
        [(u, cat.posts_of(u.iri)) for u in cat.units_of(iri)],
        cat.posts_of(iri),
        cat.lists_of(iri),
        by_type(cat, powers),
        len(powers),
        mine,
        note,
        review,
    )


def validation_status(
    review: tuple[Report, list[ValidationFinding]] | str, cat: Catalogue, department: str
) -> ValidationStatus:
    """The findings of the store's review that fall on the department: on its powers, or on a list
    it published whose powers name no department. ``review`` is why the review could not run."""
    if isinstance(review, str):
        return ValidationStatus(False, f"审核验收未能完成 / the validation could not run: {review}")
    report, found = review
    name = cat.label(department)
    mine = [
        f
        for f in found
        if f.place.department == department or (not f.place.department and f.place.publisher_name == name)
    ]
    counts: dict[str, int] = {}
    for severity in SEVERITY_NAMES.values():
        n = sum(1 for f in mine if f.result.severity_name == severity)
        if n:
            counts[severity] = n
    rows: dict[ReviewRow, int] = {}  # in report order, identical rows counted once
    for f in mine:
        row = ReviewRow(
            f.result.severity_name,
            f.place.power,
            f.place.name,
            " · ".join(x for x in (f.place.file, f.place.sheet, f.place.rows and f"第{f.place.rows}行") if x),
            report.shape_name(f.result.shape, "zh"),
            f.result.message("zh"),
        )
        rows[row] = rows.get(row, 0) + 1
    findings = [dataclasses.replace(row, times=n) for row, n in rows.items()]
    return ValidationStatus(
        True, "" if found or report.lists else "库中没有权责清单 / no power list loaded", counts, findings
    )


# ---------------------------------------------------------------- power


@dataclass
class PowerView:
    power: Power
    entry: PowerEntry | None
    flow: Flow
    sub_items: list[PowerEntry]
    parent: PowerEntry | None
    department: OrgEntry | None
    lead_units: set[str]


def power(store: Store, cat: Catalogue, iri: str) -> PowerView | None:
    detail = power_detail(store, iri)
    return power_of(detail, cat) if detail is not None else None


def power_of(detail: Power, cat: Catalogue) -> PowerView:
    """The page of a power whose details were read (one at a time by the service, in batches by publish)."""
    entry = cat.powers.get(detail.iri)
    return PowerView(
        detail,
        entry,
        flow(detail.procedure, detail.time_limits, detail.duties),
        list(cat.children.get(detail.iri, ())),
        cat.powers.get(entry.parent) if entry and entry.parent else None,
        cat.orgs.get(entry.department) if entry and entry.department else None,
        set(entry.lead_units) if entry else set(),
    )


# ---------------------------------------------------------------- units, posts, lists


@dataclass
class OrgView:
    org: OrgEntry
    owner: OrgEntry | None
    department: OrgEntry | None
    posts: list[OrgEntry]
    groups: list[TypeGroup]
    total: int


def organisation(cat: Catalogue, iri: str) -> OrgView | None:
    """A unit, a post or a list, with the powers it handles, holds or lists."""
    org = cat.orgs.get(iri)
    if org is None or org.kind == "department":
        return None
    powers = {"unit": cat.by_unit, "post": cat.by_post, "list": cat.by_list}[org.kind].get(iri, [])
    owner = cat.orgs.get(org.owner or "")
    dept = owner
    while dept is not None and dept.kind != "department":
        dept = cat.orgs.get(dept.owner or "")
    return OrgView(org, owner, dept, cat.posts_of(iri) if org.kind == "unit" else [], by_type(cat, powers), len(powers))


# ---------------------------------------------------------------- statutes


@dataclass
class Node:
    """A division, article, paragraph, item or point of a statute version."""

    iri: str
    kind: str
    parent: str
    number: int | None = None
    number_text: str = ""
    heading: str = ""
    text: str = ""
    order: int = 0
    children: list[Node] = field(default_factory=list)
    anchor: str = ""  # its id on its page: art_3 on the version's, par_1-pt_2 on the article's, chp_5-sec_1

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]

    @property
    def title(self) -> str:
        return f"{self.number_text} {self.heading}".strip()


@dataclass
class VersionText:
    """A statute version's text as a tree, and who rests on each article."""

    statute: StatuteEntry
    version: VersionEntry
    roots: list[Node]
    nodes: dict[str, Node]
    articles: list[Node]
    powers: dict[str, list[tuple[str, PowerEntry]]]  # article → (basis label, power)

    def article_of(self, iri: str) -> Node | None:
        node = self.nodes.get(iri)
        while node is not None and node.kind != "article":
            node = self.nodes.get(node.parent)
        return node

    def path_to(self, node: Node) -> list[Node]:
        """The divisions an article is in, outermost first."""
        chain = []
        parent = self.nodes.get(node.parent)
        while parent is not None:
            chain.append(parent)
            parent = self.nodes.get(parent.parent)
        return chain[::-1]

    def departments_on(self, article: str) -> list[str]:
        return sorted({p.department for _, p in self.powers.get(article, ()) if p.department})


def version_text(
    store: Store, cat: Catalogue, iri: str, links: list[tuple[str, str]] | None = None
) -> VersionText | None:
    """The text of a version whose text is loaded (None otherwise), with the powers resting on each article.

    ``links`` are (basis, power) pairs when the caller has read them for every
    version at once (``quanze publish``); otherwise this version's are read.
    """
    found = cat.versions.get(iri)
    if found is None or not found[1].file:
        return None
    statute, version = found
    nodes: dict[str, Node] = {}
    for r in store.select(system_query("version-text").bind({"version": iri})):
        kind = NODE_KINDS.get(text(r, "kind") or "")
        node_iri = text(r, "node") or ""
        if kind is None or node_iri in nodes:
            continue
        number, order = text(r, "number"), text(r, "order")
        nodes[node_iri] = Node(
            node_iri,
            kind,
            text(r, "parent") or "",
            int(number) if number and number.isdigit() else None,
            text(r, "numberText") or "",
            text(r, "heading") or "",
            text(r, "text") or "",
            int(order) if order and order.isdigit() else 0,
        )
    roots: list[Node] = []
    for n in nodes.values():
        n.anchor = anchor(n.iri[len(iri) + 1 :].split("/"))
        (nodes[n.parent].children if n.parent in nodes else roots).append(n)
    for n in nodes.values():
        n.children.sort(key=_node_order)
    roots.sort(key=_node_order)
    articles = sorted((n for n in nodes.values() if n.kind == "article"), key=lambda n: n.order)
    vt = VersionText(statute, version, roots, nodes, articles, {})
    if links is None:
        links = [
            (text(r, "basis") or "", text(r, "power") or "")
            for r in store.select(system_query("version-basis").bind({"version": iri}))
        ]
    powers: dict[str, list[tuple[str, PowerEntry]]] = defaultdict(list)
    for basis, power_iri in links:
        article = vt.article_of(basis)
        entry = cat.powers.get(power_iri)
        if article is None or entry is None:
            continue
        powers[article.iri].append((_basis_label(vt, basis, article), entry))
    for art, entries in powers.items():
        unique = {(label, p.iri): (label, p) for label, p in entries}
        powers[art] = sorted(unique.values(), key=lambda e: (e[1].department or "", e[1].name))
    vt.powers = dict(powers)
    return vt


def anchor(parts: list[str]) -> str:
    """The id of a subdivision on its page, from its IRI's path below the version (as :mod:`links` links it)."""
    art = next((i for i, p in enumerate(parts) if p.startswith("art_")), None)
    if art is None:
        return "-".join(parts)
    return parts[art] if art + 1 == len(parts) else "-".join(parts[art + 1 :])


def _node_order(n: Node) -> tuple[int, int, str]:
    return (n.order or 0, n.number or 0, n.iri)


def _basis_label(vt: VersionText, basis: str, article: Node) -> str:
    """``第三十二条第一款第（二）项``: the part of the article a power rests on."""
    label = article.number_text
    node = vt.nodes.get(basis)
    chain = []
    while node is not None and node.iri != article.iri:
        chain.append(node)
        node = vt.nodes.get(node.parent)
    for n in reversed(chain):
        if n.kind == "paragraph" and n.number:
            label += f"第{int_to_chinese(n.number)}款"
        elif n.kind == "item":
            label += f"第{n.number_text or n.number}项"
        elif n.kind == "point" and n.number:
            label += f"第{n.number}目"
    return label


@dataclass
class ArticleView:
    vt: VersionText
    article: Node
    path: list[Node]
    previous: Node | None
    next: Node | None
    powers: list[tuple[str, PowerEntry]]
    departments: list[tuple[OrgEntry | None, str, list[tuple[str, PowerEntry]]]]  # department, IRI, its powers
    other_versions: list[tuple[VersionEntry, str]]  # the article of the same number in other loaded versions


def article(vt: VersionText, iri: str, cat: Catalogue) -> ArticleView | None:
    node = vt.nodes.get(iri)
    if node is None or node.kind != "article":
        return None
    i = vt.articles.index(node)
    powers = vt.powers.get(iri, [])
    by_dept: dict[str, list[tuple[str, PowerEntry]]] = defaultdict(list)
    for label, p in powers:
        by_dept[p.department or ""].append((label, p))
    departments = sorted(
        ((cat.orgs.get(d), d, entries) for d, entries in by_dept.items()), key=lambda x: (-len(x[2]), x[1])
    )
    suffix = iri[len(vt.version.iri) :]
    others = [(v, v.iri + suffix) for v in vt.statute.texts if v.iri != vt.version.iri]
    return ArticleView(
        vt,
        node,
        vt.path_to(node),
        vt.articles[i - 1] if i > 0 else None,
        vt.articles[i + 1] if i + 1 < len(vt.articles) else None,
        powers,
        departments,
        others,
    )


# ---------------------------------------------------------------- any other resource


@dataclass
class Statement:
    predicate: str
    predicate_zh: str
    predicate_en: str
    value: str
    is_iri: bool
    label: str = ""
    language: str | None = None
    datatype: str = ""


@dataclass
class ResourceView:
    iri: str
    label: str
    types: list[tuple[str, str, str]]  # (IRI, zh, en)
    statements: list[Statement]
    incoming: list[Statement]  # subject as value, predicate as link
    incoming_more: bool


INCOMING = 100


def resource(store: Store, iri: str) -> ResourceView | None:
    """What the graph says about any resource: its statements, and what links to it."""
    out = store.select(system_query("resource-out").bind({"node": iri}))
    incoming_rows = store.select(system_query("resource-in").bind({"node": iri}) + f"\nLIMIT {INCOMING + 1}")
    if not out and not incoming_rows:
        return None
    names = term_labels()
    objects = [r["o"].value for r in out if isinstance(r["o"], ox.NamedNode)]
    subjects = [r["s"].value for r in incoming_rows[:INCOMING] if isinstance(r["s"], ox.NamedNode)]
    found = labels(store, [iri, *objects, *subjects])
    statements, types = [], []
    for r in out:
        p, o = r["p"], r["o"]
        if p is None or o is None:
            continue
        zh, en = names.get(p.value, ("", ""))
        if p.value == RDF.type and isinstance(o, ox.NamedNode):
            types.append((o.value, *names.get(o.value, (curie(o.value), ""))))
            continue
        statements.append(_statement(p.value, zh, en, o, found, names))
    incoming = []
    for r in incoming_rows[:INCOMING]:
        s, p = r["s"], r["p"]
        if s is None or p is None:
            continue
        zh, en = names.get(p.value, ("", ""))
        incoming.append(_statement(p.value, zh, en, s, found, names))
    statements.sort(key=lambda s: (s.predicate_zh == "", s.predicate_zh or s.predicate, s.value))
    incoming.sort(key=lambda s: (s.predicate_zh or s.predicate, s.label or s.value))
    return ResourceView(iri, found.get(iri, ""), types, statements, incoming, len(incoming_rows) > INCOMING)


def _statement(
    predicate: str, zh: str, en: str, term: Any, found: dict[str, str], names: dict[str, tuple[str, str]]
) -> Statement:
    if isinstance(term, ox.NamedNode):
        label = found.get(term.value) or names.get(term.value, ("", ""))[0]
        return Statement(predicate, zh, en, term.value, True, label)
    if isinstance(term, ox.Literal):
        datatype = "" if term.language else curie(term.datatype.value)
        return Statement(predicate, zh, en, term.value, False, language=term.language, datatype=datatype)
    return Statement(predicate, zh, en, str(term), False)
