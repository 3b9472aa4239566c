"""Shared fixtures: where the shared real data is, and stores loaded with it or with the sample.

The real data lives outside the repository in ``../shared/data`` (or where
``QUANZE_SHARED`` points). Tests that need it take the ``shared`` fixture,
which skips them, with the reason, on a clone without it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "qinghe"
JURISDICTION = "克拉玛依市"


def shared_root() -> Path:
    return Path(os.environ.get("QUANZE_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared/data``; skips the test when it is not there."""
    data = shared_root() / "data"
    if not (data / "laws").is_dir():
        pytest.skip(f"shared real data not found at {data} (set QUANZE_SHARED to its parent folder)")
    return data


@pytest.fixture(scope="session")
def seed() -> Path:
    """The seed notice in ``../shared/seeds``; skips the test when it is not there."""
    path = shared_root() / "seeds" / "000_59ea126906041ba9.txt"
    if not path.exists():
        pytest.skip(f"the seed notice is not at {path}")
    return path


@pytest.fixture(scope="session")
def shared_store(shared: Path) -> EmbeddedStore:
    """An in-memory store with every shared statute and power list loaded (read-only for tests)."""
    store = EmbeddedStore()
    loading.load(store, [shared / "laws", shared / "powerlists"], jurisdiction=JURISDICTION)
    return store


@pytest.fixture(scope="session")
def sample_store() -> EmbeddedStore:
    """An in-memory store with the shipped sample loaded (read-only for tests)."""
    store = EmbeddedStore()
    loading.load(store, [SAMPLE])
    return store
