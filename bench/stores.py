"""The stores the service benchmark runs on: all the shared data, and a synthetic province.

``shared``: the 112 statutes and 13 real lists of ``../shared/data``, loaded by
``quanze load`` (about 1,340 powers, 0.4 M statements).

``synthetic``: the same statutes, and the real lists published again by
``cities`` synthetic cities (合成1市 … 合成75市): each list is read once by the
real loader, then its N-Quads are rewritten per city (克拉玛依市 → 合成k市 in
names and IRIs, list and graph IRIs prefixed by the city), so every city has
its own departments, units, posts and powers while every power keeps a real
name, type, duties, accountability and resolved legal basis. 75 cities give
about 100,000 powers and 7 M statements: a province's worth of lists, which
is what a province-wide service would hold.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from quanze.loaders import iris
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

JURISDICTION = "克拉玛依市"


def shared_data(root: Path | None = None) -> Path:
    base = root or Path(__file__).resolve().parents[2] / "shared"
    data = base / "data"
    if not (data / "laws").is_dir():
        sys.exit(f"the shared data is not at {data}: pass --shared DIR (the folder that contains data/)")
    return data


def build_shared(target: Path, data: Path) -> None:
    """All the shared statutes and lists, as ``quanze load`` loads them."""
    shutil.rmtree(target, ignore_errors=True)
    store = EmbeddedStore(target)
    loading.load(store, [data / "laws", data / "powerlists"], jurisdiction=JURISDICTION)
    store.close()


def city_copy(nquads: str, k: int) -> str:
    """One list's N-Quads as the synthetic city k would publish it."""
    city = f"合成{k}市"
    text = nquads.replace(f"{iris.BASE}id/list/", f"{iris.BASE}id/list/{city}-")
    text = text.replace(f"{iris.GRAPH_BASE}list/", f"{iris.GRAPH_BASE}list/{city}-")
    return text.replace(JURISDICTION, city)


def build_synthetic(target: Path, data: Path, cities: int) -> dict[str, int]:
    """The real statutes plus ``cities`` copies of the real lists; returns counts."""
    shutil.rmtree(target, ignore_errors=True)
    store = EmbeddedStore(target)
    report = loading.load(store, [data / "laws"])
    lists = loading.prepare([data / "powerlists"], store, jurisdiction=JURISDICTION).by_kind("list")
    store.close()
    raw = ox.Store(str(target))
    powers = sum(d.counts.get("powers", 0) + d.counts.get("subitems", 0) for d in lists)
    started = time.monotonic()
    for k in range(1, cities + 1):
        batch = "".join(city_copy(d.nquads().decode("utf-8"), k) for d in lists)
        raw.bulk_load(batch.encode("utf-8"), ox.RdfFormat.N_QUADS)
        if k % 10 == 0 or k == cities:
            print(
                f"  synthetic cities {k}/{cities} ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
            )
    raw.optimize()
    raw.flush()
    statements = len(raw)
    del raw
    return {
        "statutes": len(report.documents),
        "lists": len(lists) * cities,
        "powers": powers * cities,
        "statements": statements,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["shared", "synthetic"])
    parser.add_argument("target", type=Path)
    parser.add_argument("--cities", type=int, default=75)
    parser.add_argument("--shared", type=Path, help="the folder that contains data/ (default ../shared)")
    args = parser.parse_args()
    data = shared_data(args.shared)
    if args.kind == "shared":
        build_shared(args.target, data)
    else:
        print(build_synthetic(args.target, data, args.cities))


if __name__ == "__main__":
    main()
