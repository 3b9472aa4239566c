"""``GET /api/accountable``: the accountability chain of a power for a kind of failure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from quanze.service.http.backends import Backend
from quanze.service.http.errors import ApiError
from quanze.service.http.openapi import ERRORS, example
from quanze.service.lookup.accountable import accountability_chain
from quanze.service.lookup.models import ErrorBody
from quanze.service.sparql import queries


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get(
        "/accountable",
        tags=["analyses"],
        summary="Who answers, and who imposes the sanction (accountability chain)",
        description="For each power matching `power` (its IRI, item code or part of its name) and a kind of "
        "failure: the liable posts in order (the list's 追责对象范围), the matching 追责情形, the sanctions "
        "the loaded notices provide for officials and for the department, the organ that imposes each, and "
        "the basis of every link (list file and row, or the part of the notice). As `quanze accountable "
        "--json`.",
        responses={400: {"model": ErrorBody}},
    )
    def accountable(
        power: Annotated[
            str,
            Query(
                min_length=1,
                max_length=200,
                openapi_examples=example("QH-CG-CF-001"),
                description="the power: its IRI, item code, or part of its name",
            ),
        ],
        failure: Annotated[
            str | None,
            Query(
                max_length=100,
                openapi_examples=example("decision-overturned"),
                description="kind of failure: a slug (decision-overturned, exceeding-time-limit, "
                "outside-authority …), a label (超越职权) or a keyword (撤销, 超期); default any unlawful "
                "or improper act",
            ),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> list[dict]:
        try:
            chains = accountability_chain(backend.store, power, failure, limit)
        except queries.QueryError as exc:
            raise ApiError(400, "bad-parameter", str(exc)) from exc
        return [c.as_dict() for c in chains]

    return api
