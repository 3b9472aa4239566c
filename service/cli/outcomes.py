"""``quanze evaluate``: rates of decisions changed or revoked on review (outcomes), per department and power."""

from __future__ import annotations

import argparse
from pathlib import Path

from quanze.service.cli.options import print_json
from quanze.service.outcomes import evaluate, render_evaluation
from quanze.service.store.base import Store


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "evaluate", parents=[common], help="rates of decisions changed or revoked on review, per department and power"
    )
    p.add_argument(
        "outcomes",
        metavar="OUTCOMES.csv",
        help="review outcomes: decision_id, power, department, date, channel, outcome",
    )
    p.add_argument(
        "--threshold", type=float, default=0.15, help="flag departments whose rate is above this share (default 0.15)"
    )
    p.add_argument(
        "--min-decisions",
        type=int,
        default=5,
        help="flag only departments with at least this many reviewed decisions (default 5)",
    )
    p.set_defaults(run=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace, store: Store) -> int:
    report = evaluate(store, Path(args.outcomes), threshold=args.threshold, min_decisions=args.min_decisions)
    if getattr(args, "json", False):
        print_json(report.as_dict())
    else:
        print(render_evaluation(report))
    return 1 if report.flagged else 0
