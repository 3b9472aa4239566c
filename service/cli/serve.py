"""``quanze serve``: the web service on an embedded store folder or a remote SPARQL server.

The web stack is imported only when the service starts, so that the other
commands start fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quanze.service.cli.options import remote_store, store_path

if TYPE_CHECKING:
    from quanze.service.http.backends import Backend
    from quanze.service.store.remote import RemoteStore

DEFAULTS = {
    "host": "127.0.0.1",
    "port": 8000,
    "timeout": 10.0,
    "max_result_mb": 64,
    "max_query_kb": 100,
    "memory_mb": 2048,
    "recycle_mb": 1024,
    "refresh": 60.0,
}


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="the web service: SPARQL endpoint, JSON API and public pages")
    add_arguments(p)
    p.set_defaults(run=cmd_serve, opens_store=True)


def cmd_serve(args: argparse.Namespace, _: object) -> int:
    return serve(args, store_path(args), remote_store(args))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=DEFAULTS["host"], help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULTS["port"], help="port (default 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=max(2, os.cpu_count() or 2),
        help="query worker processes for an embedded store (default: the cores, at least 2)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=float(os.environ.get("QUANZE_QUERY_TIMEOUT", DEFAULTS["timeout"])),
        help="time limit of every query in seconds (default 10, or $QUANZE_QUERY_TIMEOUT)",
    )
    p.add_argument(
        "--max-result-mb",
        type=float,
        default=DEFAULTS["max_result_mb"],
        help="largest result a query may return, in MB (default 64)",
    )
    p.add_argument(
        "--max-query-kb",
        type=float,
        default=DEFAULTS["max_query_kb"],
        help="longest query text accepted, in KB (default 100)",
    )
    p.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULTS["memory_mb"],
        help="memory cap of each query worker in MB; 0 for none (default 2048)",
    )
    p.add_argument(
        "--recycle-mb",
        type=int,
        default=DEFAULTS["recycle_mb"],
        help="replace a query worker whose resident memory passed this, in MB; 0 never (default 1024)",
    )
    p.add_argument(
        "--no-network-isolation",
        action="store_true",
        help="do not run query workers in an empty network namespace even where possible",
    )
    p.add_argument(
        "--admin-token-file",
        metavar="FILE",
        help="file holding the token that PUT /api/lists/{id} needs (or $QUANZE_ADMIN_TOKEN); "
        "without one the service is read-only",
    )
    p.add_argument("--jurisdiction", metavar="NAME", help="city of uploaded lists that do not name one")
    p.add_argument(
        "--refresh",
        type=float,
        default=DEFAULTS["refresh"],
        help="remote stores: seconds after which cached graph lists and the name index are re-read (default 60)",
    )
    p.add_argument(
        "--base",
        metavar="IRI",
        default=os.environ.get("QUANZE_BASE", "https://w3id.org/quanze/"),
        help="the base of the IRIs the store holds (as QUANZE_BASE was when loading): the path /id/org/X "
        "serves the IRI {base}id/org/X (default $QUANZE_BASE, else https://w3id.org/quanze/)",
    )
    p.add_argument("--access-log", action="store_true", help="log every request")


def admin_token(args: argparse.Namespace) -> str | None:
    if args.admin_token_file:
        token = Path(args.admin_token_file).read_text(encoding="utf-8").strip()
        if not token:
            raise ValueError(f"the admin token file {args.admin_token_file} is empty")
        return token
    return os.environ.get("QUANZE_ADMIN_TOKEN") or None


def make_backend(args: argparse.Namespace, store_path: str, remote: RemoteStore | None) -> Backend:
    from quanze.service.http.backends import EmbeddedBackend, Limits, RemoteBackend

    limits = Limits(
        timeout=args.timeout,
        max_result_bytes=int(args.max_result_mb * 1024 * 1024),
        max_query_bytes=int(args.max_query_kb * 1024),
    )
    if remote is not None:
        remote.check()
        return RemoteBackend(remote, limits, refresh_seconds=args.refresh)
    return EmbeddedBackend(
        store_path,
        limits,
        workers=args.workers,
        memory_mb=args.memory_mb,
        recycle_mb=args.recycle_mb,
        isolate_network=not args.no_network_isolation,
    )


def serve(args: argparse.Namespace, store_path: str, remote: RemoteStore | None) -> int:
    import uvicorn
    from quanze.service.app import create_app
    from quanze.service.http.settings import Settings

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    base = args.base if args.base.endswith("/") else args.base + "/"
    settings = Settings(admin_token=admin_token(args), jurisdiction=args.jurisdiction, base=base)
    backend = make_backend(args, store_path, remote)
    where = remote.endpoint if remote is not None else store_path
    print(
        f"quanze serves {where} on http://{args.host}:{args.port}/ (SPARQL at /sparql, API docs at /docs)",
        file=sys.stderr,
    )
    app = create_app(backend, settings)
    # On shutdown, requests still running get 5 s; then the workers are stopped with them.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        access_log=args.access_log,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
    return 0
