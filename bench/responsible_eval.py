"""How well quanze responsible answers plain questions: hit@1 and hit@3 over bench/questions.tsv, and the misses.

Each question of ``bench/questions.tsv`` is asked through the library
function :func:`quanze.service.lookup.responsible.who_is_responsible` (as the CLI
and the API ask it); it is answered at k when one of its expected
departments is among the first k departments of the answer. Without
``--store`` the shared data (statutes and the Karamay lists of
``../shared/data``) and the sample city ``samples/qinghe`` are loaded into a
scratch store first.

    .venv/bin/python bench/responsible_eval.py [--store DIR] [--questions FILE] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from quanze.service.lookup.questions import QuestionIndex
from quanze.service.lookup.responsible import who_is_responsible
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.store.loading import load

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Question:
    text: str
    expected: list[str]
    why: str
    line: int


def read_questions(path: Path) -> list[Question]:
    """The questions of a questions.tsv: question<TAB>departments separated by |<TAB>why."""
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            sys.exit(f"{path}:{lineno}: expected 'question<TAB>departments<TAB>why', found {line!r}")
        out.append(Question(fields[0], [d.strip() for d in fields[1].split("|")], fields[2], lineno))
    return out


def shared_folder() -> Path:
    return Path(os.environ.get("QUANZE_SHARED", ROOT.parent / "shared"))


def scratch_store(folder: Path) -> EmbeddedStore:
    """The shared statutes and Karamay lists with the sample city, loaded into ``folder``."""
    data = shared_folder() / "data"
    if not data.is_dir():
        sys.exit(f"no shared data at {data}: set QUANZE_SHARED or give --store")
    store = EmbeddedStore(folder)
    load(
        store,
        [data / "laws", data / "powerlists" / "karamay", ROOT / "samples" / "qinghe"],
        jurisdiction="克拉玛依市",
    )
    return store


def evaluate(store: EmbeddedStore, questions: list[Question]) -> dict:
    started = time.perf_counter()
    index = QuestionIndex.build(store)
    built = time.perf_counter() - started
    rows = []
    for q in questions:
        answer = who_is_responsible(store, q.text, limit=1, questions=index)
        names = [d.department.name for d in answer.departments]
        rank = next((i + 1 for i, n in enumerate(names) if n in q.expected), None)
        rows.append({"question": q.text, "expected": q.expected, "answered": names[:3], "rank": rank, "why": q.why})
    n = len(rows)
    return {
        "questions": n,
        "hit@1": sum(1 for r in rows if r["rank"] == 1) / n,
        "hit@3": sum(1 for r in rows if r["rank"] is not None and r["rank"] <= 3) / n,
        "index_build_seconds": round(built, 2),
        "misses": [r for r in rows if r["rank"] != 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a loaded store (default: load the shared data and the sample)")
    parser.add_argument("--questions", type=Path, default=ROOT / "bench" / "questions.tsv")
    parser.add_argument("--json", action="store_true", help="the figures and misses as JSON")
    args = parser.parse_args()
    questions = read_questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="quanze-eval-") as scratch:
        store = EmbeddedStore(args.store) if args.store else scratch_store(Path(scratch) / "store")
        result = evaluate(store, questions)
        store.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(
        f"{result['questions']} questions: hit@1 {result['hit@1']:.1%}, hit@3 {result['hit@3']:.1%} "
        f"(index built in {result['index_build_seconds']} s)"
    )
    print("\nmisses at 1 (rank: position of the first expected department, - when not in the answer):")
    for r in result["misses"]:
        print(f"  {r['rank'] or '-':>2}  {r['question']}  expected {' | '.join(r['expected'])}")
        print(f"      answered {' · '.join(r['answered']) or '(nothing)'}")


if __name__ == "__main__":
    main()
