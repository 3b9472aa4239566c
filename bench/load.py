"""Loading speed and memory against the floor: pyoxigraph's own bulk loader.

For each data set, in one run and each step in a fresh process (so peak
memory is its own):

1. ``quanze load`` into a new on-disk store — reading the spreadsheets and
   statute texts, parsing, resolving citations, writing the graph;
2. the floor: the same triples, exported beforehand as one N-Triples file,
   bulk-loaded by pyoxigraph into a new on-disk store in one call
   (``Store.bulk_load``) — no spreadsheet, no parsing of our own, no graphs.

Data sets: all of ``../shared/data`` (112 statutes and 13 lists), and a
synthetic list of N powers (default 100,000; ``bench/synthetic_list.py``) loaded
into a store that already holds the shared statutes, as an office would.

    python bench/load.py [--powers 100000] [--format xlsx|csv]

Prints a table: seconds and peak resident memory of each, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUANZE_SHARED", REPO.parent / "shared")).resolve() / "data"
QUANZE = [sys.executable, "-m", "quanze.service.cli.main"]

FLOOR = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES)
store.flush()
print(len(store))
"""


def run(cmd: list[str]) -> tuple[float, int, str]:
    """Seconds, peak RSS (MB) and stdout of a command run in its own process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # the rusage of this child alone
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise RuntimeError(f"{cmd[:4]} failed:\n{err.read().decode()[-2000:]}")
        return seconds, usage.ru_maxrss // 1024, out.read().decode()


def export_triples(store: Path, out: Path, skip: set[str]) -> Path:
    """The triples of every named graph of a store not in ``skip``, as one N-Triples file."""
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    with out.open("wb") as fh:
        for g in sorted(n.value for n in s.named_graphs()):
            if g not in skip:
                fh.write(s.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)))
    del s
    return out


def bench(name: str, paths: list[str], base: Path | None, work: Path, extra: list[str]) -> dict[str, object]:
    store = work / f"{name}-store"
    if base is not None:
        shutil.copytree(base, store)
    graphs_before = set()
    if base is not None:
        import pyoxigraph as ox

        s = ox.Store.read_only(str(base))
        graphs_before = {n.value for n in s.named_graphs()}
        del s
    seconds, peak, _ = run([*QUANZE, "load", "--quiet", "--json", "--store", str(store), *extra, *paths])
    # The floor loads what this load wrote: the new graphs, ontology included.
    triples = export_triples(
        store, work / f"{name}.nt", graphs_before - {g for g in graphs_before if "/graph/ontology/" in g}
    )
    floor_store = work / f"{name}-floor"
    f_seconds, f_peak, out = run([sys.executable, "-c", FLOOR, str(floor_store), str(triples)])
    return {
        "data": name,
        "triples": int(out.strip()),
        "quanze_s": round(seconds, 2),
        "quanze_peak_mb": peak,
        "floor_s": round(f_seconds, 2),
        "floor_peak_mb": f_peak,
        "ratio": round(seconds / f_seconds, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Loading benchmark against pyoxigraph's bulk loader.")
    ap.add_argument("--powers", type=int, default=100_000)
    ap.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (SHARED / "laws").is_dir():
        sys.exit(f"shared data not found at {SHARED}")
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic_list import write

    results = []
    with tempfile.TemporaryDirectory(prefix="quanze-bench-") as tmp:
        work = Path(tmp)
        results.append(
            bench(
                "shared data",
                [str(SHARED / "laws"), str(SHARED / "powerlists")],
                None,
                work,
                ["--jurisdiction", "克拉玛依市"],
            )
        )
        statutes = work / "statutes-store"
        run([*QUANZE, "load", "--quiet", "--store", str(statutes), str(SHARED / "laws")])
        synthetic = write(args.powers, work / f"synthetic-{args.powers}.{args.format}")
        results.append(bench(f"synthetic {args.powers:,} powers ({args.format})", [str(synthetic)], statutes, work, []))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    sys.path.insert(0, str(REPO))
    from quanze.service.tables import render

    print(
        render(
            ["data", "triples", "quanze load s", "peak MB", "floor s", "floor peak MB", "ratio"],
            [
                [
                    r["data"],
                    f"{r['triples']:,}",
                    r["quanze_s"],
                    r["quanze_peak_mb"],
                    r["floor_s"],
                    r["floor_peak_mb"],
                    r["ratio"],
                ]
                for r in results
            ],
            max_width=60,
        )
    )


if __name__ == "__main__":
    main()
