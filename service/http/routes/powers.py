"""``GET /api/powers/{id}``: a power in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from quanze.service.http.backends import Backend
from quanze.service.http.errors import not_found
from quanze.service.http.openapi import ERRORS, example
from quanze.service.lookup import ids
from quanze.service.lookup.models import ErrorBody, Power
from quanze.service.lookup.powers import power_detail


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get(
        "/powers/{power_id:path}",
        tags=["powers"],
        response_model=Power,
        summary="A power in full",
        responses={404: {"model": ErrorBody}},
    )
    def power(
        power_id: Annotated[
            str,
            Path(
                openapi_examples=example("克拉玛依市市场监督管理局2024年权责清单/power/19"),
                description="the power's id: its IRI after …/id/list/",
            ),
        ],
    ) -> Power:
        found = power_detail(backend.store, ids.iri_for("power", power_id))
        if found is None:
            raise not_found("power", power_id, "find powers with /api/responsible?q=…")
        return found

    return api
