"""The post check fires on what a list does not say: an inferred post (qz:InferredPost) is not a named one."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate

from tests.conftest import SAMPLE
from tests.service.listmaker import HEADER, SPECIAL

POST_SHAPE = "https://w3id.org/quanze/shapes#PowerShape-post"
DEPARTMENT = "青禾市市场监督管理局"


def _list(path: Path, posts: list[str]) -> Path:
    """Two powers of one unit; the 承办岗位 column names the post of each (empty: none named)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append([f"{DEPARTMENT}权责清单"])
    ws.append([*HEADER, "承办岗位"])
    for k, post in enumerate(posts, start=1):
        basis = f"{SPECIAL}\n第八条"
        ws.append([str(k), f"对违法行为{k}的处罚", "行政处罚", basis, DEPARTMENT, "执法科", "市级", "", post])
    wb.save(path)
    return path


@pytest.mark.parametrize(("posts", "flagged"), [(["", ""], 2), (["执法岗", ""], 1), (["执法岗", "审核岗"], 0)])
def test_a_power_whose_list_names_no_post_is_reported(tmp_path: Path, posts: list[str], flagged: int) -> None:
    store = EmbeddedStore()
    loading.load(store, [SAMPLE / "statutes", _list(tmp_path / "market.xlsx", posts)])
    report = validate(store)
    found = [r for r in report.results if str(r.shape) == POST_SHAPE]
    assert len(found) == flagged
    reference = [r for r in validate(store, engine="pyshacl").results if str(r.shape) == POST_SHAPE]
    assert sorted(str(r.focus) for r in reference) == sorted(str(r.focus) for r in found)
    inferred = store.select(
        "PREFIX qz: <https://w3id.org/quanze/ontology#> SELECT ?p WHERE { ?power qz:responsiblePost ?p . "
        "?p a qz:InferredPost }"
    )
    assert len(inferred) == posts.count("")  # the inferred handler is still there, and marked
