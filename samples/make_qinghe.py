"""Write the sample power lists of the fictional city of 青禾市.

The lists exercise the family of formats quanze reads: an XLSX with a title
row, a department line, a two-row header with merged cells and sub-items in
merged rows; a GBK-encoded CSV with other column names; and an HTML table
saved with an .xls name, as some government sites publish. Some defects are
seeded on purpose for the review (validation) and overlap analyses: a
committed time limit longer than the statutory one, a penalty resting only on
a normative document, a power shared by two units with no lead, the same
article enforced by two departments, and an article that does not exist.

Run from the repository root: ``python samples/make_qinghe.py``.
The generated files are committed; this script is how they were made.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent / "qinghe" / "lists"

SPECIAL = "【地方性法规】《青禾市特种设备安全管理条例》（2019年9月26日青禾市第十五届人民代表大会常务委员会第二十次会议通过，2022年6月1日修正）"
CITY = "【地方性法规】《青禾市市容和环境卫生管理条例》（2016年11月30日通过，2021年3月30日修订）"
ADS = "【地方政府规章】《青禾市户外广告设置管理办法》（2023年2月15日青禾市人民政府令第12号公布）"
LICENSING_LAW = "【法律】《中华人民共和国行政许可法》（2003年8月27日通过，2019年4月23日修正）"
PENALTY_LAW = "【法律】《中华人民共和国行政处罚法》（1996年3月17日通过，2021年1月22日修订）"

LIABLE = "1.具体承办人；\n2.内设机构负责人；\n3.单位法定代表人或分管领导。"
LICENSING_DUTIES = (
    "直接实施责任：\n"
    "1.受理责任：公示应当提交的材料，一次性告知补正材料，依法受理或不予受理（不予受理的应当告知理由）。\n"
    "2.审查责任：对申请材料进行审查，必要时进行现场核查。\n"
    "3.决定责任：作出准予或者不予许可的决定，不予许可的应当书面说明理由并告知申请人享有的权利。\n"
    "4.送达责任：准予许可的，制作并送达许可证书，信息公开。\n"
    "5.事后监管责任：建立实施监督检查的运行机制和管理制度，开展定期和不定期检查。\n"
    "指导监督责任：\n6.对区（县）市场监督管理部门的登记工作进行指导监督。"
)
PENALTY_DUTIES = (
    "直接实施责任：\n"
    "1.立案责任：对发现的涉嫌违法行为，予以审查，决定是否立案。\n"
    "2.调查责任：对立案的案件指定专人负责，及时组织调查取证。\n"
    "3.审查责任：对案件违法事实、证据、调查取证程序、法律适用、处罚种类和幅度等进行审查。\n"
    "4.告知责任：在作出行政处罚决定前，书面告知当事人拟作出处罚的事实、理由、依据和依法享有的权利。\n"
    "5.决定责任：制作行政处罚决定书，载明违法事实和证据、处罚依据和内容、申请行政复议或者提起行政诉讼的途径和期限。\n"
    "6.送达责任：行政处罚决定书按法律规定的方式送达当事人。\n"
    "7.执行责任：依照生效的行政处罚决定，监督当事人履行。"
)
LICENSING_ACC = (
    "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应的责任：\n"
    "1.对符合法定条件的申请不予受理的；\n"
    "2.对不符合法定条件的申请人准予许可或者超越法定职权作出准予许可决定的；\n"
    "3.对符合法定条件的申请人不予许可或者不在法定期限内作出准予许可决定的；\n"
    "4.违反法定程序实施行政许可的；\n"
    "5.办理许可、实施监督检查，索取或者收受他人财物或者谋取其他利益的。"
)
PENALTY_ACC = (
    "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应的责任：\n"
    "1.没有法定的行政处罚依据的；\n"
    "2.擅自改变行政处罚种类、幅度的；\n"
    "3.违反法定的行政处罚程序的；\n"
    "4.行政处罚决定被行政复议机关或者人民法院撤销、变更或者确认违法的；\n"
    "5.对应当予以制止和处罚的违法行为不予制止、处罚，致使公民、法人或者其他组织的合法权益遭受损害的。"
)
REMEDY = "当事人对决定不服的，可以自知道该决定之日起六十日内向青禾市人民政府申请行政复议，或者自知道之日起六个月内向人民法院提起行政诉讼。投诉电话：12345。"


def market_regulation() -> None:
    """青禾市市场监督管理局: XLSX, two sheets, two-row header, sub-items in merged rows."""
    wb = openpyxl.Workbook()
    header_top = [
        "序号",
        "事项编码",
        "事项名称",
        "子项名称",
        "权力类型",
        "实施依据",
        "行使主体",
        "承办机构",
        "实施层级及权限",
        "",
        "办理时限",
        "",
        "办理流程",
        "责任事项内容",
        "追责对象范围",
        "追责情形",
        "诉求渠道",
        "备注",
    ]
    header_sub = ["", "", "", "", "", "", "", "", "层级", "权限", "法定期限", "承诺期限", "", "", "", "", "", ""]
    dept = "青禾市市场监督管理局"
    licensing = [
        [
            "1",
            "QH-SJ-XK-001",
            "特种设备使用登记",
            "",
            "行政许可",
            f"{SPECIAL}\n    第四条：特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向市市场监督管理部门办理使用登记，取得使用登记证书。\n"
            "    第五条第一款：市场监督管理部门应当自受理申请之日起十五个工作日内作出是否准予登记的决定；不予登记的，应当书面说明理由。\n"
            "【法律】《中华人民共和国特种设备安全法》（2013年6月29日通过）\n    第三十三条：特种设备使用单位应当在特种设备投入使用前或者投入使用后三十日内，向负责特种设备安全监督管理的部门办理使用登记，取得使用登记证书。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级特种设备使用登记",
            "15个工作日",
            "5个工作日",
            "1.受理（1个工作日）\n2.审查（3个工作日）\n3.决定（1个工作日）\n4.送达（即办）",
            LICENSING_DUTIES,
            LIABLE,
            LICENSING_ACC,
            REMEDY,
            "",
        ],
        [
            "2",
            "QH-SJ-XK-002",
            "特种设备变更登记",
            "1.改造、移装变更登记",
            "行政许可",
            f"{SPECIAL}\n    第六条第（一）项：特种设备改造、移装的。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级特种设备变更登记",
            "15个工作日",
            "5个工作日",
            "1.受理\n2.审查\n3.决定\n4.送达",
            LICENSING_DUTIES,
            LIABLE,
            LICENSING_ACC,
            REMEDY,
            "",
        ],
        [
            "",
            "",
            "",
            "2.使用单位名称、地址变更登记",
            "",
            f"{SPECIAL}\n    第六条第（二）项：使用单位名称、地址变更的。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级特种设备变更登记",
            "15个工作日",
            "3个工作日",
            "1.受理\n2.审查\n3.决定\n4.送达",
            LICENSING_DUTIES,
            LIABLE,
            LICENSING_ACC,
            REMEDY,
            "",
        ],
        [
            "",
            "",
            "",
            "3.停用后重新启用登记",
            "",
            f"{SPECIAL}\n    第六条第（三）项：特种设备停用后重新启用的。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级特种设备变更登记",
            "15个工作日",
            "3个工作日",
            "1.受理\n2.审查\n3.决定\n4.送达",
            LICENSING_DUTIES,
            LIABLE,
            LICENSING_ACC,
            REMEDY,
            "",
        ],
    ]
    penalties = [
        [
            "3",
            "QH-SJ-CF-001",
            "对特种设备未办理使用登记擅自投入使用的处罚",
            "",
            "行政处罚",
            f"{SPECIAL}\n    第八条：违反本条例第四条规定，特种设备未办理使用登记擅自投入使用的，由市场监督管理部门责令限期改正；逾期未改正的，处一万元以上十万元以下罚款。",
            dept,
            "特种设备安全监察科、执法稽查科",
            "市级",
            "查处本市范围内的违法行为",
            "90日",
            "60日",
            "1.立案\n2.调查\n3.审查\n4.告知\n5.决定\n6.送达\n7.执行",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "两科室共同承办",
        ],
        [
            "4",
            "QH-SJ-CF-002",
            "对未办理特种设备变更登记的处罚",
            "",
            "行政处罚",
            f"{SPECIAL}\n    第九条：违反本条例第六条规定，未办理变更登记的，由市场监督管理部门责令限期改正；逾期未改正的，处二千元以上一万元以下罚款。",
            dept,
            "执法稽查科",
            "市级",
            "查处本市范围内的违法行为",
            "90日",
            "100日",
            "1.立案\n2.调查\n3.审查\n4.告知\n5.决定\n6.送达\n7.执行",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "",
        ],
        [
            "5",
            "QH-SJ-QZ-001",
            "查封、扣押存在严重事故隐患的特种设备",
            "",
            "行政强制",
            f"{SPECIAL}\n    第七条第（三）项：对有证据表明不符合安全技术规范要求或者存在严重事故隐患的特种设备实施查封、扣押。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级查封、扣押",
            "30日",
            "30日",
            "1.审批\n2.告知\n3.决定\n4.送达\n5.执行",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "",
        ],
        [
            "6",
            "QH-SJ-JC-001",
            "特种设备安全监督检查",
            "",
            "行政检查",
            f"{SPECIAL}\n    第七条：市场监督管理部门应当对特种设备使用单位实施监督检查。",
            dept,
            "特种设备安全监察科",
            "市级",
            "负责本级监督检查",
            "",
            "",
            "",
            "直接实施责任：\n1.制定年度监督检查计划，开展“双随机、一公开”监管。\n2.依法实施检查，记录检查情况。",
            LIABLE,
            "1.未按计划实施检查的；\n2.检查中索取或者收受他人财物的。",
            "",
            "",
        ],
        [
            "7",
            "QH-SJ-CF-003",
            "对未按照批准内容设置户外广告设施的处罚",
            "",
            "行政处罚",
            f"{CITY}\n    第九条第二款：未按照批准的内容设置户外广告设施的，由市市场监督管理部门责令改正，处一千元以上一万元以下罚款。",
            dept,
            "广告监督管理科",
            "市级",
            "查处本市范围内的违法行为",
            "90日",
            "60日",
            "1.立案\n2.调查\n3.审查\n4.告知\n5.决定\n6.送达\n7.执行",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "",
        ],
        [
            "8",
            "QH-SJ-CF-004",
            "对未按规定公示特种设备安全管理人员信息的处罚",
            "",
            "行政处罚",
            "【规范性文件】《青禾市市场监督管理局关于加强特种设备安全管理人员管理的通知》（青市监发〔2023〕5号）\n"
            "    第三条：使用单位未按规定公示安全管理人员信息的，处五百元以上二千元以下罚款。",
            dept,
            "特种设备安全监察科",
            "市级",
            "查处本市范围内的违法行为",
            "90日",
            "60日",
            "1.立案\n2.调查\n3.决定\n4.送达",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "",
        ],
    ]
    for title, rows in (("行政许可", licensing), ("行政处罚、行政强制、行政检查", penalties)):
        ws = wb.active if title == "行政许可" else wb.create_sheet()
        ws.title = title
        ws.append(["青禾市市场监督管理局权责清单（2025年版）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header_top))
        ws.append(["部门名称：青禾市市场监督管理局"])
        ws.append(header_top)
        ws.append(header_sub)
        for c in range(1, len(header_top) + 1):
            if c in (9, 11):
                ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + 1)
            elif c not in (10, 12):
                ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
        first = ws.max_row + 1
        for row in rows:
            ws.append(row)
        if title == "行政许可":
            # Power 2 has three sub-items: its number, code, name and type span their rows.
            for col in (1, 2, 3, 5):
                ws.merge_cells(start_row=first + 1, start_column=col, end_row=first + 3, end_column=col)
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws["A1"].font = Font(bold=True, size=14)
    wb.save(HERE / "青禾市市场监督管理局2025年权责清单.xlsx")


def city_management() -> None:
    """青禾市城市管理局: CSV in GBK with other column names."""
    dept = "青禾市城市管理局"
    header = [
        "序号",
        "职权编码",
        "职权名称",
        "职权类型",
        "设定依据",
        "实施主体",
        "责任处室",
        "行使层级",
        "责任事项",
        "追责对象",
        "追责情形",
        "救济渠道",
        "法定期限",
        "承诺期限",
    ]
    rows = [
        [
            "1",
            "QH-CG-XK-001",
            "户外广告设施设置许可",
            "行政许可",
            f"{ADS}\n    第三条：户外广告设置实行许可制度。\n    第五条：市城市管理部门应当自受理申请之日起十个工作日内作出决定。\n"
            f"{CITY}\n    第四条：设置户外广告设施，应当经市城市管理部门批准。",
            dept,
            "市容景观科",
            "市级",
            LICENSING_DUTIES.replace("市场监督管理部门", "城市管理部门"),
            LIABLE,
            LICENSING_ACC,
            REMEDY,
            "10个工作日",
            "5个工作日",
        ],
        [
            "2",
            "QH-CG-CF-001",
            "对擅自设置户外广告设施的处罚",
            "行政处罚",
            f"{CITY}\n    第九条第一款：违反本条例第四条规定，擅自设置户外广告设施的，由市城市管理部门责令限期拆除；逾期不拆除的，依法强制拆除，并处五千元以上五万元以下罚款。",
            dept,
            "综合执法支队",
            "市级",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "90日",
            "60日",
        ],
        [
            "3",
            "QH-CG-CF-002",
            "对未按照批准内容设置户外广告设施的处罚",
            "行政处罚",
            f"{CITY}\n    第九条第二款：未按照批准的内容设置户外广告设施的，责令改正，处一千元以上一万元以下罚款。",
            dept,
            "综合执法支队",
            "市级",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "90日",
            "60日",
        ],
        [
            "4",
            "QH-CG-CF-003",
            "对擅自占用公共场所堆放物料、摆摊设点的处罚",
            "行政处罚",
            f"{CITY}\n    第八条：违反本条例第三条第一款规定，擅自占用公共场所堆放物料、摆摊设点的，由市城市管理部门责令改正；拒不改正的，处五十元以上五百元以下罚款。",
            dept,
            "综合执法支队",
            "市级",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "90日",
            "30日",
        ],
        [
            "5",
            "QH-CG-QZ-001",
            "暂扣泄漏遗撒散体物料的运输车辆",
            "行政强制",
            f"{CITY}\n    第十条：车辆泄漏、遗撒散体物料，情节严重的，可以暂扣其运输车辆。",
            dept,
            "综合执法支队",
            "市级",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "30日",
            "30日",
        ],
        [
            "6",
            "QH-CG-CF-004",
            "对建筑物外立面不整洁的处罚",
            "行政处罚",
            f"{CITY}\n    第九十九条：建筑物外立面不整洁的，责令改正。",
            dept,
            "综合执法支队",
            "市级",
            PENALTY_DUTIES,
            LIABLE,
            PENALTY_ACC,
            REMEDY,
            "90日",
            "60日",
        ],
        [
            "7",
            "QH-CG-JC-001",
            "市容和环境卫生监督检查",
            "行政检查",
            f"{CITY}\n    第二条第一款：市城市管理部门主管本市市容和环境卫生工作。",
            dept,
            "市容景观科",
            "市级",
            "1.制定检查计划。\n2.实施检查并记录。",
            LIABLE,
            "1.未按计划实施检查的；\n2.检查中滥用职权的。",
            "",
            "",
            "",
        ],
    ]
    with open(HERE / "青禾市城市管理局权责清单.csv", "w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _cells(row: list[str], tag: str) -> str:
    return "".join(f"<{tag}>{html.escape(v).replace(chr(10), '<br>')}</{tag}>" for v in row)


def transport() -> None:
    """青禾市交通运输局: an HTML table saved as .xls, as some portals publish."""
    header = ["序号", "权力编码", "权力名称", "权力类型", "法律依据", "实施机构", "行使层级", "责任事项", "追责情形"]
    rows = [
        [
            "1",
            "QH-JT-CF-001",
            "对运输车辆泄漏遗撒散体物料的处罚",
            "行政处罚",
            f"{CITY}\n第十条：车辆泄漏、遗撒散体物料的，由市城市管理部门责令清除，处五千元以上五万元以下罚款。",
            "运输执法大队",
            "市级",
            PENALTY_DUTIES,
            PENALTY_ACC,
        ],
        [
            "2",
            "QH-JT-JC-001",
            "道路运输监督检查",
            "行政检查",
            "【法律】《中华人民共和国行政处罚法》（2021年1月22日修订）第十八条第一款",
            "运输执法大队",
            "市级",
            "1.制定检查计划。\n2.实施检查。",
            "1.未依法实施检查的。",
        ],
    ]
    body = "\n".join(f"<tr>{_cells(r, 'td')}</tr>" for r in rows)
    page = (
        '<html><head><meta charset="utf-8"><title>青禾市交通运输局权责清单</title></head><body>\n'
        '<table border="1">\n'
        f'<tr><td colspan="{len(header)}">青禾市交通运输局权责清单</td></tr>\n'
        f"<tr>{_cells(header, 'th')}</tr>\n{body}\n</table></body></html>\n"
    )
    (HERE / "青禾市交通运输局权责清单.xls").write_text(page, encoding="utf-8")


if __name__ == "__main__":
    HERE.mkdir(parents=True, exist_ok=True)
    market_regulation()
    city_management()
    transport()
