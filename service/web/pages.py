"""The public pages of ``quanze serve``: home, search, departments, statutes, queries, SPARQL form, ontology, downloads.

Rendered on the server (no JavaScript needed), Chinese first with the
ontology's English labels beside. The pages of the graph's own resources
(powers, departments, articles …) are served where their IRIs point, by
:mod:`resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from quanze.service.http.sparql import PageHook, plan, read_request
from quanze.service.lookup.responsible import find
from quanze.service.sparql import queries
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.sparql.formats import SOLUTION_FORMATS, NotAcceptable, choose
from quanze.service.sparql.pool import PoolBusy
from quanze.service.store.base import StoreError
from quanze.service.store.base import rows as solution_rows
from quanze.service.web import downloads, ontology_doc
from quanze.service.web.linked_data import HTML, negotiate
from quanze.service.web.links import Links, request_path
from quanze.service.web.render import home_page, render
from quanze.service.web.site import Site
from starlette.concurrency import run_in_threadpool

PAGE = 20
SHOWN = 1000  # rows of a query result shown on a page


@dataclass
class Cell:
    value: str
    iri: bool


def html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={"Vary": "Accept"})


def download_names(site: Site) -> dict[str, str]:
    return {r.org.iri: downloads.department_file(r.org.iri, site.base) for r in site.catalogue().departments()}


def cells(rows: list[dict]) -> tuple[list[str], list[dict[str, Cell | None]]]:
    columns = list(rows[0].keys()) if rows else []
    out = []
    for r in rows:
        out.append({k: None if v is None else Cell(v.value, type(v).__name__ == "NamedNode") for k, v in r.items()})
    return columns, out


def router(site: Site) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    links = Links(site.base)

    @pages.get("/")
    def home(request: Request) -> Response:
        accept = request.headers.get("accept")
        if accept and "application/json" in accept and "text/html" not in accept:
            return JSONResponse({"service": "quanze", "sparql": "/sparql", "api": "/docs", "openapi": "/openapi.json"})
        return html(home_page(links, site.catalogue(), download_names(site)))

    @pages.get("/search")
    def search(q: Annotated[str, Query(max_length=200)] = "", offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        cat = site.catalogue()
        text = q.strip()
        context: dict = {
            "query": text,
            "results": [],
            "total": 0,
            "article": None,
            "offset": offset,
            "limit": PAGE,
            "error": None,
        }
        if text:
            try:
                ranking, label = find(site.backend.store, text, site.backend.index())
            except queries.QueryError as exc:
                context["error"] = str(exc)
            else:
                page = ranking.page(offset, PAGE)
                context.update(
                    total=ranking.total,
                    article=label,
                    results=[(m, cat.powers[m.candidate.power]) for m in page if m.candidate.power in cat.powers],
                )
        return html(render("search.html", links, cat, title="查找", **context))

    @pages.get("/departments")
    def departments() -> HTMLResponse:
        cat = site.catalogue()
        return html(render("departments.html", links, cat, rows=cat.departments(), downloads=download_names(site)))

    @pages.get("/statutes")
    def statutes() -> HTMLResponse:
        cat = site.catalogue()
        return html(render("statutes.html", links, cat, statutes=cat.statute_list()))

    @pages.get("/queries")
    def query_list() -> HTMLResponse:
        return html(render("queries.html", links, queries=list(queries.named_queries().values())))

    @pages.get("/queries/{name}")
    def query_page(name: str, request: Request) -> HTMLResponse:
        try:
            named = queries.get(name)
        except queries.QueryError as exc:
            return not_found_page(links, str(exc))
        values = {k: v for k, v in request.query_params.items() if k != "run"}
        given = {k: v for k, v in values.items() if v != ""}
        context: dict = {
            "q": named,
            "values": values,
            "rows": None,
            "columns": [],
            "error": None,
            "truncated": False,
            "shown": SHOWN,
            "api_href": None,
        }
        status = 200
        if "run" in request.query_params:
            try:
                rows = site.backend.store.select(named.bind(given))
            except (queries.QueryError, QueryFailed) as exc:
                context["error"], status = str(exc), 400
            except QueryTimeout as exc:
                context["error"], status = str(exc), 503
            else:
                columns, table = cells(rows)
                context.update(
                    rows=table,
                    columns=columns,
                    truncated=len(table) > SHOWN,
                    api_href=links.api(f"/api/queries/{name}") + _params(given),
                )
        return html(render("query.html", links, title=named.title, **context), status)

    @pages.get("/ontology")
    def ontology(request: Request) -> Response:
        try:
            fmt = negotiate(request.headers.get("accept"))
        except NotAcceptable as exc:
            return JSONResponse({"error": "not-acceptable", "message": str(exc)}, status_code=406)
        if fmt is not HTML:
            return Response(ontology_doc.turtle(), media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
        return html(render("ontology.html", links, doc=ontology_doc.document(), iri=None))

    @pages.get("/ontology.ttl")
    @pages.get("/download/quanze-ontology.ttl")
    def ontology_turtle() -> Response:
        return Response(ontology_doc.turtle(), media_type="text/turtle; charset=utf-8")

    @pages.get("/download/")
    @pages.get("/download")
    def download_page() -> HTMLResponse:
        cat = site.catalogue()
        return html(render("downloads.html", links, cat, rows=cat.departments(), downloads=download_names(site)))

    @pages.get("/download/quanze.nt.gz")
    @pages.get("/download/quanze.trig.gz")
    async def graph_download(request: Request) -> Response:
        name = request.url.path.rsplit("/", 1)[-1]
        path = await run_in_threadpool(site.graph_file, name)
        media = "application/n-triples" if name.endswith(".nt.gz") else "application/trig"
        return FileResponse(
            path, media_type="application/gzip", filename=name, headers={"X-Content-Type-Inside": media}
        )

    @pages.get("/download/departments/{name:path}")
    def department_download(request: Request) -> Response:
        name = request_path(request).removeprefix("download/departments/")
        stem, dot, suffix = name.rpartition(".")
        cat = site.catalogue()
        iri = site.base + "id/org/" + stem
        if not dot or suffix not in ("csv", "xlsx") or iri not in cat.orgs or cat.orgs[iri].kind != "department":
            return not_found_page(links, f"没有这个部门的清单文件：{name} / no such department list")
        body = site.department_file(iri, "." + suffix)
        media = (
            "text/csv; charset=utf-8"
            if suffix == "csv"
            else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        return Response(body, media_type=media, headers={"Content-Disposition": _attachment(name)})

    return pages


def _params(values: dict[str, str]) -> str:
    return "?" + urlencode(values) if values else ""


def _attachment(name: str) -> str:
    return f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}"


def not_found_page(links: Links, message: str, value: str = "") -> HTMLResponse:
    return html(render("not_found.html", links, title="未找到", message=message, value=value), 404)


def error_page(links: Links, status: int, heading: str, message: str) -> HTMLResponse:
    return html(render("error.html", links, title=heading, heading=heading, message=message), status)


# ---------------------------------------------------------------- /sparql for people

EXAMPLE = """PREFIX qz:   <https://w3id.org/quanze/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

# 每个部门各类职权的数量 / powers by department and type
SELECT ?department ?type (COUNT(?power) AS ?powers) WHERE {
  ?power qz:department ?d ; qz:powerType ?t .
  ?d rdfs:label ?department .
  ?t skos:prefLabel ?type . FILTER(LANG(?type) = "zh")
}
GROUP BY ?department ?type
ORDER BY ?department DESC(?powers)
"""
PAGE_FORMATS = (*SOLUTION_FORMATS, HTML)


def prefers_html(request: Request) -> bool:
    """A browser's request: text/html wins over every results format (``*/*`` alone does not)."""
    accept = request.headers.get("accept")
    if not accept or "text/html" not in accept.lower():
        return False
    try:
        return choose(accept, PAGE_FORMATS) is HTML
    except NotAcceptable:
        return False


def sparql_html(site: Site) -> PageHook:
    """The hook of the SPARQL endpoint for browsers: the form, and results as a table.

    The endpoint answers the protocol as before, a browser's Accept included;
    only a visit without a query (the form) and the form's own submissions,
    which carry ``?ui=html``, get pages.
    """
    links = Links(site.base)

    async def page(request: Request) -> Response | None:
        if not prefers_html(request):
            return None
        if request.method == "GET" and "query" not in request.query_params:
            return html(render("sparql.html", links, title="SPARQL", **_sparql_context(EXAMPLE)))
        if request.query_params.get("ui") != "html":
            return None
        context = _sparql_context("")
        status = 200
        try:
            query, default, named = await read_request(request, site.backend.limits.max_query_bytes)
            context["query"] = query
            job = plan(site.backend, query, default, named, "application/sparql-results+json, text/turtle")
            _media, body = await site.backend.sparql_async(job)
            _fill(context, job.returns_graph, body)
        except QueryFailed as exc:
            context["error"], status = exc.message, exc.status
        except QueryTimeout as exc:
            context["error"], status = str(exc), 503
        except (PoolBusy, StoreError) as exc:
            context["error"], status = str(exc), 503
        return html(render("sparql.html", links, title="SPARQL", **context), status)

    return page


def _sparql_context(query: str) -> dict:
    return {
        "query": query,
        "rows": None,
        "columns": [],
        "error": None,
        "boolean": None,
        "graph_text": None,
        "truncated": False,
        "shown": SHOWN,
    }


def _fill(context: dict, graph: bool, body: bytes) -> None:
    if graph:
        context["graph_text"] = body.decode("utf-8")
        return
    result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        context["boolean"] = bool(result)
        return
    columns, table = cells(solution_rows(result))
    context.update(rows=table, columns=columns or [v.value for v in result.variables], truncated=len(table) > SHOWN)
