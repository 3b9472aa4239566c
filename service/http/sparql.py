"""``/sparql``: the SPARQL 1.1 Protocol, query operation, read-only.

- ``GET /sparql?query=…``, ``POST`` with ``application/x-www-form-urlencoded``
  (``query=…``) or with ``application/sparql-query`` (the query as the body);
  ``default-graph-uri`` and ``named-graph-uri`` (in the URL, or in the form)
  set the dataset and override ``FROM`` / ``FROM NAMED``.
- Without a dataset, the default graph is the union of all named graphs (each
  source file is one named graph) and ``GRAPH`` reaches each of them.
- Results by ``Accept`` (see :mod:`sparql_formats`); a malformed query is a
  400 carrying the parser's message and position.
- Refused before evaluation: updates (403), ``SERVICE``, dataset graphs the
  store does not hold, queries over the size limit (400). Every query has the
  time limit and the result-size cap of :class:`backends.Limits`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from quanze.service.http.backends import Backend, SparqlJob
from quanze.service.sparql.errors import QueryFailed
from quanze.service.sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, NotAcceptable, choose, offered_for
from quanze.service.sparql.guard import QueryRefused, analyse, check_dataset

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

EXAMPLE = "SELECT ?name WHERE { ?power a qz:Power ; rdfs:label ?name } LIMIT 10"
DESCRIPTION = """SPARQL 1.1 Protocol query endpoint (read-only).

The default graph is the **union of all named graphs**; each loaded file is one named graph
(`GET /api/graphs`). `default-graph-uri` / `named-graph-uri` (or `FROM` / `FROM NAMED`) must
name graphs of the store: nothing is fetched from elsewhere, `SERVICE` is refused, updates are
refused (403). Results by `Accept`: SELECT/ASK as `application/sparql-results+json` (default),
`…+xml`, `text/csv`, `text/tab-separated-values` (CSV/TSV for SELECT only); CONSTRUCT/DESCRIBE as
`text/turtle` (default), `application/n-triples`, `application/rdf+xml`, `application/ld+json`.
A query past the time limit is stopped and answered 503; a result past the size cap, a malformed
query (with the parser's position) or an oversize query is a 400."""


def _content_type(request: Request) -> tuple[str, str | None]:
    raw = request.headers.get("content-type", "")
    media, *params = [p.strip() for p in raw.split(";")]
    charset = next(
        (p.split("=", 1)[1].strip().strip('"').lower() for p in params if p.lower().startswith("charset=")),
        None,
    )
    return media.lower(), charset


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise QueryRefused(
            f"the request body has {declared} bytes, more than the limit of {limit}",
            code="query-too-large",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryRefused(
                f"the request body is larger than the limit of {limit} bytes",
                code="query-too-large",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRefused(
            f"the {what} is not valid UTF-8 (byte {exc.start}); SPARQL requests must be UTF-8",
            status=415,
            code="not-utf8",
        ) from exc


async def read_request(request: Request, limit: int) -> tuple[str, list[str], list[str]]:
    """The query and the protocol dataset of a GET or POST request, checked against the protocol."""
    params = list(request.query_params.multi_items())
    if request.method == "POST":
        media, charset = _content_type(request)
        if charset not in (None, "utf-8", "utf8"):
            raise QueryRefused(
                f"charset={charset} is not supported: send the request in UTF-8",
                status=415,
                code="unsupported-charset",
            )
        if media == FORM:
            body = _decode(await _body(request, 3 * limit + 4096), "form body")
            try:
                params += parse_qsl(
                    body,
                    keep_blank_values=True,
                    strict_parsing=bool(body),
                    encoding="utf-8",
                    errors="strict",
                )
            except (ValueError, UnicodeDecodeError) as exc:
                raise QueryRefused(
                    f"the form body is not valid application/x-www-form-urlencoded: {exc}",
                    code="malformed-form",
                ) from exc
        elif media == DIRECT:
            if any(k == "query" for k, _ in params):
                raise QueryRefused(
                    "a query sent as application/sparql-query must not also have a query parameter",
                    code="multiple-queries",
                )
            params.append(("query", _decode(await _body(request, limit), "query")))
        elif media == UPDATE:
            raise QueryRefused(
                "this endpoint is read-only: SPARQL Update is refused",
                status=403,
                code="update-refused",
            )
        else:
            raise QueryRefused(
                f"POST needs Content-Type {FORM} (query=…) or {DIRECT} (the query as the body), "
                f"not {media or 'none'!r}",
                status=415,
                code="unsupported-media-type",
            )
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise QueryRefused(
            "this endpoint is read-only: SPARQL Update is refused",
            status=403,
            code="update-refused",
        )
    queries = [v for k, v in params if k == "query"]
    if not queries:
        raise QueryRefused(
            "give the query: GET /sparql?query=…, or POST it (form field query, or the body "
            f"with Content-Type {DIRECT})",
            code="missing-query",
        )
    if len(queries) > 1:
        raise QueryRefused(f"the request carries {len(queries)} queries; send one", code="multiple-queries")
    query = queries[0]
    if len(query.encode("utf-8")) > limit:
        raise QueryRefused(
            f"the query has {len(query.encode('utf-8'))} bytes, more than the limit of {limit}",
            code="query-too-large",
        )
    return (
        query,
        [v for k, v in params if k == "default-graph-uri"],
        [v for k, v in params if k == "named-graph-uri"],
    )


def plan(
    backend: Backend,
    query: str,
    default_uris: list[str],
    named_uris: list[str],
    accept: str | None,
    base_iri: str | None = None,
) -> SparqlJob:
    """Check the query, decide its dataset and its result format."""
    shape = analyse(query)
    if default_uris or named_uris:
        default, named = default_uris, named_uris
    elif shape.has_dataset:
        default, named = list(shape.default_graphs), list(shape.named_graphs)
    else:
        default = named = None
    if default is not None or named is not None:
        check_dataset([*(default or []), *(named or [])], set(backend.graphs()))
    offered = offered_for(shape.form)
    try:
        chosen = choose(accept, offered)
    except NotAcceptable as exc:
        if shape.form is not None:
            raise QueryFailed(str(exc), status=406, code="not-acceptable") from exc
        chosen = offered[0]  # a malformed query: its syntax error matters more than the format
    solutions = chosen if chosen in SOLUTION_FORMATS else SOLUTION_FORMATS[0]
    graph = chosen if chosen in GRAPH_FORMATS else GRAPH_FORMATS[0]
    return SparqlJob(
        query,
        default,
        named,
        solutions,
        graph,
        returns_graph=shape.returns_graph,
        base_iri=base_iri,
    )


#: Answers a browser's request with a page (the query form, results as a table), or returns None.
PageHook = Callable[[Request], Awaitable[Response | None]]


def router(backend: Backend, page: PageHook | None = None) -> APIRouter:
    api = APIRouter(tags=["SPARQL"])
    responses = {
        200: {
            "description": "the results",
            "content": {f.media_type: {} for f in SOLUTION_FORMATS + GRAPH_FORMATS},
        },
        400: {"description": "malformed, refused or oversize query, or result over the size cap"},
        403: {"description": "an update: the endpoint is read-only"},
        406: {"description": "no acceptable result format"},
        415: {"description": "unsupported Content-Type or charset"},
        503: {"description": "the query ran past the time limit and was stopped, or all workers are busy"},
    }

    async def answer(request: Request) -> Response:
        if page is not None and (shown := await page(request)) is not None:
            return shown
        query, default, named = await read_request(request, backend.limits.max_query_bytes)
        base = str(request.url.replace(query="", fragment=""))
        job = plan(backend, query, default, named, request.headers.get("accept"), base)
        media_type, body = await backend.sparql_async(job)
        fmt = job.graph if job.returns_graph else job.solutions
        content_type = fmt.content_type if fmt.media_type == media_type else media_type
        return Response(body, media_type=content_type, headers={"Vary": "Accept"})

    api.add_api_route(
        "/sparql",
        answer,
        methods=["GET"],
        summary="SPARQL query (GET)",
        description=DESCRIPTION,
        responses=responses,
        openapi_extra={
            "parameters": [
                {
                    "name": "query",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string"},
                    "example": "PREFIX qz: <https://w3id.org/quanze/ontology#> PREFIX rdfs: "
                    "<http://www.w3.org/2000/01/rdf-schema#> " + EXAMPLE,
                },
                {
                    "name": "default-graph-uri",
                    "in": "query",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
                {
                    "name": "named-graph-uri",
                    "in": "query",
                    "schema": {"type": "array", "items": {"type": "string"}},
                },
            ]
        },
    )
    api.add_api_route(
        "/sparql",
        answer,
        methods=["POST"],
        summary="SPARQL query (POST)",
        description=DESCRIPTION,
        responses=responses,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    DIRECT: {"schema": {"type": "string"}, "example": EXAMPLE},
                    FORM: {
                        "schema": {
                            "type": "object",
                            "required": ["query"],
                            "properties": {
                                "query": {"type": "string"},
                                "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                                "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                            },
                        }
                    },
                },
            }
        },
    )
    return api
