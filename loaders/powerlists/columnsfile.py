"""A columns file (``quanze load --columns MAP.toml``): roles of columns nothing else makes clear.

The file maps a column to a role, for every file of the command or for one
file by name; a file's own entries win over the common ones::

    # every list of the command
    [all]
    "权力事项" = "name"        # header text as written (spaces and line breaks ignored)
    "D" = "权力类型"           # a column letter; a role may be a field or a listed column name

    [files."某局权责清单.xlsx"]
    "7" = "unit"               # a 1-based column number

Roles are the fields of ``columns.tsv`` (name, type, basis, department,
unit, level, duties, accountability, liable, remedy …) or any column name
listed there (事项名称, 权力类型 …). Named columns are taken as named before
headers and cells are scored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from .layout import ROLE_LABELS, role_named


@dataclass
class ColumnsFile:
    common: dict[str, str] = field(default_factory=dict)  # column key → role
    per_file: dict[str, dict[str, str]] = field(default_factory=dict)  # file name → column key → role

    def for_file(self, name: str) -> dict[str, str] | None:
        """The columns named for one file (its own entries over the common ones), or None."""
        merged = {**self.common, **self.per_file.get(name, {})}
        return merged or None


def read_columns_file(path: str | Path) -> ColumnsFile:
    """Parse a columns file; raises SourceError naming the entry that is wrong."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SourceError(source, f"not a readable columns file (TOML, UTF-8): {exc}") from exc
    unknown = set(data) - {"all", "files"}
    if unknown:
        raise SourceError(source, f'unknown table(s) {", ".join(sorted(unknown))}: expected [all] and [files."NAME"]')
    result = ColumnsFile(_roles(source, "all", data.get("all", {})))
    files = data.get("files", {})
    if not isinstance(files, dict):
        raise SourceError(source, 'expected [files."NAME"] tables')
    for name, table in files.items():
        result.per_file[name] = _roles(source, f'files."{name}"', table)
    return result


def _roles(source: str, where: str, table: object) -> dict[str, str]:
    if not isinstance(table, dict):
        raise SourceError(source, f"[{where}] must be a table of column = role")
    roles = {}
    for key, value in table.items():
        role = role_named(value) if isinstance(value, str) else None
        if role is None:
            raise SourceError(
                source,
                f"[{where}] {key!r} = {value!r}: unknown role; expected one of {', '.join(ROLE_LABELS)} "
                "or a column name listed in columns.tsv",
            )
        roles[key] = role
    return roles
