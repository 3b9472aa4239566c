"""The overlap analysis of a synthetic province, step by step, on the embedded store and on Oxigraph's server.

    python bench/overlaps_province.py --powers 10000
    python bench/overlaps_province.py --powers 30000 --only oxigraph

The department page needs the overlap analysis (``find_overlaps``): it reads
the store (``read_snapshot``: one query per fact) and compares the powers in
memory (cross, near, internal, vertical). This prints the time of each query
(with its rows) and of each kind, for the whole store and for one
department (what the department page computes when the whole store's
analysis is not ready), on the embedded store on disk and on Oxigraph's server
over the same files. The store is kept under ``--work`` and reused by the
next run with the same number of powers. ``--visits N --refresh S`` then
serves it over Oxigraph's server and times the department page N times, S
seconds apart (a remote store's caches are rebuilt after ``--refresh``):

    python bench/overlaps_province.py --powers 10000 --only --visits 4 --refresh 10
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from quanze.loaders import iris  # noqa: E402
from quanze.service.analysis.gaps import analyse_gaps  # noqa: E402
from quanze.service.analysis.overlaps import DEFAULT_MIN_SCORE, KINDS, find_overlaps  # noqa: E402
from quanze.service.store.base import Store  # noqa: E402
from quanze.service.store.embedded import EmbeddedStore  # noqa: E402
from quanze.service.store.remote import RemoteStore  # noqa: E402
from quanze.service.validation.run import validate_and_locate  # noqa: E402
from quanze.service.web.catalogue import Catalogue  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from tests.service.servers import start_oxigraph, start_quanze, stop  # noqa: E402


def prepared(work: Path, powers: int) -> Path:
    """The folder of an embedded store holding the synthetic province, loaded once."""
    folder = work / f"province-{powers}"
    if not (folder / "loaded").exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating and loading {powers:,} powers …", file=sys.stderr, flush=True)
        store = EmbeddedStore(folder / "store")
        store.replace_graphs(generate(powers).graphs)
        store.close()
        (folder / "loaded").touch()
    return folder


def run(name: str, store: object, department: str | None) -> None:
    def step(what: str, seconds: float) -> None:
        print(f"  {what}: {seconds:.2f} s", flush=True)

    print(f"{name}, {'department ' + department if department else 'whole store'}:", flush=True)
    started = time.perf_counter()
    found = find_overlaps(store, KINDS, DEFAULT_MIN_SCORE, department, step)  # type: ignore[arg-type]
    print(f"  total: {time.perf_counter() - started:.2f} s, {len(found)} findings", flush=True)


def others(name: str, store: object) -> None:
    """The department page's other parts, each once per store version: catalogue, gaps, validation."""
    for what, build in (
        ("catalogue", lambda: Catalogue.build(store)),  # type: ignore[arg-type]
        ("gaps", lambda: analyse_gaps(store)),  # type: ignore[arg-type]
        ("validation", lambda: validate_and_locate(store)),  # type: ignore[arg-type]
    ):
        started = time.perf_counter()
        build()
        print(f"{name}, {what}: {time.perf_counter() - started:.2f} s", flush=True)


def visits(folder: Path, department: str, count: int, refresh: float) -> None:
    """``quanze serve`` over Oxigraph's server with ``--refresh``: the department page, once a refresh apart."""
    server = start_oxigraph(folder / "store", timeout_s=3600)
    try:
        options = ("--workers", "1", "--timeout", "600", "--refresh", str(refresh))
        service = start_quanze(server.store_args(None), folder / "serve.log", *options)
        try:
            url = service.url + "/" + quote("id/org/" + department)
            for k in range(count):
                started = time.perf_counter()
                with urllib.request.urlopen(url, timeout=3600) as r:
                    r.read()
                print(f"oxigraph, department page visit {k + 1}: {time.perf_counter() - started:.1f} s", flush=True)
                time.sleep(refresh + 1)
        finally:
            stop(service)
    finally:
        server.stop()


def runs(name: str, store: Store, department: str, page: bool) -> None:
    """The whole store, then one department, then (``page``) the page's other parts."""
    run(name, store, None)
    run(name, store, department)
    if page:
        others(name, store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--powers", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/quanze-overlaps-bench"))
    parser.add_argument("--only", choices=["embedded", "oxigraph"], nargs="*", help="default both; none: --visits only")
    parser.add_argument("--page", action="store_true", help="also the page's other parts (gaps, validation …)")
    parser.add_argument("--visits", type=int, default=0, help="then visit the department page so many times …")
    parser.add_argument("--refresh", type=float, default=60.0, help="… a --refresh apart (seconds)")
    parser.add_argument("--department", default="合成市第1局", help="the department of the per-department run")
    args = parser.parse_args()
    folder = prepared(args.work, args.powers)
    department = iris.BASE + "id/org/" + args.department
    for name in ["embedded", "oxigraph"] if args.only is None else args.only:
        if name == "embedded":
            store = EmbeddedStore(folder / "store")
            try:
                runs(name, store, department, args.page)
            finally:
                store.close()
        else:
            server = start_oxigraph(folder / "store", timeout_s=3600)
            try:
                runs(name, RemoteStore(server.query, timeout=3600), department, args.page)
            finally:
                server.stop()
    if args.visits:
        visits(folder, args.department, args.visits, args.refresh)


if __name__ == "__main__":
    main()
