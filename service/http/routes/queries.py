"""``GET /api/queries`` and ``/api/queries/{name}``: the named queries of ``queries/``, described and run."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from quanze.service.http.backends import Backend, SparqlJob
from quanze.service.http.errors import ApiError
from quanze.service.http.openapi import ERRORS
from quanze.service.http.sparql import plan
from quanze.service.lookup.models import ErrorBody, ParamInfo, QueryInfo, QueryRows
from quanze.service.sparql import queries
from quanze.service.sparql.formats import SOLUTION_FORMATS, NotAcceptable, choose
from starlette.concurrency import run_in_threadpool


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

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

    return api
