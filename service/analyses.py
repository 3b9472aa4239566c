"""The review analyses as the API serves them: overlaps, gaps, and validation of an upload.

Overlaps (:mod:`overlaps`) and gaps (:mod:`gaps`) read the whole graph, so
the service runs them on its own reads (no user time limit; see
:meth:`backends.Backend.reading`) and keeps each answer until the store
changes. Validation comes from ``quanze.service.validation.validate`` when
that module is installed; until then its route answers 501 saying so. It is
called with the scratch store and the request's parameters that its
signature accepts, and its result turned into JSON whatever its shape.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from .findings import findings_json
from .gaps import DepartmentNotFound, analyse_gaps
from .overlaps import DEFAULT_MIN_SCORE, KINDS, find_overlaps
from .query_errors import QueryFailed
from .store import Store

VALIDATOR = ("quanze.service.validation", "validate")


class AnalysisMissing(LookupError):
    def __init__(self, module: str, function: str) -> None:
        super().__init__(f"this analysis is not installed in the service ({module}.{function} cannot be imported)")


def overlaps(store: Store, kinds: str | None, min_score: float | None, department: str | None) -> list[dict]:
    """The overlap findings, most severe first, as the CLI's --format json gives them."""
    wanted = tuple(k.strip() for k in kinds.split(",") if k.strip()) if kinds else KINDS
    unknown = sorted(set(wanted) - set(KINDS))
    if unknown:
        raise QueryFailed(
            f"unknown overlap kind {', '.join(unknown)}: give some of {', '.join(KINDS)}", code="bad-parameter"
        )
    score = DEFAULT_MIN_SCORE if min_score is None else min_score
    return findings_json(find_overlaps(store, wanted, score, department))


def gaps(store: Store, department: str | None) -> dict[str, object]:
    """Omissions and basis problems of one department, or of all, as the CLI's --format json gives them."""
    try:
        return analyse_gaps(store, department).as_json()
    except DepartmentNotFound as exc:
        raise QueryFailed(str(exc), status=404, code="not-found") from exc


def validator() -> Callable[..., Any]:
    module, function = VALIDATOR
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as exc:
        raise AnalysisMissing(module, function) from exc


def call(function: Callable[..., Any], first: object, params: Mapping[str, str]) -> Any:
    """``function(first, **params)``, with only the parameters it declares."""
    accepted = [
        p
        for p in list(inspect.signature(function).parameters.values())[1:]
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    names = {p.name for p in accepted}
    unknown = sorted(set(params) - names)
    if unknown:
        raise QueryFailed(
            f"unknown parameter {', '.join(unknown)}; this analysis takes: {', '.join(sorted(names)) or 'none'}",
            code="unknown-parameter",
        )
    return function(first, **{k: v for k, v in params.items() if k in names})


def jsonable(value: Any) -> Any:
    """A JSON-ready form of an analysis result."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    for method in ("as_json", "as_dict", "to_dict"):
        if callable(getattr(value, method, None)):
            return jsonable(getattr(value, method)())
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
