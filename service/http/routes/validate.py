"""``POST /api/validate``: an uploaded list validated (审核验收) without loading it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from quanze.service.http import analyses, uploads
from quanze.service.http.backends import Backend
from quanze.service.http.openapi import ERRORS, LIST_MEDIA
from quanze.service.http.settings import Settings
from quanze.service.http.uploads import read_upload
from quanze.service.lookup.models import ErrorBody
from starlette.concurrency import run_in_threadpool


def router(backend: Backend, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.post(
        "/validate",
        tags=["analyses"],
        summary="Validate a list without loading it",
        description="Send a power list file as the body (xlsx, xls, CSV or an HTML table). It is read like "
        "`quanze load` reads it, its citations resolved against the statutes of the store, and reviewed "
        "against the shapes of `shapes/` (审核验收) in a scratch store with the ontology and the statute "
        "versions it cites; the store is not touched. The report is `quanze validate`'s: JSON by default "
        "(every finding with severity, rule, message, power, file, sheet and row), or `format=ttl` "
        "(`sh:ValidationReport`), `md`, `html`, `text`, or `xlsx` (the workbook the office sends back). "
        "422 with the loader's message when the file is not a power list.",
        openapi_extra={"requestBody": {"required": True, "content": LIST_MEDIA}},
        responses={
            200: {"content": {media.split(";")[0]: {} for media in analyses.VALIDATION_MEDIA.values()}},
            400: {"model": ErrorBody},
            422: {"model": ErrorBody},
        },
    )
    async def validate(
        request: Request,
        filename: Annotated[str | None, Query(description="the file's name, for messages")] = None,
        format: Annotated[
            str, Query(description=f"the report's format: {', '.join(analyses.VALIDATION_MEDIA)}")
        ] = "json",
    ) -> Response:
        data = await read_upload(request, settings.max_upload_bytes)

        def run() -> dict | str | bytes:
            doc = uploads.read_list(backend.store, data, filename, settings.jurisdiction)
            return analyses.validation_report(uploads.scratch_store(backend.store, doc), format)

        report = await run_in_threadpool(run)
        if isinstance(report, dict):
            return JSONResponse(report)
        return Response(report, media_type=analyses.VALIDATION_MEDIA[format])

    return api
