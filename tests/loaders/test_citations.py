from pathlib import Path

import pytest
from quanze.loaders.catalogue import StatuteCatalogue
from quanze.loaders.citations import find_citations, resolve, text_similarity
from quanze.loaders.powerlists.layout import find_layout
from quanze.loaders.powerlists.records import read_records
from quanze.loaders.powerlists.workbook import read_workbook
from quanze.loaders.statutes import load_statute

from tests.conftest import SAMPLE

SPECIAL_TITLE = "青禾市特种设备安全管理条例"


@pytest.fixture(scope="module")
def sample_catalogue() -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((SAMPLE / "statutes").glob("*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


@pytest.fixture(scope="module")
def catalogue(shared: Path) -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((shared / "laws").glob("*/*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


def targets(text, cat, context=None):
    out = []
    for c in find_citations(text):
        resolve(c, cat, context)
        out.append((c.status, [t.split("/cn/", 1)[1] for t in c.targets]))
    return out


def test_full_title_with_history_paragraph_and_item(catalogue):
    text = (
        "《中华人民共和国行政处罚法》（2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议修订）"
        "第三十二条第一款第（二）项"
    )
    assert targets(text, catalogue) == [("resolved", ["行政处罚法/2021-01-22/art_32/par_1/pt_2"])]


def test_range_of_articles(catalogue):
    assert targets("《行政许可法》第二十条至第二十二条", catalogue) == [
        ("resolved", ["行政许可法/2019-04-23/art_20", "行政许可法/2019-04-23/art_21", "行政许可法/2019-04-23/art_22"])
    ]


def test_list_of_articles_and_paragraphs(catalogue):
    assert targets("《行政许可法》第五条、第六条", catalogue) == [
        ("resolved", ["行政许可法/2019-04-23/art_5", "行政许可法/2019-04-23/art_6"])
    ]
    assert targets("《中华人民共和国行政许可法》第四十二条第一款、第二款", catalogue) == [
        ("resolved", ["行政许可法/2019-04-23/art_42/par_1", "行政许可法/2019-04-23/art_42/par_2"])
    ]
    assert targets("《行政强制法》第十八条第（一）、（二）项", catalogue) == [
        ("resolved", ["行政强制法/2011-06-30/art_18/par_1/pt_1", "行政强制法/2011-06-30/art_18/par_1/pt_2"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "《行政许可法》第五条、六条",  # the second article without its 第
        "《行政许可法》第5、6条",  # several numbers under one 第…条
        "《行政许可法》第五、六条",
        "《行政许可法》第五至六条",  # a range under one 第…条
    ],
)
def test_articles_written_without_their_own_mark(catalogue, text):
    assert targets(text, catalogue) == [("resolved", ["行政许可法/2019-04-23/art_5", "行政许可法/2019-04-23/art_6"])]


def test_a_number_that_is_no_article_ends_the_chain(catalogue):
    assert targets("《行政许可法》第四十二条，二十日内不能作出决定的", catalogue) == [
        ("resolved", ["行政许可法/2019-04-23/art_42"])
    ]
    assert targets("《行政许可法》第四十二条第一款、二款", catalogue) == [
        ("resolved", ["行政许可法/2019-04-23/art_42/par_1", "行政许可法/2019-04-23/art_42/par_2"])
    ]


def test_arabic_numerals_half_and_full_width(catalogue):
    assert targets("《行政处罚法》第10条第2款", catalogue) == [("resolved", ["行政处罚法/2021-01-22/art_10/par_2"])]
    assert targets("《行政处罚法》第１０条", catalogue) == [("resolved", ["行政处罚法/2021-01-22/art_10"])]


def test_self_reference_needs_the_context(sample_catalogue):
    work = sample_catalogue.find(SPECIAL_TITLE)
    assert targets("本法第四条", sample_catalogue, context=work) == [
        ("resolved", [f"{SPECIAL_TITLE}/2022-06-01/art_4"])
    ]
    assert targets("本法第四条", sample_catalogue)[0][0] == "no-title"


def test_unknown_statute_and_out_of_range_stay_with_a_reason(sample_catalogue):
    cits = find_citations("《某某省不存在条例》第三条\n《青禾市特种设备安全管理条例》第九十条")
    for c in cits:
        resolve(c, sample_catalogue)
    assert [c.status for c in cits] == ["unknown-statute", "article-out-of-range"]
    assert "某某省不存在条例" in cits[0].reason
    assert "11 articles" in cits[1].reason


def test_chapters_are_not_articles(sample_catalogue):
    [c] = find_citations("【地方性法规】《青禾市特种设备安全管理条例》（2022年修正）\n    第四章、第五章。")
    resolve(c, sample_catalogue)
    assert c.status == "statute-only"
    assert [t.rsplit("/", 1)[1] for t in c.targets] == ["chp_4", "chp_5"]


def test_list_cell_heads_quotes_and_mentions(sample_catalogue):
    cell = (
        "【地方性法规】《青禾市特种设备安全管理条例》（2019年9月26日通过，2022年6月1日修正）\n"
        "    第八条：违反本条例第四条规定，特种设备未办理使用登记擅自投入使用的，由市场监督管理部门责令限期改正。\n"
        "    第九条：违反本条例第六条规定，未办理变更登记的，依照《青禾市市容和环境卫生管理条例》第十条处理。"
    )
    cits = find_citations(cell)
    heads = [c for c in cits if c.head]
    mentions = [c for c in cits if not c.head]
    assert [[r.article for r in c.references] for c in heads] == [[8], [9]]
    assert all(c.title == SPECIAL_TITLE and c.version_date == "2022-06-01" for c in heads)
    assert heads[0].quoted.startswith("违反本条例第四条规定")
    assert [(m.title, m.references[0].article) for m in mentions] == [("青禾市市容和环境卫生管理条例", 10)]


def test_wrapped_history_bracket_and_missing_open_mark(sample_catalogue):
    wrapped = "【法规】《青禾市特种设备安全管理条例》（2019年9月26日通过，根据2022\n年6月1日修正）\n第五条：…"
    [c] = find_citations(wrapped)
    assert c.version_date == "2022-06-01" and [r.article for r in c.references] == [5]
    broken = "【法规】青禾市特种设备安全管理条例》（2022年6月1日修正）\n    第七条：…"
    [c] = find_citations(broken)
    assert c.title == SPECIAL_TITLE and resolve(c, sample_catalogue).status == "resolved"


def test_renumbered_article_resolved_by_its_quoted_text(catalogue):
    # 种子法 of 2015: article 50 became article 49 in the 2021 revision loaded here.
    cell = (
        "【法律】《中华人民共和国种子法》（2000年7月8日主席令第三十四号，2015年11月4日予以修改）\n"
        "    第五十条第一款第四项：农业、林业主管部门是种子行政执法机关。"
        "种子执法人员依法执行公务时应当出示行政执法证件。"
        "农业、林业主管部门依法履行种子监督检查职责时，有权采取下列措施：\n"
        "    （四）查封、扣押有证据证明违法生产经营的种子，以及用于违法生产经营的工具、设备及运输工具等；"
    )
    [c] = find_citations(cell)
    resolve(c, catalogue)
    assert c.status == "resolved-by-text"
    assert c.targets == [t for t in c.targets if "/种子法/2021-12-24/art_49/" in t]
    assert "2015-11-04" in c.reason


def test_similarity_is_containment_of_the_quote():
    assert text_similarity("查封、扣押违法的种子", "有权采取下列措施：查封、扣押违法的种子以及工具") == 1.0
    assert text_similarity("完全不同的文字", "查封扣押") == 0.0


def test_real_cell_of_special_equipment_registration(shared, catalogue):
    f = shared / "powerlists" / "karamay" / "附件：克拉玛依市市场监督管理局2024年权责清单.xls"
    sheet = read_workbook(f.read_bytes(), f.name)[0]
    record = read_records(sheet, find_layout(sheet, f.name), f.name).records[0]
    assert record.get("name") == "特种设备使用登记"
    cits = [resolve(c, catalogue) for c in find_citations(record.get("basis")) if c.head]
    found = {t.split("/cn/", 1)[1] for c in cits for t in c.targets}
    assert "特种设备安全法/2013-06-29/art_33" in found
    assert all(c.resolved for c in cits if c.work is not None)
