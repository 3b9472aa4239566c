"""Synthetic lists with seeded defects of every kind: each caught where it was seeded, nowhere else,
the same by pySHACL; clean lists conform; parallel workers find the same as one process."""

from __future__ import annotations

from collections import Counter

import pytest
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate
from quanze.service.validation.report import Report

from bench.synthetic import DEFECTS, Synthetic, generate


def _store(synthetic: Synthetic) -> EmbeddedStore:
    store = EmbeddedStore()
    store.replace_graphs(synthetic.graphs)
    return store


@pytest.fixture(scope="module")
def seeded() -> tuple[Synthetic, EmbeddedStore, Report]:
    synthetic = generate(900, lists=3, defect_rate=0.3, seed=7)
    store = _store(synthetic)
    return synthetic, store, validate(store)


def _found(report: Report) -> set[tuple[str, str]]:
    return {(str(r.focus), str(r.shape).rsplit("#", 1)[-1]) for r in report.results}


def test_every_kind_of_defect_was_seeded(seeded: tuple[Synthetic, EmbeddedStore, Report]) -> None:
    synthetic, _, _ = seeded
    assert set(synthetic.seeded) == set(DEFECTS), set(DEFECTS) - set(synthetic.seeded)
    assert all(synthetic.seeded[kind] for kind in DEFECTS)


def test_each_defect_is_caught_where_seeded_and_nowhere_else(
    seeded: tuple[Synthetic, EmbeddedStore, Report],
) -> None:
    synthetic, _, report = seeded
    found = _found(report)
    assert found - synthetic.expected == set(), "findings on nodes without a seeded defect"
    assert synthetic.expected - found == set(), "seeded defects not caught"
    for kind, powers in synthetic.seeded.items():
        shapes = set(DEFECTS[kind])
        caught = {shape for focus, shape in found if any(focus.startswith(p) for p in powers)}
        assert shapes <= caught, f"{kind}: expected {shapes}, caught {caught}"


def test_pyshacl_gives_the_same_results(seeded: tuple[Synthetic, EmbeddedStore, Report]) -> None:
    _, store, report = seeded
    reference = validate(store, engine="pyshacl")
    assert reference.tally() == report.tally()  # result for result, counted
    assert reference.focus_counts == report.focus_counts


def test_clean_lists_conform() -> None:
    store = _store(generate(400, lists=2, defect_rate=0.0, seed=3))
    report = validate(store)
    assert report.conforms, [r.key() for r in report.results[:5]]
    assert not report.checked_nothing
    assert sum(report.focus_counts.values()) > 400


def test_workers_find_what_one_process_finds(
    seeded: tuple[Synthetic, EmbeddedStore, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, store, report = seeded
    monkeypatch.setattr("quanze.service.validation.run.PARALLEL_FROM", 0)
    assert validate(store, workers=2).tally() == report.tally()


def test_a_list_alone_gives_its_share_of_the_whole(
    seeded: tuple[Synthetic, EmbeddedStore, Report],
) -> None:
    _, store, report = seeded
    first = report.lists[0]
    alone = validate(store, list=first)
    assert alone.lists == [first]
    assert alone.tally() == Counter(r.full_key() for r in report.results if str(r.focus).startswith(first + "/"))
    assert alone.keys()


def test_a_store_on_disk_finds_what_a_store_in_memory_finds(
    seeded: tuple[Synthetic, EmbeddedStore, Report], tmp_path
) -> None:
    """On disk the whole store runs the plain plan (joins instead of LATERAL lookups) in threads:
    the same results, whatever the number of threads, in the same order."""
    synthetic, _, report = seeded
    disk = EmbeddedStore(tmp_path / "store")
    disk.replace_graphs(synthetic.graphs)
    one, three = validate(disk, workers=1), validate(disk, workers=3)
    assert one.tally() == report.tally()
    assert [r.full_key() for r in three.results] == [r.full_key() for r in one.results]
    assert one.focus_counts == report.focus_counts
    disk.close()


def test_the_plan_on_disk_is_plain_and_in_memory_lateral(
    seeded: tuple[Synthetic, EmbeddedStore, Report], tmp_path, plans_asked: list[tuple[bool, bool]]
) -> None:
    synthetic, store, report = seeded
    disk = EmbeddedStore(tmp_path / "store")
    disk.replace_graphs(synthetic.graphs)
    validate(disk)
    validate(store)
    validate(disk, list=report.lists[0])
    disk.close()
    # on disk, the whole store: plain queries, the SPARQL-based constraints hash-joined; one list of a
    # large store: LATERAL's lookups cost what the list holds
    assert plans_asked == [(False, True), (True, False), (True, False)]
