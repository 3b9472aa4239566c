"""The ``quanze overlaps`` and ``quanze gaps`` commands: arguments, progress and output.

Both are checks: they exit with 1 when they find something (0 when not), so
that a script can tell; the findings go to standard output or to ``-o FILE``
as a table, JSON, CSV or XLSX.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from quanze.service.analysis import findings as fmt
from quanze.service.analysis.findings import findings_json, findings_sheets
from quanze.service.analysis.gaps import PROBLEM_ZH, analyse_gaps
from quanze.service.analysis.overlaps import DEFAULT_MIN_SCORE, KIND_ZH, KINDS, find_overlaps
from quanze.service.analysis.sheets import FORMATS, emit
from quanze.service.store.base import Store
from quanze.service.tables import render

DETAILS = 10  # findings shown with their evidence in the table output


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "overlaps",
        parents=[common],
        help="overlapping and duplicated powers: across departments, near-duplicate names, "
        "inside a department, across levels",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=KINDS,
        metavar="KIND",
        help=f"only this kind ({'|'.join(KINDS)}); repeat for several (default: all)",
    )
    _output_arguments(p)
    p.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        help=f"near-duplicates: the least name similarity, 0-1 (default {DEFAULT_MIN_SCORE})",
    )
    p.add_argument("--department", metavar="NAME-or-IRI", help="only findings that involve this department")
    p.set_defaults(run=cmd_overlaps)

    p = sub.add_parser(
        "gaps",
        parents=[common],
        help="missing powers (articles conferring powers the department does not list) and unfounded or stale basis",
    )
    p.add_argument(
        "--department",
        metavar="NAME-or-IRI",
        help="one department: its IRI, its name or a unique part of it (default: every department)",
    )
    p.add_argument(
        "--kind",
        choices=("omissions", "basis", "all"),
        default="all",
        help="candidate omissions, basis problems, or both (default)",
    )
    _output_arguments(p)
    p.add_argument(
        "--limit",
        type=int,
        default=30,
        help="table output: at most this many omissions per department (files get all; default 30)",
    )
    p.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="judge whether statutes are in force on this date (default: today)"
    )
    p.set_defaults(run=cmd_gaps)


def _output_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default=None, help="table (default), json, csv or xlsx (xlsx needs -o)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "json" if getattr(args, "json", False) else "table"


def _progress(args: argparse.Namespace, label: str):
    if args.quiet or (_format(args) == "json" and not args.output):
        return None
    started = time.monotonic()

    def step(message: str, seconds: float) -> None:
        print(f"{label}: {message} ({seconds:.1f}s, {time.monotonic() - started:.1f}s in all)", file=sys.stderr)

    return step


def _finish(text: str | None, args: argparse.Namespace) -> None:
    if text is not None:
        sys.stdout.write(text)
    elif args.output:
        print(f"written: {args.output}", file=sys.stderr)


# ---------------------------------------------------------------- overlaps


def cmd_overlaps(args: argparse.Namespace, store: Store) -> int:
    kinds = tuple(dict.fromkeys(args.kind)) if args.kind else KINDS
    found = find_overlaps(store, kinds, args.min_score, args.department, _progress(args, "overlaps"))
    out = _format(args)
    sheets = findings_sheets(found)
    table = _overlaps_table(found, kinds) if out == "table" else ""
    _finish(emit(sheets, findings_json(found), out, args.output, table), args)
    return 1 if found else 0


def _overlaps_table(found: list[fmt.Finding], kinds: tuple[str, ...]) -> str:
    counts = Counter((f.kind, f.severity) for f in found)
    lines = [
        render(
            ["类型 kind", "高 high", "中 medium", "低 low", "合计 total"],
            [
                [
                    f"{KIND_ZH[k]} {k}",
                    *(counts[(k, s)] for s in fmt.SEVERITIES),
                    sum(counts[(k, s)] for s in fmt.SEVERITIES),
                ]
                for k in kinds
            ],
        ),
        "",
    ]
    if not found:
        lines.append("No overlap found.")
        return "\n".join(lines) + "\n"
    lines.append(
        render(
            ["id", "kind", "sev.", "score", "摘要 summary", "职权 powers"],
            [[f.id, f.kind, f.severity, fmt._score(f.score), f.summary, len(f.members)] for f in found],
            max_width=70,
        )
    )
    lines.append("")
    for f in found[:DETAILS]:
        lines.append(f"■ {f.id} [{f.kind}/{f.severity}] {f.summary}")
        lines.extend(f"    {e}" for e in f.evidence)
    if len(found) > DETAILS:
        lines.append(f"… evidence of the other {len(found) - DETAILS} findings: --format xlsx -o FILE (or json, csv)")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- gaps


def cmd_gaps(args: argparse.Namespace, store: Store) -> int:
    report = analyse_gaps(store, args.department, today=args.as_of, step=_progress(args, "gaps"))
    if args.kind == "omissions":
        report.problems = []
    elif args.kind == "basis":
        report.omissions = []
    out = _format(args)
    sheets = report.sheets()
    table = _gaps_table(report, args.limit, args.kind != "basis") if out == "table" else ""
    _finish(emit(sheets, report.as_json(), out, args.output, table), args)
    return 1 if report.omissions or report.problems else 0


def _gaps_table(report, limit: int, with_omissions: bool = True) -> str:
    lines = []
    for d in report.departments if with_omissions else ():
        mine = [o for o in report.omissions if o.department == d.iri]
        domains = "、".join(x.rsplit("/", 1)[-1] for x in d.domains) or "unknown (add it to lexicon/departments.tsv)"
        lines.append(f"■ {d.name} — domains: {domains}; {len(mine)} candidate omissions")
        if mine:
            headers = ["#", "条款 article", "类型 type", "行为 acts", "主管部门 authority", "score", "条文 text"]
            rows = [
                [
                    o.rank,
                    o.article_label,
                    "、".join(o.types),
                    "、".join(o.acts),
                    o.authority or o.source,
                    o.score,
                    o.text,
                ]
                for o in mine[:limit]
            ]
            lines.append(render(headers, rows, max_width=36))
            if len(mine) > limit:
                lines.append(f"… {len(mine) - limit} more (--limit N, or --format xlsx -o FILE)")
        lines.append("")
    if not report.problems and not with_omissions:
        lines.append("No basis problem found.")
    if report.problems:
        counts = Counter((b.problem, b.severity) for b in report.problems)
        lines.append(
            render(
                ["依据问题 basis problem", "severity", "职权 powers"],
                [
                    [f"{PROBLEM_ZH[p]} {p}", s, n]
                    for (p, s), n in sorted(counts.items(), key=lambda x: (fmt.SEVERITIES.index(x[0][1]), x[0][0]))
                ],
            )
        )
        serious = [b for b in report.problems if b.severity != "low"]
        if serious:
            lines.append("")
            lines.append(
                render(
                    ["severity", "problem", "部门 department", "职权 power", "行 row", "说明 detail"],
                    [[b.severity, b.problem, b.department_name, b.name, b.row, b.detail] for b in serious[:limit]],
                    max_width=40,
                )
            )
    return "\n".join(lines) + "\n"
