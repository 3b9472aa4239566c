"""``GET /api/departments`` and ``/api/departments/{id}``: departments, their units, posts, lists and powers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from quanze.service.http.backends import Backend
from quanze.service.http.errors import not_found
from quanze.service.http.openapi import ERRORS, example
from quanze.service.lookup import ids
from quanze.service.lookup.departments import department, departments
from quanze.service.lookup.models import Department, DepartmentSummary, ErrorBody


def router(backend: Backend) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

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

    return api
