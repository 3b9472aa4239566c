"""``quanze load`` with lists as other portals publish them: options anywhere, a columns file, the mapping shown."""

from __future__ import annotations

import json

from quanze.service.cli.main import BAD_INPUT, main

from tests.conftest import SAMPLE
from tests.loaders import variants as V

CITY = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
TRANSPORT = SAMPLE / "lists" / "青禾市交通运输局权责清单.xls"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _unseen_csv(tmp_path):
    path = tmp_path / "城管清单.csv"
    path.write_bytes(V.to_csv(V.renamed(V.read(CITY.read_bytes(), CITY.name), CITY.name, V.unseen)[0]))
    return path


def test_options_anywhere_and_the_mapping_in_the_summary(tmp_path, capsys):
    store = str(tmp_path / "s")
    code, out, _ = run(capsys, "load", str(_unseen_csv(tmp_path)), "--store", store, "--quiet", str(TRANSPORT))
    assert code == 0
    assert "Columns told by their cells" in out
    assert "法定根据" in out and "statute citations 《…》" in out
    code, out, _ = run(capsys, "stats", "--json", "--store", store)
    assert json.loads(out)["power lists"] == 2


def test_json_carries_every_column_and_how(tmp_path, capsys):
    code, out, _ = run(capsys, "load", "--json", str(_unseen_csv(tmp_path)), "--store", str(tmp_path / "s"))
    assert code == 0
    [doc] = json.loads(out)["loaded"]
    [sheet] = doc["details"]["sheets"]
    roles = {c["header"]: (c["role"], c["how"]) for c in sheet["columns"]}
    assert roles["法定根据"] == ("basis", "content")
    assert roles["权力事项"] == ("name", "header word and content")
    assert doc["counts"]["powers"] == 7


def test_columns_file_on_the_command_line(tmp_path, capsys):
    blob = V.to_xlsx(V.renamed(V.read(TRANSPORT.read_bytes(), TRANSPORT.name), TRANSPORT.name, V.numbered))
    (tmp_path / "t.xlsx").write_bytes(blob)
    (tmp_path / "map.toml").write_text('[files."t.xlsx"]\n"栏6" = "承办机构"\n', encoding="utf-8")
    code, out, _ = run(
        capsys,
        "load",
        str(tmp_path / "t.xlsx"),
        "--json",
        "--columns",
        str(tmp_path / "map.toml"),
        "--store",
        str(tmp_path / "s"),
    )
    assert code == 0
    [doc] = json.loads(out)["loaded"]
    [unit] = [c for s in doc["details"]["sheets"] for c in s["columns"] if c["column"] == "F"]
    assert (unit["role"], unit["how"]) == ("unit", "columns file")


def test_a_table_that_is_no_list_fails_the_command_and_writes_nothing(tmp_path, capsys):
    store = str(tmp_path / "s")
    assert run(capsys, "load", "--quiet", "--store", store, str(TRANSPORT))[0] == 0
    code, out, _ = run(capsys, "stats", "--json", "--store", store)
    before = json.loads(out)
    (tmp_path / "账目.csv").write_bytes("编号,金额,日期\n1,100,2024-01-01\n2,200,2024-02-01\n".encode("gb18030"))
    code, _, err = run(capsys, "load", str(CITY), "--quiet", "--store", store, str(tmp_path / "账目.csv"))
    assert code == BAD_INPUT
    assert "账目.csv" in err and "事项名称" in err and "编号、金额、日期" in err
    code, out, _ = run(capsys, "stats", "--json", "--store", store)
    assert json.loads(out) == before
