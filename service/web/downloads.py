"""Bulk downloads: the whole graph (gzipped N-Triples and TriG) and each department's list as CSV or XLSX.

A department's table has one row per power or sub-item, in the order
published lists use (type, then code, then name; sub-items after their
power), with the columns an office works with: the basis as written and as
resolved, units, posts, duties, accountability, time limits, procedure,
remedy and the source row. Cells are text exactly as the graph holds it:
XLSX cells are written as strings, never as formulas, even when a cell
begins with ``=``.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from quanze.service.lookup.models import Power
from quanze.service.lookup.powers import power_details
from quanze.service.store.base import Store
from quanze.service.web.catalogue import Catalogue, PowerEntry
from quanze.service.web.flowchart import limit_text

COLUMNS = (
    "序号", "事项编码", "职权类型", "职权名称", "所属事项（子项的主项）", "实施依据（清单原文）", "依据法条（已解析）",
    "实施主体", "承办机构", "责任岗位", "行使层级", "实施层级及权限", "责任事项", "追责情形", "追责对象",
    "法定期限", "承诺期限", "办理流程", "救济途径", "来源文件", "工作表", "行", "IRI",
)  # fmt: skip
WIDTHS = {
    "职权名称": 40,
    "实施依据（清单原文）": 60,
    "依据法条（已解析）": 30,
    "责任事项": 60,
    "追责情形": 60,
    "IRI": 50,
}
BATCH = 200


def department_file(iri: str, base: str) -> str:
    """The stem of a department's files under the downloads (``departments/克拉玛依市市场监督管理局``)."""
    prefix = base + "id/org/"
    local = iri[len(prefix) :] if iri.startswith(prefix) else iri.rsplit("/", 1)[-1]
    return "departments/" + local  # a department's IRI is one segment under id/org/: no "/" in it


def ordered_powers(cat: Catalogue, department: str) -> list[PowerEntry]:
    """The department's powers, each followed by its sub-items."""
    powers = cat.by_department.get(department, [])
    listed = {p.iri for p in powers}
    out: list[PowerEntry] = []
    for p in powers:
        if p.parent and p.parent in listed:
            continue
        out.append(p)
        out.extend(c for c in cat.children.get(p.iri, ()) if c.iri in listed)
    return out


def details(store: Store, iris: list[str]) -> dict[str, Power]:
    found: dict[str, Power] = {}
    for i in range(0, len(iris), BATCH):
        found.update(power_details(store, iris[i : i + BATCH]))
    return found


def rows(cat: Catalogue, department: str, powers: dict[str, Power]) -> Iterator[list[str]]:
    for n, entry in enumerate(ordered_powers(cat, department), start=1):
        p = powers.get(entry.iri)
        if p is None:
            continue
        src = p.source
        yield [
            str(n),
            p.code or "",
            p.type or "",
            p.name,
            p.parent.name if p.parent else "",
            "\n".join(c.text for c in p.citations),
            "\n".join(b.label for b in p.basis),
            p.department.name if p.department else "",
            "、".join(u.name for u in p.units),
            "、".join(x.name for x in p.responsible_posts),
            p.level or "",
            p.scope or "",
            "\n".join(f"{d.order}.{'【' + d.stage + '】' if d.stage else ''}{d.text}" for d in p.duties),
            "\n".join(f"{a.order}.{a.text}" for a in p.accountability),
            "；".join(lp.text for lp in p.liable_parties),
            next((limit_text(t) for t in p.time_limits if t.kind == "statutory"), ""),
            next((limit_text(t) for t in p.time_limits if t.kind == "committed"), ""),
            "\n".join(
                f"{s.order}.{s.name}"
                + (f"（{s.post}）" if s.post else "")
                + (f" {limit_text(s.time_limit)}" if s.time_limit else "")
                for s in p.procedure
            ),
            "；".join(p.remedy_channels),
            (src.file or "") if src else "",
            (src.sheet or "") if src else "",
            str(src.row) if src and src.row else "",
            p.iri,
        ]


def csv_bytes(table: list[list[str]]) -> bytes:
    """UTF-8 with a BOM, so that spreadsheet programs read the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: list[list[str]], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "权责清单"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, values in enumerate(table, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.data_type = TYPE_STRING  # a cell beginning with "=" is text, not a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(name, 14)
    ws.freeze_panes = "E2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def department_table(store: Store, cat: Catalogue, department: str) -> list[list[str]]:
    powers = ordered_powers(cat, department)
    return list(rows(cat, department, details(store, [p.iri for p in powers])))


def write_graph(store: Store, folder: Path) -> dict[str, Path]:
    """``quanze.nt.gz`` and ``quanze.trig.gz`` of the whole store in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, fmt in (("quanze.nt.gz", ox.RdfFormat.N_TRIPLES), ("quanze.trig.gz", ox.RdfFormat.TRIG)):
        path = folder / name
        tmp = path.with_suffix(".part")
        with gzip.open(tmp, "wb", compresslevel=6) as fh:
            fh.write(store.dump(fmt))
        tmp.replace(path)
        written[name] = path
    return written
