import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.loaders.articles import load_articles
from quanze.loaders.errors import SourceError
from quanze.loaders.sniff import sniff_kind
from quanze.loaders.statute_model import short_title
from quanze.loaders.statutes import event_kind, load_statute, parse_history, parse_statute

from tests.conftest import SAMPLE

SPECIAL = SAMPLE / "statutes" / "青禾市特种设备安全管理条例(2022-06-01).md"
ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百千零]+条[ \u3000]", re.M)


def test_sample_statute_structure():
    st, doc = load_statute(SPECIAL)
    assert st.title == "青禾市特种设备安全管理条例"
    assert st.level == "local-regulation"
    assert st.version_date == "2022-06-01"
    assert [a.number for a in st.articles] == list(range(1, 12))
    art6 = st.articles[5]
    assert art6.number_text == "第六条"
    assert len(art6.paragraphs) == 1 and [i.number for i in art6.paragraphs[0].items] == [1, 2, 3]
    art3 = st.articles[2]
    assert len(art3.paragraphs) == 2
    assert art3.paragraphs[1].text.startswith("区（县）市场监督管理部门")
    assert [d.heading for d in st.divisions] == ["总则", "使用登记", "监督检查", "法律责任", "附则"]
    assert doc.counts == {
        "articles": 11,
        "paragraphs": 13,
        "items": 6,
        "chapters": 5,
        "conferrals": 5,
        "penalty_conferrals": 2,
    }


def test_history_gives_versions_and_entry_into_force():
    st, doc = load_statute(SPECIAL)
    kinds = [(e.date, e.kind) for e in st.history]
    assert kinds == [("2019-09-26", "enactment"), ("2022-06-01", "amendment"), ("2022-07-01", "entry-into-force")]
    quads = list(ox.parse(doc.nquads(), format=ox.RdfFormat.N_QUADS))
    version = ox.NamedNode(st.version_iri)
    in_force = [
        q.object.value
        for q in quads
        if q.subject == version and q.predicate.value.endswith("first_date_entry_in_force")
    ]
    assert in_force == ["2022-07-01"]
    older = ox.NamedNode(st.version_iri.replace("2022-06-01", "2019-09-26"))
    ended = [
        q.object.value for q in quads if q.subject == older and q.predicate.value.endswith("date_no_longer_in_force")
    ]
    assert ended == ["2022-07-01"]  # the 2022 amendment entered into force on 07-01: the older text held until then


REVISED = """# 中华人民共和国行政复议法

1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过

2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议第二次修正

2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订

<!-- INFO END -->

第一条 为了防止和纠正违法的或者不当的行政行为，制定本法。

第二条 本法自2024年1月1日起施行。
"""


def _dates(doc, predicate: str) -> dict[str, str]:
    quads = ox.parse(doc.nquads(), format=ox.RdfFormat.N_QUADS)
    return {q.subject.value.rsplit("/", 1)[-1]: q.object.value for q in quads if q.predicate.value.endswith(predicate)}


def test_a_version_ends_when_its_successor_enters_into_force(tmp_path):
    """行政复议法 2023 was adopted on 09-01 and in force from 2024-01-01: the 2017 text applied until then."""
    path = tmp_path / "行政复议法(2023-09-01).md"
    path.write_text(REVISED, encoding="utf-8")
    _, doc = load_statute(path)
    assert _dates(doc, "first_date_entry_in_force") == {"2023-09-01": "2024-01-01"}
    assert _dates(doc, "date_no_longer_in_force") == {"1999-04-29": "2017-09-01", "2017-09-01": "2024-01-01"}


def test_an_amendment_keeping_the_original_entry_article_states_no_new_entry(tmp_path):
    path = tmp_path / "行政复议法(2023-09-01).md"
    path.write_text(REVISED.replace("2024年1月1日", "1999年10月1日"), encoding="utf-8")
    _, doc = load_statute(path)
    assert _dates(doc, "first_date_entry_in_force") == {}
    assert _dates(doc, "date_no_longer_in_force")["2017-09-01"] == "2023-09-01"


def test_plain_text_parses_like_markdown():
    markdown = SPECIAL.read_text(encoding="utf-8")
    plain = re.sub(r"^#+\s*", "", markdown, flags=re.M).replace("<!-- INFO END -->", "")
    a, b = parse_statute(markdown, "a.md"), parse_statute(plain, "a.txt")
    assert [(x.number, x.text()) for x in a.articles] == [(x.number, x.text()) for x in b.articles]
    assert a.version_date == b.version_date and a.level == b.level


def national_database_layout(markdown: str) -> str:
    """A statute as the national database prints it: its history one bracketed paragraph (根据 before
    each amendment), a table of contents, ideographic spaces after 第X条 and in headings."""
    lines = [re.sub(r"^#+\s*", "", line).strip() for line in markdown.splitlines() if line.strip()]
    lines = [line for line in lines if line != "<!-- INFO END -->"]
    history = [line for line in lines[1:] if re.match(r"^\d{4}年", line)]
    body = lines[1 + len(history) :]
    events = [("" if k == 0 else "根据") + h.replace(" ", "") for k, h in enumerate(history)]
    out = [lines[0], "（" + "　".join(events) + "）", "目　　录"]
    out += [re.sub(r"\s+", "　", d) for d in body if re.match(r"^第[零一二三四五六七八九十百]+[编章节](\s|$)", d)]
    for line in body:
        article = re.match(r"^(第[零一二三四五六七八九十百千]+条)\s*", line)
        out.append(f"　　{article.group(1)}　{line[article.end() :]}" if article else re.sub(r"\s+", "　", line))
    return "\n".join(out)


def test_a_bracketed_history_over_several_lines():
    lines = [
        "（2005年8月28日第十届全国人民代表大会常务委员会第十七次会议通过",
        "根据2012年10月26日第十一届全国人民代表大会常务委员会第二十九次会议《关于修改〈中华人民共和国治安管理处罚法〉的决定》修正）",
    ]
    events = parse_history(lines)
    assert [(e.date, e.kind) for e in events] == [("2005-08-28", "enactment"), ("2012-10-26", "amendment")]
    assert events[1].text.startswith("根据2012年") and events[1].text.endswith("的决定》修正")


@pytest.mark.parametrize("path", sorted((SAMPLE / "statutes").glob("*.md")), ids=lambda p: p.stem)
def test_the_national_databases_layout_parses_like_markdown(path: Path):
    markdown = path.read_text(encoding="utf-8")
    text = national_database_layout(markdown)
    assert "目　　录" in text and "（" + "20" in text
    a, b = parse_statute(markdown, path.name), parse_statute(text, "x.txt")
    assert (b.title, b.version_date, b.level) == (a.title, a.version_date, a.level)
    assert [(e.date, e.kind) for e in b.history] == [(e.date, e.kind) for e in a.history]
    assert [(x.number, x.text()) for x in b.articles] == [(x.number, x.text()) for x in a.articles]
    assert [(d.kind, d.number, d.heading) for d in b.divisions] == [(d.kind, d.number, d.heading) for d in a.divisions]
    assert sniff_kind(text.encode(), "x.txt") == "statute"
    loaded, _ = load_articles(Path("x.txt"), text.encode())
    assert (loaded.version_date, len(loaded.articles)) == (a.version_date, len(a.articles))


def test_iris_are_readable_and_deterministic():
    _, first = load_statute(SPECIAL)
    _, second = load_statute(SPECIAL)
    assert first.nquads() == second.nquads()
    item = "https://w3id.org/quanze/eli/cn/青禾市特种设备安全管理条例/2022-06-01/art_6/par_1/pt_2"
    assert item in first.nquads().decode()
    assert "/chp_2>" in first.nquads().decode()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正", "amendment"),
        ("2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订", "revision"),
        ("1996年3月17日 第八届全国人民代表大会第四次会议通过", "enactment"),
        ("2008年1月13日 国务院第N次常务会议修订通过", "revision"),
        ("2001年4月21日 中华人民共和国国务院令第302号公布", "promulgation"),
        ("1980年1月1日 施行", "entry-into-force"),
    ],
)
def test_event_kinds(line, kind):
    assert event_kind(line) == kind


def test_short_title():
    assert short_title("中华人民共和国行政处罚法") == "行政处罚法"
    assert short_title("中华人民共和国药品管理法实施条例") == "药品管理法实施条例"
    assert short_title("国务院关于特大安全事故行政责任追究的规定") == "国务院关于特大安全事故行政责任追究的规定"


def test_not_a_statute_is_an_error_with_the_file():
    with pytest.raises(SourceError) as err:
        parse_statute("# 某通知\n\n各单位：请按时报送材料。\n", "notice.md")
    assert "notice.md" in str(err.value) and "第X条" in str(err.value)


def test_undated_text_is_an_error():
    with pytest.raises(SourceError, match="dated history"):
        parse_statute("# 某条例\n\n第一条 为了规范管理，制定本条例。\n", "x.md")


# ---------------------------------------------------------------- real statutes


def _law_files(shared: Path) -> list[Path]:
    return sorted((shared / "laws").glob("*/*.md"))


def test_every_shared_statute_parses_with_the_right_article_count(shared):
    files = _law_files(shared)
    assert len(files) == 112
    for f in files:
        st, doc = load_statute(f)
        expected = len(ARTICLE_LINE.findall(f.read_text(encoding="utf-8")))
        assert len(st.articles) == expected, f.name
        assert doc.counts["articles"] == expected
        # The file name dates the version (简称(YYYY-MM-DD).md); the history must agree.
        assert st.version_date == f.stem.rsplit("(", 1)[1].rstrip(")"), f.name


@pytest.mark.parametrize(
    ("name", "articles"),
    [("行政处罚法(2021-01-22)", 86), ("行政许可法(2019-04-23)", 83), ("行政强制法(2011-06-30)", 71)],
)
def test_core_laws_article_counts(shared, name, articles):
    st, _ = load_statute(shared / "laws" / "core" / f"{name}.md")
    assert len(st.articles) == articles
    assert [a.number for a in st.articles] == list(range(1, articles + 1))


def test_levels_follow_the_adopting_body(shared):
    for f in _law_files(shared):
        st, _ = load_statute(f)
        expected = "administrative-regulation" if f.parent.name == "regulations" else "law"
        assert st.level == expected, f.name


def test_titles_match_the_manifest(shared):
    manifest = (shared / "laws" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in manifest:
        path, title = line.split("\t")[:2]
        st, _ = load_statute(shared / "laws" / path)
        assert st.title == title
