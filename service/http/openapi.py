"""What the OpenAPI description shows across routes: examples, the media of list uploads, the common errors."""

from __future__ import annotations

from quanze.service.lookup.models import ErrorBody

LIST_MEDIA = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}
    },
    "application/vnd.ms-excel": {"schema": {"type": "string", "format": "binary"}},
    "text/csv": {"schema": {"type": "string", "format": "binary"}},
    "text/html": {"schema": {"type": "string", "format": "binary"}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
}
Q_EXAMPLES = {
    "name": {"summary": "a power's name", "value": "特种设备使用登记"},
    "part": {"summary": "part of names", "value": "特种设备"},
    "article": {"summary": "an article of a statute", "value": "行政处罚法第三十二条"},
    "written": {
        "summary": "an article as lists write it",
        "value": "《中华人民共和国药品管理法》第139条",
    },
}
ERRORS = {
    400: {"model": ErrorBody, "description": "bad parameters"},
    503: {
        "model": ErrorBody,
        "description": "the query ran past its time limit, or the store is unavailable",
    },
}


def example(value: str) -> dict[str, dict[str, str]]:
    return {"example": {"summary": "an example", "value": value}}
