"""Benchmark: the default validation engine against pySHACL, in one run; prints a table.

    python bench/validate.py                       # shared data, 10k and 100k synthetic powers
    python bench/validate.py --sizes 1000 10000 --pyshacl-max 10000 --stock-max 1000

What runs:

- **shared data**: every statute and Karamay list of ``../shared/data`` (if present), loaded by
  quanze;
- **synthetic**: ``bench/synthetic.py`` lists of the given sizes (about 60 triples per power, 3% of
  the powers with a seeded defect), written to N-Quads once, then loaded by each measurement.

Each measurement is a fresh process, so that its peak memory (``ru_maxrss``) is its own: the load
of the data into its store and the validation. Engines:

- ``default``: quanze's engine on an in-memory Oxigraph store, in one process and in ``--workers``
  forked processes sharing the store; ``default-disk``: on a store on disk (RocksDB), as the
  command line uses it, in one thread and in ``--workers`` threads (the command's default) — its
  load includes the compaction ``quanze load`` runs after writing an empty store;
- ``pyshacl``: pySHACL 0.40 on an rdflib graph of the same data, with rdflib's parsed SPARQL kept
  for the run (quanze's ``--engine pyshacl``: pySHACL otherwise re-parses each SPARQL constraint for
  every focus node, nine tenths of its time);
- ``pyshacl-stock``: pySHACL as installed, up to ``--stock-max`` powers (about 0.5 s a power).

Every engine's set of (focus node, path, component, shape, severity) is compared with the default
engine's of the same data; the table says whether they are equal.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _shared() -> Path | None:
    root = Path(os.environ.get("QUANZE_SHARED", REPO.parent / "shared")) / "data"
    return root if (root / "laws").is_dir() else None


# ---------------------------------------------------------------- measuring children


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss would carry the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished workers: a measure the machine's load does not
    inflate as it does wall time."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _digest(tally: Counter) -> str:
    """Every result, counted (focus, path, component, shape, severity, value): engines agree result for result."""
    lines = sorted("\t".join(k) + f"\t{n}" for k, n in tally.items())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def child(args: argparse.Namespace) -> None:
    """One measurement, printed as JSON on the last line of standard output."""
    import pyoxigraph as ox
    from quanze.service.store import loading
    from quanze.service.store.embedded import EmbeddedStore
    from quanze.service.validation import validate
    from quanze.service.validation.reference import run_pyshacl
    from quanze.service.validation.report import Report
    from quanze.service.validation.shapes import load_shapes
    from rdflib import Graph

    class FileStore(EmbeddedStore):
        """A store filled straight from an N-Quads file (the bench's data), then compacted on disk
        as a store written from empty by ``quanze load`` is."""

        def load_file(self, path: str) -> None:
            self._store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
            self.compact()

    started = time.perf_counter()
    out: dict[str, object] = {}
    if args.engine.startswith("pyshacl"):
        graph = Graph()
        if args.data == "shared":
            store = EmbeddedStore()
            loading.load(
                store,
                [Path(args.shared) / "laws", Path(args.shared) / "powerlists"],
                jurisdiction="克拉玛依市",
            )
            graph.parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
            del store
        else:
            graph.parse(args.data.removesuffix(".nq") + ".nt", format="nt")
        out["load_s"] = time.perf_counter() - started
        shapes = load_shapes()
        started, cpu = time.perf_counter(), _cpu_s()
        results = run_pyshacl(graph, shapes, cache_queries=args.engine == "pyshacl")
        report = Report(engine=args.engine, results=results)
    else:
        disk = tempfile.mkdtemp(prefix="quanze-bench-store-") if args.engine == "default-disk" else None
        store = FileStore(disk)
        if args.data == "shared":
            loading.load(
                store,
                [Path(args.shared) / "laws", Path(args.shared) / "powerlists"],
                jurisdiction="克拉玛依市",
            )
        else:
            store.load_file(args.data)
        out["load_s"] = time.perf_counter() - started
        started, cpu = time.perf_counter(), _cpu_s()
        report = validate(store, workers=args.workers)
    out["validate_s"] = time.perf_counter() - started
    out["cpu_s"] = _cpu_s() - cpu
    out["peak_mb"] = _peak_mb()
    out["results"] = len(report.results)
    out["violations"] = report.violations
    out["digest"] = _digest(report.tally())
    print(json.dumps(out))
    if args.engine == "default-disk":
        store.close()
        shutil.rmtree(disk, ignore_errors=True)


def _measure(data: str, engine: str, workers: int, shared: Path | None) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--data",
        data,
        "--engine",
        engine,
        "--workers",
        str(workers),
    ]
    if shared:
        cmd += ["--shared", str(shared)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the run


def _write_synthetic(powers: int, folder: Path) -> tuple[str, int, int]:
    """Synthetic data as N-Quads (Oxigraph) and N-Triples (rdflib): (path, statements, defects)."""
    from bench.synthetic import generate

    synthetic = generate(powers)
    nq = folder / f"synthetic-{powers}.nq"
    with nq.open("wb") as fh:
        for data in synthetic.graphs.values():
            fh.write(data)
    with (
        (folder / f"synthetic-{powers}.nt").open("w", encoding="utf-8") as fh,
        nq.open(encoding="utf-8") as src,
    ):
        for line in src:
            fh.write(line[: line.rstrip().rstrip(".").rstrip().rfind(" <")] + " .\n")
    defects = sum(len(v) for v in synthetic.seeded.values())
    return str(nq), synthetic.statements, defects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="synthetic powers")
    parser.add_argument("--pyshacl-max", type=int, default=10_000, help="largest size pySHACL runs at")
    parser.add_argument("--stock-max", type=int, default=1_000, help="largest size stock pySHACL runs at")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel default engine")
    parser.add_argument("--no-shared", action="store_true", help="skip the shared data")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="default", help=argparse.SUPPRESS)
    parser.add_argument("--shared", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from quanze.service.tables import render

    shared = None if args.no_shared else _shared()
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="quanze-bench-") as tmp:
        datasets: list[tuple[str, str, int, str]] = []
        if shared:
            datasets.append(("shared data (112 statutes, 13 lists)", "shared", 1340, "-"))
        for size in args.sizes:
            print(f"generating {size:,} synthetic powers …", file=sys.stderr, flush=True)
            path, statements, defects = _write_synthetic(size, Path(tmp))
            datasets.append(
                (
                    f"synthetic {size:,} powers ({statements:,} triples, {defects:,} defects)",
                    path,
                    size,
                    f"{statements / size:.0f}",
                )
            )
        for label, data, size, per_power in datasets:
            runs = [
                ("default, 1 process", "default", 1),
                (f"default, {args.workers} processes", "default", args.workers),
                ("default, store on disk", "default-disk", 1),
                (f"default, store on disk, {args.workers} threads", "default-disk", args.workers),
            ]
            if size <= args.pyshacl_max:
                runs.append(("pySHACL (parsed queries kept)", "pyshacl", 1))
            if size <= args.stock_max:
                runs.append(("pySHACL as installed", "pyshacl-stock", 1))
            base = None
            for name, engine, workers in runs:
                print(f"{label}: {name} …", file=sys.stderr, flush=True)
                m = _measure(data, engine, workers, shared)
                base = base or m
                rows.append(
                    [
                        label,
                        per_power,
                        name,
                        f"{m['load_s']:.1f}",
                        f"{m['validate_s']:.2f}",
                        f"{m['cpu_s']:.2f}",
                        f"{m['validate_s'] / base['validate_s']:.1f}×",
                        f"{m['peak_mb']:,.0f}",
                        m["results"],
                        "yes" if m["digest"] == base["digest"] else "NO",
                    ]
                )
    print(
        render(
            [
                "data",
                "triples/power",
                "engine",
                "load s",
                "validate s",
                "CPU s",
                "vs default",
                "peak MB",
                "results",
                "same results",
            ],
            rows,
            max_width=60,
        )
    )
    print(
        f"\n{os.cpu_count()} CPUs; load average at the end {os.getloadavg()[0]:.1f}; "
        f"Python {sys.version.split()[0]}. 'vs default': validation time over the default engine's "
        "in one process; 'peak MB': the validating process, not its workers; "
        "'CPU s': validation CPU time, workers included."
    )


if __name__ == "__main__":
    main()
