"""Benchmark of the query service over loopback, with wrk as the load generator.

On the full shared data and on a synthetic province of about 100,000 powers
(see stores.py), in one run:

1. ``/sparql`` on the named queries of ``queries/``, against (a) Oxigraph's
   own server answering the same queries on the same store files (the floor)
   and (b) rdflib-endpoint serving the same data (the peer; shared data only:
   rdflib needs about 1.2 KB of memory per statement and minutes to load the
   7 M statements of the synthetic province). Latency: one client, p50 and p99
   per query. Throughput: 8 clients cycling through all the queries.
2. ``/api/responsible``: p50, p99 with one client and requests/s with 8.
3. A bounded load test: 16 clients for 60 s on a mix of the API and /sparql,
   with a pathological query (a cartesian product) sent every 5 s, reading
   the resident memory of the service and its workers every second.

Every server answers each query once before timing, and the row counts of
the three are compared. Results are printed as tables and written to
bench/results/. Run: ``python bench/service_bench.py [--shared DIR]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from harness import (
    Request,
    Server,
    oxigraph_server,
    quanze_server,
    rdflib_server,
    rss_mb,
    sparql_request,
    wrk,
)
from quanze.service.sparql.queries import get
from quanze.service.store.embedded import EmbeddedStore
from stores import build_shared, build_synthetic, shared_data

RESULTS = Path(__file__).resolve().parent / "results"
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Whole-graph statistics: at province scale they take seconds even on the floor, so the load test
#: of the synthetic graph leaves them out (interactive queries only) and says so.
ANALYTIC = {"departments", "stats", "responsible (q=特种设备)"}


@dataclass
class Dataset:
    name: str
    store: Path
    queries: dict[str, str] = field(default_factory=dict)  # label → SPARQL
    who: list[str] = field(default_factory=list)  # texts for /api/responsible
    statements: int = 0
    powers: int = 0


def first(store: EmbeddedStore, query: str) -> str:
    rows = store.select(query)
    if not rows:
        raise RuntimeError(f"the store has nothing for: {query}")
    return next(iter(rows[0].values())).value


def prepare(name: str, store_path: Path, city: str) -> Dataset:
    """The named queries with parameters taken from the data, and the who-is-responsible texts."""
    store = EmbeddedStore(store_path)
    prefix = "PREFIX qz: <https://w3id.org/quanze/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    department = first(
        store,
        prefix + f'SELECT ?d WHERE {{ ?d a qz:Department ; rdfs:label "{city}市场监督管理局"@zh }}',
    )
    power = first(
        store,
        prefix + f"SELECT ?p WHERE {{ ?p qz:department <{department}> ; a qz:Power ; "
        "qz:hasDuty ?x ; qz:hasLegalBasis ?b } ORDER BY ?p LIMIT 1",
    )
    codes = store.select(prefix + "SELECT ?c WHERE { ?p qz:code ?c } ORDER BY ?c LIMIT 1")
    ds = Dataset(name, store_path)
    ds.queries = {
        "responsible (q=特种设备)": get("responsible").bind({"q": "特种设备"}),
        "article-powers (药品管理法第一百三十九条)": get("article-powers").bind(
            {"article": "药品管理法第一百三十九条"}
        ),
        "power-detail": get("power-detail").bind({"power": power}),
        "department": get("department").bind({"department": department}),
        "department-powers": get("department-powers").bind({"department": department}),
        "departments": get("departments").text,
        "stats": get("stats").text,
    }
    ds.who = [
        "特种设备使用登记",
        "特种设备",
        "药品管理法第一百三十九条",
        "《中华人民共和国药品管理法》第139条",
        "建设工程质量",
        "食品经营许可",
        "农药",
        "价格法第三十三条",
        "消防",
        "劳动保障监察条例第三十条",
        "城镇燃气",
        *(r["c"].value for r in codes),
    ]
    ds.statements = len(store)
    ds.powers = int(
        first(
            store,
            prefix + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { { ?p a qz:Power } UNION { ?p a qz:SubItem } }",
        )
    )
    store.close()
    return ds


def rows_of(server: Server, query: str, timeout: float = 600) -> int:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        server.base + server.sparql_path,
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=timeout) as r:
        return len(json.loads(r.read())["results"]["bindings"])


def settle(result: dict) -> dict:
    """Wait until the server has finished the request wrk left running (slow peers), then go on."""
    time.sleep(min(result["max_ms"] / 1000, 15) + 0.3)
    return result


def interleaved(servers: list[Server], measure, rounds: int) -> dict[str, dict]:
    """``measure(server)`` for each server in turn, ``rounds`` times; the median of each figure.

    The machine is shared: taking the servers in turn, several times, keeps a
    burst of other work from falling on one server only.
    """
    runs: dict[str, list[dict]] = {s.name: [] for s in servers}
    for _ in range(rounds):
        for s in servers:
            runs[s.name].append(settle(measure(s)))
    return {name: {k: statistics.median(r[k] for r in results) for k in results[0]} for name, results in runs.items()}


def sparql_table(ds: Dataset, servers: list[Server], seconds: dict[str, float], rounds: int) -> dict:
    """Per-query latency (1 client) and mixed throughput (8 clients) of each server."""
    results: dict = {"latency": {}, "throughput": {}, "rows": {}}
    for label, query in ds.queries.items():
        counts = {s.name: rows_of(s, query) for s in servers}
        results["rows"][label] = counts
        if len(set(counts.values())) != 1:
            print(
                f"  WARNING: {label}: the servers disagree on the number of rows: {counts}",
                file=sys.stderr,
            )
        results["latency"][label] = interleaved(
            servers,
            lambda s, q=query: wrk(s.base, [sparql_request(s, q)], 1, seconds[s.name]),
            rounds,
        )
        print(
            f"  {ds.name} {label}: "
            + ", ".join(f"{n} p50 {r['p50_ms']:.2f} ms" for n, r in results["latency"][label].items()),
            file=sys.stderr,
        )
    results["throughput"] = interleaved(
        servers,
        lambda s: wrk(
            s.base,
            [sparql_request(s, q) for q in ds.queries.values()],
            8,
            seconds[s.name] * 2,
            threads=2,
        ),
        rounds,
    )
    print(
        f"  {ds.name} mix: " + ", ".join(f"{n} {r['rps']:.1f} req/s" for n, r in results["throughput"].items()),
        file=sys.stderr,
    )
    return results


def who_requests(texts: list[str]) -> list[Request]:
    return [Request("GET", "/api/responsible?" + urllib.parse.urlencode({"q": t})) for t in texts]


def first_asks(quanze: Server, texts: list[str]) -> dict:
    """The time of the first request for each text: the name index read, the ranking computed."""
    times = []
    for text in texts:
        started = time.monotonic()
        url = quanze.base + "/api/responsible?" + urllib.parse.urlencode({"q": text})
        with urllib.request.urlopen(url, timeout=600) as r:
            r.read()
        times.append((time.monotonic() - started) * 1000)
    rest = times[1:] or times
    return {"first_ms": times[0], "p50_ms": statistics.median(rest), "max_ms": max(rest)}


def load_test(ds: Dataset, quanze: Server, mix: list[Request], seconds: int = 60, clients: int = 16) -> dict:
    """Bounded clients for a bounded time, a pathological query every 5 s, memory every second."""
    memory: list[tuple[float, float]] = []
    outcomes: list[int] = []
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            memory.append((time.monotonic() - started, rss_mb(quanze.process.pid)))
            stop.wait(1)

    def pathological() -> None:
        while not stop.wait(5):
            data = urllib.parse.urlencode({"query": PATHOLOGICAL}).encode()
            try:
                with urllib.request.urlopen(quanze.base + "/sparql", data=data, timeout=120) as r:
                    outcomes.append(r.status)
            except urllib.error.HTTPError as exc:
                outcomes.append(exc.code)
            except OSError:
                outcomes.append(0)

    threads = [threading.Thread(target=sample), threading.Thread(target=pathological)]
    for t in threads:
        t.start()
    result = wrk(quanze.base, mix, clients, seconds, threads=2)
    stop.set()
    for t in threads:
        t.join()
    rss = [m for _, m in memory]
    half = len(rss) // 2
    return {
        "clients": clients,
        "seconds": seconds,
        **result,
        "pathological": outcomes,
        "rss_start_mb": rss[0],
        "rss_peak_mb": max(rss),
        "rss_end_mb": rss[-1],
        "rss_first_half_mean_mb": statistics.mean(rss[:half] or rss),
        "rss_second_half_mean_mb": statistics.mean(rss[half:] or rss),
        "rss_samples": len(rss),
    }


def run_dataset(ds: Dataset, work: Path, with_peer: bool, seconds: float, rounds: int) -> dict:
    floor_copy = work / f"{ds.name}-floor"
    shutil.rmtree(floor_copy, ignore_errors=True)
    store = EmbeddedStore(ds.store)
    store.snapshot(floor_copy)  # the same compacted files for the floor as for quanze's workers
    dump = work / f"{ds.name}.nq"
    if with_peer:
        dump.write_bytes(store.dump(ox.RdfFormat.N_QUADS))
    store.close()
    servers = [
        quanze_server(ds.store, work / f"{ds.name}-quanze.log", "--timeout", "120", "--max-result-mb", "512"),
        oxigraph_server(floor_copy, work / f"{ds.name}-oxigraph.log"),
    ]
    if with_peer:
        servers.append(rdflib_server(dump, work / f"{ds.name}-rdflib.log"))
    try:
        budget = {"quanze": seconds, "oxigraph": seconds, "rdflib-endpoint": seconds * 3}
        out = {"sparql": sparql_table(ds, servers, budget, rounds)}
        quanze = servers[0]
        out["who_first"] = first_asks(quanze, ds.who)
        out["who_latency"] = wrk(quanze.base, who_requests(ds.who), 1, seconds * 3)
        out["who_throughput"] = wrk(quanze.base, who_requests(ds.who), 8, seconds * 3, threads=2)
        print(
            f"  {ds.name} who-is-responsible: p50 {out['who_latency']['p50_ms']:.1f} ms, "
            f"{out['who_throughput']['rps']:.0f} req/s",
            file=sys.stderr,
        )
    finally:
        for s in servers:
            s.stop()
    # The load test runs the service as deployed: default limits (10 s per query).
    service = quanze_server(ds.store, work / f"{ds.name}-quanze-load.log")
    try:
        first_asks(service, ds.who[:1])  # the service has read its name index
        labels = [k for k in ds.queries if k not in ANALYTIC] if ds.name == "synthetic" else list(ds.queries)
        mix = who_requests(ds.who) + [sparql_request(service, ds.queries[k]) for k in labels]
        out["load"] = load_test(ds, service, mix)
        out["load"]["queries"] = labels
    finally:
        service.stop()
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def report(datasets: list[Dataset], results: dict, started: str) -> str:
    lines = [
        f"# Query service benchmark ({started})",
        "",
        "wrk over loopback on one 2-core machine shared with other work; quanze serve with 2 "
        "query workers on its embedded store; the floor is Oxigraph's server on a copy of the "
        "same store files; the peer "
        "is rdflib-endpoint on the same data. Latencies in ms.",
        "",
    ]
    for ds in datasets:
        r = results[ds.name]
        sp = r["sparql"]
        names = list(sp["throughput"])
        lines += [
            f"## {ds.name}: {ds.powers:,} powers and sub-items, {ds.statements:,} statements",
            "",
            "### /sparql, named queries, one client: p50 (p99)",
            "",
            "| query | rows | "
            + " | ".join(names)
            + " | quanze / floor (p50) |"
            + (" rdflib / quanze (p50) |" if "rdflib-endpoint" in names else ""),
            "|---|---:|" + "---:|" * len(names) + "---:|" + ("---:|" if "rdflib-endpoint" in names else ""),
        ]
        ratios = []
        for label, per in sp["latency"].items():
            cells = [f"{per[n]['p50_ms']:.2f} ({per[n]['p99_ms']:.2f})" for n in names]
            q, f = per["quanze"]["p50_ms"], per["oxigraph"]["p50_ms"]
            ratios.append(q / f)
            row = f"| {label} | {sp['rows'][label]['quanze']} | " + " | ".join(cells) + f" | {ratio(q, f)} |"
            if "rdflib-endpoint" in per:
                row += f" {ratio(per['rdflib-endpoint']['p50_ms'], q)} |"
            lines.append(row)
        geo = statistics.geometric_mean(ratios)
        lines += [
            "",
            f"Geometric mean of quanze / floor p50 over the queries: **{geo:.2f}** (target ≤ 1.5).",
            "",
            "### /sparql, all the named queries in turn, 8 clients",
            "",
            "| server | requests/s | p50 | p99 | errors |",
            "|---|---:|---:|---:|---:|",
        ]
        for n in names:
            t = sp["throughput"][n]
            lines.append(f"| {n} | {t['rps']:.1f} | {t['p50_ms']:.1f} | {t['p99_ms']:.1f} | {t['errors']} |")
        tq = sp["throughput"]["quanze"]["rps"]
        lines += [
            "",
            f"quanze / floor throughput: **{ratio(tq, sp['throughput']['oxigraph']['rps'])}**",
        ]
        if "rdflib-endpoint" in names:
            lines.append(
                "; quanze / rdflib-endpoint throughput: "
                f"**{ratio(tq, sp['throughput']['rdflib-endpoint']['rps'])}** "
                "(target ≥ 20)."
            )
        w, wt, wf = r["who_latency"], r["who_throughput"], r["who_first"]
        load = r["load"]
        patho = load["pathological"]
        lines += [
            "",
            f"### /api/responsible ({len(ds.who)} texts in turn: names, parts of names, "
            "articles, codes if the lists have them)",
            "",
            "| clients | requests/s | p50 | p99 | errors |",
            "|---:|---:|---:|---:|---:|",
            f"| 1 | {w['rps']:.1f} | {w['p50_ms']:.1f} | {w['p99_ms']:.1f} | {w['errors']} |",
            f"| 8 | {wt['rps']:.1f} | {wt['p50_ms']:.1f} | {wt['p99_ms']:.1f} | {wt['errors']} |",
            "",
            f"Each text asked for the first time (its ranking not yet kept): p50 {wf['p50_ms']:.1f} ms, "
            f"max {wf['max_ms']:.1f} ms; the very first request after start, which waits for the name "
            f"index: {wf['first_ms']:.0f} ms.",
            "",
            "Load-test queries: /api/responsible and " + ", ".join(load["queries"]) + ".",
            "",
            f"### Load test: {load['clients']} clients for {load['seconds']} s "
            "(API and /sparql mixed), "
            "a cartesian product every 5 s",
            "",
            "| requests | requests/s | p50 | p99 | errors | pathological queries (status: count) | "
            "RSS start / peak / end (MB) | RSS mean, 1st / 2nd half (MB) |",
            "|---:|---:|---:|---:|---:|---|---|---|",
            f"| {load['requests']} | {load['rps']:.1f} | {load['p50_ms']:.1f} | "
            f"{load['p99_ms']:.1f} | {load['errors']} | "
            f"{', '.join(f'{s}: {patho.count(s)}' for s in sorted(set(patho)))} | "
            f"{load['rss_start_mb']:.0f} / {load['rss_peak_mb']:.0f} / {load['rss_end_mb']:.0f} | "
            f"{load['rss_first_half_mean_mb']:.0f} / {load['rss_second_half_mean_mb']:.0f} |",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, help="the folder that contains data/ (default ../shared)")
    parser.add_argument("--cities", type=int, default=75, help="synthetic cities (75 ≈ 100,000 powers)")
    parser.add_argument("--seconds", type=float, default=3, help="wrk duration per query, server and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds taking the servers in turn")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the stores even if they exist")
    parser.add_argument("--only", choices=["shared", "synthetic"], help="run one dataset only")
    args = parser.parse_args()
    data = shared_data(args.shared)
    started = datetime.now().strftime("%Y-%m-%d %H:%M")
    work = RESULTS / "work"
    work.mkdir(parents=True, exist_ok=True)
    datasets, results = [], {}
    for name in ("shared", "synthetic"):
        if args.only and name != args.only:
            continue
        path = RESULTS / "stores" / name
        if args.rebuild or not path.exists():
            print(f"building the {name} store …", file=sys.stderr)
            (build_shared(path, data) if name == "shared" else build_synthetic(path, data, args.cities))
        ds = prepare(name, path, "克拉玛依市" if name == "shared" else "合成1市")
        datasets.append(ds)
        results[name] = run_dataset(ds, work, with_peer=name == "shared", seconds=args.seconds, rounds=args.rounds)
    text = report(datasets, results, started)
    print(text)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    (RESULTS / f"service-{stamp}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"service-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
