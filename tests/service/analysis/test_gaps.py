"""Missing powers and unfounded or stale basis, on the sample, on lists made for each case, and on the real lists."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.loaders import iris
from quanze.service.analysis.gaps import DepartmentNotFound, analyse_gaps
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import SAMPLE
from tests.service.listmaker import SPECIAL, Row, write_list

SPECIAL_2019 = (
    "【地方性法规】《青禾市特种设备安全管理条例》（2019年9月26日青禾市第十五届人民代表大会常务委员会第二十次会议通过）"
)
ADS = "【地方政府规章】《青禾市户外广告设置管理办法》（2023年2月15日青禾市人民政府令第12号公布）"
MARKET = "青禾市市场监督管理局"
NO_LIABILITY = """# 青禾市电梯安全管理规定

2021年5月1日 青禾市人民政府令第9号公布

<!-- INFO END -->

## 第一章 总则

第一条 为了加强电梯安全管理，制定本规定。

第二条 市市场监督管理部门负责本市电梯安全监督管理。

## 第二章 附则

第三条 本规定自公布之日起施行。
"""


def problems_of(report, name):
    return {b.problem for b in report.problems if b.name == name}


def test_sample_city_management(sample_store):
    report = analyse_gaps(sample_store, "青禾市城市管理局")
    labels = [o.article_label for o in report.omissions]
    assert labels == ["青禾市市容和环境卫生管理条例第三条", "青禾市户外广告设置管理办法第二条"]
    assert report.omissions[0].rank == 1 and report.omissions[0].score >= report.omissions[1].score
    assert "批准" in report.omissions[0].acts and report.omissions[0].text.startswith("任何单位和个人")
    assert problems_of(report, "对建筑物外立面不整洁的处罚") == {"article-missing"}  # 第九十九条 (seeded)


def test_sample_all_departments(sample_store):
    report = analyse_gaps(sample_store)
    assert {d.name for d in report.departments} == {"青禾市城市管理局", "青禾市市场监督管理局", "青禾市交通运输局"}
    # transport cites 第十条, which gives the power to the city-management department
    assert problems_of(report, "对运输车辆泄漏遗撒散体物料的处罚") == {"other-authority"}
    # a normative document is not loaded: the basis cannot be checked
    assert problems_of(report, "对未按规定公示特种设备安全管理人员信息的处罚") == {"unverifiable"}


def test_unknown_department(sample_store):
    with pytest.raises(DepartmentNotFound, match="known: "):
        analyse_gaps(sample_store, "青禾市教育局")
    with pytest.raises(DepartmentNotFound, match="matches 3 departments"):
        analyse_gaps(sample_store, "青禾市")


@pytest.fixture(scope="module")
def case_store(tmp_path_factory) -> EmbeddedStore:
    folder = tmp_path_factory.mktemp("gaps")
    (folder / "青禾市电梯安全管理规定(2021-05-01).md").write_text(NO_LIABILITY, encoding="utf-8")
    write_list(
        folder / "market.xlsx",
        f"{MARKET}权责清单",
        [
            # cites the 2019 version; the quoted text is in none of today's articles
            Row(
                "对游乐设施未试运行的处罚",
                f"{SPECIAL_2019}\n第八条：游乐设施运营者应当每日进行试运行检查并记录。",
                MARKET,
            ),
            # cites the 2019 version's 第五条, whose text is 第七条 now
            Row(
                "对特种设备使用单位的监督检查",
                f"{SPECIAL_2019}\n第五条：市场监督管理部门应当对特种设备使用单位实施监督检查。",
                MARKET,
                type="行政检查",
            ),
            Row("户外广告设施设置许可", f"{ADS}\n第五条", MARKET, type="行政许可"),
            Row("电梯安全监督检查", "【地方政府规章】《青禾市电梯安全管理规定》\n第二条", MARKET, type="行政检查"),
            Row("查封存在严重事故隐患的特种设备", f"{SPECIAL}\n第七条", MARKET, type="行政强制"),
            Row("对特种设备的监督检查", "", MARKET, type="行政检查"),
            Row("对电梯的监督检查", "【地方政府规章】《青禾市电梯安全管理规定》", MARKET, type="行政检查"),
        ],
    )
    store = EmbeddedStore()
    loading.load(store, [SAMPLE / "statutes", folder])
    # The outdoor-advertising rules were repealed: ELI says so on their only version.
    version = iris.statute_version("青禾市户外广告设置管理办法", "2023-02-15")
    graph = iris.graph("statute", "青禾市户外广告设置管理办法", "2023-02-15")
    store.replace_graphs(
        {
            graph: store.dump(ox.RdfFormat.N_QUADS, graph)
            + (
                f"<{version}> <http://data.europa.eu/eli/ontology#date_no_longer_in_force> "
                f'"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date> <{graph}> .\n'
            ).encode()
        }
    )
    return store


@pytest.fixture(scope="module")
def case_report(case_store):
    return analyse_gaps(case_store, MARKET, today="2025-01-01")


def test_stale_and_renumbered_basis(case_report):
    assert problems_of(case_report, "对游乐设施未试运行的处罚") == {"stale-text"}
    assert problems_of(case_report, "对特种设备使用单位的监督检查") == {"renumbered"}


def test_repealed_statute(case_report, case_store):
    # …and the article it cites gives the licence to the city-management department, not to this one
    assert problems_of(case_report, "户外广告设施设置许可") == {"repealed", "other-authority"}
    before = analyse_gaps(case_store, MARKET, today="2023-06-01")
    assert "repealed" not in problems_of(before, "户外广告设施设置许可")


def test_no_basis_and_no_article(case_report):
    assert problems_of(case_report, "对特种设备的监督检查") == {"no-basis"}
    assert problems_of(case_report, "对电梯的监督检查") == {"no-article"}


def test_a_statute_without_liability_chapter_gives_no_omission_and_no_crash(case_report):
    assert case_report.omissions  # the special-equipment rules still give some
    assert not [o for o in case_report.omissions if o.statute == "青禾市电梯安全管理规定"]
    cited = {"青禾市特种设备安全管理条例第七条"}
    assert not cited & {o.article_label for o in case_report.omissions}


def test_real_market_regulation(shared_store):
    report = analyse_gaps(shared_store, "克拉玛依市市场监督管理局")
    assert report.departments[0].from_name
    labels = {o.article_label for o in report.omissions}
    # 烟草专卖法 names the pre-2018 工商行政管理部门: today's market regulation, and the list forgets it
    assert "烟草专卖法第三十二条" in labels
    assert all("market-regulation" in o.domains for o in report.omissions)
    assert [o.rank for o in report.omissions] == list(range(1, len(report.omissions) + 1))
    scores = [o.score for o in report.omissions]
    assert scores == sorted(scores, reverse=True)


def test_real_agriculture_stale_citations(shared_store):
    report = analyse_gaps(shared_store, "农业农村局")
    stale = [b for b in report.problems if b.problem == "stale-text"]
    assert stale and all("农产品质量安全法" in b.detail for b in stale)


def test_store_path_helper_exists():
    assert Path(SAMPLE, "statutes").is_dir()
