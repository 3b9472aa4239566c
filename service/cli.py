"""The ``quanze`` command line.

Commands and flags are a contract with scripts outside the repository: add,
never rename. Every command takes ``--store DIR`` (or ``$QUANZE_STORE``;
default ``./quanze-store``) and ``--json`` for machine-readable output.
Exit codes: 0 success, 1 the check found problems (validate), 2 bad input or
usage, 3 the store could not be used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from quanze.loaders.errors import SourceError

from . import loading, queries
from .progress import ProgressBar
from .responsible import who_is_responsible
from .store import EmbeddedStore, Store, StoreError
from .tables import render
from .validation import command as validation_command

DEFAULT_STORE = "quanze-store"
DETAIL_LIMIT = 10  # up to this many matches are shown in full, more as a table
EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"embedded store folder (default: $QUANZE_STORE or ./{DEFAULT_STORE})")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable JSON output")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="quanze", description="权责 — a knowledge graph of powers and "
                                     "responsibilities of Chinese public administration.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("load", parents=[common], help="load statutes and power lists (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--kind", choices=loading.KINDS, help="force the kind of every file instead of sniffing it")
    p.add_argument("--jurisdiction", metavar="NAME",
                   help="city or county of lists that do not name one (e.g. 克拉玛依市)")
    p.add_argument("--id", dest="list_id", metavar="ID", help="the list's identity (one list file only)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    sub.add_parser("stats", parents=[common], help="what the graph holds")

    p = sub.add_parser("query", parents=[common], help="run a named query of queries/ (--list to see them)")
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="a query parameter")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")

    p = sub.add_parser("responsible", parents=[common],
                       help="who is responsible: department, unit and post of matching powers")
    p.add_argument("text", metavar="TEXT", help="part of a power name, or an article (行政处罚法第三十二条)")
    p.add_argument("--limit", type=int, default=200, help="at most this many powers (default 200)")

    validation_command.add_parser(sub, common)

    p = sub.add_parser("export", parents=[common], help="write the graph as RDF")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    p.add_argument("--graph", metavar="IRI", help="only this named graph")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    return parser


def open_store(args: argparse.Namespace) -> Store:
    path = getattr(args, "store", None) or os.environ.get("QUANZE_STORE") or DEFAULT_STORE
    return EmbeddedStore(path)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# ---------------------------------------------------------------- commands


def cmd_load(args: argparse.Namespace, store: Store) -> int:
    progress = None if args.quiet or getattr(args, "json", False) else ProgressBar("loading")
    report = loading.load(store, args.paths, kind=args.kind, jurisdiction=args.jurisdiction,
                          list_id=args.list_id, progress=progress)
    if getattr(args, "json", False):
        _print_json({
            "loaded": [{"file": d.path, "kind": d.kind, "graph": d.graph, "label": d.label,
                        "statements": d.statements, "counts": d.counts,
                        "unresolved": [u.__dict__ for u in d.unresolved], "notes": d.notes}
                       for d in report.documents],
            "skipped": [{"file": f, "reason": why} for f, why in report.skipped],
        })
        return 0
    statutes, lists = report.by_kind("statute"), report.by_kind("list")
    if statutes:
        articles = sum(d.counts.get("articles", 0) for d in statutes)
        print(f"Loaded {len(statutes)} statute versions ({articles} articles).")
    if lists:
        rows = []
        for d in lists:
            c = d.counts
            known, full = c.get("powers_citing_known_statutes", 0), c.get("powers_fully_resolved", 0)
            rows.append([d.label, c.get("powers", 0), c.get("items", 0), c.get("citations", 0),
                         c.get("citations_resolved", 0), f"{full}/{known}" if known else "-"])
        print(render(["list", "powers", "items", "citations", "resolved", "fully resolved*"], rows))
        print("* items whose basis cites a loaded statute, with every such citation resolved to an article")
        reasons = Counter(_reason_kind(u.reason) for d in lists for u in d.unresolved)
        if reasons:
            print("\nUnresolved citations by reason (quanze load --json lists each one):")
            print(render(["reason", "count"], reasons.most_common()))
    for d in report.documents:
        for note in d.notes:
            print(f"note: {Path(d.path).name}: {note}", file=sys.stderr)
    for f, why in report.skipped:
        print(f"skipped: {f}: {why}", file=sys.stderr)
    print(f"Store now holds {len(store)} statements in {len(store.named_graphs())} graphs.")
    return 0


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


def cmd_stats(args: argparse.Namespace, store: Store) -> int:
    counts = {r["what"].value: int(r["count"].value) for r in store.select(queries.get("stats").text)}
    counts["statements"] = len(store)
    counts["graphs"] = len(store.named_graphs())
    if getattr(args, "json", False):
        _print_json(counts)
    else:
        print(render(["what", "count"], sorted(counts.items())))
    return 0


def _term_text(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def cmd_query(args: argparse.Namespace, store: Store) -> int:
    if args.list or not args.name:
        items = queries.named_queries().values()
        if getattr(args, "json", False):
            _print_json([{"name": q.name, "title": q.title, "description": q.description,
                          "params": [p.__dict__ for p in q.params]} for q in items])
        else:
            print(render(["name", "title", "parameters"],
                         [[q.name, q.title, ", ".join(p.name + ("*" if p.required else "") for p in q.params)]
                          for q in items], max_width=60))
        return 0
    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            raise queries.QueryError(f"--param expects K=V, got {item!r}")
        params[key] = value
    rows = store.select(queries.get(args.name).bind(params))
    names = list(rows[0].keys()) if rows else []
    if getattr(args, "json", False):
        _print_json([{k: _term_text(v) for k, v in r.items()} for r in rows])
    else:
        print(render(names, [[_term_text(r[k]) for k in names] for r in rows]))
        print(f"({len(rows)} rows)")
    return 0


def cmd_responsible(args: argparse.Namespace, store: Store) -> int:
    found = who_is_responsible(store, args.text, args.limit)
    if getattr(args, "json", False):
        _print_json([r.as_dict() for r in found])
        return 0
    if not found:
        print(f"No power matches {args.text!r}.")
        return 0
    if len(found) <= DETAIL_LIMIT:
        for r in found:
            print(f"{r.name}（{r.type}）")
            print(f"  部门 department:    {r.department_name or '—'}")
            print(f"  承办机构 unit:      {'、'.join(r.units.values()) or '—'}")
            print(f"  责任岗位 post:      {'、'.join(r.posts.values()) or '—'}")
            print(f"  依据 articles:      {'；'.join(r.articles.values()) or '—'}")
            print(f"  <{r.power}>")
    else:
        rows = [[r.name, r.type, r.department_name or "", "、".join(r.units.values()),
                 "、".join(r.posts.values()), "、".join(r.articles.values())] for r in found]
        print(render(["职权 power", "类型 type", "部门 department", "承办机构 unit", "责任岗位 post",
                      "依据 articles"], rows, max_width=40))
    print(f"({len(found)} powers)")
    return 0


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    fmt = EXPORT_FORMATS[args.format]
    if args.graph is None and not fmt.supports_datasets:
        print("note: a triple format merges all named graphs; use --format trig or nq to keep them",
              file=sys.stderr)
    data = store.dump(fmt, args.graph)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


COMMANDS = {"load": cmd_load, "stats": cmd_stats, "query": cmd_query, "responsible": cmd_responsible,
            "export": cmd_export, "validate": validation_command.cmd_validate}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = open_store(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        return COMMANDS[args.command](args, store)
    except SourceError as exc:
        if getattr(args, "json", False):
            _print_json({"error": exc.as_dict()})
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was written: the store is as it was before this command.", file=sys.stderr)
        return 2
    except queries.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SyntaxError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
