"""Publishing (公示上网): the public pages, dereferenceable IRIs, downloads and the static site.

:func:`install` adds the pages to the service's app: the fixed pages
(:mod:`pages`), the CSS, the HTML face of ``/sparql``, and, last, the
resolver of the graph's IRIs (:mod:`resolve`), which answers every path no
other route claims. Errors met by a browser become pages; programs keep the
JSON errors of the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from quanze.service.http.sparql import PageHook
from quanze.service.sparql.errors import QueryFailed, QueryTimeout
from quanze.service.sparql.pool import PoolBusy
from quanze.service.store.base import StoreError
from quanze.service.web import pages, resolve
from quanze.service.web.links import Links
from quanze.service.web.render import STATIC
from quanze.service.web.site import Site
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["Site", "install", "sparql_page"]

API_PATHS = ("/api/", "/sparql", "/docs", "/openapi.json", "/redoc")


def install(app: FastAPI, site: Site) -> None:
    """Add the pages of ``site`` after the API's routes (the resolver must come last)."""
    site.warm()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(pages.router(site))
    app.include_router(resolve.router(site))
    _install_errors(app, Links(site.base))


def sparql_page(site: Site) -> PageHook:
    """The browsers' face of ``/sparql``: a form, and its results as a table."""
    return pages.sparql_html(site)


def _page_request(request: Request) -> bool:
    return not request.url.path.startswith(API_PATHS) and pages.prefers_html(request)


def _install_errors(app: FastAPI, links: Links) -> None:
    """Browsers get pages for errors; everyone else the JSON of the API's own handlers."""
    statuses: dict[type, Callable[[Any], tuple[int, str, str]]] = {
        StarletteHTTPException: lambda e: (e.status_code, _http_heading(e.status_code), _http_message(e.status_code)),
        QueryFailed: lambda e: (e.status, "查询失败 / the query failed", e.message),
        QueryTimeout: lambda e: (503, "超时 / out of time", str(e)),
        PoolBusy: lambda e: (503, "繁忙 / busy", str(e)),
        StoreError: lambda e: (503, "数据暂不可用 / store unavailable", str(e)),
    }
    for cls, describe in statuses.items():
        json_handler = app.exception_handlers.get(cls)
        app.add_exception_handler(cls, _handler(json_handler, describe, links))


def _handler(json_handler: Callable | None, describe: Callable, links: Links) -> Callable:
    async def handle(request: Request, exc: Exception) -> Any:
        if _page_request(request) or json_handler is None:
            status, heading, message = describe(exc)
            if status == 404:
                return pages.not_found_page(links, message)
            return pages.error_page(links, status, heading, message)
        return await json_handler(request, exc)

    return handle


def _http_heading(status: int) -> str:
    return {404: "未找到 / not found", 405: "不支持的请求方法 / method not allowed"}.get(status, f"错误 {status}")


def _http_message(status: int) -> str:
    if status == 404:
        return "没有这个页面 / no such page"
    return "请求无法处理 / the request cannot be answered"
