"""The validation report in the forms its readers need.

- ``ttl``: the standard sh:ValidationReport, for machines and other SHACL tools;
- ``json``: every finding with where it is (list file, sheet, row), for scripts;
- ``md`` / ``html``: the review a legal-affairs office reads, per department:
  counts by severity and rule, then each finding with the power's name, its
  place in the department's spreadsheet and what is wrong;
- ``xlsx``: the same as a workbook — a summary sheet and one sheet per
  department with an empty column for the department's answer — the form
  the office sends back for correction;
- ``text``: a summary for the terminal.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections import Counter, defaultdict
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from quanze.service.store.base import Store
from quanze.service.tables import render as table
from quanze.service.validation.context import Finding, findings
from quanze.service.validation.report import Report
from quanze.service.validation.terms import key as term_key

FORMATS = ("text", "json", "ttl", "md", "html", "xlsx")
SEVERITY_ZH = {"Violation": "违规（须整改）", "Warning": "警告（应核实）", "Info": "提示"}
SEVERITIES = ("Violation", "Warning", "Info")
TEXT_LIMIT = 20  # findings shown in full by the text format
COLUMNS = (
    "序号 No.",
    "严重程度 Severity",
    "规则 Rule",
    "事项名称 Power",
    "清单文件 File",
    "工作表 Sheet",
    "行号 Row",
    "问题说明 Finding",
    "涉及内容 Value",
    "部门反馈 Department's answer",
)


def render(store: Store, report: Report, fmt: str) -> str | bytes:
    """The report in ``fmt`` (one of FORMATS): text, or bytes for xlsx."""
    if fmt == "ttl":
        return report.graph().serialize(format="turtle")
    found = findings(store, report)
    if fmt == "json":
        return json.dumps(as_json(report, found), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown(report, found)
    if fmt == "html":
        return html_page(report, found)
    if fmt == "xlsx":
        return workbook(report, found)
    if fmt == "text":
        return text(report, found)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")


def by_department(found: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        groups[f.department].append(f)
    return dict(sorted(groups.items()))


def _row(f: Finding) -> str:
    return f.place.rows


# ---------------------------------------------------------------- json and text


def as_json(report: Report, found: list[Finding]) -> dict:
    counts = report.counts()
    return {
        "engine": report.engine,
        "seconds": round(report.seconds, 3),
        "conforms": report.conforms,
        "checked_nothing": report.checked_nothing,
        "summary": report.summary(),
        "violations": counts.get("Violation", 0),
        "warnings": counts.get("Warning", 0),
        "infos": counts.get("Info", 0),
        "focus_nodes": report.focus_counts,
        "lists": report.lists,
        "results": [
            {
                "severity": f.result.severity_name,
                "shape": str(f.result.shape),
                "shape_name": {
                    "zh": report.shape_name(f.result.shape, "zh"),
                    "en": report.shape_name(f.result.shape, "en"),
                },
                "component": str(f.result.component),
                "focus": term_key(f.result.focus).strip("<>"),
                "path": f.result.path.sparql() if f.result.path else None,
                "value": term_key(f.result.value).strip("<>") if f.result.value is not None else None,
                "value_text": f.value_text or None,
                "message": {"zh": f.result.message("zh"), "en": f.result.message("en")},
                "power": f.place.power or None,
                "power_name": f.place.name or None,
                "department": f.place.department or None,
                "department_name": f.place.department_name or None,
                "list": f.place.list or None,
                "list_publisher": f.place.publisher_name or None,
                "file": f.place.file or None,
                "sheet": f.place.sheet or None,
                "row": f.place.row,
                "last_row": f.place.last_row,
            }
            for f in found
        ],
    }


def text(report: Report, found: list[Finding]) -> str:
    out = [f"{report.summary()} ({report.engine} engine, {report.seconds:.1f} s)"]
    if not found:
        return out[0] + "\n"
    per_shape = Counter((f.result.severity_name, report.shape_name(f.result.shape)) for f in found)
    out += [
        "",
        table(
            ["severity", "rule 规则", "findings"],
            [
                [s, name, n]
                for (s, name), n in sorted(
                    per_shape.items(),
                    key=lambda kv: (
                        SEVERITIES.index(kv[0][0]) if kv[0][0] in SEVERITIES else 9,
                        -kv[1],
                    ),
                )
            ],
        ),
    ]
    rows = []
    for dept, items in by_department(found).items():
        c = Counter(f.result.severity_name for f in items)
        rows.append([dept, c.get("Violation", 0), c.get("Warning", 0), c.get("Info", 0)])
    out += ["", table(["department 部门", "violations", "warnings", "infos"], rows)]
    shown = found[:TEXT_LIMIT]
    out += [
        "",
        f"First {len(shown)} of {len(found)} findings (--format md, html or xlsx for all, per department):",
        table(
            ["severity", "rule", "power 事项", "file:sheet:row", "finding"],
            [
                [
                    f.result.severity_name,
                    report.shape_name(f.result.shape),
                    f.place.name or str(f.result.focus),
                    f"{f.place.file}:{f.place.sheet}:{_row(f)}",
                    f.result.message("zh"),
                ]
                for f in shown
            ],
            max_width=40,
        ),
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- markdown and html


def _counts_by_rule(report: Report, items: list[Finding]) -> list[list[object]]:
    per = Counter(
        (
            report.shape_name(f.result.shape, "zh"),
            report.shape_name(f.result.shape, "en"),
            f.result.severity_name,
        )
        for f in items
    )
    rules = sorted({(zh, en) for zh, en, _ in per})
    return [[f"{zh} / {en}"] + [per.get((zh, en, s), 0) for s in SEVERITIES] for zh, en in rules]


def _finding_cells(report: Report, f: Finding) -> list[str]:
    return [
        SEVERITY_ZH.get(f.result.severity_name, f.result.severity_name),
        report.shape_name(f.result.shape),
        f.place.name or str(f.result.focus),
        f.place.file,
        f.place.sheet,
        _row(f),
        f.result.message("zh"),
        f.value_text if f.value_text != f.place.name else "",
    ]


def _heading(report: Report) -> list[str]:
    c = report.counts()
    return [
        f"审核验收报告 ValidationStatus report — {date.today().isoformat()}",
        f"{len(report.lists)} 份清单 lists; {report.summary()}",
        f"违规 Violations {c.get('Violation', 0)} · 警告 Warnings {c.get('Warning', 0)} · "
        f"提示 Infos {c.get('Info', 0)} · {report.engine} engine",
    ]


def _md(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell)).replace("|", "\\|")


def markdown(report: Report, found: list[Finding]) -> str:
    title, *lines = _heading(report)
    out = [f"# {title}", "", *[f"{line}  " for line in lines], ""]
    if not found:
        out.append("没有发现问题。No findings." if not report.checked_nothing else "未检查任何事项。Checked nothing.")
    for dept, items in by_department(found).items():
        out += [
            f"## {dept}",
            "",
            "| 规则 Rule | 违规 Violation | 警告 Warning | 提示 Info |",
            "|---|---:|---:|---:|",
        ]
        out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _counts_by_rule(report, items)]
        out += [
            "",
            "| # | " + " | ".join(c.split(" ")[0] for c in COLUMNS[1:9]) + " |",
            "|---:|" + "---|" * 8,
        ]
        out += [
            f"| {i} | " + " | ".join(_md(c) for c in _finding_cells(report, f)) + " |"
            for i, f in enumerate(items, start=1)
        ]
        out.append("")
    return "\n".join(out) + "\n"


_STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
th{background:#f0f0f0}td.n{text-align:right}.Violation{color:#b00020}.Warning{color:#a05a00}.Info{color:#555}"""


def html_page(report: Report, found: list[Finding]) -> str:
    esc = html.escape
    title, *lines = _heading(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    out += [f"<p>{esc(line)}</p>" for line in lines]
    if not found:
        out.append("<p>没有发现问题。No findings.</p>")
    for dept, items in by_department(found).items():
        out.append(
            f"<h2>{esc(dept)}</h2><table><tr><th>规则 Rule</th>"
            + "".join(f"<th>{esc(SEVERITY_ZH[s])}</th>" for s in SEVERITIES)
            + "</tr>"
        )
        for rule, *nums in _counts_by_rule(report, items):
            out.append(f"<tr><td>{esc(str(rule))}</td>" + "".join(f'<td class="n">{n}</td>' for n in nums) + "</tr>")
        out.append("</table><table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in COLUMNS[:9]) + "</tr>")
        for i, f in enumerate(items, start=1):
            cells = _finding_cells(report, f)
            out.append(
                f'<tr class="{esc(f.result.severity_name)}"><td class="n">{i}</td>'
                + "".join(f"<td>{esc(str(c))}</td>" for c in cells)
                + "</tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- xlsx


def workbook(report: Report, found: list[Finding]) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总 Summary"
    for line in _heading(report):
        summary.append([line])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    summary.append(
        [
            "部门 Department",
            "违规 Violations",
            "警告 Warnings",
            "提示 Infos",
            "合计 Total",
            "工作表 Sheet",
        ]
    )
    header_row = summary.max_row
    groups = by_department(found)
    names = _sheet_names(list(groups))
    for dept, items in groups.items():
        c = Counter(f.result.severity_name for f in items)
        summary.append(
            [
                dept,
                c.get("Violation", 0),
                c.get("Warning", 0),
                c.get("Info", 0),
                len(items),
                names[dept],
            ]
        )
    _style_header(summary, header_row, 6)
    summary.append([])
    summary.append(["规则 Rule"] + [SEVERITY_ZH[s] for s in SEVERITIES])
    rule_header = summary.max_row
    for row in _counts_by_rule(report, found):
        summary.append(row)
    _style_header(summary, rule_header, 4)
    _widths(summary, [44, 16, 16, 12, 10, 24])
    for dept, items in groups.items():
        ws = wb.create_sheet(names[dept])
        ws.append(list(COLUMNS))
        for i, f in enumerate(items, start=1):
            row = _finding_cells(report, f)
            ws.append([i, *row[:5], f.place.row if f.place.row is not None else "", *row[6:], ""])
        _style_header(ws, 1, len(COLUMNS))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{ws.max_row}"
        _widths(ws, [6, 14, 22, 36, 30, 14, 8, 60, 40, 30])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_names(departments: list[str]) -> dict[str, str]:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    names: dict[str, str] = {}
    used: set[str] = {"汇总 Summary"}
    for dept in departments:
        base = re.sub(r"[\[\]:*?/\\]", "", dept)[:28] or "部门"
        name, k = base, 2
        while name in used:
            name, k = f"{base[:26]}_{k}", k + 1
        used.add(name)
        names[dept] = name
    return names


def _style_header(ws, row: int, columns: int) -> None:  # type: ignore[no-untyped-def]
    for col in range(1, columns + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")


def _widths(ws, widths: list[int]) -> None:  # type: ignore[no-untyped-def]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
