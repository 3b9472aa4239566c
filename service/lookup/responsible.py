"""Who is responsible: the ranked powers matching a text, each in full.

A text matches a power by its name or sub-item name (containing the text),
by its code (equal to it), or, when the text names an article
(``行政处罚法第三十二条``), by resting on that article or on a paragraph or
item inside it. :func:`search.rank` orders the matches; each match then
comes with its department, units, responsible posts, type, legal basis,
duties, accountability situations, time limits and remedy channels.
"""

from __future__ import annotations

from quanze.service.lookup.models import ResponsibleAnswer, ResponsibleMatch
from quanze.service.lookup.powers import power_details
from quanze.service.lookup.search import PowerIndex, Ranking, article_candidates, article_label, rank, scan_candidates
from quanze.service.sparql.queries import QueryError
from quanze.service.store.base import Store

MAX_LIMIT = 200


def find(store: Store, text: str, index: PowerIndex | None = None) -> tuple[Ranking, str | None]:
    """All matches, best first, and the article label the text was read as (if any).

    With an ``index`` names and codes are looked up in memory, and the ranking
    of a text asked before is reused; without, the named query ``responsible``
    scans the graph. Both give the same matches.
    """
    text = text.strip()
    if not text:
        raise QueryError(
            "give the text to look for: part of a power's name, its code, or an article such as 行政处罚法第三十二条"
        )
    label = article_label(text)
    if index is not None and (known := index.remembered(text)) is not None:
        return known, label
    candidates = index.find(text) if index is not None else scan_candidates(store, text)
    if label:
        candidates = candidates + article_candidates(store, label)
    ranking = rank(candidates, text)
    if index is not None:
        index.remember(text, ranking)
    return ranking, label


def who_is_responsible(
    store: Store, text: str, limit: int = 20, offset: int = 0, index: PowerIndex | None = None
) -> ResponsibleAnswer:
    """One page of the ranked matches, each power in full."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise QueryError(f"offset must not be negative, got {offset}")
    ranking, label = find(store, text, index)
    page = ranking.page(offset, limit)
    details = power_details(store, [m.candidate.power for m in page])
    return ResponsibleAnswer(
        query=text.strip(),
        article=label,
        total=ranking.total,
        offset=offset,
        limit=limit,
        matches=[
            ResponsibleMatch(
                score=m.score,
                matched_by=m.matched_by,
                matched_article=m.candidate.article,
                power=details[m.candidate.power],
            )
            for m in page
            if m.candidate.power in details
        ],
    )
