"""POST /api/validate's work runs in a bounded process: refused when busy, stopped past its time."""

from __future__ import annotations

import pytest
from quanze.loaders.errors import SourceError
from quanze.service.http.bounded import BoundedValidation, ValidationLimits
from quanze.service.sparql.errors import QueryFailed

from tests.conftest import SAMPLE

LIST = next(iter(sorted((SAMPLE / "lists").glob("*.xlsx"))))


def test_a_list_is_validated_in_the_child(sample_store) -> None:
    runner = BoundedValidation(ValidationLimits(timeout=120))
    report = runner.run(sample_store, LIST.read_bytes(), LIST.name, "青禾市", "json")
    assert isinstance(report, dict) and report["results"]
    assert {r["severity"] for r in report["results"]} <= {"Violation", "Warning", "Info"}


def test_a_file_that_is_no_list_is_the_loaders_error(sample_store) -> None:
    runner = BoundedValidation(ValidationLimits(timeout=120))
    with pytest.raises(SourceError, match="upload"):
        runner.run(sample_store, b"not a spreadsheet at all", "upload.txt", None, "json")


def test_past_the_time_limit_is_503(sample_store) -> None:
    runner = BoundedValidation(ValidationLimits(timeout=0.05))
    with pytest.raises(QueryFailed) as caught:
        runner.run(sample_store, LIST.read_bytes(), LIST.name, "青禾市", "json")
    assert caught.value.status == 503 and caught.value.code == "timeout"


def test_one_more_than_the_concurrency_is_503_at_once(sample_store) -> None:
    runner = BoundedValidation(ValidationLimits(concurrency=1))
    assert runner._slots.acquire(blocking=False)  # one validation running
    try:
        with pytest.raises(QueryFailed) as caught:
            runner.run(sample_store, LIST.read_bytes(), LIST.name, "青禾市", "json")
        assert caught.value.status == 503 and caught.value.code == "busy"
    finally:
        runner._slots.release()
