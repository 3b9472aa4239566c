"""Articles (and paragraphs and items) of statutes, with the powers resting on them.

An article is named either by its id (``药品管理法/2019-08-26/art_139``, one
version) or by its label (``药品管理法第一百三十九条``, or any way of writing it
that :func:`search.article_label` understands: every loaded version).
"""

from __future__ import annotations

from quanze.service.lookup import ids
from quanze.service.lookup.models import Article, PowerOnArticle
from quanze.service.lookup.powers import summary
from quanze.service.lookup.search import article_label
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store, value


def articles_for(store: Store, ident: str) -> list[Article]:
    """The subdivisions an id or a label names, each with its powers; empty when none is known."""
    if "/" in ident:
        iris = [ids.iri_for("article", ident)]
    else:
        label = article_label(ident) or ident
        iris = sorted(
            {value(r, "node") or "" for r in store.select(system_query("article-by-label").bind({"label": label}))}
        )
    if not iris:
        return []
    query = system_query("article")  # a query an article: see power_details for why not one with VALUES
    found = {}
    for iri in iris:
        mine = store.select(query.bind({"article": iri}))
        labels = [value(r, "label") for r in mine if value(r, "field") == "label"]
        if not labels:
            continue
        art = Article(
            iri=iri,
            id=ids.local_id("article", iri),
            href=ids.href("article", iri),
            label=labels[0] or iri,
        )
        powers: dict[str, PowerOnArticle] = {}
        for r in mine:
            field = value(r, "field")
            if field == "text":
                art.text = value(r, "text")
            elif field == "version":
                art.statute, art.version_date, art.level = (
                    value(r, "title"),
                    value(r, "date"),
                    value(r, "label"),
                )
            elif field == "power":
                node = value(r, "node") or ""
                base = summary(
                    node,
                    value(r, "kind"),
                    value(r, "label") or "",
                    value(r, "code"),
                    value(r, "type"),
                )
                powers.setdefault(node, PowerOnArticle(**base.model_dump(), rests_on=value(r, "text") or ""))
        art.powers = sorted(powers.values(), key=lambda p: (p.name, p.iri))
        found[iri] = art
    return list(found.values())
