"""Plain questions through the API: index build time and memory, and /api/responsible latency.

First, in this process, the plain-question index of the store is built
(:meth:`QuestionIndex.build`, as the service builds it once per store
version): its build time and the resident memory it adds. Then ``quanze
serve`` is started on the store and every question of ``bench/questions.tsv``
is asked through ``/api/responsible`` by one client on one kept-alive
connection, ``--rounds`` times: p50, p90 and p99 of the wall time of each
request, after a first request that waits for the service's own index.

    .venv/bin/python bench/responsible_bench.py --store DIR [--rounds 5] [--json]

The stores: ``python bench/stores.py shared DIR`` (the shared data) and
``python bench/stores.py synthetic DIR`` (about 100,000 powers).
"""

from __future__ import annotations

import argparse
import gc
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from harness import quanze_server
from quanze.service.lookup.questions import QuestionIndex
from quanze.service.store.embedded import EmbeddedStore
from responsible_eval import read_questions

ROOT = Path(__file__).resolve().parent.parent


def rss_mib() -> float:
    """This process's resident memory, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_index(store_path: Path) -> dict[str, float]:
    store = EmbeddedStore(store_path)
    gc.collect()
    before = rss_mib()
    started = time.perf_counter()
    index = QuestionIndex.build(store)
    seconds = time.perf_counter() - started
    gc.collect()
    grown = rss_mib() - before
    result = {
        "powers": len(index.powers),
        "articles": len(index.articles),
        "vocabulary": len(index.vocabulary),
        "build_seconds": round(seconds, 2),
        "index_rss_mib": round(grown, 1),
    }
    del index
    store.close()
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(base: str, questions: list[str], rounds: int) -> dict[str, float]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)

    def ask(text: str) -> float:
        started = time.perf_counter()
        connection.request("GET", "/api/responsible?q=" + quote(text))
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            sys.exit(f"{response.status} for {text!r}: {body[:300]!r}")
        return elapsed

    first = ask(questions[0])  # waits for the service's index of this store version
    times = [ask(q) for _ in range(rounds) for q in questions]
    connection.close()
    ms = [t * 1000 for t in times]
    return {
        "first_request_s": round(first, 2),
        "requests": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p90_ms": round(percentile(ms, 0.90), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a loaded store folder")
    parser.add_argument("--questions", type=Path, default=ROOT / "bench" / "questions.tsv")
    parser.add_argument("--rounds", type=int, default=5, help="times each question is asked")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = [q.text for q in read_questions(args.questions)]
    result: dict[str, object] = {"store": str(args.store), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    result["index"] = build_index(args.store)
    with tempfile.TemporaryDirectory(prefix="quanze-bench-") as scratch:
        server = quanze_server(args.store, Path(scratch) / "serve.log")
        try:
            result["api"] = measure(server.base, questions, args.rounds)
        finally:
            server.stop()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    index, api = result["index"], result["api"]
    print(
        f"index: {index['powers']} powers, {index['articles']} articles, {index['vocabulary']} words; "
        f"built in {index['build_seconds']} s, {index['index_rss_mib']} MiB resident"
    )
    print(
        f"/api/responsible, {api['requests']} plain questions: p50 {api['p50_ms']} ms, p90 {api['p90_ms']} ms, "
        f"p99 {api['p99_ms']} ms, max {api['max_ms']} ms (first request {api['first_request_s']} s)"
    )


if __name__ == "__main__":
    main()
