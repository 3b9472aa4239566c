"""Generate the synthetic review outcomes of samples/outcomes/ (run from the repository root).

Usage: python samples/outcomes/make_outcomes.py [--store DIR] [--out FILE] [--seed N]

Without --store it loads the shipped sample city (samples/qinghe) into memory
and draws outcomes for its penalty, coercion, licensing and inspection powers;
with --store it uses the powers of that store (the real Karamay lists, say).
Each department gets an overturn rate of its own, each power a spread around
it, so that per-department and per-power rates differ as they do in real
statistics (national reconsideration correction rates run at 10-15%). The
output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from quanze.service.sparql.queries import system_query
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
REVIEWED_TYPES = ("行政处罚", "行政强制", "行政许可", "行政检查")
#: Share of decisions overturned on review, by department name; others get DEFAULT_RATE.
DEPARTMENT_RATES = {"青禾市城市管理局": 0.22, "青禾市市场监督管理局": 0.08, "青禾市交通运输局": 0.12}
DEFAULT_RATE = 0.11
#: How an overturned decision is overturned (撤销 most often), and where decisions are reviewed.
OVERTURN_SPLIT = (("revoked", 0.55), ("changed", 0.25), ("confirmed-unlawful", 0.20))
LITIGATION_SHARE = 0.3
TYPE_QUERY = """
PREFIX qz: <https://w3id.org/quanze/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?power ?type WHERE { ?power a qz:Power ; qz:powerType/skos:prefLabel ?type . FILTER(LANG(?type) = "zh") }
"""


def powers(store: EmbeddedStore) -> list[tuple[str, str, str]]:
    """(code or IRI, name, department) of every reviewable power."""
    types = {r["power"].value: r["type"].value for r in store.select(TYPE_QUERY)}
    out = []
    for r in store.select(system_query("power-codes").text):
        if types.get(r["power"].value) in REVIEWED_TYPES and r.get("department") is not None:
            key = r["code"].value if r.get("code") is not None else r["power"].value
            out.append((key, r["name"].value, r["department"].value))
    return sorted(out)


def generate(items: list[tuple[str, str, str]], rng: random.Random, year: int = 2024) -> list[list[str]]:
    rows = []
    for key, _name, department in items:
        base = DEPARTMENT_RATES.get(department, DEFAULT_RATE)
        rate = min(0.9, max(0.0, rng.gauss(base, base / 3)))
        for _ in range(rng.randint(8, 40)):
            day = date(year, 1, 1) + timedelta(days=rng.randrange(366 if year % 4 == 0 else 365))
            channel = "litigation" if rng.random() < LITIGATION_SHARE else "reconsideration"
            if rng.random() < rate:
                pick, acc = rng.random(), 0.0
                outcome = OVERTURN_SPLIT[-1][0]
                for name, share in OVERTURN_SPLIT:
                    acc += share
                    if pick < acc:
                        outcome = name
                        break
            else:
                outcome = "upheld"
            rows.append([day.isoformat(), key, department, channel, outcome])
    rows.sort()
    return [
        [f"QH-{year}-{n:05d}", key, dept, day, channel, outcome]
        for n, (day, key, dept, channel, outcome) in enumerate(rows, start=1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="take the powers from this store instead of the shipped sample")
    parser.add_argument("--out", default=str(ROOT / "samples" / "outcomes" / "qinghe-review-outcomes-2024.csv"))
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    if args.store:
        store = EmbeddedStore(args.store)
    else:
        store = EmbeddedStore()
        loading.load(store, [ROOT / "samples" / "qinghe"])
    rows = generate(powers(store), random.Random(args.seed))
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["decision_id", "power", "department", "date", "channel", "outcome"])
        writer.writerows(rows)
    print(f"{len(rows)} decisions written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
