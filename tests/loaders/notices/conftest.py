"""The notices the tests load: the seed (from ../shared) and the two shipped in samples/notices."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, shared_root

NOTICES = REPO / "samples" / "notices"
QINGHE = NOTICES / "青禾市人民政府办公室关于推行行政执法责任制的实施意见.html"
BAIHE = NOTICES / "白河市人民政府关于全面推行行政执法责任制的通知.txt"


@pytest.fixture(scope="session")
def seed() -> Path:
    path = shared_root() / "seeds" / "000_59ea126906041ba9.txt"
    if not path.exists():
        pytest.skip(f"the seed notice is not at {path}")
    return path
