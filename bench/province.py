"""The province at scale: the synthetic province in Virtuoso, Oxigraph's server and the embedded store.

    python bench/province.py --powers 100000      # a province's worth of lists (about 6 M statements)
    python bench/province.py --powers 2000        # a quick look while developing

One run, the three stores one after the other, on the same data: the lists of
``bench/synthetic.py`` (about 62 statements a power, 3% of the powers with a
seeded defect). For each store:

- **load**: quanze's own write path, ``Store.replace_graphs`` with every graph
  (what ``quanze load`` does once the files are read): on the embedded store a
  RocksDB transaction; on the servers SPARQL Update in requests of 1,000
  statements (``service/remote.py``);
- **validate**: the default engine (``validate(store)``, as ``quanze validate``):
  on Oxigraph (the embedded store on disk, a query per core at once, and its
  server, one at a time) each query's triple patterns hash-joined and its
  semi-join EXISTS read once (decisions 0017, 0018), the plain SPARQL 1.1 plan
  on Virtuoso; the findings are compared with the embedded store's;
- **API and pages**: ``quanze serve`` over the store, then sequential requests
  (one client): the answer to "who is responsible" for a power's name, a
  power, a department (1,000 powers) as JSON, and the power and department pages;
  p50 and p99 over ``--requests`` requests each, after one untimed request.

Virtuoso is Debian's virtuoso-opensource 7.2 with ``--virtuoso-gb`` of buffers;
Oxigraph's server is the ``oxigraph`` the test extras install. Results go to
``bench/results/province-<powers>.json`` and a table to standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from quanze.service.store.embedded import EmbeddedStore  # noqa: E402
from quanze.service.store.remote import RemoteStore  # noqa: E402
from quanze.service.validation.engine import supports_lateral  # noqa: E402
from quanze.service.validation.run import on_disk, scans_pay, validate  # noqa: E402

from bench.harness import rss_mb  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from tests.service.servers import (  # noqa: E402  (the test suite's launchers: own ports, own folders)
    Running,
    SparqlServer,
    start_oxigraph,
    start_quanze,
    start_virtuoso,
    stop,
)

RESULTS = REPO / "bench" / "results"


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


#: How long the first request of a kind may take (it builds the service's indexes for the store version).
FIRST_TIMEOUT_S = 600


def get(url: str) -> float:
    """Milliseconds for one GET, body read; fails loudly on an error status."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=FIRST_TIMEOUT_S) as r:
        r.read()
    return (time.perf_counter() - started) * 1000


def latencies(base: str, paths: list[str], requests: int) -> dict[str, float | None]:
    """First, median and 99th-percentile milliseconds; None for all three when the first request
    took over FIRST_TIMEOUT_S (the run goes on with the next kind, the table says so)."""
    try:
        first = get(base + paths[0])  # builds the service's indexes and caches for this store version
    except TimeoutError:
        return {"first_ms": None, "p50_ms": None, "p99_ms": None}
    times = sorted(get(base + paths[i % len(paths)]) for i in range(requests))
    return {
        "first_ms": round(first, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
    }


def endpoints(base: str) -> dict[str, list[str]]:
    """What a citizen's or an official's visit asks for, taken from the store itself."""
    department = "合成市第1局"
    with urllib.request.urlopen(base + "/api/departments/" + quote(department), timeout=600) as r:
        powers = json.load(r)["powers"][:50]
    return {
        "API who is responsible": ["/api/responsible?q=" + quote(p["name"]) for p in powers],
        "API power": [p["href"] for p in powers],
        "API department (1,000 powers)": ["/api/departments/" + quote(department)],
        "page power": ["/" + quote(p["iri"].split("/quanze/", 1)[1]) for p in powers],
        "page department": ["/" + quote("id/org/" + department)],
    }


def folder_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def measure(
    name: str,
    store: EmbeddedStore | RemoteStore,
    args: list[str],
    graphs: dict,
    work: Path,
    requests: int,
    server: SparqlServer | None,
) -> dict:
    print(f"{name}: loading …", file=sys.stderr, flush=True)
    load_s, _ = timed(lambda: store.replace_graphs(graphs))
    out: dict[str, object] = {"load_s": round(load_s, 1), "statements": len(store)}
    out["disk_mb"] = folder_mb(work / ("store" if server is None else name))
    print(
        f"{name}: loaded {out['statements']:,} statements in {out['load_s']} s; validating …",
        file=sys.stderr,
        flush=True,
    )
    workers = len(os.sched_getaffinity(0))  # as `quanze validate` runs: a query per core at once on disk
    if not supports_lateral(store):
        out["plan"] = "plain SPARQL 1.1"
    elif scans_pay(store):
        out["plan"] = f"hash joins, {workers if on_disk(store) else 1} at a time"
    else:
        out["plan"] = "LATERAL batches"
    validate_s, report = timed(lambda: validate(store, workers=workers))
    out["validate_s"] = round(validate_s, 1)
    out["findings"] = sorted(report.keys())  # type: ignore[attr-defined]
    if server is not None:
        out["server_rss_mb"] = round(rss_mb(server.process.pid))  # after loading and validating
    if isinstance(store, EmbeddedStore):
        store.close()  # the service opens it
    print(
        f"{name}: validated in {out['validate_s']} s, {len(report.results)} results; serving …",
        file=sys.stderr,
        flush=True,
    )
    service: Running = start_quanze(args, work / f"{name}-serve.log", "--workers", "2", "--timeout", "120")
    try:
        out["requests"] = {
            what: latencies(service.url, paths, requests) for what, paths in endpoints(service.url).items()
        }
    finally:
        stop(service)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--powers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per kind")
    parser.add_argument("--virtuoso-gb", type=float, default=2.0, help="Virtuoso's buffers (NumberOfBuffers)")
    parser.add_argument("--only", choices=["embedded", "oxigraph", "virtuoso"], nargs="*")
    args = parser.parse_args()
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"generating {args.powers:,} synthetic powers …", file=sys.stderr, flush=True)
    synthetic = generate(args.powers)
    graphs = synthetic.graphs
    results: dict[str, dict] = {}
    work = Path(tempfile.mkdtemp(prefix="quanze-province-"))
    try:
        for name in args.only or ["embedded", "oxigraph", "virtuoso"]:
            server: SparqlServer | None = None
            if name == "embedded":
                store: EmbeddedStore | RemoteStore = EmbeddedStore(work / "store")
                store_args = ["--store", str(work / "store")]
            else:
                if name == "oxigraph":
                    server = start_oxigraph(work / "oxigraph", timeout_s=600)
                else:
                    server = start_virtuoso(work / "virtuoso", timeout_s=600, memory_gb=args.virtuoso_gb)
                store = RemoteStore(server.query, update_endpoint=server.update, timeout=600)
                store_args = server.store_args(None)
            try:
                results[name] = measure(name, store, store_args, graphs, work, args.requests, server)
                print(f"{name}: {summary_row(name, results[name])}", file=sys.stderr, flush=True)
            finally:
                if server is not None:
                    server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    reference = results.get("embedded", {}).get("findings")
    for r in results.values():
        r["same_findings_as_embedded"] = reference is None or r["findings"] == reference
        r["findings"] = len(r["findings"])
    summary = {
        "date": started,
        "command": f"python bench/province.py --powers {args.powers} --requests {args.requests}",
        "powers": args.powers,
        "statements_generated": synthetic.statements,
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} CPUs shared",
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"province-{args.powers}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    print(report(summary))


def report(summary: dict) -> str:
    """The results as a Markdown table, one row per store."""
    kinds = next(iter(summary["results"].values()))["requests"]
    rows = [
        "| store | load s | statements | disk MB | validate s (plan) | findings (same) | "
        + " | ".join(f"{k} first · p50/p99 ms" for k in kinds)
        + " |"
    ]
    rows.append("|" + "---|" * (6 + len(kinds)))
    rows += [summary_row(name, r) for name, r in summary["results"].items()]
    return "\n".join(rows)


def summary_row(name: str, r: dict) -> str:
    """One store's row; while the run goes on its findings are a list, counted here."""
    cells = [
        f"{v['first_ms']:,.0f} · {v['p50_ms']} / {v['p99_ms']}"
        if v["first_ms"] is not None
        else f"first over {FIRST_TIMEOUT_S} s"
        for v in r["requests"].values()
    ]
    count = r["findings"] if isinstance(r["findings"], int) else len(r["findings"])
    same = {True: "yes", False: "NO"}.get(r.get("same_findings_as_embedded"), "…")
    return (
        f"| {name} | {r['load_s']} | {r['statements']:,} | {r['disk_mb']} | {r['validate_s']} ({r['plan']}) | "
        f"{count} ({same}) | " + " | ".join(cells) + " |"
    )


if __name__ == "__main__":
    main()
