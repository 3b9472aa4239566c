"""Writing a normative document's parts and what it establishes, for notices and rules alike.

A notice's outline parts and a rule's articles are written by their own
readers; the dates and citations in each part, and the regime read from the
parts (timetable, evaluation criteria, sanction rules, division of labour,
leading group), are written here, each prov:wasDerivedFrom the part or
article that says it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import iris
from ..catalogue import StatuteCatalogue
from ..citation_graph import write_citation
from ..citations import Citation, resolve
from ..document import Unresolved
from ..ntriples import GraphWriter
from ..vocab import CV, DCT, ELI, ORG, PROV, QZ, RDFS, concept
from .dates import DateSpan, find_dates
from .evaluation import find_criteria
from .labour import LeadingGroup, find_assignments, find_group
from .liability import find_shares
from .organs import Place, named_bodies, organ_mentions, role_of_name
from .outline import Part
from .references import Mention, find_mentions
from .sanctions import find_rules
from .sentences import mask_titles
from .timetable import Step, find_steps


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


def part_iri(ctx: NoticeContext, part: Part) -> str:
    if part.style == "preamble":
        return f"{ctx.doc}/preamble"
    if part.style == "body":
        return f"{ctx.doc}/body"
    return ctx.doc + "".join(f"/part_{n}" for n in part.path)


def body(ctx: NoticeContext, name: str) -> str:
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


def write_parts(ctx: NoticeContext, parts: list[Part], root: Part) -> None:
    g = ctx.g
    aliases: dict[str, Mention] = {}
    context = ctx.date
    for order, part in enumerate(parts, start=1):
        iri = part_iri(ctx, part)
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
        context = write_findings(ctx, iri, part, aliases, context)
        masked = mask_titles(part.own_text)
        for o in organ_mentions(masked):
            g.iri(iri, QZ.namesOrganisation, o.role)
        for b in named_bodies(masked, ctx.place):
            g.iri(iri, QZ.namesOrganisation, body(ctx, b.name))


def write_findings(
    ctx: NoticeContext, iri: str, part: Part, aliases: dict[str, Mention], context: date | None
) -> date | None:
    """The dates and citations of one part (or article) ``iri``; returns the date context for the next part.

    A date without a year is read against the document date and the dates before it; a document
    without a date still has its complete dates (2006年4月1日至4月30日) found.
    """
    text = part.own_text
    spans, context = find_dates(text, context)
    ctx.dates[id(part)] = spans
    for k, span in enumerate(spans, start=1):
        write_deadline(ctx, iri, k, span)
    for k, mention in enumerate(find_mentions(text, aliases), start=1):
        write_mention(ctx, iri, part, k, mention)
    return context


def write_deadline(ctx: NoticeContext, part_iri: str, k: int, span: DateSpan) -> None:
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


def write_mention(ctx: NoticeContext, part_iri: str, part: Part, k: int, mention: Mention) -> None:
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


def write_regime(ctx: NoticeContext, root: Part, parts: list[Part]) -> list[str]:
    """Write steps, criteria, rules, assignments and the leading group; returns notes on what is missing."""
    notes = []
    steps = find_steps(root, ctx.dates)
    for step in steps:
        write_step(ctx, f"{ctx.doc}/regime/step/{step.order}", step)
    criteria = find_criteria(parts)
    for c in criteria:
        iri = f"{ctx.doc}/regime/criterion/{c.order}"
        regime_node(ctx, iri, QZ.EvaluationCriterion, c.order, c.text, c.part)
        if c.kind:
            ctx.g.iri(iri, QZ.criterionKind, c.kind)
        if c.points is not None:
            ctx.g.decimal(iri, QZ.points, c.points)
        if c.parent is not None:
            ctx.g.iri(iri, DCT.isPartOf, f"{ctx.doc}/regime/criterion/{c.parent.order}")
        for k, score in enumerate(c.scores, start=1):
            s_iri = f"{iri}/score/{k}"
            ctx.g.type(s_iri, QZ.ScoringRule)
            ctx.g.iri(iri, QZ.hasScoringRule, s_iri)
            ctx.g.integer(s_iri, QZ.order, k)
            ctx.g.text(s_iri, QZ.text, score.text)
            if score.awarded is not None:
                ctx.g.decimal(s_iri, QZ.pointsAwarded, score.awarded)
            if score.deducted is not None:
                ctx.g.decimal(s_iri, QZ.pointsDeducted, score.deducted)
            if score.per_instance:
                ctx.g.boolean(s_iri, QZ.perInstance, True)
            if score.discretionary:
                ctx.g.boolean(s_iri, QZ.discretionary, True)
    rules = find_rules(parts)
    rule_iris = {id(r): f"{ctx.doc}/regime/sanction/{r.order}" for r in rules}
    for r in rules:
        iri = rule_iris[id(r)]
        regime_node(ctx, iri, QZ.SanctionRule, r.order, r.text, r.part)
        ctx.g.iri(iri, QZ.ruleTarget, r.target)
        for s in r.sanctions:
            ctx.g.iri(iri, QZ.sanction, s)
        ctx.g.text(iri, QZ.gradingText, r.grading)
        for organ in r.imposed_by:
            ctx.g.iri(iri, QZ.imposedBy, organ)
        if r.escalates is not None:
            ctx.g.iri(iri, QZ.escalates, rule_iris[id(r.escalates)])
        if r.effect is not None:
            ctx.g.iri(iri, QZ.ruleEffect, r.effect)
        for j, cond in enumerate(r.conditions, start=1):
            c_iri = f"{iri}/condition/{j}"
            ctx.g.type(c_iri, QZ.Condition)
            ctx.g.iri(iri, QZ.hasCondition, c_iri)
            ctx.g.text(c_iri, QZ.text, cond.text)
            for kind in cond.kinds:
                ctx.g.iri(c_iri, QZ.failureKind, kind)
            ctx.g.boolean(c_iri, QZ.rateBased, cond.rate_based)
    shares = find_shares(parts)
    for share in shares:
        iri = f"{ctx.doc}/regime/share/{share.order}"
        regime_node(ctx, iri, QZ.ResponsibilityShare, share.order, share.text, share.part)
        ctx.g.text(iri, QZ.liableParty, share.party)
        ctx.g.iri(iri, QZ.responsibilityDegree, share.degree)
        if share.role:
            ctx.g.iri(iri, QZ.liableRole, share.role)
        for j, cond in enumerate(share.conditions, start=1):
            c_iri = f"{iri}/condition/{j}"
            ctx.g.type(c_iri, QZ.Condition)
            ctx.g.iri(iri, QZ.hasCondition, c_iri)
            ctx.g.text(c_iri, QZ.text, cond)
    assignments = find_assignments(parts)
    for a in assignments:
        iri = f"{ctx.doc}/regime/assignment/{a.order}"
        regime_node(ctx, iri, QZ.OrganAssignment, a.order, a.text, a.part)
        ctx.g.iri(iri, QZ.organ, a.organ)
        ctx.g.iri(iri, QZ.dutyKind, a.duty)
        ctx.g.text(iri, QZ.topic, a.topic)
        for s in a.sanctions:
            ctx.g.iri(iri, QZ.sanction, s)
    group = find_group(parts, ctx.place)
    if group is not None:
        write_group(ctx, group)
    ctx.counts.update(
        steps=len(steps),
        tasks=sum(len(s.tasks) for s in steps),
        criteria=len(criteria),
        sanction_rules=len(rules),
        responsibility_shares=len(shares),
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


def regime_node(ctx: NoticeContext, iri: str, cls: str, order: int, text: str, part: Part) -> None:
    g = ctx.g
    g.type(iri, cls)
    g.iri(ctx.doc, QZ.establishes, iri)
    g.integer(iri, QZ.order, order)
    g.text(iri, QZ.text, text)
    g.iri(iri, PROV.wasDerivedFrom, ctx.part_iris[id(part)])


def write_step(ctx: NoticeContext, iri: str, step: Step) -> None:
    g = ctx.g
    regime_node(ctx, iri, QZ.RegimeStep, step.order, step.part.full_text().split("\n", 1)[0], step.part)
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


def write_group(ctx: NoticeContext, group: LeadingGroup) -> None:
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
            member = body(ctx, m.body.name)
            g.iri(m_iri, ORG.member, member)
            g.iri(member, ORG.hasMembership, m_iri)  # …and org:hasMembership is the member's side of it
        if m.organ:
            g.iri(m_iri, QZ.organRole, m.organ)
        g.iri(m_iri, PROV.wasDerivedFrom, ctx.part_iris[id(group.part)])
