"""``quanze stats``, ``quanze query`` and ``quanze export``: the graph itself, counted, queried and written out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from quanze.service.cli.options import print_json
from quanze.service.sparql import queries
from quanze.service.store.base import Store
from quanze.service.tables import render

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("stats", parents=[common], help="what the graph holds")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("query", parents=[common], help="run a named query of queries/ (--list to see them)")
    p.add_argument("name", nargs="?", metavar="NAME", help="the query's name (its file in queries/, without .rq)")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="a query parameter")
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.set_defaults(run=cmd_query)


def add_export_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help="write the graph as RDF")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig", help="the RDF syntax (default trig)")
    p.add_argument("--graph", metavar="IRI", help="only this named graph")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(run=cmd_export)


def cmd_stats(args: argparse.Namespace, store: Store) -> int:
    counts = {r["what"].value: int(r["count"].value) for r in store.select(queries.get("stats").text)}
    counts["statements"] = len(store)
    counts["graphs"] = len(store.named_graphs())
    if getattr(args, "json", False):
        print_json(counts)
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
            print_json(
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
        print_json([{k: _term_text(v) for k, v in r.items()} for r in rows])
    else:
        print(render(names, [[_term_text(r[k]) for k in names] for r in rows]))
        print(f"({len(rows)} rows)")
    return 0


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
