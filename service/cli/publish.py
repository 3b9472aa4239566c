"""``quanze publish OUTDIR``: the public pages as a static site (公示上网)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quanze.loaders import iris
from quanze.service.progress import ProgressBar
from quanze.service.store.base import Store
from quanze.service.web.publish import prepare_folder, publish


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("publish", parents=[common], help="write the public pages as a static site (公示上网)")
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write the site to (new, empty, or a previous site)")
    p.add_argument(
        "--base",
        metavar="IRI",
        default=None,
        help="the base of the IRIs the store holds (default $QUANZE_BASE, else https://w3id.org/quanze/)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress")
    p.set_defaults(run=cmd_publish)


def cmd_publish(args: argparse.Namespace, store: Store) -> int:
    base = args.base or iris.BASE
    base = base if base.endswith("/") else base + "/"
    folder = Path(args.outdir)
    prepare_folder(folder)
    quiet = args.quiet or getattr(args, "json", False)
    bar = None if quiet else ProgressBar("publish")
    done = publish(store, folder, base, bar, None if quiet else lambda m: print(m, file=sys.stderr, flush=True))
    if getattr(args, "json", False):
        print(
            json.dumps(
                {
                    "folder": str(done.folder),
                    "pages": done.pages,
                    "files": done.files,
                    "seconds": round(done.seconds, 2),
                    "by_kind": done.by_kind,
                },
                ensure_ascii=False,
            )
        )
    else:
        kinds = ", ".join(f"{n} {k}" for k, n in done.by_kind.items())
        print(
            f"Wrote {done.pages} pages ({kinds}) and {done.files - done.pages} downloads to {done.folder} "
            f"in {done.seconds:.1f} s. Open {done.folder / 'index.html'}."
        )
    return 0
