"""``POST /api/validate``: an uploaded list validated (审核验收) without loading it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from quanze.service.http import analyses
from quanze.service.http.backends import Backend
from quanze.service.http.bounded import BoundedValidation, ValidationLimits
from quanze.service.http.openapi import ERRORS, LIST_MEDIA
from quanze.service.http.settings import Settings
from quanze.service.http.uploads import read_upload
from quanze.service.lookup.models import ErrorBody
from quanze.service.sparql.errors import QueryFailed
from starlette.concurrency import run_in_threadpool


def router(backend: Backend, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)
    runner = BoundedValidation(
        ValidationLimits(settings.validate_timeout, settings.validate_memory_mb, settings.validate_concurrency)
    )

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
        "422 with the loader's message when the file is not a power list; 413 over the size limit; 503 "
        "when another validation is running or this one runs past its time or memory limit (it runs in a "
        "separate, bounded process).",
        openapi_extra={"requestBody": {"required": True, "content": LIST_MEDIA}},
        responses={
            200: {"content": {media.split(";")[0]: {} for media in analyses.VALIDATION_MEDIA.values()}},
            400: {"model": ErrorBody},
            413: {"model": ErrorBody},
            422: {"model": ErrorBody},
            503: {"model": ErrorBody},
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
        if format not in analyses.VALIDATION_MEDIA:
            raise QueryFailed(
                f"unknown report format {format!r}: give one of {', '.join(analyses.VALIDATION_MEDIA)}",
                code="bad-parameter",
            )
        report = await run_in_threadpool(runner.run, backend.store, data, filename, settings.jurisdiction, format)
        if isinstance(report, dict):
            return JSONResponse(report)
        return Response(report, media_type=analyses.VALIDATION_MEDIA[format])

    return api
