"""The one error type loaders raise for bad input.

A person fixing a spreadsheet needs to know where to look: the file, the
sheet, the row and column as their spreadsheet program shows them, what was
expected and what was found. Every rejection of input goes through
:class:`SourceError` so that the CLI and the API can print or return it whole.
"""

from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, as spreadsheet programs label columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class SourceError(Exception):
    """Input that cannot be loaded, with its location."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as shown by spreadsheet programs
    column: int | None = None  # 0-based index
    column_name: str | None = None
    line: int | None = None  # for text sources

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def location(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            col = f"column {column_letter(self.column)}"
            if self.column_name:
                col += f" ({self.column_name})"
            parts.append(col)
        elif self.column_name:
            parts.append(f"column {self.column_name}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": column_letter(self.column) if self.column is not None else None,
            "column_name": self.column_name,
            "line": self.line,
            "message": self.message,
        }
