"""One normative document published as a web page into its named graph.

The page's text is repaired and simplified (cleanup) and its shape read from
the evidence (shape): a notice in outline form, a rule in article form
(rules, rulegraph: written as a statute), or a 印发 notice followed by the
rules it issues, each part read as its own kind. For a notice, the page is
cut down to the document (page), its metadata block read (metadata), its
body built into an outline of addressable parts (outline), and each part
searched for citations, dates and organisations; then what
the notice establishes is read from the parts: the timetable (timetable),
the evaluation criteria (evaluation), the sanction rules (sanctions), the
division of labour and the leading group (labour). Everything written is
prov:wasDerivedFrom the deepest part that says it. What could not be found
is said in the document's notes, and the text is kept whatever happens.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import iris
from ..catalogue import StatuteCatalogue, normalise_title
from ..document import LoadedDocument, Unresolved
from ..errors import SourceError
from ..ntriples import GraphWriter
from ..statute_model import Statute
from ..statutes import statute_graph
from ..vocab import DCT, ELI, QZ, RDFS, concept
from .metadata import Metadata, read_metadata
from .organs import place_of
from .outline import Part, build_outline
from .page import DOCUMENT_FORMS, Page, clean_line, page_from_lines, page_text
from .rulegraph import write_rule
from .rules import issued_titles, issuing_split, read_rules
from .scoring import unflatten_scoring_table
from .shape import evidence
from .writing import NoticeContext, body, write_parts, write_regime

_FORM = re.compile("(" + "|".join(sorted(DOCUMENT_FORMS, key=len, reverse=True)) + r")(?:[（(][^（）()]*[）)])?$")


def _issuer(title: str, meta: Metadata) -> str:
    m = re.match(r"^(.{2,40}?)关于", title)
    return m.group(1) if m else meta.issuer


def _parts_in_order(root: Part, preamble: Part | None) -> list[Part]:
    return ([preamble] if preamble else []) + [p for p in root.walk() if p.style != "root"]


def load_notice(
    path: str | Path, data: bytes | None = None, catalogue: StatuteCatalogue | None = None
) -> LoadedDocument:
    """Read one normative document page; bad layouts are noted, not rejected (SourceError only for an empty page)."""
    return read_document(path, data, catalogue)[1]


def read_document(
    path: str | Path, data: bytes | None = None, catalogue: StatuteCatalogue | None = None
) -> tuple[list[Statute], LoadedDocument]:
    """(rules in article form, graph) of one page: a notice, a rule, or a 印发 notice with the rules it issues.

    The shape is read from the evidence (:mod:`shape`); the rules are returned so that the caller
    can catalogue them for the citations of the files read after.
    """
    path = str(path)
    name = Path(path).name
    raw = data if data is not None else Path(path).read_bytes()
    clean, hints = page_text(raw, name)
    lines = [clean_line(line) for line in clean.text.splitlines()]
    if not any(lines):
        raise SourceError(name, "the page has no text")
    lines, table_notes = unflatten_scoring_table(lines)
    clean.notes.extend(table_notes)
    catalogue = catalogue or StatuteCatalogue()
    digest = hashlib.sha256(raw).hexdigest()
    original = clean.original if clean.traditional else ""
    ev = evidence("\n".join(lines))
    split = issuing_split(lines) if ev.article_form and ev.issuing else None
    if not ev.article_form or split == len(lines):
        page = page_from_lines(lines, hints, name)
        page.notes[:0] = clean.notes
        page.original = original
        notice = _read_notice(page, catalogue)
        _write_notice(notice, digest, name)
        return [], notice.document(path)
    if split is None:
        rules = read_rules(lines, name)
        first = rules[0].statute
        g = GraphWriter(statute_graph(first))
        notes = list(clean.notes)
        counts: dict[str, int] = {"rules": len(rules)}
        unresolved: list[Unresolved] = []
        for rule in rules:
            written = write_rule(g, rule, path, catalogue, original)
            g.plain(rule.statute.version_iri, QZ.sha256, digest)
            notes.extend(rule.notes + written.notes)
            unresolved.extend(written.unresolved)
            for key, n in written.counts.items():
                counts[key] = counts.get(key, 0) + n
        date_note = f"（{first.version_date}）" if first.version_date else ""
        return [r.statute for r in rules], LoadedDocument(
            path=path,
            kind="statute",
            graph=g.graph_iri,
            subject=first.version_iri,
            label=f"{first.title}{date_note}",
            data=g.finish(),
            statements=len(g),
            counts=counts,
            unresolved=unresolved,
            notes=notes,
        )
    page = page_from_lines(lines[:split], hints, name)
    page.notes[:0] = clean.notes
    page.original = original
    notice = _read_notice(page, catalogue)
    ctx = notice.ctx
    issued = issued_titles(page.text([page.title_line] if page.title_line is not None else []) or page.title)
    issued += [t for t in issued_titles(page.text(page.body)) if t not in issued]
    rules = read_rules(
        lines[split:],
        name,
        fallback_date=ctx.date.isoformat() if ctx.date else None,
        fallback_issuer=notice.issuer,
        known_titles=issued,
    )
    for rule in rules:
        catalogue.add_statute(rule.statute)  # the notice's own mentions of the rule resolve to it
    _write_notice(notice, digest, name)
    ctx.counts["rules"] = len(rules)
    for rule in rules:
        version = rule.statute.version_iri
        ctx.g.iri(ctx.doc, QZ.issues, version)
        ctx.g.iri(ctx.doc, DCT.hasPart, version)
        written = write_rule(ctx.g, rule, path, catalogue)
        notice.notes.extend(rule.notes + [f"{rule.statute.title}: {n}" for n in written.notes])
        ctx.unresolved.extend(written.unresolved)
        for key, n in written.counts.items():
            ctx.counts[key] = ctx.counts.get(key, 0) + n
    missing = [t for t in issued if not any(normalise_title(t) == normalise_title(r.statute.title) for r in rules)]
    if missing:
        notice.notes.append("the page does not hold the text of " + "、".join(f"《{t}》" for t in missing))
    return [r.statute for r in rules], notice.document(path)


@dataclass
class _Notice:
    """A notice read from its page, with the context its parts are written in."""

    page: Page
    meta: Metadata
    issuer: str
    doc_date: str | None
    root: Part
    parts: list[Part]
    ctx: NoticeContext
    notes: list[str]

    def document(self, path: str) -> LoadedDocument:
        return LoadedDocument(
            path=path,
            kind="notice",
            graph=self.ctx.g.graph_iri,
            subject=self.ctx.doc,
            label=self.page.title,
            data=self.ctx.g.finish(),
            statements=len(self.ctx.g),
            counts=self.ctx.counts,
            unresolved=self.ctx.unresolved,
            notes=self.notes,
        )


def _read_notice(page: Page, catalogue: StatuteCatalogue) -> _Notice:
    meta = read_metadata(page)
    notes = [*page.notes, *meta.notes]
    root, preamble = build_outline([page.lines[i] for i in page.body])
    if not root.children:
        notes.append("no outline (一、 / （一） / 1.) found in the body: the body is kept as one part")
        if preamble is not None:
            preamble.style, preamble.heading = "body", "正文"
    first = root.children[0] if root.children else None
    if page.title_line is None and first is not None and first.number > 1:
        notes.append(f"an excerpt: the text begins mid-document (its first part is {first.marker})")
    doc_date = meta.issued or meta.effective
    if doc_date is None:
        notes.append(
            "no date found (发布日期 or a closing date line): dates written without a year "
            "are kept as written but not resolved"
        )
    issuer = _issuer(page.title, meta)
    place = place_of(issuer or meta.issuer)
    doc_id = meta.number or (f"{page.title}({doc_date})" if doc_date else page.title)
    g = GraphWriter(iris.graph("notice", doc_id))
    ctx = NoticeContext(
        g,
        iris.notice(doc_id),
        meta.number or page.title,
        # A site's posting date dates the page, not the document's timetable: no context for 4月21日.
        date.fromisoformat(doc_date) if doc_date and not meta.posted else None,
        place,
        catalogue,
    )
    return _Notice(page, meta, issuer, doc_date, root, _parts_in_order(root, preamble), ctx, notes)


def _write_notice(notice: _Notice, digest: str, name: str) -> None:
    _write_document(notice.ctx, notice.page, notice.meta, notice.issuer, notice.doc_date, digest, name)
    if any(n.startswith("an excerpt") for n in notice.notes):
        notice.ctx.g.boolean(notice.ctx.doc, QZ.excerpt, True)
    write_parts(notice.ctx, notice.parts, notice.root)
    notice.notes.extend(write_regime(notice.ctx, notice.root, notice.parts))


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
    if page.original:
        g.text(doc, QZ.originalText, page.original, lang=None)
    if issuer:
        g.iri(doc, DCT.publisher, body(ctx, issuer))
    if ctx.place.name:
        area = iris.area(ctx.place.name)
        g.type(area, QZ.AdministrativeArea)
        g.text(area, RDFS.label, ctx.place.name)
        g.iri(doc, DCT.spatial, area)
