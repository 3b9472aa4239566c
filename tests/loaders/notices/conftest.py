"""The notices shipped in samples/notices (the seed comes from the ``seed`` fixture)."""

from __future__ import annotations

from tests.conftest import REPO

NOTICES = REPO / "samples" / "notices"
QINGHE = NOTICES / "青禾市人民政府办公室关于推行行政执法责任制的实施意见.html"
BAIHE = NOTICES / "白河市人民政府关于全面推行行政执法责任制的通知.txt"
