"""``GET /api/graphs`` and ``/api/status``: the store's graphs, size and the service's limits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from quanze.service.http.backends import Backend
from quanze.service.http.openapi import ERRORS
from quanze.service.http.settings import Settings


def router(backend: Backend, settings: Settings) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

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

    return api
