"""The analyses the API offers when their modules are installed: overlaps, gaps and validation.

They are built separately (``quanze.service.overlaps.find_overlaps``,
``quanze.service.gaps.find_gaps``, ``quanze.service.validation.validate``).
The API finds them at run time; until a module is there its route answers 501
saying so. Each is called with the store and the request's query parameters
that its signature accepts (others are refused with the accepted names), and
its result is turned into JSON whatever its shape: pydantic models,
dataclasses, objects with ``as_dict()``, mappings and sequences.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from .query_errors import QueryFailed

ANALYSES = {
    "overlaps": ("quanze.service.overlaps", "find_overlaps"),
    "gaps": ("quanze.service.gaps", "find_gaps"),
    "validate": ("quanze.service.validation", "validate"),
}


class AnalysisMissing(LookupError):
    def __init__(self, name: str) -> None:
        module, function = ANALYSES[name]
        super().__init__(
            f"the {name} analysis is not installed in this service ({module}.{function} cannot be imported)"
        )


def analysis(name: str) -> Callable[..., Any]:
    module, function = ANALYSES[name]
    try:
        found = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as exc:
        raise AnalysisMissing(name) from exc
    return found


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
    for method in ("as_dict", "to_dict"):
        if callable(getattr(value, method, None)):
            return jsonable(getattr(value, method)())
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
