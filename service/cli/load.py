"""``quanze load``: statutes, power lists and notice pages into the store, all or nothing."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from quanze.loaders.document import LoadedDocument
from quanze.loaders.powerlists.layout import ROLE_LABELS
from quanze.service.cli.notices import render_notices
from quanze.service.cli.options import print_json
from quanze.service.progress import ProgressBar
from quanze.service.store import loading
from quanze.service.store.base import Store
from quanze.service.tables import render


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("load", parents=[common], help="load statutes, power lists and notice pages (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders: statutes, power lists, notice pages")
    p.add_argument("--kind", choices=loading.KINDS, help="force the kind of every file instead of sniffing it")
    p.add_argument(
        "--jurisdiction", metavar="NAME", help="city or county of lists that do not name one (e.g. 克拉玛依市)"
    )
    p.add_argument("--id", dest="list_id", metavar="ID", help="the list's identity (one list file only)")
    p.add_argument(
        "--columns",
        metavar="MAP.toml",
        help="a columns file naming the role of list columns neither header nor cells make clear (docs/loading.md)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=cmd_load)


def cmd_load(args: argparse.Namespace, store: Store) -> int:
    progress = None if args.quiet or getattr(args, "json", False) else ProgressBar("loading")
    report = loading.load(
        store,
        args.paths,
        kind=args.kind,
        jurisdiction=args.jurisdiction,
        list_id=args.list_id,
        progress=progress,
        columns=args.columns,
    )
    if getattr(args, "json", False):
        print_json(
            {
                "loaded": [
                    {
                        "file": d.path,
                        "kind": d.kind,
                        "graph": d.graph,
                        "label": d.label,
                        "statements": d.statements,
                        "counts": d.counts,
                        "unresolved": [u.__dict__ for u in d.unresolved],
                        "notes": d.notes,
                        "details": d.details,
                    }
                    for d in report.documents
                ],
                "skipped": [{"file": f, "reason": why} for f, why in report.skipped],
            }
        )
        return 0
    statutes, lists = report.by_kind("statute"), report.by_kind("list")
    if statutes:
        articles = sum(d.counts.get("articles", 0) for d in statutes)
        print(f"Loaded {len(statutes)} statute versions ({articles} articles).")
        # Rules as published (令 header, metadata block, excerpt) are statutes with a regime read from them.
        rules = [d for d in statutes if "rules" in d.counts]
        if rules:
            print(render_notices(rules, heading="rule"))
    if lists:
        rows = []
        for d in lists:
            c = d.counts
            known, full = c.get("powers_citing_known_statutes", 0), c.get("powers_fully_resolved", 0)
            rows.append(
                [
                    d.label,
                    c.get("powers", 0),
                    c.get("items", 0),
                    c.get("citations", 0),
                    c.get("citations_resolved", 0),
                    f"{full}/{known}" if known else "-",
                ]
            )
        print(render(["list", "powers", "items", "citations", "resolved", "fully resolved*"], rows))
        print("* items whose basis cites a loaded statute, with every such citation resolved to an article")
        mapping = render_mapping(lists)
        if mapping:
            print("\nColumns told by their cells or by a word of the header (quanze load --json shows every column):")
            print(mapping)
        reasons = Counter(_reason_kind(u.reason) for d in lists for u in d.unresolved)
        if reasons:
            print("\nUnresolved citations by reason (quanze load --json lists each one):")
            print(render(["reason", "count"], reasons.most_common()))
    notices = report.by_kind("notice")
    if notices:
        print(render_notices(notices))
    for d in report.documents:
        for note in d.notes:
            print(f"note: {Path(d.path).name}: {note}", file=sys.stderr)
    for f, why in report.skipped:
        print(f"skipped: {f}: {why}", file=sys.stderr)
    print(f"Store now holds {len(store)} statements in {len(store.named_graphs())} graphs.")
    return 0


def render_mapping(lists: list[LoadedDocument]) -> str:
    """Per sheet, the columns no listed header decided: the role chosen, how, and on what evidence."""
    rows = []
    for d in lists:
        for sheet in d.details.get("sheets", []):
            for col in sheet["columns"]:
                if col["how"] != "header":
                    role = f"{col['role']} ({ROLE_LABELS.get(col['role'], col['role'])})"
                    rows.append(
                        [
                            d.label,
                            sheet["sheet"],
                            f"{col['column']} {' '.join(col['header'].split())}".strip(),
                            role,
                            col["how"],
                            col["evidence"],
                        ]
                    )
            if sheet["unmapped"]:
                rows.append([d.label, sheet["sheet"], "、".join(sheet["unmapped"]), "-", "not understood", ""])
    return render(["list", "sheet", "column", "role", "how", "evidence"], rows) if rows else ""


def _reason_kind(reason: str) -> str:
    if "not among the loaded statutes" in reason:
        return "statute not loaded"
    if "no article is cited" in reason or "only chapters" in reason:
        return "no article cited"
    if "out of range" in reason:
        return "article, paragraph or item out of range"
    if "no statute to attach" in reason:
        return "article without a statute title"
    return reason
