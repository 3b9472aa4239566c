"""Write a synthetic power list of N powers (XLSX or CSV) for benchmarks.

Each row looks like a real one: a penalty, licence or inspection resting on
one to three articles of statutes in ``../shared/data/laws`` quoted the way
lists quote them, a department with a handful of units, numbered duties,
liable parties and accountability situations, and time limits. Names vary so
that no two powers are equal. Deterministic for a given N and seed.

    python bench/synthetic_list.py 100000 /tmp/list100k.xlsx
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HEADER = [
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
    "法定期限",
    "承诺期限",
    "责任事项内容",
    "追责对象范围",
    "追责情形",
    "诉求渠道",
]
TYPES = ["行政处罚", "行政处罚", "行政处罚", "行政许可", "行政检查", "行政强制", "行政确认", "其他行政权力"]
LAWS = [
    ("中华人民共和国食品安全法", 154),
    ("中华人民共和国安全生产法", 119),
    ("中华人民共和国药品管理法", 155),
    ("中华人民共和国产品质量法", 74),
    ("中华人民共和国广告法", 74),
    ("中华人民共和国特种设备安全法", 101),
    ("中华人民共和国计量法", 35),
    ("中华人民共和国大气污染防治法", 129),
]
UNITS = ["执法稽查科", "登记注册科", "食品安全监管科", "药品监管科", "特种设备安全监察科", "计量科", "广告监督管理科"]
OBJECTS = ["食品生产经营者", "药品经营企业", "特种设备使用单位", "广告主", "计量器具制造者", "生产经营单位", "检验机构"]
ACTS = ["未取得许可从事经营", "未按规定建立台账", "拒绝接受监督检查", "伪造检验报告", "超范围经营", "未履行告知义务"]
DUTIES = (
    "直接实施责任：\n1.立案责任：对发现的涉嫌违法行为进行审查，决定是否立案。\n2.调查责任：指定专人调查取证。\n"
    "3.审查责任：对案件事实、证据和法律适用进行审查。\n4.告知责任：告知当事人拟作出处罚的事实、理由和依据。\n"
    "5.决定责任：制作行政处罚决定书。\n6.送达责任：依法送达当事人。\n7.执行责任：监督当事人履行。"
)
LIABLE = "1.具体承办人；\n2.内设机构负责人；\n3.单位法定代表人或分管领导。"
REMEDY = "可依法申请行政复议或者提起行政诉讼。"
ACCOUNTABILITY = (
    "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应的责任：\n"
    "1.没有法定的行政处罚依据的；\n2.擅自改变行政处罚种类、幅度的；\n3.违反法定的行政处罚程序的；\n"
    "4.超过法定期限作出决定的；\n5.索取或者收受他人财物的。"
)


def rows(n: int, seed: int = 7) -> list[list[str]]:
    rnd = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        ptype = rnd.choice(TYPES)
        basis = []
        for _ in range(rnd.randint(1, 3)):
            title, articles = rnd.choice(LAWS)
            art = rnd.randint(1, articles)
            quote = "违反本法规定的，由县级以上人民政府有关部门责令改正。"
            basis.append(f"【法律】《{title}》（2021年修订）\n    第{art}条：{quote}")
        name = f"对{rnd.choice(OBJECTS)}{rnd.choice(ACTS)}的{ptype.removeprefix('行政')}（{i}）"
        units = "、".join(rnd.sample(UNITS, rnd.choice([1, 1, 1, 2])))
        limits = [f"{rnd.choice([20, 30, 60, 90])}日", f"{rnd.choice([5, 10, 15])}个工作日"]
        out.append(
            [
                str(i),
                f"SYN-{i:06d}",
                name,
                "",
                ptype,
                "\n".join(basis),
                "某市市场监督管理局",
                units,
                "地州市级",
                "负责本级",
                *limits,
                DUTIES,
                LIABLE,
                ACCOUNTABILITY,
                REMEDY,
            ]
        )
    return out


def write(n: int, path: Path) -> Path:
    data = rows(n)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            w.writerows(data)
        return path
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("权责清单")
    ws.append(["某市市场监督管理局权责清单"])
    ws.append(HEADER)
    for r in data:
        ws.append(r)
    wb.save(path)
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("path", type=Path)
    args = ap.parse_args()
    print(write(args.n, args.path))
