"""``GET /api/articles/{id}``: an article (by id or label) and the powers resting on it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from quanze.service.http.backends import Backend
from quanze.service.http.errors import not_found
from quanze.service.http.openapi import ERRORS
from quanze.service.lookup.articles import articles_for
from quanze.service.lookup.models import ArticleAnswer, ErrorBody


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get(
        "/articles/{article_id:path}",
        tags=["statutes"],
        response_model=ArticleAnswer,
        summary="An article and the powers resting on it",
        description="By id (行政处罚法/2021-01-22/art_32: one version) or by label "
        "(行政处罚法第三十二条, "
        "also written 《中华人民共和国行政处罚法》第32条: every loaded version).",
        responses={404: {"model": ErrorBody}},
    )
    def article(
        article_id: Annotated[
            str,
            Path(
                openapi_examples={
                    "label": {
                        "summary": "by label: every loaded version",
                        "value": "药品管理法第一百三十九条",
                    },
                    "id": {
                        "summary": "by id: one version",
                        "value": "药品管理法/2019-08-26/art_139",
                    },
                }
            ),
        ],
    ) -> ArticleAnswer:
        found = articles_for(backend.store, article_id)
        if not found:
            raise not_found(
                "article",
                article_id,
                "give a label such as 行政处罚法第三十二条 or an id such as "
                "行政处罚法/2021-01-22/art_32, of a loaded statute",
            )
        return ArticleAnswer(id=article_id, articles=found)

    return api
