"""Every failure of the service as JSON: ``{"error": code, "message": what to do, "details": …}``.

A person (or a program) reading an error should learn what to change; no
input gives a 500. The pages install their own HTML rendering of the same
errors (:mod:`quanze.service.web`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from quanze.loaders.errors import SourceError
from quanze.service.sparql import queries
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.sparql.pool import PoolBusy
from quanze.service.store.base import StoreError
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details, self.headers = (
            status,
            code,
            message,
            details,
            headers,
        )


def error(
    status: int,
    code: str,
    message: str,
    details: dict | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"error": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def install_errors(app: FastAPI) -> None:
    """Every failure becomes JSON with a message a person can act on."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(QueryFailed)
    async def _failed(_: Request, exc: QueryFailed) -> JSONResponse:
        return error(exc.status, exc.code, exc.message)

    @app.exception_handler(queries.QueryError)
    async def _params(_: Request, exc: queries.QueryError) -> JSONResponse:
        return error(400, "bad-parameter", str(exc))

    @app.exception_handler(QueryTimeout)
    async def _timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return error(503, "timeout", str(exc), {"limit_seconds": exc.seconds})

    @app.exception_handler(PoolBusy)
    async def _busy(_: Request, exc: PoolBusy) -> JSONResponse:
        return error(503, "busy", str(exc), headers={"Retry-After": "1"})

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return error(503, "store-unavailable", str(exc))

    @app.exception_handler(SourceError)
    async def _source(_: Request, exc: SourceError) -> JSONResponse:
        return error(422, "not-a-list", str(exc), exc.as_dict())

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return error(400, "bad-parameter", "; ".join(problems), {"errors": jsonable_errors(exc.errors())})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        message = str(exc.detail)
        if exc.status_code == 404:
            message = "no such page; the API is described at /docs (OpenAPI at /openapi.json)"
        return error(exc.status_code, code, message, headers=getattr(exc, "headers", None))


def jsonable_errors(errors: Any) -> list[dict]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))} for e in errors]


def not_found(what: str, ident: str, hint: str) -> ApiError:
    return ApiError(404, "not-found", f"no {what} with id {ident!r}; {hint}")
