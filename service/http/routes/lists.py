"""``PUT /api/lists/{id}``: load or replace one list (admin, all or nothing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from quanze.service.http import uploads
from quanze.service.http.backends import Backend
from quanze.service.http.openapi import ERRORS, LIST_MEDIA, example
from quanze.service.http.settings import Settings
from quanze.service.http.uploads import authorise, read_upload
from quanze.service.lookup.models import ErrorBody, ListReport
from starlette.concurrency import run_in_threadpool


def router(backend: Backend, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.put(
        "/lists/{list_id}",
        tags=["admin"],
        response_model=ListReport,
        status_code=200,
        summary="Load or replace one list (admin)",
        description="The body is the list file (xlsx, xls, CSV or an HTML table). "
        "It becomes the list "
        "`list_id`, replacing the one of that id: all or nothing. Needs `Authorization: Bearer "
        "<admin token>`. 201 when the list is new, 200 when it replaced one; 422 with the "
        "loader's message (file, sheet, row, column) when the file is not a power list.",
        openapi_extra={"requestBody": {"required": True, "content": LIST_MEDIA}},
        responses={
            201: {"model": ListReport},
            401: {"model": ErrorBody},
            403: {"model": ErrorBody},
            422: {"model": ErrorBody},
        },
    )
    async def put_list(
        request: Request,
        list_id: Annotated[str, Path(openapi_examples=example("克拉玛依市市场监督管理局2024年权责清单"))],
        authorization: Annotated[str | None, Header()] = None,
        filename: Annotated[str | None, Query(description="the file's name, kept as provenance")] = None,
    ) -> Response:
        authorise(settings, authorization)
        data = await read_upload(request, settings.max_upload_bytes)
        report = await run_in_threadpool(uploads.load_list, backend, list_id, data, filename, settings.jurisdiction)
        return JSONResponse(report.model_dump(), status_code=201 if report.created else 200)

    return api
