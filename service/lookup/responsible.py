"""Who is responsible: the ranked powers matching a text, each in full, and the departments answering it.

A text matches a power by its name or sub-item name (containing the text),
by its code (equal to it), or, when the text names an article
(``行政处罚法第三十二条``), by resting on that article or on a paragraph or
item inside it. :func:`search.rank` orders the matches; each match then
comes with its department, units, responsible posts, type, legal basis,
duties, accountability situations, time limits and remedy channels.

A text is also read as a plain question (:mod:`questions`): 公司拖欠工资三个月了
matches no name, but the answer's ``departments`` name the department, its
unit and post and why. The departments of exact matches come first: names,
codes and articles keep ranking first when they match.
"""

from __future__ import annotations

from collections.abc import Callable

from quanze.service.lookup.models import (
    CloseCall,
    DepartmentHit,
    FieldMatch,
    QuestionReading,
    ResponsibleAnswer,
    ResponsibleMatch,
)
from quanze.service.lookup.powers import power_details
from quanze.service.lookup.questions import MAX_QUESTION, QuestionIndex, simplified
from quanze.service.lookup.search import PowerIndex, Ranking, article_candidates, article_label, rank, scan_candidates
from quanze.service.sparql.queries import QueryError
from quanze.service.store.base import Store

MAX_LIMIT = 200
MAX_DEPARTMENTS = 50
#: Exact matches looked at for the departments answering (the ranking's best).
EXACT_DEPARTMENTS = 200


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
    store: Store,
    text: str,
    limit: int = 20,
    offset: int = 0,
    index: PowerIndex | None = None,
    questions: QuestionIndex | None = None,
    overlaps: Callable[[], list[dict]] | None = None,
    departments: int = 5,
) -> ResponsibleAnswer:
    """One page of the ranked matches, each power in full, and the departments answering the text.

    ``questions`` is the plain-question index of this store version (built
    here when not given: the service keeps one per version); ``overlaps``
    gives the overlap findings to link when departments score closely.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise QueryError(f"offset must not be negative, got {offset}")
    if not 1 <= departments <= MAX_DEPARTMENTS:
        raise QueryError(f"departments must be between 1 and {MAX_DEPARTMENTS}, got {departments}")
    if len(text.strip()) > MAX_QUESTION:
        raise QueryError(
            f"the text is {len(text.strip())} characters long: give at most {MAX_QUESTION} "
            "(the matter in a sentence or two, a power's name, a code or an article)"
        )
    ranking, label = find(store, text, index)
    if ranking.total == 0 and (plain := simplified()(text.strip())) != text.strip():
        ranking, label = find(store, plain, index)  # 特種設備 is 特种设备
    page = ranking.page(offset, limit)
    details = power_details(store, [m.candidate.power for m in page])
    questions = questions if questions is not None else QuestionIndex.build(store)
    answering, close_call, reading = departments_answering(questions, ranking, text, departments, overlaps)
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
        departments=answering,
        close_call=close_call,
        reading=reading,
    )


def departments_answering(
    questions: QuestionIndex,
    ranking: Ranking,
    text: str,
    limit: int = 5,
    overlaps: Callable[[], list[dict]] | None = None,
) -> tuple[list[DepartmentHit], CloseCall | None, QuestionReading]:
    """The departments answering a text: those of its exact matches first, then those of the plain search.

    The close call is the exact matches' when there are any (two departments
    holding a power of that very name), else the plain search's.
    """
    asked = questions.ask(text, limit=limit, overlaps=overlaps)
    exact = _exact_departments(questions, ranking)
    known = {d.department.iri for d in exact}
    answering = (exact + [d for d in asked.departments if d.department.iri not in known])[:limit]
    close_call = questions.close_call_of(exact, overlaps) if exact else asked.close_call
    return answering, close_call, asked.reading_model()


def _exact_departments(questions: QuestionIndex, ranking: Ranking) -> list[DepartmentHit]:
    """The departments of the best exact matches, in the ranking's order, each with its matched powers."""
    by_department: dict[str, list[tuple[int, int, FieldMatch]]] = {}
    for m in ranking.page(0, EXACT_DEPARTMENTS):
        i = questions.number(m.candidate.power)
        if i is None or questions.powers[i].department is None:
            continue
        matched = FieldMatch(
            field=m.matched_by,
            label={"code": "事项编码", "article": "依据条文"}.get(m.matched_by, "事项名称"),
            words=[m.candidate.article or m.candidate.code or m.candidate.name],
            text=m.candidate.article or m.candidate.code or m.candidate.name,
        )
        by_department.setdefault(questions.powers[i].department, []).append((i, m.score, matched))
    top = max((s for found in by_department.values() for _, s, _ in found), default=1)
    return [
        questions.department_hit(d, max(s for _, s, _ in found) / top, [(i, s, [f]) for i, s, f in found[:3]])
        for d, found in by_department.items()
    ]
