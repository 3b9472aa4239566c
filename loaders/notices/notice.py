"""One normative document published as a web page (a notice) into its named graph.

The page is cut down to the document (page), its metadata block read
(metadata), its body built into an outline of addressable parts (outline),
and each part searched for citations, dates and organisations; then what
the notice establishes is read from the parts: the timetable (timetable),
the evaluation criteria (evaluation), the sanction rules (sanctions), the
division of labour and the leading group (labour). Everything written is
prov:wasDerivedFrom the deepest part that says it. What could not be found
is said in the document's notes, and the text is kept whatever happens.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import iris
from ..catalogue import StatuteCatalogue
from ..citation_graph import write_citation
from ..citations import Citation, resolve
from ..document import LoadedDocument, Unresolved
from ..ntriples import GraphWriter
from ..vocab import CV, DCT, ELI, ORG, PROV, QZ, RDFS, concept
from .dates import DateSpan, find_dates
from .evaluation import find_criteria
from .labour import LeadingGroup, find_assignments, find_group
from .metadata import Metadata, read_metadata
from .organs import Place, named_bodies, organ_mentions, place_of, role_of_name
from .outline import Part, build_outline
from .page import DOCUMENT_FORMS, Page, read_page
from .references import Mention, find_mentions
from .sanctions import find_rules
from .sentences import mask_titles
from .timetable import Step, find_steps

_FORM = re.compile("(" + "|".join(sorted(DOCUMENT_FORMS, key=len, reverse=True)) + r")(?:[（(][^（）()]*[）)])?$")


@dataclass
class NoticeContext:
    """What the writing of one notice shares."""

    g: GraphWriter
    doc: str
    label: str  # short name of the document for part labels: its number, else its title
    date: date | None
    place: Place
    catalogue: StatuteCatalogue
    part_iris: dict[int, str] = field(default_factory=dict)  # id(part) → IRI
    dates: dict[int, list[DateSpan]] = field(default_factory=dict)  # id(part) → dates in heading + text
    deadline_iris: dict[int, str] = field(default_factory=dict)  # id(span) → IRI
    bodies: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _issuer(title: str, meta: Metadata) -> str:
    m = re.match(r"^(.{2,40}?)关于", title)
    return m.group(1) if m else meta.issuer


def _parts_in_order(root: Part, preamble: Part | None) -> list[Part]:
    return ([preamble] if preamble else []) + [p for p in root.walk() if p.style != "root"]


def _part_iri(ctx: NoticeContext, part: Part) -> str:
    if part.style == "preamble":
        return f"{ctx.doc}/preamble"
    if part.style == "body":
        return f"{ctx.doc}/body"
    return ctx.doc + "".join(f"/part_{n}" for n in part.path)


def load_notice(
    path: str | Path, data: bytes | None = None, catalogue: StatuteCatalogue | None = None
) -> LoadedDocument:
    """Read one notice page; bad layouts are noted, not rejected (SourceError only for an empty page)."""
    path = str(path)
    name = Path(path).name
    raw = data if data is not None else Path(path).read_bytes()
    page = read_page(raw, name)
    meta = read_metadata(page)
    notes = [*page.notes, *meta.notes]
    root, preamble = build_outline([page.lines[i] for i in page.body])
    if not root.children:
        notes.append("no outline (一、 / （一） / 1.) found in the body: the body is kept as one part")
        if preamble is not None:
            preamble.style, preamble.heading = "body", "正文"
    doc_date = meta.issued or meta.effective
    if doc_date is None:
        notes.append(
            "no date found (发布日期 or a closing date line): dates written without a year "
            "are kept as written but not resolved"
        )
    issuer = _issuer(page.title, meta)
    place = place_of(issuer or meta.issuer)
    doc_id = meta.number or (f"{page.title}({doc_date})" if doc_date else page.title)
    doc = iris.notice(doc_id)
    g = GraphWriter(iris.graph("notice", doc_id))
    ctx = NoticeContext(
        g,
        doc,
        meta.number or page.title,
        date.fromisoformat(doc_date) if doc_date else None,
        place,
        catalogue or StatuteCatalogue(),
    )

    _write_document(ctx, page, meta, issuer, doc_date, hashlib.sha256(raw).hexdigest(), name)
    parts = _parts_in_order(root, preamble)
    _write_parts(ctx, parts, root)
    notes.extend(_write_regime(ctx, root, parts))
    return LoadedDocument(
        path=path,
        kind="notice",
        graph=g.graph_iri,
        subject=doc,
        label=page.title,
        data=g.finish(),
        statements=len(g),
        counts=ctx.counts,
        unresolved=ctx.unresolved,
        notes=notes,
    )


# ---------------------------------------------------------------- the document and its parts


def _write_document(
    ctx: NoticeContext, page: Page, meta: Metadata, issuer: str, doc_date: str | None, digest: str, name: str
) -> None:
    g, doc = ctx.g, ctx.doc
    g.type(doc, QZ.NormativeDocument)
    g.text(doc, ELI.title, page.title, lang=None)
    g.text(doc, RDFS.label, page.title)
    g.iri(doc, QZ.legalLevel, concept("legal-level", "normative-document"))
    g.plain(doc, ELI.id_local, meta.number)
    if doc_date:
        g.date(doc, ELI.date_document, doc_date)
    if meta.effective:
        g.date(doc, ELI.first_date_entry_in_force, meta.effective)
    g.text(doc, QZ.statusText, meta.status)
    form = _FORM.search(page.title)
    g.text(doc, QZ.documentForm, form.group(1) if form else "")
    g.text(doc, QZ.addressee, page.salutation)
    g.text(doc, QZ.publisherAsWritten, meta.issuer)
    g.text(doc, QZ.text, page.text(page.body))
    g.plain(doc, QZ.sourceFile, name)
    g.plain(doc, QZ.sha256, digest)
    if issuer:
        g.iri(doc, DCT.publisher, _body(ctx, issuer))
    if ctx.place.name:
        area = iris.area(ctx.place.name)
        g.type(area, QZ.AdministrativeArea)
        g.text(area, RDFS.label, ctx.place.name)
        g.iri(doc, DCT.spatial, area)


def _body(ctx: NoticeContext, name: str) -> str:
    """A named organisation: same IRI as a list's department of that name, so that they join."""
    iri = iris.department(name)
    if iri not in ctx.bodies:
        ctx.bodies.add(iri)
        ctx.g.type(iri, CV.PublicOrganisation)
        ctx.g.text(iri, RDFS.label, name)
        role = role_of_name(name)
        if role:
            ctx.g.iri(iri, QZ.organRole, role)
        if ctx.place.name and name.startswith(ctx.place.name):
            ctx.g.iri(iri, DCT.spatial, iris.area(ctx.place.name))
        ctx.count("organisations")
    return iri


def _write_parts(ctx: NoticeContext, parts: list[Part], root: Part) -> None:
    g = ctx.g
    aliases: dict[str, Mention] = {}
    context = ctx.date
    for order, part in enumerate(parts, start=1):
        iri = _part_iri(ctx, part)
        ctx.part_iris[id(part)] = iri
        parent = ctx.part_iris.get(id(part.parent)) if part.parent is not None and part.parent is not root else None
        g.type(iri, QZ.DocumentPart)
        g.iri(iri, ELI.is_part_of, parent or ctx.doc)
        g.iri(iri, QZ.inDocument, ctx.doc)
        if part.number:
            g.integer(iri, QZ.number, part.number)
        g.plain(iri, QZ.numberText, part.marker)
        g.text(iri, QZ.heading, part.heading)
        g.text(iri, QZ.text, part.full_text())
        g.integer(iri, QZ.order, order)
        g.text(iri, RDFS.label, f"{ctx.label} {part.label or part.heading}")
        ctx.count("parts")
        text = part.own_text
        spans, context = find_dates(text, context) if context else ([], None)
        ctx.dates[id(part)] = spans
        for k, span in enumerate(spans, start=1):
            _write_deadline(ctx, iri, k, span)
        for k, mention in enumerate(find_mentions(text, aliases), start=1):
            _write_mention(ctx, iri, part, k, mention)
        masked = mask_titles(text)
        for o in organ_mentions(masked):
            g.iri(iri, QZ.namesOrganisation, o.role)
        for b in named_bodies(masked, ctx.place):
            g.iri(iri, QZ.namesOrganisation, _body(ctx, b.name))


def _write_deadline(ctx: NoticeContext, part_iri: str, k: int, span: DateSpan) -> None:
    g = ctx.g
    iri = f"{part_iri}/deadline/{k}"
    ctx.deadline_iris[id(span)] = iri
    g.type(iri, QZ.Deadline)
    g.text(iri, QZ.text, span.text)
    if span.start:
        g.date(iri, QZ.startDate, span.start)
    if span.due:
        g.date(iri, QZ.dueDate, span.due)
    g.boolean(iri, QZ.yearInferred, span.year_inferred)
    g.iri(iri, PROV.wasDerivedFrom, part_iri)
    g.iri(part_iri, QZ.hasDeadline, iri)
    ctx.count("deadlines")


def _write_mention(ctx: NoticeContext, part_iri: str, part: Part, k: int, mention: Mention) -> None:
    g = ctx.g
    iri = f"{part_iri}/citation/{k}"
    c = Citation(text=mention.text, title=mention.title, references=mention.references)
    work = ctx.catalogue.find(mention.title) if mention.title else None
    if work is not None:
        resolve(c, ctx.catalogue)
        if ctx.date is not None and not c.dates:
            # An undated citation in a notice means the version in force on the notice's date.
            version = work.version_at(ctx.date.isoformat())
            c.cited_version = version.iri if version else c.cited_version
        g.iri(part_iri, ELI.cites, work.iri)
        g.iri(ctx.doc, ELI.cites, work.iri)
        ctx.count("statute_citations")
        if c.resolved or c.status == "statute-only":
            ctx.count("statute_citations_resolved")
    elif mention.is_document:
        c.status = "unknown-statute"
        c.reason = (
            "a normative document, cited "
            + (f"by its number {mention.number}" if mention.number else "by its title")
            + ", not a statute"
        )
        cited = iris.notice(mention.number or mention.title or "")
        g.type(cited, QZ.NormativeDocument)
        g.plain(cited, ELI.id_local, mention.number or "")
        if mention.title:
            g.text(cited, ELI.title, mention.title, lang=None)
            g.text(cited, RDFS.label, mention.title)
        elif mention.number:
            g.text(cited, RDFS.label, mention.number)
        g.iri(cited, QZ.legalLevel, concept("legal-level", "normative-document"))
        g.iri(iri, QZ.citedDocument, cited)
        g.iri(part_iri, ELI.cites, cited)
        ctx.count("document_citations")
    else:
        resolve(c, ctx.catalogue)
        ctx.count("statute_citations")
        ctx.unresolved.append(Unresolved(f"{ctx.label} {part.label or part.heading}", c.text, c.reason))
    write_citation(g, iri, c)
    g.iri(part_iri, QZ.hasCitation, iri)
    g.integer(iri, QZ.order, k)
    g.iri(iri, PROV.wasDerivedFrom, part_iri)


# ---------------------------------------------------------------- what the notice establishes


def _write_regime(ctx: NoticeContext, root: Part, parts: list[Part]) -> list[str]:
    """Write steps, criteria, rules, assignments and the leading group; returns notes on what is missing."""
    notes = []
    steps = find_steps(root, ctx.dates)
    for step in steps:
        _write_step(ctx, f"{ctx.doc}/regime/step/{step.order}", step)
    criteria = find_criteria(parts)
    for c in criteria:
        iri = f"{ctx.doc}/regime/criterion/{c.order}"
        _regime_node(ctx, iri, QZ.EvaluationCriterion, c.order, c.text, c.part)
        if c.kind:
            ctx.g.iri(iri, QZ.criterionKind, c.kind)
    rules = find_rules(parts)
    rule_iris = {id(r): f"{ctx.doc}/regime/sanction/{r.order}" for r in rules}
    for r in rules:
        iri = rule_iris[id(r)]
        _regime_node(ctx, iri, QZ.SanctionRule, r.order, r.text, r.part)
        ctx.g.iri(iri, QZ.ruleTarget, r.target)
        for s in r.sanctions:
            ctx.g.iri(iri, QZ.sanction, s)
        ctx.g.text(iri, QZ.gradingText, r.grading)
        for organ in r.imposed_by:
            ctx.g.iri(iri, QZ.imposedBy, organ)
        if r.escalates is not None:
            ctx.g.iri(iri, QZ.escalates, rule_iris[id(r.escalates)])
        for j, cond in enumerate(r.conditions, start=1):
            c_iri = f"{iri}/condition/{j}"
            ctx.g.type(c_iri, QZ.Condition)
            ctx.g.iri(iri, QZ.hasCondition, c_iri)
            ctx.g.text(c_iri, QZ.text, cond.text)
            for kind in cond.kinds:
                ctx.g.iri(c_iri, QZ.failureKind, kind)
            ctx.g.boolean(c_iri, QZ.rateBased, cond.rate_based)
    assignments = find_assignments(parts)
    for a in assignments:
        iri = f"{ctx.doc}/regime/assignment/{a.order}"
        _regime_node(ctx, iri, QZ.OrganAssignment, a.order, a.text, a.part)
        ctx.g.iri(iri, QZ.organ, a.organ)
        ctx.g.iri(iri, QZ.dutyKind, a.duty)
        ctx.g.text(iri, QZ.topic, a.topic)
        for s in a.sanctions:
            ctx.g.iri(iri, QZ.sanction, s)
    group = find_group(parts, ctx.place)
    if group is not None:
        _write_group(ctx, group)
    ctx.counts.update(
        steps=len(steps),
        tasks=sum(len(s.tasks) for s in steps),
        criteria=len(criteria),
        sanction_rules=len(rules),
        assignments=len(assignments),
        group_members=len(group.members) if group else 0,
    )
    for found, what in (
        (steps, "no timetable (工作步骤, …阶段 with dates)"),
        (criteria, "no evaluation criteria (评议考核…具体包括 …)"),
        (rules, "no sanction rules (限期整改, 通报批评, 批评教育, 行政处分 …)"),
        (assignments, "no division of labour among organs (由…负责, …部门要…)"),
        (group, "no leading group (成立…领导小组)"),
    ):
        if not found:
            notes.append(f"{what} found")
    return notes


def _regime_node(ctx: NoticeContext, iri: str, cls: str, order: int, text: str, part: Part) -> None:
    g = ctx.g
    g.type(iri, cls)
    g.iri(ctx.doc, QZ.establishes, iri)
    g.integer(iri, QZ.order, order)
    g.text(iri, QZ.text, text)
    g.iri(iri, PROV.wasDerivedFrom, ctx.part_iris[id(part)])


def _write_step(ctx: NoticeContext, iri: str, step: Step) -> None:
    g = ctx.g
    _regime_node(ctx, iri, QZ.RegimeStep, step.order, step.part.full_text().split("\n", 1)[0], step.part)
    g.text(iri, RDFS.label, step.label)
    if step.stage:
        g.iri(iri, QZ.stage, step.stage)
    if step.deadline is not None:
        g.iri(iri, QZ.hasDeadline, ctx.deadline_iris[id(step.deadline)])
    for task in step.tasks:
        t_iri = f"{iri}/task/{task.order}"
        g.type(t_iri, QZ.RegimeStep)
        g.iri(iri, QZ.hasTask, t_iri)
        g.integer(t_iri, QZ.order, task.order)
        g.text(t_iri, RDFS.label, task.label)
        g.text(t_iri, QZ.text, task.part.full_text().split("\n", 1)[0])
        if task.stage:
            g.iri(t_iri, QZ.stage, task.stage)
        if task.deadline is not None:
            g.iri(t_iri, QZ.hasDeadline, ctx.deadline_iris[id(task.deadline)])
        g.iri(t_iri, PROV.wasDerivedFrom, ctx.part_iris[id(task.part)])


def _write_group(ctx: NoticeContext, group: LeadingGroup) -> None:
    g = ctx.g
    iri = iris.department(group.name)
    g.type(iri, QZ.LeadingGroup)
    g.text(iri, RDFS.label, group.name)
    g.text(iri, QZ.text, group.text)
    g.iri(ctx.doc, QZ.establishes, iri)
    g.iri(iri, PROV.wasDerivedFrom, ctx.part_iris[id(group.part)])
    for k, m in enumerate(group.members, start=1):
        m_iri = f"{iri}/member/{k}"
        g.type(m_iri, ORG.Membership)
        g.iri(m_iri, ORG.organization, iri)  # W3C ORG: the group is the membership's organisation
        g.iri(m_iri, ORG.role, m.role)
        g.integer(m_iri, QZ.order, k)
        g.text(m_iri, QZ.text, m.text)
        if m.body is not None:
            body = _body(ctx, m.body.name)
            g.iri(m_iri, ORG.member, body)
            g.iri(body, ORG.hasMembership, m_iri)  # …and org:hasMembership is the member's side of it
        if m.organ:
            g.iri(m_iri, QZ.organRole, m.organ)
        g.iri(m_iri, PROV.wasDerivedFrom, ctx.part_iris[id(group.part)])
