"""Candidates a list already covers, and levels a department does not exercise: rules tried on a statute and
lists written here (renamed headers, a CSV, an implementing rule nobody loaded, an older numbering)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from quanze.service.analysis.gaps import analyse_gaps, conducts
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

MARKET = "青禾市市场监督管理局"
TITLE = "青禾市集贸市场管理条例"
STATUTE = f"""# {TITLE}

2024年3月1日 青禾市人民代表大会常务委员会公告第5号公布

<!-- INFO END -->

## 第一章 总则

第一条 为了规范集贸市场经营秩序，制定本条例。

第二条 市、县（区）市场监督管理部门负责本行政区域内集贸市场的监督管理。

第三条 在集贸市场内从事摊位经营的，应当向市场监督管理部门申请摊位经营许可证。

第四条 经营者应当在摊位显著位置明码标价，不得在标价之外加价出售商品。

第五条 经营者应当每年向省、自治区、直辖市人民政府市场监督管理部门报送计量器具检定记录。

第六条 在夜市从事摊位经营的，应当向市场监督管理部门申请夜市摊位经营许可证。

## 第二章 法律责任

第十条 违反本条例第四条规定的，由市场监督管理部门责令改正，处五百元以上二千元以下罚款。

第十一条 经营者在集贸市场内销售过期变质的食用农产品的，由市场监督管理部门没收违法商品，并处二千元以上一万元以下罚款。

第十二条 违反本条例规定，有下列行为之一的，由市场监督管理部门责令改正，处一千元以上五千元以下罚款：
（一）市场开办者未建立入场经营者档案并如实记录经营者身份信息；
（二）市场开办者未定期对入场销售的食用农产品进行抽样检验。

第十三条 市场开办者未按照规定设置消防通道并保持畅通的，由市场监督管理部门责令改正，处二千元以上一万元以下罚款。

第十四条 违反本条例第五条规定，未报送计量器具检定记录的，由市场监督管理部门责令改正，处一千元以下罚款。

第十五条 市场开办者未在市场显著位置公示食品安全管理制度的，由市场监督管理部门责令改正，处五百元以上二千元以下罚款。

第十六条 有下列行为之一的，由市场监督管理部门责令改正，处一千元以上三千元以下罚款：
（一）市场开办者未按照规定配备食品安全管理人员；
（二）市场开办者未按照规定组织食品安全知识培训。

第十七条 本条例自2024年5月1日起施行。
"""
#: The version before: what is 第十五条 now was 第九条, with a smaller fine.
OLDER = f"""# {TITLE}

2020年1月1日 青禾市人民代表大会常务委员会公告第2号公布

<!-- INFO END -->

## 第一章 总则

第一条 为了规范集贸市场经营秩序，制定本条例。

## 第二章 法律责任

第九条 市场开办者未在市场显著位置公示食品安全管理制度的，由市场监督管理部门责令改正，处三百元以上一千元以下罚款。

第十条 本条例自2020年3月1日起施行。
"""
CITED = f"《{TITLE}》"
#: An implementing rule the store does not hold: the list quotes its article, which names the conduct of 第十二条(一).
RULE = "《青禾市集贸市场管理条例实施细则》第九条：市场开办者未建立入场经营者档案并如实记录经营者身份信息的，责令改正。"


def write_xlsx(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """A list with headers other than the shared ones (职权名称, 职权类别, 设定依据, 实施主体)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "权责清单"
    ws.append([f"{MARKET}权责清单"])
    ws.append(["编号", "职权名称", "职权类别", "设定依据", "实施主体", "责任科室", "行使层级"])
    for k, (name, kind, basis) in enumerate(rows, start=1):
        ws.append([k, name, kind, basis, MARKET, "市场科", "市级"])
    wb.save(path)


def write_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "权力名称", "权力类型", "实施依据", "行使主体"])
        for k, (name, kind, basis) in enumerate(rows, start=1):
            w.writerow([k, name, kind, basis, MARKET])


ROWS = [
    # cites the obligation whose breach 第十条 penalises, not 第十条 itself
    ("对经营者不明码标价的处罚", "行政处罚", f"{CITED}第四条"),
    # names the conduct of 第十一条, and rests on a provincial regulation the store does not hold
    ("对经营者在集贸市场内销售过期变质的食用农产品的处罚", "行政处罚", "《某省食用农产品市场销售条例》第二十条"),
    # quotes an unloaded implementing rule whose article names the conduct of 第十二条(一)
    ("对市场开办者未建立档案的处罚", "行政处罚", RULE),
    # a licensing item granting the licence 第三条 speaks of
    ("集贸市场摊位经营许可证核发", "行政许可", f"{CITED}第二条"),
    # cites the 2020 version's numbering: its 第九条 is 第十五条 now
    ("对市场开办者违反公示规定的处罚", "行政处罚", f"《{TITLE}》（2020年1月1日公布）第九条"),
    # names one conduct of 第十六条 and takes the others with 等行为
    ("对市场开办者未按照规定配备食品安全管理人员等行为的处罚", "行政处罚", "《某省食品安全条例》第三十条"),
]


def load(folder: Path, write) -> EmbeddedStore:
    (folder / f"{TITLE}(2024-03-01).md").write_text(STATUTE, encoding="utf-8")
    (folder / f"{TITLE}(2020-01-01).md").write_text(OLDER, encoding="utf-8")
    write(folder / ("market.xlsx" if write is write_xlsx else "market.csv"), ROWS)
    store = EmbeddedStore()
    loading.load(store, [folder])
    return store


@pytest.fixture(scope="module", params=[write_xlsx, write_csv], ids=["xlsx-renamed-headers", "csv"])
def case(request, tmp_path_factory):
    """The report, and the sheet row of the list's first item (under a title and a header, or a header only)."""
    return analyse_gaps(load(tmp_path_factory.mktemp("covered"), request.param), MARKET), (
        3 if request.param is write_xlsx else 2
    )


@pytest.fixture
def report(case):
    return case[0]


def by_label(report) -> dict[str, object]:
    return {o.article_label.removeprefix(TITLE): o for o in report.omissions}


def test_covered_candidates_are_held_back_with_the_item_and_row(case):
    report, first_row = case
    found = by_label(report)
    for label, item, name in (
        ("第十条", 0, "对经营者不明码标价的处罚"),
        ("第十一条", 1, "对经营者在集贸市场内销售过期变质的食用农产品的处罚"),
        ("第三条", 3, "集贸市场摊位经营许可证核发"),
        ("第十五条", 4, "对市场开办者违反公示规定的处罚"),
        ("第十六条", 5, "对市场开办者未按照规定配备食品安全管理人员等行为的处罚"),
    ):
        o = found[label]
        row = first_row + item
        assert o.held_back, label
        assert any(f"清单第{row}行“{name}”已列此行为" in c for c in o.caveats), (label, o.caveats)


def test_an_item_quoting_an_unloaded_rule_covers_the_conduct_it_quotes(case):
    report, first_row = case
    o = by_label(report)["第十二条"]
    (said,) = [c for c in o.caveats if "已列此行为" in c]
    # one of the article's two conducts is in the list: said, but the other may still be missing
    assert f"清单第{first_row + 2}行“对市场开办者未建立档案的处罚”" in said and "（1/2项行为）" in said
    assert said.startswith("部分行为已列") and not o.held_back


def test_another_licence_of_a_similar_name_is_not_covered(report):
    # 夜市摊位经营许可证 is not the list's 集贸市场摊位经营许可证, though it ends the same way
    o = by_label(report)["第六条"]
    assert not o.held_back and not any("已列此行为" in c for c in o.caveats)


def test_a_real_omission_stays_first(report):
    first = [o.article_label.removeprefix(TITLE) for o in report.omissions if not o.held_back]
    assert first[0] == "第十三条" and "第六条" in first  # a penalty before a licence
    assert not by_label(report)["第十三条"].caveats


def test_a_matter_of_the_provincial_department_is_ranked_down_with_its_level(report):
    o = by_label(report)["第十四条"]
    assert any("省、自治区、直辖市人民政府市场监督管理部门" in c and "本级可能不行使" in c for c in o.caveats)
    assert o.score < by_label(report)["第十三条"].score


def test_conducts_of_an_article():
    assert conducts(STATUTE.split("第十二条 ")[1].split("\n\n")[0]) == [
        "市场开办者未建立入场经营者档案并如实记录经营者身份信息",
        "市场开办者未定期对入场销售的食用农产品进行抽样检验",
    ]
    # the frame (违反…规定) and the consequences (逾期不改正, 情节严重) are not conducts
    text = "违反本法第六条规定，擅自拆除设施的，由主管部门责令改正；逾期不改正的，处罚款；货值金额不足一万元的，处罚款"
    assert conducts(text) == ["擅自拆除设施"]
    assert conducts("违反本法关于追溯管理规定的，由主管部门责令限期改正。") == []
    # a bar on persons sentenced for a crime is not a conduct the department penalises
    barred = "生产经营假种子的，没收种子。因生产经营假种子犯罪被判处有期徒刑以上刑罚的，终身不得担任负责人。"
    assert conducts(barred) == ["生产经营假种子"]


COUNTY = "青禾市青山区市场监督管理局"
CITY_MATTER = """# 青禾市农贸市场规定

2024年6月1日 青禾市人民政府令第3号公布

<!-- INFO END -->

## 第一章 总则

第一条 农贸市场开办者应当每年向设区的市人民政府市场监督管理部门报送市场年度报告。

## 第二章 罚则

第二条 违反本规定第一条规定，未报送市场年度报告的，由市场监督管理部门责令改正，处一千元以下罚款。

第三条 农贸市场开办者未公示投诉电话的，由市场监督管理部门责令改正，处五百元以下罚款。
"""


def test_a_matter_of_the_city_ranks_down_for_a_county_department_only(tmp_path):
    (tmp_path / "青禾市农贸市场规定(2024-06-01).md").write_text(CITY_MATTER, encoding="utf-8")
    for department, level in ((COUNTY, "县级"), (MARKET, "市级")):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["序号", "事项名称", "权力类型", "实施依据", "行使主体", "行使层级"])
        ws.append([1, "农贸市场监督检查", "行政检查", "《青禾市农贸市场规定》第一条", department, level])
        wb.save(tmp_path / f"{department}.xlsx")
    store = EmbeddedStore()
    loading.load(store, [tmp_path])
    county = {o.article_label[-3:]: o for o in analyse_gaps(store, COUNTY).omissions}
    city = {o.article_label[-3:]: o for o in analyse_gaps(store, MARKET).omissions}
    assert any("设区的市人民政府市场监督管理部门" in c for c in county["第二条"].caveats)
    assert not county["第三条"].caveats
    assert not any("本级可能不行使" in c for o in city.values() for c in o.caveats)
