"""Findings of the review analyses and the forms a person reads them in: table, JSON, CSV, XLSX.

A legal-affairs office works in spreadsheets, so every analysis (overlaps,
gaps) produces :class:`Report` sheets of plain rows besides its structured
findings; the writers here turn them into a terminal table, CSV (one file,
the first sheet, or one file per sheet) or one XLSX workbook with a sheet
each, headers frozen and filtered.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from quanze.service.spreadsheets import neutral_row

from .tables import render, width

SEVERITIES = ("high", "medium", "low")
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
FORMATS = ("table", "json", "csv", "xlsx")


@dataclass
class Member:
    """One power taking part in a finding, with where a person finds it in the source list."""

    power: str
    name: str
    type: str
    department: str
    department_name: str
    list: str
    list_title: str
    sheet: str = ""
    row: int | None = None
    detail: str = ""  # what this power contributes: cited subdivisions, units, level and scope …


@dataclass
class Finding:
    kind: str
    severity: str
    summary: str
    evidence: list[str]
    members: list[Member]
    score: float | None = None
    subject: str = ""  # what the members share: an article IRI, a normalised name …
    subject_label: str = ""
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            key = "\n".join([self.kind, self.subject, *sorted(m.power for m in self.members)])
            self.id = f"{self.kind}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"

    @property
    def departments(self) -> list[str]:
        return list(dict.fromkeys(m.department_name for m in self.members))


def ordered(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by score (highest first), then by summary, for a stable report."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), -(f.score or 0.0), f.kind, f.summary))


@dataclass
class Sheet:
    """A table for a person: a name, headers and rows of plain values."""

    name: str
    headers: list[str]
    rows: list[list[object]]
    wide: tuple[int, ...] = ()  # columns of long text, wrapped in XLSX


def findings_sheets(findings: list[Finding]) -> list[Sheet]:
    """Two sheets: one row per finding, and one row per power of each finding."""
    summary = Sheet(
        "findings 发现",
        [
            "id",
            "类型 kind",
            "严重程度 severity",
            "分值 score",
            "摘要 summary",
            "部门 departments",
            "职权数 powers",
            "依据 evidence",
        ],
        [],
        wide=(4, 7),
    )
    members = Sheet(
        "powers 职权",
        [
            "finding id",
            "类型 kind",
            "严重程度 severity",
            "部门 department",
            "职权 power",
            "权力类型 type",
            "清单 list",
            "工作表 sheet",
            "行 row",
            "说明 detail",
            "IRI",
        ],
        [],
        wide=(4, 9),
    )
    for f in findings:
        summary.rows.append(
            [
                f.id,
                f.kind,
                f.severity,
                _score(f.score),
                f.summary,
                "、".join(f.departments),
                len(f.members),
                "\n".join(f.evidence),
            ]
        )
        for m in f.members:
            members.rows.append(
                [
                    f.id,
                    f.kind,
                    f.severity,
                    m.department_name,
                    m.name,
                    m.type,
                    m.list_title,
                    m.sheet,
                    m.row,
                    m.detail,
                    m.power,
                ]
            )
    return [summary, members]


def _score(score: float | None) -> str:
    return "" if score is None else f"{score:.2f}"


def findings_json(findings: list[Finding]) -> list[dict[str, object]]:
    return [asdict(f) | {"departments": f.departments} for f in findings]


# ---------------------------------------------------------------- writers


def write_csv(sheets: Sequence[Sheet], output: str | None) -> str | None:
    """CSV (UTF-8 with BOM so that spreadsheet programs read Chinese): the last sheet, the most detailed.

    With an output file, every other sheet goes next to it as ``NAME.SHEET.csv``.
    Returns the text when there is no output file.
    """
    main = sheets[-1]
    if output is None:
        return _csv_text(main)
    path = Path(output)
    path.write_text(_csv_text(main), encoding="utf-8-sig")
    for sheet in sheets[:-1]:
        extra = path.with_name(f"{path.stem}.{_slug(sheet.name)}{path.suffix or '.csv'}")
        extra.write_text(_csv_text(sheet), encoding="utf-8-sig")
    return None


def _slug(name: str) -> str:
    return name.split()[0]


def _csv_text(sheet: Sheet) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(sheet.headers)
    writer.writerows(neutral_row(row) for row in sheet.rows)
    return buf.getvalue()


def write_xlsx(sheets: Sequence[Sheet], output: str) -> None:
    """One workbook, a sheet each: bold frozen header, filters, wrapped long text."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        ws.append(sheet.headers)
        for row in sheet.rows:
            ws.append(neutral_row(row))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = ws.dimensions
        for col, header in enumerate(sheet.headers):
            letter = get_column_letter(col + 1)
            longest = max([width(header)] + [width(str(r[col])[:60]) for r in sheet.rows[:500] if r[col] is not None])
            ws.column_dimensions[letter].width = min(80 if col in sheet.wide else 40, longest + 2)
            if col in sheet.wide:
                for cell in ws[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(output)


def write_table(sheet: Sheet, max_width: int = 40) -> str:
    return render(sheet.headers, sheet.rows, max_width=max_width)


def emit(sheets: Sequence[Sheet], data: object, fmt: str, output: str | None, table: str) -> str | None:
    """Write a report in ``fmt``; returns the text to print, if any (None when written to a file)."""
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        return write_csv(sheets, output)
    elif fmt == "xlsx":
        if not output:
            raise ValueError("--format xlsx needs -o FILE")
        write_xlsx(sheets, output)
        return None
    else:
        text = table
    if output:
        Path(output).write_text(text, encoding="utf-8")
        return None
    return text
