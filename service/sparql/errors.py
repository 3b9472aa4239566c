"""How a query can fail, whichever store answers it: refused or malformed, or out of time."""

from __future__ import annotations


class QueryFailed(ValueError):
    """The query is malformed, refused or too expensive; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400, code: str = "query-failed") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code


class QueryTimeout(RuntimeError):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the query ran longer than the limit of {seconds:g} s and was stopped; "
            "select less (LIMIT, more selective patterns first) or ask the operator for more time"
        )
        self.seconds = seconds


def result_too_large(max_bytes: int) -> QueryFailed:
    size = f"{max_bytes / (1024 * 1024):g} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    return QueryFailed(
        f"the result is larger than the limit of {size}; add a LIMIT or select fewer rows",
        code="result-too-large",
    )
