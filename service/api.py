"""The quanze web service: the SPARQL endpoint and a JSON API for people and programs.

Everything is public and read-only except ``PUT /api/lists/{id}``, which
needs the admin token of the configuration (``Authorization: Bearer …``).
Errors are JSON ``{"error": code, "message": what to do, "details": …}``.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from quanze.loaders import iris
from quanze.loaders.errors import SourceError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import analyses, ids, queries, uploads, web
from .accountable import accountability_chain
from .articles import articles_for
from .backends import CROSS_OVERLAPS, Backend, SparqlJob
from .department_views import department, departments
from .models import (
    ArticleAnswer,
    Department,
    DepartmentSummary,
    ErrorBody,
    ListReport,
    ParamInfo,
    Power,
    QueryInfo,
    QueryRows,
    ResponsibleAnswer,
)
from .powers import power_detail
from .query_errors import QueryFailed, QueryTimeout
from .query_pool import PoolBusy
from .questions import MAX_QUESTION
from .responsible import MAX_DEPARTMENTS, MAX_LIMIT, who_is_responsible
from .sparql_endpoint import plan
from .sparql_endpoint import router as sparql_router
from .sparql_formats import SOLUTION_FORMATS, NotAcceptable, choose
from .store import StoreError

log = logging.getLogger("quanze.service")

LIST_MEDIA = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
    "application/vnd.ms-excel": {"schema": {"type": "string", "format": "binary"}},
    "text/csv": {"schema": {"type": "string", "format": "binary"}},
    "text/html": {"schema": {"type": "string", "format": "binary"}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}
Q_EXAMPLES = {
    "question": {"summary": "a question in plain words", "value": "公司拖欠工资三个月了"},
    "name": {"summary": "a power's name", "value": "特种设备使用登记"},
    "part": {"summary": "part of names", "value": "特种设备"},
    "article": {"summary": "an article of a statute", "value": "行政处罚法第三十二条"},
    "written": {
        "summary": "an article as lists write it",
        "value": "《中华人民共和国药品管理法》第139条",
    },
}
ERRORS = {
    400: {"model": ErrorBody, "description": "bad parameters"},
    503: {
        "model": ErrorBody,
        "description": "the query ran past its time limit, or the store is unavailable",
    },
}


@dataclass
class Settings:
    admin_token: str | None = None
    jurisdiction: str | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    #: The base of the IRIs the store holds: request paths are read as IRIs under it.
    base: str = iris.BASE


def example(value: str) -> dict[str, dict[str, str]]:
    return {"example": {"summary": "an example", "value": value}}


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


def api_router(backend: Backend, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)
    # Close calls of /api/responsible link the overlap findings once they are ready: never built in a request.
    cross = lambda: backend.reading(lambda s: analyses.overlaps(s, "cross", None, None))  # noqa: E731
    backend.warmers.append(lambda: backend.cached(CROSS_OVERLAPS, cross))

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
        offset: Annotated[int, Query(ge=0)] = 0,
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

    @api.get(
        "/departments",
        tags=["departments"],
        response_model=list[DepartmentSummary],
        summary="Every department, most powers first",
    )
    def department_list() -> list[DepartmentSummary]:
        return departments(backend.store)

    @api.get(
        "/departments/{department_id:path}",
        tags=["departments"],
        response_model=Department,
        summary="A department: units, posts, lists and powers",
        responses={404: {"model": ErrorBody}},
    )
    def department_page(
        department_id: Annotated[str, Path(openapi_examples=example("克拉玛依市市场监督管理局"))],
    ) -> Department:
        found = department(backend.store, ids.iri_for("department", department_id))
        if found is None:
            raise not_found("department", department_id, "the departments are listed at /api/departments")
        return found

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

    @api.get(
        "/graphs",
        tags=["store"],
        response_model=list[str],
        summary="The named graphs (one per file)",
    )
    def graphs() -> list[str]:
        return backend.graphs()

    @api.get("/status", tags=["store"], summary="The store and the service's limits")
    def status() -> dict[str, Any]:
        return {
            **backend.status(),
            "graphs": len(backend.graphs()),
            "statements": backend.statements(),
            "writable": settings.admin_token is not None,
        }

    # ------------------------------------------------------------ named queries

    def info(q: queries.NamedQuery, with_text: bool = False) -> QueryInfo:
        return QueryInfo(
            name=q.name,
            title=q.title,
            description=q.description,
            params=[
                ParamInfo(name=p.name, type=p.type, required=p.required, default=p.default, doc=p.doc) for p in q.params
            ],
            href=f"/api/queries/{q.name}",
            sparql=q.text if with_text else None,
        )

    @api.get(
        "/queries",
        tags=["named queries"],
        response_model=list[QueryInfo],
        summary="The named queries of queries/ and their parameters",
    )
    def query_list() -> list[QueryInfo]:
        return [info(q) for q in queries.named_queries().values()]

    @api.get(
        "/queries/{name}",
        tags=["named queries"],
        summary="Run a named query",
        description="Parameters are the query's own, as URL parameters (`?q=特种设备`). "
        "JSON rows by "
        "default; any SPARQL results format (CSV, TSV, XML, SPARQL JSON) by Accept. "
        "`?describe=true` gives the query itself and its parameters instead.",
        responses={
            200: {"model": QueryRows, "content": {f.media_type: {} for f in SOLUTION_FORMATS}},
            404: {"model": ErrorBody},
        },
    )
    async def query_run(name: str, request: Request) -> Response:
        try:
            named = queries.get(name)
        except queries.QueryError as exc:
            raise ApiError(404, "not-found", str(exc)) from exc
        params = dict(request.query_params)
        if params.pop("describe", "").lower() == "true":
            return JSONResponse(info(named, with_text=True).model_dump())
        text = named.bind(params)
        accept = request.headers.get("accept") or "application/json"
        wants_rows = (
            any(media in accept for media in ("application/json", "*/*"))
            and "application/sparql-results+json" not in accept
        )
        if wants_rows:
            rows = await run_in_threadpool(backend.store.select, text)
            columns = list(rows[0].keys()) if rows else []
            return JSONResponse(
                QueryRows(
                    query=name,
                    columns=columns,
                    rows=[{k: (v.value if v is not None else None) for k, v in r.items()} for r in rows],
                ).model_dump()
            )
        try:
            fmt = choose(accept, SOLUTION_FORMATS)
        except NotAcceptable as exc:
            raise ApiError(406, "not-acceptable", str(exc)) from exc
        job: SparqlJob = plan(backend, text, [], [], fmt.media_type)
        media_type, body = await backend.sparql_async(job)
        return Response(body, media_type=fmt.content_type if media_type == fmt.media_type else media_type)

    # ------------------------------------------------------------ analyses

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

    # ------------------------------------------------------------ writing

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


def authorise(settings: Settings, authorization: str | None) -> None:
    if settings.admin_token is None:
        raise ApiError(
            403,
            "writing-disabled",
            "this service is read-only: no admin token is configured "
            "(quanze serve --admin-token-file FILE, or $QUANZE_ADMIN_TOKEN)",
        )
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.admin_token.encode()):
        raise ApiError(
            401,
            "unauthorised",
            "loading a list needs the admin token: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="quanze"'},
        )


async def read_upload(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "upload-too-large", f"the upload is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(backend: Backend, settings: Settings | None = None) -> FastAPI:
    """The service over ``backend``; closing the app (its lifespan) closes the backend."""
    settings = settings or Settings()

    site = web.Site(backend, settings.base)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(backend.close)
        site.close()

    app = FastAPI(
        title="quanze 权责",
        version="0.1.0",
        summary="Who holds which power, on which article of which law, and who answers for it.",
        description="A SPARQL 1.1 endpoint over the graph of statutes and power lists (权责清单), "
        "and a JSON API: "
        "who is responsible, powers, departments, articles, named queries. Read-only and public, "
        "except loading a list (admin token). The public pages (HTML) and the graph's IRIs, "
        "dereferenceable as HTML, Turtle, N-Triples or JSON-LD, are served beside them.",
        lifespan=lifespan,
    )
    install_errors(app)
    app.include_router(sparql_router(backend, web.sparql_page(site)))
    app.include_router(api_router(backend, settings))
    web.install(app, site)
    return app
