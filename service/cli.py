"""The ``quanze`` command line.

Commands and flags are a contract with scripts outside the repository: add,
never rename. Every command takes ``--store DIR`` (or ``$QUANZE_STORE``;
default ``./quanze-store``) and ``--json`` for machine-readable output, or
``--endpoint URL`` (or ``$QUANZE_ENDPOINT``) to work on a remote SPARQL 1.1
server, with ``--update-endpoint URL`` or ``--gsp URL`` to write to it.
Exit codes: 0 success, 1 the check found problems (validate), 2 bad input or
usage, 3 the store could not be used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from quanze.loaders.errors import SourceError

from . import analyses, loading, queries, serve
from .accountable import accountability_chain, render_chain
from .evaluation import evaluate, render_evaluation
from .models import Power, ResponsibleAnswer, ResponsibleMatch
from .notices import render_notices
from .progress import ProgressBar
from .query_errors import QueryTimeout
from .responsible import MAX_LIMIT, who_is_responsible
from .review_commands import add_review_commands, cmd_gaps, cmd_overlaps
from .store import EmbeddedStore, Store, StoreError
from .tables import render
from .validation import command as validation_command

if TYPE_CHECKING:
    from .remote import RemoteStore

DEFAULT_STORE = "quanze-store"
DETAIL_LIMIT = 10  # up to this many matches are shown in full, more as a table
EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"embedded store folder (default: $QUANZE_STORE or ./{DEFAULT_STORE})",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    common.add_argument(
        "--endpoint",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="a remote SPARQL 1.1 query endpoint instead of --store (or $QUANZE_ENDPOINT)",
    )
    common.add_argument(
        "--update-endpoint",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="its SPARQL 1.1 Update endpoint, to load (or $QUANZE_UPDATE_ENDPOINT)",
    )
    common.add_argument(
        "--gsp",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="its Graph Store Protocol endpoint, to load without Update (or $QUANZE_GSP)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="quanze",
        description="权责 — a knowledge graph of powers and responsibilities of Chinese public administration.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("load", parents=[common], help="load statutes, power lists and notice pages (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--kind", choices=loading.KINDS, help="force the kind of every file instead of sniffing it")
    p.add_argument(
        "--jurisdiction", metavar="NAME", help="city or county of lists that do not name one (e.g. 克拉玛依市)"
    )
    p.add_argument("--id", dest="list_id", metavar="ID", help="the list's identity (one list file only)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    sub.add_parser("stats", parents=[common], help="what the graph holds")

    p = sub.add_parser("query", parents=[common], help="run a named query of queries/ (--list to see them)")
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="a query parameter")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")

    p = sub.add_parser(
        "responsible", parents=[common], help="who is responsible: department, unit and post of matching powers"
    )
    p.add_argument(
        "text",
        metavar="TEXT",
        help="a question in plain words (公司拖欠工资三个月了), part of a power name, a code, or an article "
        "(行政处罚法第三十二条)",
    )
    p.add_argument("--limit", type=int, default=MAX_LIMIT, help=f"at most this many powers (default {MAX_LIMIT})")
    p.add_argument("--offset", type=int, default=0, help="skip this many of the ranked matches")
    p.add_argument("--departments", type=int, default=5, help="at most this many departments answering (default 5)")
    p.add_argument(
        "--answer-json",
        action="store_true",
        help="print the whole answer as JSON, as /api/responsible gives it: departments with units, posts and "
        "reasons, the close call, how the text was read, and the matches (--json prints the matches only)",
    )

    p = sub.add_parser(
        "accountable",
        parents=[common],
        help="the accountability chain of a power: liable posts, situations, sanctions, organs",
    )
    p.add_argument("power", metavar="POWER", help="the power: its IRI, item code, or part of its name")
    p.add_argument(
        "--failure",
        metavar="KIND",
        help="kind of failure: a slug (decision-overturned), a label "
        "(超越职权) or a keyword (撤销, 超期); default any unlawful or improper act",
    )
    p.add_argument("--limit", type=int, default=20, help="at most this many powers (default 20)")

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

    validation_command.add_parser(sub, common)

    p = sub.add_parser("export", parents=[common], help="write the graph as RDF")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig")
    p.add_argument("--graph", metavar="IRI", help="only this named graph")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")

    add_review_commands(sub, common)

    p = sub.add_parser("publish", parents=[common], help="write the public pages as a static site (公示上网)")
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write the site to (new, empty, or a previous site)")
    p.add_argument(
        "--base",
        metavar="IRI",
        default=None,
        help="the base of the IRIs the store holds (default $QUANZE_BASE, else https://w3id.org/quanze/)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress")

    p = sub.add_parser("serve", parents=[common], help="the web service: SPARQL endpoint, JSON API and public pages")
    serve.add_arguments(p)
    return parser


def store_path(args: argparse.Namespace) -> str:
    return getattr(args, "store", None) or os.environ.get("QUANZE_STORE") or DEFAULT_STORE


def remote_store(args: argparse.Namespace) -> RemoteStore | None:
    """The remote store the arguments or the environment name, or None for the embedded one."""
    endpoint = getattr(args, "endpoint", None) or os.environ.get("QUANZE_ENDPOINT")
    if not endpoint:
        return None
    from .remote import RemoteStore  # HTTP clients are imported only when a remote store is used

    return RemoteStore(
        endpoint,
        update_endpoint=getattr(args, "update_endpoint", None) or os.environ.get("QUANZE_UPDATE_ENDPOINT"),
        gsp_endpoint=getattr(args, "gsp", None) or os.environ.get("QUANZE_GSP"),
        user=os.environ.get("QUANZE_ENDPOINT_USER"),
        password=os.environ.get("QUANZE_ENDPOINT_PASSWORD"),
    )


def open_store(args: argparse.Namespace) -> Store:
    remote = remote_store(args)
    if remote is not None:
        remote.check()
        return remote
    return EmbeddedStore(store_path(args))


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# ---------------------------------------------------------------- commands


def cmd_load(args: argparse.Namespace, store: Store) -> int:
    progress = None if args.quiet or getattr(args, "json", False) else ProgressBar("loading")
    report = loading.load(
        store, args.paths, kind=args.kind, jurisdiction=args.jurisdiction, list_id=args.list_id, progress=progress
    )
    if getattr(args, "json", False):
        _print_json(
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
            _print_json(
                [
                    {
                        "name": q.name,
                        "title": q.title,
                        "description": q.description,
                        "params": [p.__dict__ for p in q.params],
                    }
                    for q in items
                ]
            )
        else:
            print(
                render(
                    ["name", "title", "parameters"],
                    [
                        [q.name, q.title, ", ".join(p.name + ("*" if p.required else "") for p in q.params)]
                        for q in items
                    ],
                    max_width=60,
                )
            )
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
    answer = who_is_responsible(
        store, args.text, limit=args.limit, offset=args.offset, departments=args.departments, overlaps=_overlaps(store)
    )
    if args.answer_json:
        _print_json(answer.model_dump(mode="json"))
        return 0
    if getattr(args, "json", False):
        _print_json([_match_json(m) for m in answer.matches])
        return 0
    _print_departments(answer)
    if not answer.matches:
        print(f"No power name, code or article matches {args.text!r}.")
        return 0
    if answer.article:
        print(f"read as the article {answer.article}")
    found = [m.power for m in answer.matches]
    if len(found) <= DETAIL_LIMIT:
        for m in answer.matches:
            _print_power(m.power, m.matched_by)
    else:
        rows = [
            [
                p.name,
                p.type or "",
                p.department.name if p.department else "",
                "、".join(u.name for u in p.units),
                "、".join(x.name for x in p.responsible_posts),
                "、".join(b.label for b in p.basis),
            ]
            for p in found
        ]
        print(
            render(
                ["职权 power", "类型 type", "部门 department", "承办机构 unit", "责任岗位 post", "依据 articles"],
                rows,
                max_width=40,
            )
        )
    shown = f"{answer.offset + 1}-{answer.offset + len(found)} of " if answer.total > len(found) else ""
    print(f"({shown}{answer.total} powers)")
    return 0


def _overlaps(store: Store) -> Callable[[], list[dict]]:
    """The cross-department overlap findings, computed only if a close call needs them."""
    return lambda: analyses.overlaps(store, "cross", None, None)


def _print_departments(answer: ResponsibleAnswer) -> None:
    """The departments answering, each with unit, post, matched powers and why; the close call; or why none."""
    reading = answer.reading
    if not answer.departments:
        if reading is not None and reading.reason:
            print(f"No department found: {reading.reason}.")
        return
    if reading is not None and reading.converted:
        print(f"read as {reading.text}")
    if reading is not None and reading.statutory:
        print("searched also for " + "；".join(f"{s.plain} → {s.statutory}" for s in reading.statutory))
    print("谁负责 who is responsible:")
    for n, d in enumerate(answer.departments, start=1):
        print(f"{n}. {d.department.name}  ({d.score:.2f})")
        print(f"   承办机构 unit:  {'、'.join(u.name for u in d.units) or '—'}")
        print(f"   责任岗位 post:  {'、'.join(x.name for x in d.posts) or '—'}")
        for hit in d.powers:
            print(f"   · {hit.power.name}（{hit.power.type or '—'}）")
            for m in hit.matched:
                where = m.article.label if m.article is not None else m.label
                print(f"       {where}: {'、'.join(m.words)}")
        for a in d.articles:
            print(f"   授权条文 {a.label}: {'、'.join(a.words)}  {a.text[:80]}")
        if d.note:
            print(f"   {d.note}")
    if answer.close_call is not None:
        print(f"! {answer.close_call.message}: {'、'.join(answer.close_call.departments)}")
        for o in answer.close_call.overlaps:
            print(f"  交叉重复 overlap {o.id}: {o.summary}")
    print()


def _match_json(m: ResponsibleMatch) -> dict[str, object]:
    """One match: the keys scripts already read (power, name, type, list, department, units,
    responsible_posts, articles), then the ranking and the power in full."""
    p = m.power
    return {
        **p.model_dump(),
        "power": p.iri,
        "list": p.power_list.iri if p.power_list else None,
        "articles": [{"iri": b.iri, "label": b.label} for b in p.basis],
        "score": m.score,
        "matched_by": m.matched_by,
        "matched_article": m.matched_article,
    }


def _print_power(p: Power, matched_by: str) -> None:
    limits = "；".join(f"{t.text or ''}（{'法定' if t.kind == 'statutory' else '承诺'}）" for t in p.time_limits)
    print(f"{p.name}（{p.type}）  [{matched_by}]")
    print(f"  部门 department:    {p.department.name if p.department else '—'}")
    print(f"  承办机构 unit:      {'、'.join(u.name for u in p.units) or '—'}")
    print(f"  责任岗位 post:      {'、'.join(x.name for x in p.responsible_posts) or '—'}")
    print(f"  依据 articles:      {'；'.join(b.label for b in p.basis) or '—'}")
    print(f"  责任事项 duties:    {len(p.duties)}；追责情形 accountability: {len(p.accountability)}")
    print(f"  期限 time limits:   {limits or '—'}")
    print(f"  救济 remedy:        {'；'.join(p.remedy_channels) or '—'}")
    print(f"  <{p.iri}>")


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    fmt = EXPORT_FORMATS[args.format]
    if args.graph is None and not fmt.supports_datasets:
        print("note: a triple format merges all named graphs; use --format trig or nq to keep them", file=sys.stderr)
    data = store.dump(fmt, args.graph)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_accountable(args: argparse.Namespace, store: Store) -> int:
    chains = accountability_chain(store, args.power, args.failure, args.limit)
    if getattr(args, "json", False):
        _print_json([c.as_dict() for c in chains])
        return 0
    if not chains:
        print(f"No power matches {args.power!r}.")
        return 0
    print("\n\n".join(render_chain(c) for c in chains))
    return 0


def cmd_evaluate(args: argparse.Namespace, store: Store) -> int:
    report = evaluate(store, Path(args.outcomes), threshold=args.threshold, min_decisions=args.min_decisions)
    if getattr(args, "json", False):
        _print_json(report.as_dict())
    else:
        print(render_evaluation(report))
    return 1 if report.flagged else 0


def cmd_publish(args: argparse.Namespace, store: Store) -> int:
    from .web.publish import command  # the page templates load only for this command

    return command(args, store)


def cmd_serve(args: argparse.Namespace, _: Store | None) -> int:
    return serve.serve(args, store_path(args), remote_store(args))


COMMANDS = {
    "load": cmd_load,
    "stats": cmd_stats,
    "query": cmd_query,
    "responsible": cmd_responsible,
    "accountable": cmd_accountable,
    "evaluate": cmd_evaluate,
    "export": cmd_export,
    "overlaps": cmd_overlaps,
    "gaps": cmd_gaps,
    "validate": validation_command.cmd_validate,
    "publish": cmd_publish,
    "serve": cmd_serve,
}
#: Commands that open the store themselves.
SELF_OPENING = {"serve"}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = None if args.command in SELF_OPENING else open_store(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    try:
        return COMMANDS[args.command](args, store)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except QueryTimeout as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
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
