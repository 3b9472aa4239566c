"""The quanze web service: the SPARQL endpoint, the JSON API and the public pages in one app.

The app is assembled here from its parts: :mod:`quanze.service.http` (the
endpoint, the API routes, one module per resource, and JSON errors) and
:mod:`quanze.service.web` (pages and dereferenceable IRIs). Everything is
public and read-only except ``PUT /api/lists/{id}``, which needs the admin
token of the configuration (``Authorization: Bearer …``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from quanze.service import web
from quanze.service.http.backends import Backend
from quanze.service.http.errors import install_errors
from quanze.service.http.routes import (
    accountable,
    analysis,
    articles,
    departments,
    lists,
    powers,
    queries,
    responsible,
    store,
    validate,
)
from quanze.service.http.settings import Settings
from quanze.service.http.sparql import router as sparql_router
from starlette.concurrency import run_in_threadpool


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
    for route in (responsible, powers, departments, articles):
        app.include_router(route.router(backend))
    app.include_router(store.router(backend, settings))
    app.include_router(queries.router(backend))
    app.include_router(analysis.router(backend))
    app.include_router(accountable.router(backend))
    app.include_router(validate.router(backend, settings))
    app.include_router(lists.router(backend, settings))
    web.install(app, site)
    return app
