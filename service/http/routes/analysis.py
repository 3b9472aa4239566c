"""``GET /api/overlaps`` and ``/api/gaps``: the analyses, kept until the store changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from quanze.service.http import analyses
from quanze.service.http.backends import Backend
from quanze.service.http.openapi import ERRORS
from quanze.service.lookup.models import ErrorBody


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get(
        "/overlaps",
        tags=["analyses"],
        summary="Overlapping powers (交叉重复)",
        description="Powers held twice, with the evidence and a severity: `cross` (different departments "
        "of one jurisdiction and level on the same article and type), `near` (names saying the same in other "
        "words), `internal` (several units or posts of one department, no lead) and `vertical` (two levels "
        "without a division of authority); clusters, most severe first. The answer is kept until the store "
        "changes.",
    )
    def overlap_findings(
        kinds: Annotated[str | None, Query(description="comma-separated: cross,near,internal,vertical")] = None,
        min_score: Annotated[float | None, Query(ge=0, le=1, description="near-duplicates from this score")] = None,
        department: Annotated[str | None, Query(description="only findings involving this department")] = None,
    ) -> list[dict]:
        key = f"overlaps:{kinds}:{min_score}:{department}"
        return backend.cached(
            key, lambda: backend.reading(lambda s: analyses.overlaps(s, kinds, min_score, department))
        )

    @api.get(
        "/gaps",
        tags=["analyses"],
        summary="Missing powers (遗漏) and unfounded bases",
        description="For a department (or all): the articles conferring powers on its domain that none of its "
        "powers cite, ranked (candidate omissions), and its powers whose basis is missing, out of range or no "
        "longer in force. The answer is kept until the store changes.",
        responses={404: {"model": ErrorBody}},
    )
    def gap_report(
        department: Annotated[str | None, Query(description="a department's name or IRI; all when absent")] = None,
    ) -> dict:
        return backend.cached(f"gaps:{department}", lambda: backend.reading(lambda s: analyses.gaps(s, department)))

    return api
