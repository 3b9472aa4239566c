"""The lexicon files: the shipped ones read; broken ones are refused with file and line."""

from pathlib import Path

import pytest
from quanze.loaders.errors import SourceError
from quanze.loaders.lexicon.files import FILES, STATUTE, lexicon_paths, read_lexicon

SHIPPED = lexicon_paths(None)


def test_shipped_lexicon_reads_and_names_known_domains():
    lex = read_lexicon()
    assert "market-regulation" in lex.domains
    assert set(SHIPPED) == set(FILES)
    for phrase in lex.phrases:
        assert all(d == STATUTE or d in lex.domains for d in phrase.domains), phrase
    assert [len(p.text) for p in lex.phrases] == sorted((len(p.text) for p in lex.phrases), reverse=True)


@pytest.mark.parametrize("old_name", ["工商行政管理", "质量技术监督", "食品药品监督管理"])
def test_names_from_before_the_2018_reform_mean_market_regulation(old_name):
    lex = read_lexicon()
    entry = next(p for p in lex.phrases if p.text == old_name)
    assert entry.domains == ("market-regulation",)


def copy_lexicon(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    folder.mkdir(parents=True)
    for name, path in SHIPPED.items():
        (folder / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def append(folder: Path, name: str, text: str) -> int:
    """Append a line; returns its line number."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_a_line_without_its_tab_is_a_syntax_error_with_file_and_line(tmp_path):
    folder = copy_lexicon(tmp_path)
    line = append(folder, "authorities.tsv", "烟草专卖行政主管部门 tobacco")
    with pytest.raises(SourceError) as info:
        read_lexicon(folder)
    assert info.value.file.endswith("authorities.tsv") and info.value.line == line
    assert "expected 2 tab-separated fields" in str(info.value)


def test_an_unknown_domain_is_refused_with_file_and_line(tmp_path):
    folder = copy_lexicon(tmp_path)
    line = append(folder, "authorities.tsv", "城市执法局\turban-enforcement")
    with pytest.raises(SourceError) as info:
        read_lexicon(folder)
    assert info.value.line == line
    assert "unknown domain 'urban-enforcement'" in info.value.message
    folder = copy_lexicon(tmp_path / "again")
    line = append(folder, "departments.tsv", "城管执法局\turban-managment")
    with pytest.raises(SourceError) as info:
        read_lexicon(folder)
    assert info.value.file.endswith("departments.tsv") and info.value.line == line


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("acts.tsv", "没收\tpenalty\t没收(", "not a valid regular expression"),
        ("acts.tsv", "训诫\tscolding\t", "unknown power type 'scolding'"),
        ("domains.tsv", "Market\t市场\tmarket", "lower-case"),
        ("domains.tsv", "market-regulation\t市场\tmarket", "already defined"),
        ("authorities.tsv", "市场监督管理\tmarket-regulation", "already listed"),
        ("authorities.tsv", "某某部门\t@statute market-regulation", "stands alone"),
        ("enforcement.tsv", "nowhere\t食品安全法", "unknown domain"),
    ],
)
def test_other_bad_lines(tmp_path, name, text, message):
    folder = copy_lexicon(tmp_path)
    line = append(folder, name, text)
    with pytest.raises(SourceError) as info:
        read_lexicon(folder)
    assert info.value.line == line, info.value
    assert message in info.value.message


def test_a_local_folder_replaces_only_the_files_it_has(tmp_path):
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "departments.tsv").write_text("执法局\tmarket-regulation\n", encoding="utf-8")
    lex = read_lexicon(folder)
    assert [p.text for p in lex.departments] == ["执法局"]
    assert "market-regulation" in lex.domains  # domains.tsv is still the shipped one
