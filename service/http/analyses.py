"""The analyses as the API serves them: overlaps, gaps, and the validation of an uploaded list.

Overlaps (:mod:`overlaps`) and gaps (:mod:`gaps`) read the whole graph, so
the service runs them on its own reads (no user time limit; see
:meth:`backends.Backend.reading`) and keeps each answer until the store
changes. Validation (:mod:`validation`) runs the review of ``shapes/`` on
an uploaded list in a scratch store, or on one department's lists for its
page, and gives the report in the formats of ``quanze validate``.
"""

from __future__ import annotations

from quanze.service.analysis.findings import findings_json
from quanze.service.analysis.gaps import DepartmentNotFound, analyse_gaps
from quanze.service.analysis.overlaps import DEFAULT_MIN_SCORE, KINDS, find_overlaps
from quanze.service.sparql.errors import QueryFailed
from quanze.service.store.base import Store
from quanze.service.validation import validate
from quanze.service.validation.context import findings
from quanze.service.validation.formats import as_json, render

#: The media type of each report format of ``quanze validate --format``.
VALIDATION_MEDIA = {
    "json": "application/json",
    "ttl": "text/turtle; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text": "text/plain; charset=utf-8",
}


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


def validation_report(store: Store, fmt: str) -> dict | str | bytes:
    """Every list of ``store`` reviewed: the JSON of ``quanze validate --format json``, or ``fmt`` rendered."""
    if fmt not in VALIDATION_MEDIA:
        raise QueryFailed(
            f"unknown report format {fmt!r}: give one of {', '.join(VALIDATION_MEDIA)}", code="bad-parameter"
        )
    report = validate(store)
    if fmt == "json":
        return as_json(report, findings(store, report))
    return render(store, report, fmt)
