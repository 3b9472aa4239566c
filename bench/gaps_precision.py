"""Precision@20 of the candidate omissions (遗漏), against labels a reviewer gave by hand.

``bench/gaps-labels.tsv`` holds one line per (department, article): the label
a person gave after reading the article and the department's list —

* ``real-omission``      the department should list this power and does not;
* ``covered-elsewhere``  the list has it, under another article or a broader item;
* ``other-authority``    the law gives it to another authority (police, maritime, another department);
* ``other-level``        the law gives it to a level the department does not exercise;
* ``other``              not a power to list (a referral, a procedure, discipline of officials …).

Precision@20 of a department is the share of its first min(20, n) candidates
(those not held back: a reviewer's first page) labelled ``real-omission``; a
candidate without a label counts as a miss and is reported as unlabelled
(label it, do not guess). Overall precision is the
total of hits over the total of candidates judged.

Usage (from the repository root; the store loaded with the shared data)::

    quanze load --store /tmp/qz --jurisdiction 克拉玛依市 ../shared/data/laws ../shared/data/powerlists/karamay
    python bench/gaps_precision.py --store /tmp/qz
    python bench/gaps_precision.py --store /tmp/qz --unlabelled     # the candidates still to label, as TSV lines
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from quanze.service.analysis.gaps import Omission, analyse_gaps
from quanze.service.store.embedded import EmbeddedStore

LABELS = Path(__file__).with_name("gaps-labels.tsv")
KINDS = ("real-omission", "covered-elsewhere", "other-authority", "other-level", "other")
TOP = 20


@dataclass
class DepartmentPrecision:
    department: str
    judged: int  # candidates looked at: min(TOP, candidates)
    hits: int
    unlabelled: list[Omission]
    counts: dict[str, int]

    @property
    def precision(self) -> float:
        return self.hits / self.judged if self.judged else 0.0


def read_labels(path: Path = LABELS) -> dict[tuple[str, str], tuple[str, str]]:
    """(department name, article IRI) → (label, note); a bad line stops with its number."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for lineno, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if not row or row[0].startswith("#") or row[0] == "department":
                continue
            if len(row) < 3 or row[2] not in KINDS:
                raise SystemExit(f"{path}:{lineno}: expected department<TAB>article IRI<TAB>one of {', '.join(KINDS)}")
            labels[(row[0], row[1])] = (row[2], row[3] if len(row) > 3 else "")
    return labels


def precision_at(
    omissions: list[Omission], labels: dict[tuple[str, str], tuple[str, str]], top: int = TOP
) -> list[DepartmentPrecision]:
    """Precision of the first ``top`` candidates of each department that has any."""
    by_department: dict[str, list[Omission]] = {}
    for o in omissions:
        by_department.setdefault(o.department_name, []).append(o)
    out = []
    for name, found in sorted(by_department.items()):
        first = sorted((o for o in found if not o.held_back), key=lambda o: o.rank)[:top]
        counts = dict.fromkeys(KINDS, 0)
        unlabelled = []
        for o in first:
            label = labels.get((name, o.article))
            if label is None:
                unlabelled.append(o)
            else:
                counts[label[0]] += 1
        out.append(DepartmentPrecision(name, len(first), counts["real-omission"], unlabelled, counts))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, help="embedded store loaded with the shared statutes and lists")
    parser.add_argument("--labels", default=str(LABELS), help="the labels file (default: bench/gaps-labels.tsv)")
    parser.add_argument("--top", type=int, default=TOP)
    parser.add_argument("--unlabelled", action="store_true", help="print the candidates without a label, as TSV")
    args = parser.parse_args(argv)
    report = analyse_gaps(EmbeddedStore(args.store))
    rows = precision_at(report.omissions, read_labels(Path(args.labels)), args.top)
    if args.unlabelled:
        for r in rows:
            for o in r.unlabelled:
                print("\t".join([r.department, o.article, "", f"#{o.rank} {o.article_label} {o.text[:60]}"]))
        return 0
    print(f"{'department':<30} {'judged':>6} {'hits':>5} {'P@' + str(args.top):>6}  " + " ".join(KINDS) + " unlabelled")
    for r in rows:
        kinds = " ".join(f"{r.counts[k]:>{len(k)}}" for k in KINDS)
        print(f"{r.department:<30} {r.judged:>6} {r.hits:>5} {r.precision:>6.1%}  {kinds} {len(r.unlabelled):>10}")
    judged = sum(r.judged for r in rows)
    hits = sum(r.hits for r in rows)
    missing = sum(len(r.unlabelled) for r in rows)
    print(f"{'overall':<30} {judged:>6} {hits:>5} {hits / judged if judged else 0:>6.1%}  unlabelled: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
