"""``GET /api/responsible``: who is responsible for a power, an article or a text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from quanze.service.http import analyses
from quanze.service.http.backends import CROSS_OVERLAPS, Backend
from quanze.service.http.openapi import ERRORS, Q_EXAMPLES
from quanze.service.lookup.models import ResponsibleAnswer
from quanze.service.lookup.questions import MAX_QUESTION
from quanze.service.lookup.responsible import MAX_DEPARTMENTS, MAX_LIMIT, who_is_responsible

#: A page further than this is no page anyone reads: the bound keeps the skip cheap and the number an int.
MAX_OFFSET = 100_000


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    # Close calls link the cross-department overlap findings once they are ready: never built in a request.
    cross = lambda: backend.reading(lambda s: analyses.overlaps(s, "cross", None, None))  # noqa: E731
    backend.add_warmer(lambda: backend.cached(CROSS_OVERLAPS, cross))

    @api.get(
        "/responsible",
        tags=["who is responsible"],
        response_model=ResponsibleAnswer,
        summary="Who is responsible for …",
        description="Ranked matches of powers and sub-items for a text: a code (exact), an article "
        "(行政处罚法第三十二条, 《中华人民共和国行政处罚法》第32条 — the powers resting on it "
        "or on a "
        "paragraph or item in it), the whole name, a name that starts with the text, then names "
        "containing it. Each with its department, units, responsible posts, type, legal basis "
        "(statute, article, text), duties, accountability situations, time limits and remedy "
        "channels. The text is also read as a plain question (公司拖欠工资三个月了, 隔壁装修把承重墙拆了, "
        "traditional characters too): `departments` ranks the departments answering it — those of exact "
        "matches first — each with the units and posts of its matched powers and why (the words, the field "
        "they matched in, the article's text); `close_call` says when departments score closely (推诿扯皮 "
        "risk) with the overlap findings involving them; `reading` says how the text was read, and why "
        "nothing matched when nothing did.",
    )
    def responsible(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=MAX_QUESTION,
                openapi_examples=Q_EXAMPLES,
                description="a question in plain words, a power's name or part of it, its code, or an article",
            ),
        ],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        departments: Annotated[int, Query(ge=1, le=MAX_DEPARTMENTS, description="at most this many departments")] = 5,
    ) -> ResponsibleAnswer:
        return who_is_responsible(
            backend.store,
            q,
            limit=limit,
            offset=offset,
            index=backend.index(),
            questions=backend.questions(),
            overlaps=lambda: backend.peek(CROSS_OVERLAPS) or [],  # type: ignore[return-value]
            departments=departments,
        )

    return api
