"""A rule in article form into the graph: its articles as a statute's, what it establishes from them.

The rule is written by the statute writer, so its work, version, chapters
and articles have the statute IRIs (…/eli/cn/{title}/{date}/art_25) and are
found by citations like any statute's. The articles are then read as parts
(an article with its items as sub-parts), so that the readers of timetables,
evaluation criteria, sanction rules and the division of labour work on
rules exactly as on notices; each thing found is derived from its article or
item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .. import iris
from ..catalogue import StatuteCatalogue
from ..document import Unresolved
from ..ntriples import GraphWriter
from ..statute_model import Statute
from ..statutes import article_iri, write_statute_into
from ..vocab import DCT, ELI, QZ
from .organs import place_of
from .outline import Part, split_heading
from .references import Mention
from .rules import Rule
from .writing import NoticeContext, body, write_findings, write_regime

_ITEM_MARK = re.compile(r"^\s*(?:[（(][^（）()]{1,4}[）)]|[\u3220-\u3229])\s*")


@dataclass
class RuleWritten:
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)


def article_parts(st: Statute) -> tuple[Part, list[Part], dict[int, str]]:
    """(root, parts in order, id(part) → IRI): each article a part, its items sub-parts."""
    root = Part("", "root", 0, "")
    parts: list[Part] = []
    iris_of: dict[int, str] = {}
    version = st.version_iri
    for art in st.articles:
        own = [p.text for p in art.paragraphs]
        heading, _ = split_heading(own[0]) if own else ("", "")
        part = Part(art.number_text, "第X条", art.number, heading, own, [], root, len(root.children) + 1)
        root.children.append(part)
        parts.append(part)
        a_iri = article_iri(version, art)
        iris_of[id(part)] = a_iri
        for par in art.paragraphs:
            for it in par.items:
                text = _ITEM_MARK.sub("", it.text, count=1)
                item = Part(it.number_text, "（X）", it.number, split_heading(text)[0], [text], [], part)
                item.position = len(part.children) + 1
                part.children.append(item)
                parts.append(item)
                iris_of[id(item)] = iris.item(iris.paragraph(a_iri, par.number), it.number)
    return root, parts, iris_of


def write_rule(g: GraphWriter, rule: Rule, path: str, catalogue: StatuteCatalogue, original: str = "") -> RuleWritten:
    """Write one rule (articles, metadata, what it establishes) into ``g``."""
    st = rule.statute
    out = RuleWritten(counts=write_statute_into(g, st, path))
    version = st.version_iri
    g.plain(version, ELI.id_local, rule.number)
    g.text(version, QZ.statusText, rule.status)
    if rule.issued or st.version_date:
        g.date(version, ELI.date_document, rule.issued or st.version_date)
    if rule.excerpt:
        g.boolean(version, QZ.excerpt, True)
    if original:
        g.text(version, QZ.originalText, original, lang=None)
    place = place_of(rule.issuer)
    ctx = NoticeContext(
        g,
        version,
        st.short_title,
        date.fromisoformat(st.version_date) if st.version_date else None,
        place,
        catalogue,
    )
    if rule.issuer:
        g.iri(version, DCT.publisher, body(ctx, rule.issuer))
    root, parts, iris_of = article_parts(st)
    ctx.part_iris.update(iris_of)
    aliases: dict[str, Mention] = {}
    context = ctx.date
    for part in parts:
        context = write_findings(ctx, iris_of[id(part)], part, aliases, context)
    out.notes.extend(write_regime(ctx, root, parts))
    for key, n in ctx.counts.items():
        out.counts[key] = out.counts.get(key, 0) + n
    out.unresolved.extend(ctx.unresolved)
    return out
