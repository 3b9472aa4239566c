"""权力清单 + 责任清单: two sheets or two files of one department joined into one set of powers."""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.catalogue import StatuteCatalogue
from quanze.loaders.errors import SourceError
from quanze.loaders.powerlists.powerlist import load_powerlist
from quanze.loaders.powerlists.workbook import Sheet
from quanze.loaders.statutes import load_statute
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import SAMPLE
from tests.loaders import variants as V

CITY = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
STATUTES = SAMPLE / "statutes"


@pytest.fixture(scope="module")
def sample_catalogue() -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted(STATUTES.glob("*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


def _parts(path: Path, rename=V.unseen, with_code: bool = True) -> tuple[Sheet, Sheet]:
    """The list cut into its 权力清单 and 责任清单, headers renamed; one extra 责任清单 row matching nothing."""
    [sheet] = V.renamed(V.read(path.read_bytes(), path.name), path.name, rename)
    powers, duties = V.split(sheet, path.name)
    if not with_code:  # join by name only: drop the code column of the 责任清单
        drop = duties.rows[0].index(next(h for h in duties.rows[0] if "编码" in h))
        duties = Sheet(duties.name, [r[:drop] + r[drop + 1 :] for r in duties.rows])
    extra = list(duties.rows[1])
    extra[1 if not with_code else 2] = "对从未列入权力清单行为的处罚"
    if with_code:
        extra[1] = "QH-CG-XX-999"
    duties.rows.append(extra)
    return powers, duties


def _responsibilities(doc) -> tuple:
    """Per power: label, then the numbers of duties, situations and liable parties."""
    return sorted((label, *counts[7:10]) for label, *counts in V.projection(doc.nquads()).values())


@pytest.mark.parametrize("names", [("权力清单", "责任清单"), ("行政处罚", "行政处罚责任清单")])
def test_two_sheets_joined_by_code(names, sample_catalogue):
    """Also when the 责任清单 sheet's name starts with a power type (行政处罚责任清单)."""
    power_sheet, duty_sheet = names
    original = load_powerlist(CITY.name, CITY.read_bytes(), catalogue=sample_catalogue)
    powers, duties = _parts(CITY)
    blob = V.to_xlsx([Sheet(power_sheet, powers.rows), Sheet(duty_sheet, duties.rows)])
    doc = load_powerlist(CITY.name, blob, catalogue=sample_catalogue)
    assert _responsibilities(doc) == _responsibilities(original)
    assert doc.counts["powers"] == original.counts["powers"] == 7
    assert doc.counts["citations_resolved"] == original.counts["citations_resolved"]
    assert (doc.counts["responsibilities_joined"], doc.counts["responsibilities_unmatched"]) == (7, 1)
    [unmatched] = doc.details["unmatched_responsibilities"]
    assert (unmatched["sheet"], unmatched["row"], unmatched["code"]) == (duty_sheet, 9, "QH-CG-XX-999")
    assert any("QH-CG-XX-999" in n and "matches no power" in n for n in doc.notes)
    kinds = {s["sheet"]: s["kind"] for s in doc.details["sheets"]}
    assert kinds == {power_sheet: "powers", duty_sheet: "responsibilities"}
    # The duties point back to the 责任清单 rows they came from.
    text = doc.nquads().decode()
    assert f'"{duty_sheet}"' in text and "/responsibilities/1" in text


def test_two_files_joined_by_name_in_one_command(tmp_path):
    powers, duties = _parts(CITY, with_code=False)
    (tmp_path / "青禾市城市管理局权力清单.xlsx").write_bytes(V.to_xlsx([powers]))
    (tmp_path / "青禾市城市管理局责任清单.csv").write_bytes(V.to_csv(duties))
    store = EmbeddedStore()
    report = loading.load(store, [STATUTES, tmp_path])
    [doc] = report.by_kind("list")
    assert doc.details["joined_files"] == ["青禾市城市管理局责任清单.csv"]
    assert (doc.counts["responsibilities_joined"], doc.counts["responsibilities_unmatched"]) == (7, 1)
    original = loading.prepare([STATUTES, CITY]).by_kind("list")[0]
    assert _responsibilities(doc) == _responsibilities(original)
    assert doc.counts["citations_resolved"] == original.counts["citations_resolved"]
    files = store.select(
        "SELECT ?f WHERE { GRAPH ?g { ?l <https://w3id.org/quanze/ontology#sourceFile> ?f } } ORDER BY ?f"
    )
    assert {r["f"].value for r in files} >= {"青禾市城市管理局权力清单.xlsx", "青禾市城市管理局责任清单.csv"}


def test_a_responsibility_list_alone_is_refused_and_nothing_is_written(tmp_path):
    _, duties = _parts(CITY)
    (tmp_path / "青禾市城市管理局责任清单.xlsx").write_bytes(V.to_xlsx([duties]))
    store = EmbeddedStore()
    loading.load(store, [STATUTES])
    before = len(store)
    with pytest.raises(SourceError) as err:
        loading.load(store, [SAMPLE / "lists" / "青禾市交通运输局权责清单.xls", tmp_path])
    assert "责任清单" in str(err.value) and "权力类型" in str(err.value)
    assert err.value.file == "青禾市城市管理局责任清单.xlsx"
    assert len(store) == before
