"""Variants of a power list as other portals would publish it, built from a real or sample list.

Headers renamed to words no list here uses, or to bare column numbers;
saved as XLSX (merges kept) or as CSV in GB18030; split into a 权力清单 and a
责任清单. Nothing is copied into the repository: the variants are built in
memory from ``../shared`` or ``samples/``.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable

import openpyxl
from quanze.loaders.powerlists.layout import find_layout, normalise_header
from quanze.loaders.powerlists.workbook import Sheet, read_workbook

#: Header words of the lists → words absent from columns.tsv (unseen synonyms).
UNSEEN = {
    "序号": "顺次",
    "事项名称": "权力事项",
    "职权名称": "权力事项",
    "权力名称": "权力事项",
    "子项名称": "分项",
    "权力类型": "职权性质",
    "职权类型": "职权性质",
    "实施依据": "法定根据",
    "设定依据": "法定根据",
    "法律依据": "法定根据",
    "行使主体": "执行机关",
    "实施主体": "执行机关",
    "承办机构": "经办处室",
    "实施机构": "经办处室",
    "责任处室": "经办处室",
    "实施层级及权限": "履职层面",
    "行使层级": "履职层面",
    "层级": "履职层面",
    "部门职责": "部门职能",
    "责任事项内容": "工作责任",
    "责任事项": "工作责任",
    "责任事项依据": "履职根据",
    "追责对象范围": "担责人员",
    "追责对象": "担责人员",
    "追责情形": "失职情形",
    "救助渠道": "申诉途径",
    "救济渠道": "申诉途径",
    "诉求渠道": "申诉途径",
    "法定期限": "办结时间",
    "承诺期限": "实际办结",
    "备注": "附记",
}

Rename = Callable[[int, str], str]  # (column, header text) → new header text


def unseen(_: int, text: str) -> str:
    """Each header to its unseen synonym (kept when it has none)."""
    return UNSEEN.get(normalise_header(text), text)


def numbered(c: int, text: str) -> str:
    """Each header to a bare column number: only the cells can tell what a column is."""
    return f"栏{c + 1}" if text.strip() else text


def _header_rows(sheet: Sheet, source: str) -> range:
    layout = find_layout(sheet, source)
    if layout is None or "name" not in layout.columns:
        return range(0)
    return range(layout.top_row, layout.header_row + 1)


def renamed(sheets: list[Sheet], source: str, rename: Rename) -> list[Sheet]:
    """The sheets with their header cells renamed (merged cells keep their extent)."""
    out = []
    for sheet in sheets:
        rows = [list(r) for r in sheet.rows]
        for r in _header_rows(sheet, source):
            for c, text in enumerate(rows[r]):
                if (r, c) not in sheet.merged_from and text.strip():
                    rows[r][c] = rename(c, text)
        out.append(Sheet(sheet.name, rows, dict(sheet.merged_from)))
    return out


def read(data: bytes, source: str) -> list[Sheet]:
    return read_workbook(data, source)


def to_xlsx(sheets: list[Sheet]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        for row in sheet.rows:
            ws.append(row)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (r0, c0) in sheet.merged_from.items():
            r1, c1 = spans.get((r0, c0), (r0, c0))
            spans[(r0, c0)] = (max(r1, r), max(c1, c))
        for (r0, c0), (r1, c1) in spans.items():
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_csv(sheet: Sheet, encoding: str = "gb18030") -> bytes:
    """One sheet as CSV: merged cells keep their value only in their first cell, as a CSV export does."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for r, row in enumerate(sheet.rows):
        writer.writerow(["" if (r, c) in sheet.merged_from else v for c, v in enumerate(row)])
    return buf.getvalue().encode(encoding)


def to_unicode_text(sheet: Sheet) -> bytes:
    """One sheet as Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated, merges blank."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\r\n")
    for r, row in enumerate(sheet.rows):
        writer.writerow(["" if (r, c) in sheet.merged_from else v for c, v in enumerate(row)])
    return buf.getvalue().encode("utf-16")


def to_portal_page(sheets: list[Sheet], source: str) -> bytes:
    """The sheets as a portal's GBK page: each table inside a layout table, after a navigation
    table, with the rows above its header (title, 部门名称) moved out of it into a heading."""
    parts = [
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<title>政务公开_青禾市人民政府</title></head><body>",
        '<table class="nav"><tr><td><a href="/">首页</a></td><td>字号：大 中 小</td></tr></table>',
        "<table><tr><td>",
    ]
    for sheet in sheets:
        layout = find_layout(sheet, source)
        top = layout.top_row if layout else 0
        above = [" ".join(c for c in row if c.strip()) for row in sheet.rows[:top]]
        parts += [f"<h2>{html.escape(above[0])}</h2>"] if above else []
        parts += [f"<p>{html.escape(line)}</p>" for line in above[1:]]
        parts.append("<p>发布日期：2025-03-01　来源：本网　【打印】【关闭】</p>")
        parts.append('<table border="1">')
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (r0, c0) in sheet.merged_from.items():
            r1, c1 = spans.get((r0, c0), (r0, c0))
            spans[(r0, c0)] = (max(r1, r), max(c1, c))
        for r in range(top, len(sheet.rows)):
            cells = []
            for c, value in enumerate(sheet.rows[r]):
                if (r, c) in sheet.merged_from:
                    continue
                r1, c1 = spans.get((r, c), (r, c))
                text = html.escape(value).replace("\n", "<br>")
                cells.append(f'<td rowspan="{r1 - r + 1}" colspan="{c1 - c + 1}">{text}</td>')
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</table>")
    parts.append("</td></tr></table></body></html>")
    return "\n".join(parts).encode("gb18030")


def to_docx(sheets: list[Sheet], before: str = "") -> bytes:
    """The sheets as tables of a Word document (merges kept), after a paragraph ``before``, each
    under its sheet's name."""
    import docx

    document = docx.Document()
    if before:
        document.add_paragraph(before)
    for sheet in sheets:
        document.add_paragraph(sheet.name.removesuffix(".csv"))  # a CSV's one sheet is named after its file
        width = max(sheet.ncols, 1)
        table = document.add_table(rows=len(sheet.rows), cols=width)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (r0, c0) in sheet.merged_from.items():
            r1, c1 = spans.get((r0, c0), (r0, c0))
            spans[(r0, c0)] = (max(r1, r), max(c1, c))
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if (r, c) not in sheet.merged_from:
                    table.cell(r, c).text = value
        for (r0, c0), (r1, c1) in spans.items():  # a workbook's merge may reach past its last written cell
            table.cell(r0, c0).merge(table.cell(min(r1, len(sheet.rows) - 1), min(c1, width - 1)))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def names_once(sheet: Sheet, source: str) -> Sheet:
    """A CSV export numbering every row: a power's name, code and type written in its first row
    only, each of its sub-items on a numbered row of its own (merges dropped)."""
    layout = find_layout(sheet, source)
    assert layout is not None and "subitem" in layout.columns
    blank = {c for role in ("name", "code", "type") for c in layout.columns.get(role, [])}
    [name_col] = layout.columns["name"][:1]
    [serial_col] = layout.columns["serial"][:1]
    rows = [list(r) for r in sheet.rows]
    number = 0
    for r in range(layout.first_data_row, len(rows)):
        if not sheet.value(r, name_col).strip():
            continue
        number += 1
        same = r > layout.first_data_row and sheet.value(r, name_col) == sheet.value(r - 1, name_col)
        for c in range(len(rows[r])):
            rows[r][c] = "" if same and c in blank else sheet.value(r, c)
        rows[r][serial_col] = str(number)
    return Sheet(sheet.name, rows)


#: Columns of a 权力清单 (the powers) and of a 责任清单 (the responsibilities) when a list is split.
POWER_COLUMNS = ("serial", "code", "name", "subitem", "type", "basis", "department", "unit", "level", "scope")
DUTY_COLUMNS = ("serial", "code", "name", "subitem", "duties", "duty_basis", "liable", "accountability", "remedy")


def split(sheet: Sheet, source: str) -> tuple[Sheet, Sheet]:
    """A sheet cut into its 权力清单 and its 责任清单 (no type column): header row, data rows, merges kept."""
    layout = find_layout(sheet, source)
    assert layout is not None
    first = layout.first_data_row
    parts = []
    for roles in (POWER_COLUMNS, DUTY_COLUMNS):
        cols = sorted({c for role in roles for c in layout.columns.get(role, [])})
        new = {c: i for i, c in enumerate(cols)}
        rows = [[layout.headers.get(c, "") for c in cols]]
        rows += [
            [sheet.rows[r][c] if c < len(sheet.rows[r]) else "" for c in cols] for r in range(first, len(sheet.rows))
        ]
        merged = {
            (r - first + 1, new[c]): (r0 - first + 1, new[c0])
            for (r, c), (r0, c0) in sheet.merged_from.items()
            if r >= first and r0 >= first and c in new and c0 in new
        }
        parts.append(Sheet(sheet.name, rows, merged))
    return parts[0], parts[1]


def projection(nquads: bytes) -> dict[str, tuple]:
    """What a variant must keep of each power: name, type, department, units, level, legal basis, duties …"""
    import pyoxigraph as ox

    qz = "https://w3id.org/quanze/ontology#"
    props: dict[str, dict[str, list[str]]] = {}
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        props.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object.value)
    kept = ("powerType", "department", "unit", "exerciseLevel", "hasLegalBasis", "code", "authorityScope")
    counted = (
        "hasDuty",
        "hasAccountability",
        "hasLiableParty",
        "hasBasisCitation",
        "hasDutyBasisCitation",
        "hasSubItem",
    )
    out = {}
    for s, p in props.items():
        if qz + "Power" not in p.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", []):
            continue
        label = p.get("http://www.w3.org/2000/01/rdf-schema#label", [""])[0]
        out[s] = (
            label,
            *(tuple(sorted(p.get(qz + k, []))) for k in kept),
            *(len(p.get(qz + k, [])) for k in counted),
        )
    return out
