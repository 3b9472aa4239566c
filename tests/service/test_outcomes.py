"""Rates of decisions overturned on review, flags, and clear errors for bad outcome files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from quanze.loaders.errors import SourceError
from quanze.service.cli.main import main
from quanze.service.outcomes import evaluate, read_outcomes
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import REPO, SAMPLE

OUTCOMES = REPO / "samples" / "outcomes" / "qinghe-review-outcomes-2024.csv"
HEADER = "decision_id,power,department,date,channel,outcome\n"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    loading.load(s, [SAMPLE, REPO / "samples" / "notices"])
    return s


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "outcomes.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_rates_per_department_and_power(store: EmbeddedStore, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "d1,QH-CG-CF-001,青禾市城市管理局,2024-01-02,reconsideration,upheld\n"
        "d2,QH-CG-CF-001,青禾市城市管理局,2024-02-02,行政诉讼,撤销\n"
        "d3,QH-CG-CF-002,青禾市城市管理局,2024-03-02,复议,变更\n"
        "d4,QH-SJ-XK-001,青禾市市场监督管理局,2024-03-05,litigation,确认违法\n"
        "d5,QH-SJ-XK-001,青禾市市场监督管理局,2024-03-06,litigation,维持\n",
    )
    report = evaluate(store, path, threshold=0.5, min_decisions=2)
    rates = {r.label: (r.total, r.overturned) for r in report.departments}
    assert rates == {"青禾市城市管理局": (3, 2), "青禾市市场监督管理局": (2, 1)}
    assert [f.department.label for f in report.flagged] == ["青禾市城市管理局"]  # 2/3 > 0.5; 1/2 is not
    power = next(r for r in report.powers if r.key == "QH-CG-CF-001")
    assert power.label == "对擅自设置户外广告设施的处罚" and power.rate == 0.5
    [sanction] = report.flagged[0].sanctions  # the notice of the department's own area
    assert sanction.sanctions == ["限期整改"] and sanction.aggravated == ["通报批评"]
    assert sanction.basis == "青政办发〔2005〕58号 二、（四）"


def test_the_shipped_outcomes_flag_the_city_management_bureau(store: EmbeddedStore) -> None:
    report = evaluate(store, OUTCOMES)
    assert report.decisions == len(OUTCOMES.read_text(encoding="utf-8").splitlines()) - 1
    assert [f.department.label for f in report.flagged] == ["青禾市城市管理局"]
    assert report.notes == []  # every power code is one of the sample's


@pytest.mark.parametrize(
    ("body", "header", "row", "column", "words"),
    [
        (
            "d1,X,部门,2024-01-02,reconsideration,upheld\n",
            "decision_id,power,department,date,outcome\n",
            1,
            None,
            "no channel column",
        ),
        ("d1,X,部门,2024/01/02,reconsideration,upheld\n", HEADER, 2, "D", "not a date"),
        ("d1,X,部门,2024-01-02,reconsideration,partly\n", HEADER, 2, "F", "unknown outcome 'partly'"),
        ("d1,X,部门,2024-01-02,appeal,upheld\n", HEADER, 2, "E", "unknown channel"),
        (
            "d1,X,部门,2024-01-02,litigation,upheld\nd1,Y,部门,2024-01-03,litigation,upheld\n",
            HEADER,
            3,
            "A",
            "listed twice (first on row 2)",
        ),
        ("d1,,部门,2024-01-02,litigation,upheld\n", HEADER, 2, "B", "empty power"),
    ],
)
def test_bad_files_are_rejected_with_row_and_column(
    tmp_path: Path, body: str, header: str, row: int, column: str | None, words: str
) -> None:
    with pytest.raises(SourceError) as err:
        read_outcomes(_csv(tmp_path, body, header))
    found = err.value.as_dict()
    assert found["row"] == row and found["column"] == column and words in found["message"]


def test_gbk_files_and_chinese_headers_are_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        "决定编号,职权编码,部门,决定日期,救济途径,结果\nd1,QH-CG-CF-001,青禾市城市管理局,2024-01-02,行政复议,撤销\n".encode(
            "gb18030"
        )
    )
    [row] = read_outcomes(path)
    assert row.outcome.endswith("/revoked") and row.channel.endswith("/reconsideration")


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "store"
    assert main(["load", "--store", str(path), "--quiet", str(SAMPLE), str(REPO / "samples" / "notices")]) == 0
    capsys.readouterr()
    assert main(["evaluate", "--store", str(path), str(OUTCOMES)]) == 1  # a department is flagged
    out = capsys.readouterr().out
    assert "⚑ 青禾市城市管理局" in out and "限期整改" in out
    assert main(["evaluate", "--store", str(path), str(OUTCOMES), "--threshold", "0.5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["flagged"] == []
    bad = _csv(tmp_path, "d1,X,部门,2024-13-02,litigation,upheld\n")
    assert main(["evaluate", "--store", str(path), str(bad)]) == 2
    assert "row 2, column D (date)" in capsys.readouterr().err
