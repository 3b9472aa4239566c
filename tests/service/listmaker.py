"""Real spreadsheets for the review tests: a power list written with openpyxl, loaded by the real loader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

HEADER = ["序号", "事项名称", "权力类型", "实施依据", "行使主体", "承办机构", "行使层级", "权限"]
CITY_RULES = "【地方性法规】《青禾市市容和环境卫生管理条例》（2016年11月30日通过，2021年3月30日修订）"
SPECIAL = "【地方性法规】《青禾市特种设备安全管理条例》（2019年9月26日通过，2022年6月1日修正）"


@dataclass
class Row:
    name: str
    basis: str
    department: str
    type: str = "行政处罚"
    units: str = "执法科"
    level: str = "市级"
    scope: str = ""


def write_list(path: Path, title: str, rows: list[Row]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append([title])
    ws.append(HEADER)
    for k, r in enumerate(rows, start=1):
        ws.append([str(k), r.name, r.type, r.basis, r.department, r.units, r.level, r.scope])
    wb.save(path)
    return path
