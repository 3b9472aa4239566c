"""Fixtures of the validation tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def plans_asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """The (lateral, scans) of every plan ``validate`` asks for while the test runs, in order."""
    from quanze.service.validation import run

    asked: list[tuple[bool, bool]] = []
    original = run.plan

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((kwargs["lateral"], kwargs["scans"]))
        return original(*args, **kwargs)

    monkeypatch.setattr(run, "plan", spy)
    return asked
