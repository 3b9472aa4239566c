import io

import openpyxl
import pytest
import xlwt
from quanze.loaders.errors import SourceError
from quanze.loaders.powerlists.workbook import read_workbook, sniff_format


def xlsx_bytes(rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_bytes(rows, merges=()):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("表一")
    merged = {(r, c) for r0, r1, c0, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r0, r1, c0, c1 in merges:
        ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) not in merged and v != "":
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


ROWS = [["序号", "事项名称", "权力类型"], ["1", "特种设备使用登记", "行政许可"], ["", "", ""]]


def test_formats_are_sniffed_from_content_not_name():
    assert sniff_format(xlsx_bytes(ROWS)) == "xlsx"
    assert sniff_format(xls_bytes(ROWS)) == "xls"
    assert sniff_format(b"<html><table><tr><td>1</td></tr></table>") == "html"
    assert sniff_format("序号,事项名称\n".encode()) == "csv"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    data = "序号,事项名称,权力类型\n1,对擅自设置户外广告设施的处罚（含“门头”招牌）,行政处罚\n".encode(encoding)
    [sheet] = read_workbook(data, "list.csv")
    assert sheet.rows[1][1] == "对擅自设置户外广告设施的处罚（含“门头”招牌）"


def test_tab_separated_text():
    [sheet] = read_workbook("序号\t事项名称\t权力类型\n1\t登记\t行政许可\n".encode(), "list.tsv")
    assert sheet.rows[1] == ["1", "登记", "行政许可"]


def test_unreadable_encoding_is_an_error_naming_the_file():
    with pytest.raises(SourceError) as err:
        read_workbook(bytes(range(128, 256)) * 20, "清单.csv")
    assert "清单.csv" in str(err.value) and "encoding" in str(err.value)


def test_xlsx_merges_repeat_values_but_are_not_fresh():
    rows = [["序号", "事项名称", "子项名称"], ["1", "建设类企业资质审批", "甲"], ["", "", "乙"]]
    [sheet] = read_workbook(xlsx_bytes(rows, ["A2:A3", "B2:B3"]), "x.xlsx")
    assert sheet.value(2, 1) == "建设类企业资质审批"
    assert sheet.is_fresh(1, 1) and not sheet.is_fresh(2, 1) and sheet.is_fresh(2, 2)


def test_xls_merges_and_numbers():
    rows = [["序号", "事项名称"], [1, "登记"], [2.5, "x"]]
    [sheet] = read_workbook(xls_bytes(rows, [(0, 0, 0, 1)]), "x.xls")
    assert sheet.name == "表一"
    assert sheet.rows[1][0] == "1" and sheet.rows[2][0] == "2.5"
    assert sheet.merge_width(0, 0) == 2


def test_html_table_with_row_and_column_spans():
    page = """<html><body><table>
      <tr><th>序号</th><th>事项名称</th><th>子项名称</th></tr>
      <tr><td rowspan="2">1</td><td rowspan="2">资质审批</td><td>甲<br>类</td></tr>
      <tr><td>乙</td></tr>
      <tr><td colspan="3">备注：包括市、区两级</td></tr></table></body></html>"""
    [sheet] = read_workbook(page.encode("utf-8"), "list.xls")
    assert sheet.rows[1] == ["1", "资质审批", "甲\n类"]
    assert sheet.value(2, 1) == "资质审批" and not sheet.is_fresh(2, 1)
    assert sheet.merge_width(3, 0) == 3


def test_tables_nested_in_a_layout_table_and_what_names_them():
    """Portal pages lay out in tables: the inner table keeps its own rows, the outer cell not the
    inner text; a table is named by its <caption>, else the heading before it naming a list."""
    page = """<html><head><title>政务公开_某市人民政府</title></head><body>
      <table><tr><td>首页</td><td>
        <h2>某市交通运输局权责清单</h2><p>发布日期：2025-03-01</p>
        <table><tr><th>序号</th><th>事项名称</th></tr><tr><td>1</td><td>道路运输经营许可</td></tr></table>
        <table><caption>附表 行政处罚</caption><tr><th>序号</th><th>事项名称</th></tr></table>
      </td></tr></table></body></html>"""
    outer, inner, second = read_workbook(page.encode("utf-8"), "page.html")
    assert outer.rows[0][0] == "首页" and "道路运输经营许可" not in outer.rows[0][1]
    assert inner.rows == [["序号", "事项名称"], ["1", "道路运输经营许可"]]
    assert inner.caption == "某市交通运输局权责清单" and second.caption == "附表 行政处罚"
    assert outer.caption == ""  # the page's title names no list


def test_truncated_workbooks_are_clear_errors():
    for data, name in ((xlsx_bytes(ROWS), "a.xlsx"), (xls_bytes(ROWS), "b.xls")):
        with pytest.raises(SourceError) as err:
            read_workbook(data[: len(data) // 2], name)
        assert name in str(err.value) and "truncated or damaged" in str(err.value)


def test_real_xls_named_xlsx(shared):
    f = shared / "powerlists" / "karamay" / "附件：克拉玛依市财政局2025年权责清单 (1).xlsx"
    data = f.read_bytes()
    assert sniff_format(data) == "xls"
    [sheet] = read_workbook(data, f.name)
    assert sheet.rows[2][:4] == ["序号", "事项名称", "子项名称", "权力类型"]
