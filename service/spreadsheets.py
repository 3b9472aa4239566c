"""Cells that a spreadsheet program cannot run: list text written to CSV and XLSX exports.

A power list is written by whoever uploads it (``POST /api/validate`` accepts any), and its text
reaches the department downloads, the overlap and gap exports and the workbook sent back to
departments. A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by Excel, LibreOffice and others (CSV injection, OWASP). Such text gets a leading
apostrophe — the mark spreadsheets themselves use for "this is text" — so it stays readable and
is never evaluated, in a CSV opened later as much as in an XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: object) -> object:
    """The value as a cell may safely hold it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def neutral_row(values: Iterable[object]) -> list[object]:
    """A row of cells, each made safe by ``neutral``; None becomes an empty cell."""
    return [neutral("" if v is None else v) for v in values]
