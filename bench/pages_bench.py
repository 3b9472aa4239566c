"""Benchmark of the public pages and of ``quanze publish`` on the shared data, with wrk over loopback.

    python bench/pages_bench.py [--shared ../shared/data] [--seconds 10]

Loads every shared statute and list into a fresh store, starts ``quanze
serve`` (2 query workers), and measures with wrk, one connection for latency
(p50/p99) and four for throughput, the pages the issue names: the department
page of the market-regulation bureau (442 powers) and its power pages (cycling
through all of them), beside the home page and article pages. The first
request of each page after the start is timed too (the catalogue and the
overlap analysis are built in the background at start). Then it stops the
service and times ``quanze publish`` of the whole store. Prints a table;
the JSON goes to bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from harness import BIN, Request, quanze_server, wrk

REPO = Path(__file__).resolve().parents[1]
MARKET = "克拉玛依市市场监督管理局"
HTML = "text/html"


def get(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": HTML}), timeout=600) as r:
        body = r.read()
    return (time.perf_counter() - started) * 1000, body


def pages(base: str) -> dict[str, list[str]]:
    with urllib.request.urlopen(base + "/api/departments/" + quote(MARKET), timeout=600) as r:
        dept = json.load(r)
    powers = ["/" + quote(p["iri"].split("/quanze/", 1)[1]) for p in dept["powers"]]
    articles = []
    for p in dept["powers"][:60]:
        with urllib.request.urlopen(base + p["href"], timeout=600) as r:
            articles += ["/" + quote(b["iri"].split("/quanze/", 1)[1]) for b in json.load(r)["basis"]]
    return {
        "department (442 powers)": ["/" + quote("id/org/" + MARKET)],
        "power (all 442, cycled)": powers,
        "article": sorted(set(articles))[:100],
        "home": ["/"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quanze-pages-bench-"))
    store = work / "store"
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "quanze"),
            "load",
            "--quiet",
            "--store",
            str(store),
            "--jurisdiction",
            "克拉玛依市",
            str(args.shared / "laws"),
            str(args.shared / "powerlists"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    load_s = time.perf_counter() - started
    server = quanze_server(store, work / "serve.log", "--workers", "2")
    results: dict[str, dict] = {}
    try:
        targets = pages(server.base)
        first = {name: get(server.base + paths[0])[0] for name, paths in targets.items()}
        for name, paths in targets.items():
            requests = [Request("GET", p, accept=HTML) for p in paths]
            for p in paths:  # every page once, so that wrk measures pages, not first visits
                get(server.base + p)
            latency = wrk(server.base, requests, 1, args.seconds)
            throughput = wrk(server.base, requests, 4, args.seconds, threads=2)
            results[name] = {"first_ms": first[name], "latency": latency, "throughput": throughput, "pages": len(paths)}
    finally:
        server.stop()
    site = work / "site"
    started = time.perf_counter()
    subprocess.run([str(BIN / "quanze"), "publish", "--quiet", "--store", str(store), str(site)], check=True)
    publish_s = time.perf_counter() - started
    files = sum(1 for _ in site.rglob("*") if _.is_file())
    print(f"quanze pages on the shared data (loaded in {load_s:.1f} s), wrk over loopback, {args.seconds:g} s a run")
    print(
        f"{'page':<26} {'first ms':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s 1c':>9} {'req/s 4c':>9} "
        f"{'errors':>7}"
    )
    for name, r in results.items():
        lat, thr = r["latency"], r["throughput"]
        errors = lat.get("errors", 0) + thr.get("errors", 0)
        print(
            f"{name:<26} {r['first_ms']:9.1f} {lat['p50_ms']:8.1f} {lat['p99_ms']:8.1f} {lat['max_ms']:8.1f} "
            f"{lat['rps']:9.1f} {thr['rps']:9.1f} {errors:7d}"
        )
    print(f"quanze publish of the whole store: {publish_s:.1f} s, {files} files")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.json").write_text(
        json.dumps({"pages": results, "publish_s": publish_s, "files": files, "load_s": load_s}, indent=1),
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
