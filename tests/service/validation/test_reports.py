"""The report's forms: sh:ValidationReport, JSON, per-department pages and workbook."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from quanze.service.cli import main as cli
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate
from quanze.service.validation.formats import render
from quanze.service.validation.report import Report, results_from_graph
from rdflib import Graph
from rdflib.namespace import RDF, SH

from bench.synthetic import generate


@pytest.fixture(scope="module")
def reviewed() -> tuple[EmbeddedStore, Report]:
    store = EmbeddedStore()
    store.replace_graphs(generate(300, lists=3, defect_rate=0.3, seed=5).graphs)
    return store, validate(store)


def test_turtle_is_a_validation_report_with_the_same_results(
    reviewed: tuple[EmbeddedStore, Report],
) -> None:
    store, report = reviewed
    g = Graph().parse(data=render(store, report, "ttl"), format="turtle")
    node = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(node, SH.conforms).toPython() is False
    assert Counter(r.full_key() for r in results_from_graph(g)) == report.tally()
    assert all(g.value(r, SH.resultMessage) is not None for r in g.objects(node, SH.result))


def test_json_points_each_finding_to_file_sheet_and_row(
    reviewed: tuple[EmbeddedStore, Report],
) -> None:
    store, report = reviewed
    data = json.loads(render(store, report, "json"))
    assert data["violations"] == report.violations > 0
    assert len(data["results"]) == len(report.results)
    assert sum(1 for item in data["results"] if item["row"]) > len(data["results"]) * 0.9
    for item in data["results"]:
        assert item["file"].endswith(".xlsx") and item["power"], item
        assert item["sheet"] is None or (item["sheet"] == "Sheet1" and item["row"] >= 3), item
        assert (item["department_name"] or item["list_publisher"]).startswith("合成市第")
        assert item["message"]["zh"] and item["message"]["en"]


def test_markdown_and_html_have_a_section_per_department(
    reviewed: tuple[EmbeddedStore, Report],
) -> None:
    store, report = reviewed
    md, page = render(store, report, "md"), render(store, report, "html")
    for dept in ("合成市第1局", "合成市第2局", "合成市第3局"):
        assert f"## {dept}" in md and f"<h2>{dept}</h2>" in page
    assert "事项名称" in md and "违规（须整改）" in page
    assert md.count("\n| ") >= len(report.results)


def test_workbook_has_a_summary_and_a_sheet_per_department(
    reviewed: tuple[EmbeddedStore, Report],
) -> None:
    store, report = reviewed
    wb = load_workbook(io.BytesIO(render(store, report, "xlsx")))
    assert wb.sheetnames[0] == "汇总 Summary"
    departments = [ws for ws in wb.worksheets[1:]]
    assert {ws.title for ws in departments} == {"合成市第1局", "合成市第2局", "合成市第3局"}
    rows = sum(ws.max_row - 1 for ws in departments)
    assert rows == len(report.results)
    header = [c.value for c in departments[0][1]]
    assert header[0] == "序号 No." and header[-1] == "部门反馈 Department's answer"


def test_command_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generate(60, lists=1, defect_rate=0.3, seed=2).graphs)
    store.close()
    for fmt in ("ttl", "json", "md", "html", "xlsx", "text"):
        out = tmp_path / f"report.{fmt}"
        code = cli.main(
            [
                "validate",
                "--store",
                str(tmp_path / "store"),
                "--quiet",
                "--format",
                fmt,
                "-o",
                str(out),
            ]
        )
        assert code == 1 and out.stat().st_size > 200, fmt
    assert "Report written" in capsys.readouterr().out
    assert (
        cli.main(
            [
                "validate",
                "--store",
                str(tmp_path / "store"),
                "--json",
                "--department",
                "合成市第1局",
            ]
        )
        == 1
    )
    assert json.loads(capsys.readouterr().out)["violations"] > 0
