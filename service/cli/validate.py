"""``quanze validate``: validate the store's power lists (审核验收) and write the report.

Exit status: 1 when a finding is a Violation (the list cannot be published
as it is), 0 otherwise — warnings and infos do not fail a review.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quanze.service.progress import ProgressBar
from quanze.service.store.base import Store
from quanze.service.validation.formats import FORMATS, render
from quanze.service.validation.run import ENGINES, validate


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "validate",
        parents=[common],
        help="validate power lists against the shapes (审核验收) and report what to correct",
    )
    p.add_argument(
        "--list",
        dest="list_id",
        metavar="ID",
        help="only this list (its identity, title, file name or IRI)",
    )
    p.add_argument("--department", metavar="ID", help="only the lists this department published (name or IRI)")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="default",
        help="default: compiled to SPARQL and run by Oxigraph; pyshacl: the reference, slow",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (summary), json, ttl (sh:ValidationReport), md or html (per department), "
        "xlsx (the workbook sent back to departments; needs -o)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of standard output")
    p.add_argument(
        "--shapes",
        action="append",
        metavar="FILE",
        help="shapes files to use instead of quanze's own",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="queries run at once (default: the number of cores, at most 4); 1 runs them one after the other",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=cmd_validate)


def cmd_validate(args: argparse.Namespace, store: Store) -> int:
    fmt = "json" if getattr(args, "json", False) else args.format
    if fmt == "xlsx" and not args.output:
        raise ValueError("--format xlsx writes a workbook: give -o FILE.xlsx")
    progress = None if args.quiet or (fmt == "json" and not args.output) else ProgressBar("validating", unit="queries")
    report = validate(
        store,
        list=args.list_id,
        department=args.department,
        engine=args.engine,
        shapes=args.shapes,
        progress=progress,
        workers=max(1, args.workers or min(4, os.cpu_count() or 1)),
    )
    content = render(store, report, fmt)
    if args.output:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        Path(args.output).write_bytes(data)
        print(f"{report.summary()} Report written to {args.output}.")
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)
    return 1 if report.violations else 0
