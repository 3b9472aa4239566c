import csv
import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from quanze.service.cli.main import main

from tests.conftest import JURISDICTION, REPO, SAMPLE

CSV = "青禾市城市管理局权责清单.csv"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "qinghe"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def loaded(tmp_path, sample_copy, capsys) -> str:
    store = str(tmp_path / "store")
    code, _, _ = run(capsys, "load", "--quiet", "--store", store, str(sample_copy))
    assert code == 0
    return store


def dump(store: str, capsys) -> str:
    code, out, _ = run(capsys, "export", "--store", store, "--format", "nq")
    assert code == 0
    return "\n".join(sorted(out.splitlines()))


def test_load_reports_lists_and_unresolved_citations(tmp_path, sample_copy, capsys):
    code, out, _ = run(capsys, "load", "--quiet", "--store", str(tmp_path / "s"), str(sample_copy))
    assert code == 0
    assert "Loaded 3 statute versions" in out
    assert "青禾市城市管理局权责清单" in out
    assert "article, paragraph or item out of range" in out  # 第九十九条 of the sample CSV


def test_load_json_lists_each_unresolved_citation(tmp_path, sample_copy, capsys):
    code, out, _ = run(capsys, "load", "--quiet", "--json", "--store", str(tmp_path / "s"), str(sample_copy))
    assert code == 0
    report = json.loads(out)
    reasons = [u["reason"] for d in report["loaded"] for u in d["unresolved"]]
    assert any("第99条" in r and "12 articles" in r for r in reasons)
    kinds = sorted({d["kind"] for d in report["loaded"]})
    assert kinds == ["list", "statute"]


def test_stats(loaded, capsys):
    code, out, _ = run(capsys, "stats", "--json", "--store", loaded)
    assert code == 0
    counts = json.loads(out)
    assert counts["power lists"] == 3 and counts["statutes"] == 3
    assert counts["powers"] == 20 and counts["sub-items"] == 3
    statements = sum(1 for _ in pyoxigraph.Store.read_only(loaded).quads_for_pattern(None, None, None, None))
    assert counts["statements"] == statements > 1000  # what the store holds, every statement


def test_responsible(loaded, capsys):
    code, out, _ = run(capsys, "responsible", "--json", "--store", loaded, "特种设备使用登记")
    [match] = json.loads(out)
    assert match["department"]["name"] == "青禾市市场监督管理局"
    assert [u["name"] for u in match["units"]] == ["特种设备安全监察科"]
    assert [p["name"] for p in match["responsible_posts"]] == ["特种设备安全监察科具体承办人"]
    assert {a["label"] for a in match["articles"]} == {
        "青禾市特种设备安全管理条例第四条",
        "青禾市特种设备安全管理条例第五条第一款",
    }
    code, out, _ = run(capsys, "responsible", "--store", loaded, "青禾市市容和环境卫生管理条例第九条")
    assert code == 0 and "青禾市城市管理局" in out and "青禾市市场监督管理局" in out


def test_named_queries(loaded, capsys):
    code, out, _ = run(capsys, "query", "--list", "--json", "--store", loaded)
    names = {q["name"] for q in json.loads(out)}
    assert {"responsible", "stats"} <= names
    code, out, _ = run(capsys, "query", "responsible", "--json", "--store", loaded, "--param", "q=户外广告")
    assert code == 0 and {r["name"] for r in json.loads(out)} >= {"户外广告设施设置许可"}
    code, _, err = run(capsys, "query", "responsible", "--store", loaded)
    assert code == 2 and "--param q=" in err
    code, _, err = run(capsys, "query", "responsible", "--store", loaded, "--param", "nope=1")
    assert code == 2 and "no parameter nope" in err


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig"), ("rdfxml", "xml")]
)
def test_export_formats_parse(loaded, tmp_path, capsys, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    code, _, _ = run(capsys, "export", "--store", loaded, "--format", fmt, "-o", str(out))
    assert code == 0
    store = pyoxigraph.Store.read_only(loaded)
    quads = list(store.quads_for_pattern(None, None, None, None))
    if fmt in ("trig", "jsonld"):  # dataset formats keep the named graphs: every statement
        dataset = rdflib.Dataset()
        dataset.parse(out, format=parser)
        assert sum(1 for _ in dataset.quads()) == len(quads)
    else:  # one graph: the distinct triples of all the graphs
        graph = rdflib.Graph()
        graph.parse(out, format=parser)
        assert len(graph) == len({(q.subject, q.predicate, q.object) for q in quads})


def test_bad_file_is_an_error_and_nothing_is_written(loaded, sample_copy, capsys):
    before = dump(loaded, capsys)
    broken = sample_copy / "lists" / "truncated.xlsx"
    data = (sample_copy / "lists" / "青禾市市场监督管理局2025年权责清单.xlsx").read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    (sample_copy / "lists" / CSV).write_text("序号,事项名称,权力类型\n1,新事项,行政检查\n", encoding="utf-8")
    code, _, err = run(capsys, "load", "--quiet", "--store", loaded, str(sample_copy))
    assert code == 2
    assert "truncated.xlsx" in err and "truncated or damaged" in err and "Nothing was written" in err
    assert dump(loaded, capsys) == before


def test_a_power_type_that_is_no_type_names_row_and_column(loaded, sample_copy, capsys):
    before = dump(loaded, capsys)
    path = sample_copy / "lists" / CSV
    text = path.read_text(encoding="gbk").replace(",行政检查,", ",2024年3月起执行,")
    path.write_text(text, encoding="gbk")
    code, _, err = run(capsys, "load", "--quiet", "--store", loaded, str(path))
    assert code == 2 and "2024年3月起执行" in err and "row 8" in err and "column D (职权类型)" in err
    assert dump(loaded, capsys) == before


def test_reloading_a_list_replaces_exactly_its_graph(loaded, sample_copy, capsys):
    path = sample_copy / "lists" / CSV
    with path.open(encoding="gbk", newline="") as fh:
        records = list(csv.reader(fh))
    with path.open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(records[:-1])  # drop the last power
    before = dump(loaded, capsys)
    code, _, _ = run(capsys, "load", "--quiet", "--store", loaded, str(path))
    assert code == 0
    after = dump(loaded, capsys)
    changed = set(before.splitlines()) ^ set(after.splitlines())
    assert changed and all(
        "/graph/list/青禾市城市管理局权责清单>" in line or "/graph/ontology/" in line for line in changed
    )
    code, out, _ = run(capsys, "stats", "--json", "--store", loaded)
    assert json.loads(out)["powers"] == 19


def test_unrecognised_file(tmp_path, capsys):
    f = tmp_path / "memo.txt"
    f.write_text("会议纪要\n今天讨论了工作安排。\n", encoding="utf-8")
    code, _, err = run(capsys, "load", "--store", str(tmp_path / "s"), str(f))
    assert code == 2 and "memo.txt" in err and "--kind" in err


def test_real_data_first_question(shared, tmp_path, capsys):
    store = str(tmp_path / "store")
    code, out, _ = run(
        capsys,
        "load",
        "--quiet",
        "--store",
        store,
        "--jurisdiction",
        JURISDICTION,
        str(shared / "laws"),
        str(shared / "powerlists"),
    )
    assert code == 0 and "Loaded 112 statute versions" in out
    code, out, _ = run(capsys, "responsible", "--json", "--store", store, "特种设备使用登记")
    [match] = [m for m in json.loads(out) if m["name"] == "特种设备使用登记"]
    assert match["department"]["name"] == "克拉玛依市市场监督管理局"
    assert [u["name"] for u in match["units"]] == ["登记注册科"]
    assert [p["name"] for p in match["responsible_posts"]] == ["登记注册科具体承办人"]
    assert "特种设备安全法第三十三条" in {a["label"] for a in match["articles"]}


def test_load_reports_what_rules_as_published_establish(tmp_path, capsys):
    docs = REPO / "tests" / "loaders" / "notices" / "documents"
    code, out, err = run(capsys, "load", "--quiet", "--store", str(tmp_path / "s"), str(docs / "order_rule.txt"))
    assert code == 0
    assert "Loaded 1 statute versions (8 articles)." in out
    header, _, row = out.splitlines()[1:4]
    assert header.split()[:3] == ["rule", "parts", "articles"]
    assert row.startswith("青禾市行政执法过错责任追究办法")
    # parts, articles, statute citations, documents cited, deadlines, steps, criteria, sanction rules, shares, …
    assert row.split()[-11:] == ["0", "8", "0", "0", "1", "0", "0", "6", "0", "2", "0"]
    assert "no timetable" in err
