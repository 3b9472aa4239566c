"""The analyses' sheets in the forms a person reads them in: terminal table, JSON, CSV, XLSX.

CSV is one file (the most detailed sheet) or one file per sheet; XLSX is one
workbook with a sheet each, headers frozen and filtered.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from quanze.service.analysis.findings import Sheet
from quanze.service.tables import render, width

FORMATS = ("table", "json", "csv", "xlsx")


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
    writer.writerows(["" if v is None else v for v in row] for row in sheet.rows)
    return buf.getvalue()


def write_xlsx(sheets: Sequence[Sheet], output: str) -> None:
    """One workbook, a sheet each: bold frozen header, filters, wrapped long text."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        ws.append(sheet.headers)
        for row in sheet.rows:
            ws.append(["" if v is None else v for v in row])
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
