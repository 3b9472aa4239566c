"""Power lists as other portals publish them: unseen headers, bare column numbers, GB18030 CSV, columns files.

Every variant is built here from the sample's lists or the shared real ones
(``variants.py``) and must give the same powers, types, departments, units,
levels, legal bases, duties and situations as the list it was made from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.loaders.catalogue import StatuteCatalogue
from quanze.loaders.errors import SourceError
from quanze.loaders.powerlists.columnsfile import read_columns_file
from quanze.loaders.powerlists.powerlist import load_powerlist
from quanze.loaders.sniff import sniff_kind
from quanze.loaders.statutes import load_statute

from tests.conftest import JURISDICTION, SAMPLE
from tests.loaders import variants as V

SAMPLE_LISTS = sorted((SAMPLE / "lists").iterdir())


@pytest.fixture(scope="module")
def sample_catalogue() -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((SAMPLE / "statutes").glob("*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


def _load(name: str, data: bytes, catalogue: StatuteCatalogue, **kw):
    return load_powerlist(name, data, catalogue=catalogue, **kw)


def _ways(doc) -> dict[str, str]:
    """Role → how it was chosen, over every sheet of a loaded list."""
    return {c["role"]: c["how"] for s in doc.details["sheets"] for c in s["columns"]}


@pytest.mark.parametrize("rename", [V.unseen, V.numbered], ids=["unseen-words", "column-numbers"])
@pytest.mark.parametrize("path", SAMPLE_LISTS, ids=[p.name for p in SAMPLE_LISTS])
def test_sample_lists_with_renamed_headers_give_the_same_powers(path: Path, rename, sample_catalogue):
    data = path.read_bytes()
    original = _load(path.name, data, sample_catalogue)
    variant = _load(path.name, V.to_xlsx(V.renamed(V.read(data, path.name), path.name, rename)), sample_catalogue)
    assert V.projection(variant.nquads()) == V.projection(original.nquads())
    for key in ("powers", "items", "citations", "citations_resolved", "powers_fully_resolved"):
        assert variant.counts.get(key) == original.counts.get(key), key
    # The original maps by its listed names; the variant's name, type and basis come from the cells.
    assert {_ways(original)[r] for r in ("name", "type", "basis")} == {"header"}
    assert _ways(variant)["basis"] == "content"
    assert _ways(variant)["name"] in ("content", "header word and content")
    assert _ways(variant)["type"] in ("content", "header word and content")


def test_the_mapping_says_how_and_on_what_evidence(sample_catalogue):
    path = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
    doc = _load(
        path.name, V.to_xlsx(V.renamed(V.read(path.read_bytes(), path.name), path.name, V.unseen)), sample_catalogue
    )
    [sheet] = doc.details["sheets"]
    by_column = {c["column"]: c for c in sheet["columns"]}
    assert (by_column["C"]["header"], by_column["C"]["role"]) == ("权力事项", "name")
    assert by_column["E"] == {
        "column": "E",
        "header": "法定根据",
        "role": "basis",
        "how": "content",
        "score": 1.0,
        "evidence": "statute citations 《…》",
    }
    assert (by_column["M"]["role"], by_column["N"]["role"]) == ("statutory_limit", "committed_limit")
    assert sheet["unmapped"] == []


@pytest.mark.parametrize("rename", [V.unseen, V.numbered], ids=["unseen-words", "column-numbers"])
def test_gb18030_csv_with_unseen_headers_is_a_list(rename, sample_catalogue):
    path = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
    data = path.read_bytes()
    blob = V.to_csv(V.renamed(V.read(data, path.name), path.name, rename)[0], "gb18030")
    with pytest.raises(UnicodeDecodeError):
        blob.decode("utf-8")
    assert sniff_kind(blob, "清单.csv") == "list"
    assert V.projection(_load(path.name, blob, sample_catalogue).nquads()) == V.projection(
        _load(path.name, data, sample_catalogue).nquads()
    )


def test_a_two_row_header_in_a_csv(sample_catalogue):
    """CSV keeps no merges: 办理时限 over 法定期限 | 承诺期限 is told by the second row's shape."""
    path = SAMPLE / "lists" / "青禾市市场监督管理局2025年权责清单.xlsx"
    for original, renamed in zip(
        V.read(path.read_bytes(), path.name),
        V.renamed(V.read(path.read_bytes(), path.name), path.name, V.unseen),
        strict=True,
    ):
        a = _load("x.csv", V.to_csv(original, "utf-8"), sample_catalogue)
        b = _load("x.csv", V.to_csv(renamed), sample_catalogue)
        assert V.projection(a.nquads()) == V.projection(b.nquads())
        assert {"statutory_limit", "committed_limit", "scope"} <= set(_ways(b))


def test_a_table_with_a_basis_quoting_articles_is_never_a_statute():
    rows = "序号,职权名称,类型,依据\n" + "".join(
        f'{i},对某行为{i}的处罚,行政处罚,"《某条例》\n第{i}条 违反本条例的，处罚。"\n' for i in range(1, 5)
    )
    assert sniff_kind(rows.encode("gb18030"), "a.txt") == "list"


# ---------------------------------------------------------------- other encodings and page shapes

SINGLE_SHEET = [p for p in SAMPLE_LISTS if len(V.read(p.read_bytes(), p.name)) == 1]


@pytest.mark.parametrize("path", SINGLE_SHEET, ids=[p.name for p in SINGLE_SHEET])
def test_excel_unicode_text_gives_the_same_powers(path: Path, sample_catalogue):
    """UTF-16 with a byte-order mark, tab-separated: what Excel saves as "Unicode text"."""
    data = path.read_bytes()
    [sheet] = V.read(data, path.name)
    blob = V.to_unicode_text(sheet)
    assert blob.startswith(b"\xff\xfe") and sniff_kind(blob, "清单.txt") == "list"
    variant = _load(path.name, blob, sample_catalogue)
    assert V.projection(variant.nquads()) == V.projection(_load(path.name, data, sample_catalogue).nquads())


@pytest.mark.parametrize("path", SAMPLE_LISTS, ids=[p.name for p in SAMPLE_LISTS])
def test_a_portal_page_gives_the_same_powers(path: Path, sample_catalogue):
    """A GBK page: the list inside a layout table, after a navigation table, its title in a heading
    above the table instead of a row of it — the department a list names only in its title is kept."""
    data = path.read_bytes()
    page = V.to_portal_page(V.read(data, path.name), path.name)
    assert sniff_kind(page, "list.html") == "list"
    variant, original = _load(path.name, page, sample_catalogue), _load(path.name, data, sample_catalogue)
    assert V.projection(variant.nquads()) == V.projection(original.nquads())
    assert variant.label == original.label and not variant.counts.get("without_department")


def test_a_page_whose_list_header_uses_unlisted_words_is_a_list_not_a_statute(sample_catalogue):
    """权力事项 and 类别 are no listed names and the basis cells quote articles (第十条 …): still a list."""
    path = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
    [sheet] = V.renamed(V.read(path.read_bytes(), path.name), path.name, V.unseen)
    page = V.to_portal_page([sheet], path.name)
    assert sniff_kind(page, "page.html") == "list"


def test_a_list_naming_no_department_says_so_and_keeps_its_units_as_written(sample_catalogue):
    rows = "序号,事项名称,权力类型,承办科室\n1,甲事项许可,行政许可,登记科\n2,乙事项许可,行政许可,审批科、执法队\n"
    doc = _load("清单.csv", rows.encode("utf-8"), sample_catalogue)
    text = doc.nquads().decode()
    assert doc.counts["without_department"] == 2
    assert any(n.startswith("2 powers and sub-items name no department") for n in doc.notes)
    assert "ontology#department>" not in text and "ontology#unit>" not in text
    assert text.count("unitAsWritten") == 2 and '"审批科、执法队"@zh' in text


def test_a_csv_numbering_each_sub_item_with_the_name_written_once(sample_catalogue):
    """Every row numbered, a power's name written only in its first row: its sub-items are still its own."""
    path = SAMPLE / "lists" / "青禾市市场监督管理局2025年权责清单.xlsx"
    subitems = 0
    for sheet in V.read(path.read_bytes(), path.name):
        original = _load("x.csv", V.to_csv(sheet, "utf-8"), sample_catalogue)
        variant = _load("x.csv", V.to_csv(V.names_once(sheet, path.name), "utf-8"), sample_catalogue)
        assert V.projection(variant.nquads()) == V.projection(original.nquads())
        assert variant.counts.get("subitems") == original.counts.get("subitems")
        subitems += variant.counts.get("subitems", 0)
    assert subitems == 3


# ---------------------------------------------------------------- columns files


def test_a_columns_file_names_what_the_cells_cannot_tell(tmp_path, sample_catalogue):
    path = SAMPLE / "lists" / "青禾市市场监督管理局2025年权责清单.xlsx"
    blob = V.to_xlsx(V.renamed(V.read(path.read_bytes(), path.name), path.name, V.numbered))
    assert "remarks" not in _ways(_load(path.name, blob, sample_catalogue))  # 备注 cells say nothing of their role
    (tmp_path / "map.toml").write_text(
        f'[all]\n"R" = "备注"\n\n[files."{path.name}"]\n"栏1" = "serial"\n', encoding="utf-8"
    )
    columns = read_columns_file(tmp_path / "map.toml")
    doc = _load(path.name, blob, sample_catalogue, columns=columns.for_file(path.name))
    named = {
        (c["column"], c["role"]) for s in doc.details["sheets"] for c in s["columns"] if c["how"] == "columns file"
    }
    assert named == {("R", "remarks"), ("A", "serial")}
    assert "https://w3id.org/quanze/ontology#remarks" in doc.nquads().decode()
    assert columns.for_file("other.xlsx") == {"R": "remarks"}


def test_a_columns_file_with_an_unknown_role(tmp_path):
    (tmp_path / "map.toml").write_text('[all]\n"B" = "负责人"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="unknown role"):
        read_columns_file(tmp_path / "map.toml")


# ---------------------------------------------------------------- tables that are no list


def test_a_table_whose_roles_cannot_be_found_names_them_and_the_headers(sample_catalogue):
    rows = "编号,金额,日期\n1,100,2024-01-01\n2,200,2024-02-01\n3,300,2024-03-01\n"
    with pytest.raises(SourceError) as err:
        _load("账目.csv", rows.encode("gb18030"), sample_catalogue)
    message = str(err.value)
    assert "事项名称" in message and "权力类型" in message
    assert "编号、金额、日期" in message


# ---------------------------------------------------------------- the shared real lists


@pytest.fixture(scope="module")
def real_catalogue(shared: Path) -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((shared / "laws").glob("*/*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


def test_every_shared_list_with_unseen_headers_gives_the_same_powers(shared, real_catalogue):
    """All 13 real lists, every header renamed to a word no list here uses: the same 1,340 powers and sub-items."""
    items = resolved = 0
    for path in sorted((shared / "powerlists" / "karamay").iterdir()):
        data = path.read_bytes()
        original = load_powerlist(path.name, data, catalogue=real_catalogue, jurisdiction=JURISDICTION)
        blob = V.to_xlsx(V.renamed(V.read(data, path.name), path.name, V.unseen))
        variant = load_powerlist(path.name, blob, catalogue=real_catalogue, jurisdiction=JURISDICTION)
        assert V.projection(variant.nquads()) == V.projection(original.nquads()), path.name
        items += variant.counts.get("powers", 0) + variant.counts.get("subitems", 0)
        resolved += variant.counts.get("citations_resolved", 0)
    assert items == 1340
    assert resolved == 679


def test_a_csv_keeps_a_merged_type_only_in_its_first_row(sample_catalogue):
    """The item above's type is taken, flagged qz:powerTypeInferred and noted — never silently."""
    rows = "序号,事项名称,权力类型,实施依据\n1,甲事项许可,行政许可,《某法》第一条\n2,乙事项许可,,《某法》第二条\n"
    doc = _load("清单.csv", rows.encode("gb18030"), sample_catalogue)
    text = doc.nquads().decode()
    assert text.count("power-type/licensing") == 2
    assert (
        text.count("powerTypeInferred") == 1
        and "/power/2> <https://w3id.org/quanze/ontology#powerTypeInferred>" in text
    )
    assert any("rows 3:" in n and "type of the item above" in n for n in doc.notes)
