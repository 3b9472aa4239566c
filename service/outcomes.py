"""Evaluation of enforcement outcomes (评议考核): how often decisions are overturned on review.

The notices make the outcome of administrative reconsideration and
litigation an evaluation criterion, and order a department whose decisions
are found unlawful, changed or revoked at a high rate to correct within a
deadline. Given the outcomes as CSV (one reviewed decision a row), this
computes that rate per department and per power, flags the departments above
a threshold, and names for each the sanction the loaded notices provide, with
the part of the notice it comes from. Outcome and channel values are read
through the labels of vocabularies/review-outcomes.ttl (upheld, 维持, 撤销 …).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from quanze.loaders.concepts import scheme
from quanze.loaders.encoding import decode
from quanze.loaders.errors import SourceError
from quanze.loaders.vocab import QZ
from quanze.service.sparql.queries import get, system_query
from quanze.service.store.base import Store
from quanze.service.tables import render

#: Column → the headers accepted for it (English or Chinese), first is canonical.
COLUMNS: dict[str, tuple[str, ...]] = {
    "decision_id": ("decision_id", "decision", "id", "决定编号", "决定书编号", "案号"),
    "power": ("power", "power_code", "code", "职权", "职权编码", "事项编码", "权力编码"),
    "department": ("department", "部门", "实施主体", "行使主体"),
    "date": ("date", "decision_date", "日期", "决定日期"),
    "channel": ("channel", "review", "途径", "救济途径", "复议诉讼"),
    "outcome": ("outcome", "result", "结果", "复议诉讼结果", "审查结果"),
}


@dataclass
class Outcome:
    row: int
    decision: str
    power: str
    department: str
    day: date
    channel: str  # review-channel concept IRI
    outcome: str  # review-outcome concept IRI


@dataclass
class Rate:
    key: str
    label: str
    department: str
    counts: Counter[str] = field(default_factory=Counter)  # outcome slug → decisions

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overturned(self) -> int:
        return sum(n for slug, n in self.counts.items() if slug != "upheld")

    @property
    def rate(self) -> float:
        return self.overturned / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "department": self.department,
            "decisions": self.total,
            **{slug: self.counts.get(slug, 0) for slug in OUTCOME_SLUGS},
            "overturned": self.overturned,
            "rate": round(self.rate, 4),
        }


@dataclass
class Sanction:
    notice: str
    area: str
    sanctions: list[str]
    aggravated: list[str]
    condition: str
    basis: str  # the part of the notice


@dataclass
class Flag:
    department: Rate
    sanctions: list[Sanction]


@dataclass
class EvaluationReport:
    source: str
    threshold: float
    min_decisions: int
    decisions: int
    departments: list[Rate]
    powers: list[Rate]
    flagged: list[Flag]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "threshold": self.threshold,
            "min_decisions": self.min_decisions,
            "decisions": self.decisions,
            "departments": [r.as_dict() for r in self.departments],
            "powers": [r.as_dict() for r in self.powers],
            "flagged": [
                {
                    "department": f.department.label,
                    "rate": round(f.department.rate, 4),
                    "sanctions": [s.__dict__ for s in f.sanctions],
                }
                for f in self.flagged
            ],
            "notes": self.notes,
        }


OUTCOME_SLUGS = ("upheld", "changed", "revoked", "confirmed-unlawful")


def read_outcomes(path: Path) -> list[Outcome]:
    """Every row of an outcomes file; SourceError (file, row, column) on the first bad cell."""
    source = path.name
    try:
        text = decode(path.read_bytes(), source)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read the file: {exc.strerror}") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise SourceError(source, "empty file: expected a header row with " + ", ".join(COLUMNS))
    where: dict[str, int] = {}
    names = [h.strip().lower() for h in header]
    for col, accepted in COLUMNS.items():
        found = next((i for i, h in enumerate(names) if h in accepted), None)
        if found is None:
            raise SourceError(source, f"no {col} column: expected a header named one of " + ", ".join(accepted), row=1)
        where[col] = found
    outcomes, channels = scheme("review-outcome"), scheme("review-channel")
    seen: dict[str, int] = {}
    rows: list[Outcome] = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(col: str, cells: list[str] = cells, n: int = n) -> str:
            i = where[col]
            value = cells[i].strip() if i < len(cells) else ""
            if not value:
                raise SourceError(source, f"empty {col}", row=n, column=i, column_name=header[i])
            return value

        def bad(col: str, message: str, n: int = n) -> SourceError:
            return SourceError(source, message, row=n, column=where[col], column_name=header[where[col]])

        decision = cell("decision_id")
        if decision in seen:
            raise bad("decision_id", f"decision {decision!r} is listed twice (first on row {seen[decision]})")
        seen[decision] = n
        try:
            day = date.fromisoformat(cell("date"))
        except ValueError:
            raise bad("date", f"not a date: {cell('date')!r} (expected YYYY-MM-DD)") from None
        outcome = outcomes.lookup(cell("outcome")) or outcomes.lookup(cell("outcome").lower())
        if outcome is None:
            raise bad(
                "outcome",
                f"unknown outcome {cell('outcome')!r}: expected one of "
                + ", ".join(f"{outcomes.pref_en[c]} ({outcomes.pref[c]})" for c in outcomes.pref),
            )
        channel = channels.lookup(cell("channel")) or channels.lookup(cell("channel").lower())
        if channel is None:
            raise bad(
                "channel",
                f"unknown channel {cell('channel')!r}: expected reconsideration (行政复议) or litigation (行政诉讼)",
            )
        rows.append(Outcome(n, decision, cell("power"), cell("department"), day, channel, outcome))
    if not rows:
        raise SourceError(source, "no outcome rows below the header", row=2)
    return rows


def _overturning(outcome: str) -> bool:
    values = scheme("review-outcome").values.get(outcome, {})
    return values.get(QZ.overturned) == "true"


def evaluate(store: Store, path: Path, threshold: float = 0.15, min_decisions: int = 5) -> EvaluationReport:
    if not 0 <= threshold <= 1:
        raise SourceError(str(path), f"--threshold must be a share between 0 and 1, got {threshold}")
    rows = read_outcomes(path)
    powers = {}
    for r in store.select(system_query("power-codes").text):
        entry = (r["name"].value, r["department"].value if r.get("department") is not None else "")
        powers[r["power"].value] = entry
        if r.get("code") is not None:
            powers.setdefault(r["code"].value, entry)
    by_dept: dict[str, Rate] = {}
    by_power: dict[str, Rate] = {}
    unknown: set[str] = set()
    for o in rows:
        slug = o.outcome.rsplit("/", 1)[-1]
        if _overturning(o.outcome) == (slug == "upheld"):
            raise SourceError(path.name, f"the vocabulary marks {slug} inconsistently", row=o.row)
        name, _ = powers.get(o.power, (None, None))
        if name is None:
            unknown.add(o.power)
        by_dept.setdefault(o.department, Rate(o.department, o.department, o.department)).counts[slug] += 1
        by_power.setdefault(o.power, Rate(o.power, name or o.power, o.department)).counts[slug] += 1
    departments = sorted(by_dept.values(), key=lambda r: (-r.rate, r.label))
    flagged_rates = [r for r in departments if r.rate > threshold and r.total >= min_decisions]
    rules = _rate_sanctions(store)
    notes = []
    if unknown:
        notes.append(
            f"{len(unknown)} power codes are not in the store (load their lists to name them): "
            + "、".join(sorted(unknown)[:10])
        )
    if flagged_rates and not rules:
        notes.append("no loaded notice sets a sanction for a high rate of overturned decisions")
    return EvaluationReport(
        path.name,
        threshold,
        min_decisions,
        len(rows),
        departments,
        sorted(by_power.values(), key=lambda r: (-r.rate, r.label)),
        [Flag(r, _own_area_first(r.label, rules)) for r in flagged_rates],
        notes,
    )


def _own_area_first(department: str, rules: list[Sanction]) -> list[Sanction]:
    """The notices of the department's own area when one is loaded (青禾市… → 青禾市), else all."""
    own = [s for s in rules if s.area and department.startswith(s.area)]
    return own or rules


def _rate_sanctions(store: Store) -> list[Sanction]:
    found: dict[str, Sanction] = {}
    for r in store.select(get("rate-sanctions").text):
        doc = r["doc"].value
        s = found.get(doc)
        if s is None:
            area = r["areaName"].value if r.get("areaName") is not None else ""
            s = found[doc] = Sanction(r["title"].value, area, [], [], r["condition"].value, "")
        if r["escalation"].value != "true":
            s.basis = r["partLabel"].value
        target = s.aggravated if r["escalation"].value == "true" else s.sanctions
        if r["sanctionLabel"].value not in target:
            target.append(r["sanctionLabel"].value)
    return list(found.values())


def render_evaluation(report: EvaluationReport) -> str:
    heads = ["维持 upheld", "变更 changed", "撤销 revoked", "确认违法 unlawful"]

    def rows(rates: list[Rate], named: bool) -> list[list[object]]:
        return [
            [
                r.label,
                *([r.department] if named else []),
                r.total,
                *(r.counts.get(s, 0) for s in OUTCOME_SLUGS),
                f"{r.rate:.1%}",
                "⚑" if any(f.department is r for f in report.flagged) else "",
            ]
            for r in rates
        ]

    out = [
        f"{report.decisions} reviewed decisions in {report.source}; threshold {report.threshold:.0%}, "
        f"at least {report.min_decisions} decisions",
        "",
        render(["部门 department", "decisions", *heads, "rate", "flag"], rows(report.departments, False)),
        "",
        render(
            ["职权 power", "部门 department", "decisions", *heads, "rate", "flag"],
            rows(report.powers, True),
            max_width=36,
        ),
    ]
    for f in report.flagged:
        out.append(
            f"\n⚑ {f.department.label}: {f.department.overturned} of {f.department.total} decisions "
            f"found unlawful, changed or revoked ({f.department.rate:.1%} > {report.threshold:.0%})"
        )
        for s in f.sanctions:
            more = f"; if serious: {'、'.join(s.aggravated)}" if s.aggravated else ""
            out.append(f"  {'、'.join(s.sanctions)}{more} — {s.basis}" + (f" ({s.area})" if s.area else ""))
    out.extend(f"note: {n}" for n in report.notes)
    return "\n".join(out)
