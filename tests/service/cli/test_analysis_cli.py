"""quanze overlaps and quanze gaps from the command line: formats, files, exit codes, bad input."""

import csv
import json
import shutil

import openpyxl
import pytest
from quanze.loaders.lexicon.files import lexicon_paths
from quanze.service.cli.main import main
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import SAMPLE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "store")
    assert main(["load", "--quiet", "--store", path, str(SAMPLE)]) == 0
    return path


def test_overlaps_table_counts_and_evidence(store, capsys):
    code, out, err = run(capsys, "overlaps", "--store", store)
    assert code == 1  # a check that found something
    assert "跨部门交叉 cross" in out and "青禾市市容和环境卫生管理条例第九条" in out
    assert "overlaps: cross:" in err  # progress on standard error


def test_overlaps_json(store, capsys):
    code, out, _ = run(capsys, "overlaps", "--store", store, "--json", "--kind", "cross")
    found = json.loads(out)
    assert code == 1 and [f["kind"] for f in found] == ["cross"]
    assert {"id", "severity", "summary", "evidence", "members", "departments"} <= set(found[0])
    assert {m["sheet"] for m in found[0]["members"]} and all(m["row"] for m in found[0]["members"])


def test_overlaps_xlsx_and_csv(store, capsys, tmp_path):
    xlsx = tmp_path / "overlaps.xlsx"
    code, _, err = run(capsys, "overlaps", "--store", store, "--format", "xlsx", "-o", str(xlsx), "--quiet")
    assert code == 1 and "written" in err
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["findings 发现", "powers 职权"]
    header = [c.value for c in wb["powers 职权"][1]]
    assert "工作表 sheet" in header and wb["powers 职权"].max_row >= 3
    out_csv = tmp_path / "overlaps.csv"
    run(capsys, "overlaps", "--store", store, "--format", "csv", "-o", str(out_csv), "--quiet")
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))
    assert rows[0][0] == "finding id" and len(rows) >= 3
    assert (tmp_path / "overlaps.findings.csv").exists()


def test_xlsx_needs_an_output_file(store, capsys):
    code, _, err = run(capsys, "overlaps", "--store", store, "--format", "xlsx")
    assert code == 2 and "-o FILE" in err


def test_gaps_for_one_department(store, capsys):
    code, out, _ = run(capsys, "gaps", "--store", store, "--department", "城市管理局", "--quiet")
    assert code == 1
    assert "青禾市市容和环境卫生管理条例第三条" in out and "article-missing" in out


def test_gaps_json_and_kinds(store, capsys):
    code, out, _ = run(capsys, "gaps", "--store", store, "--department", "城市管理局", "--json", "--kind", "omissions")
    report = json.loads(out)
    assert code == 1 and report["omissions"] and report["basis_problems"] == []
    assert report["departments"][0]["domains_from_name"]


def test_gaps_unknown_department_is_bad_input(store, capsys):
    code, _, err = run(capsys, "gaps", "--store", store, "--department", "青禾市教育局")
    assert code == 2 and "no department" in err


def test_a_broken_lexicon_stops_the_load_with_file_and_line(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "lexicon"
    folder.mkdir()
    shipped = lexicon_paths(None)["authorities.tsv"].read_text(encoding="utf-8").splitlines()
    (folder / "authorities.tsv").write_text("\n".join([*shipped, "城管执法队\turban-patrol"]) + "\n", encoding="utf-8")
    monkeypatch.setenv("QUANZE_LEXICON", str(folder))
    statutes = tmp_path / "statutes"
    shutil.copytree(SAMPLE / "statutes", statutes)
    code, _, err = run(capsys, "load", "--quiet", "--store", str(tmp_path / "s"), str(statutes))
    assert code == 2
    assert f"authorities.tsv, line {len(shipped) + 1}" in err and "unknown domain 'urban-patrol'" in err
    assert len(EmbeddedStore(tmp_path / "s")) == 0  # nothing written
