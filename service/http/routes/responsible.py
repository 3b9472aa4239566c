"""``GET /api/responsible``: who is responsible for a power, an article or a text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from quanze.service.http.backends import Backend
from quanze.service.http.openapi import ERRORS, Q_EXAMPLES
from quanze.service.lookup.models import ResponsibleAnswer
from quanze.service.lookup.responsible import MAX_LIMIT, who_is_responsible


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

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
        "channels.",
    )
    def responsible(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=200,
                openapi_examples=Q_EXAMPLES,
                description="a power's name or part of it, its code, or an article",
            ),
        ],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> ResponsibleAnswer:
        return who_is_responsible(backend.store, q, limit=limit, offset=offset, index=backend.index())

    return api
