"""Findings of the analyses (overlaps, gaps): the model, and the same findings as sheets of plain rows.

A legal-affairs office works in spreadsheets, so every analysis produces
:class:`Sheet` tables of plain rows besides its structured findings;
:mod:`sheets` writes them as a terminal table, CSV or XLSX.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

SEVERITIES = ("high", "medium", "low")
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}


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
