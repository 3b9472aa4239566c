"""Statute texts (Markdown or plain text) into a structured model and into RDF.

The shape is the one of ``../shared/data/laws``: a title line, the dated
lines of the legislative history, an optional ``<!-- INFO END -->`` marker,
then 编/章/节 headings and articles (第X条) whose further lines are
paragraphs (款) and items (（一）). Plain text of the same shape (no ``#``
marks, no marker) parses the same way.

Parsing and writing are separate steps so that the citation resolver can
use the parsed structure of statutes loaded in the same command.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import iris
from .concepts import scheme
from .conferral import PENALTY, extract, write_conferrals
from .document import LoadedDocument
from .encoding import decode
from .errors import SourceError
from .ntriples import GraphWriter
from .numerals import CHINESE_NUMERAL_CHARS, chinese_to_int, int_to_chinese
from .statute_model import (
    Article,
    Division,
    HistoryEvent,
    Item,
    Paragraph,
    Point,
    Statute,
    iso_date,
)
from .vocab import ELI, QZ, RDFS, concept

_NUM = f"{CHINESE_NUMERAL_CHARS}0-9０-９"
ARTICLE_RE = re.compile(rf"^第([{_NUM}]+)条(?:之([{_NUM}]+))?(?:[\s\u3000]+|$)(.*)$")
DIVISION_RE = re.compile(rf"^(?:#+\s*)?第([{_NUM}]+)(编|章|节)(?:[\s\u3000]+(.*))?$")
ITEM_RE = re.compile(rf"^[（(]([{_NUM}]+)[）)]\s*(.*)$")
#: Items numbered with enclosed numerals (㈠ … ㈩), as some local rules write them.
ENCLOSED_ITEM_RE = re.compile(r"^([\u3220-\u3229])\s*(.*)$")
POINT_RE = re.compile(r"^([0-9０-９]+)[.．、]\s*(.*)$")
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
FILE_DATE_RE = re.compile(r"[（(](\d{4}-\d{2}-\d{2})[）)]")
_BLANK = re.compile(r"^[\s\u3000\u200b\ufeff\xa0]*$")
_INFO_END = "<!-- INFO END -->"
_CONTENTS = re.compile(r"^[\s\u3000]*目[\s\u3000]*录[\s\u3000]*$")
_SPACES = re.compile(r"[\s\u3000]+")

_DIVISION_KINDS = {"编": ("part", QZ.Part), "章": ("chp", QZ.Chapter), "节": ("sec", QZ.Section)}
_DIVISION_DEPTH = {"编": 0, "章": 1, "节": 2}

# ---------------------------------------------------------------- history

_KIND_WORDS = (
    ("修订", "revision"),
    ("修正", "amendment"),
    ("修改", "amendment"),
    ("通过", "enactment"),
    ("批准", "approval"),
    ("公布", "promulgation"),
    ("发布", "promulgation"),
    ("颁布", "promulgation"),
    ("施行", "entry-into-force"),
)
VERSIONING_KINDS = ("enactment", "amendment", "revision")


def event_kind(text: str) -> str:
    """The kind of a history line, by the word that ends its description."""
    body = DATE_RE.sub("", text, count=1).replace("修订通过", "修订").replace("修正通过", "修正")
    # The decisive verb is the last one written (…《关于修改…的决定》第二次修正).
    best, best_pos = "promulgation", -1
    for word, kind in _KIND_WORDS:
        pos = body.rfind(word)
        if pos > best_pos:
            best, best_pos = kind, pos
    return best


# The national database writes the whole history as one bracketed paragraph:
# （1987年9月5日…通过　根据1995年8月29日…修正　2000年4月29日…修订）. Each event starts at a date
# that opens the paragraph or follows a space or 根据.
_EVENT_START = re.compile(rf"(?:^|(?<=[\s\u3000；;，,]))(?:根据)?(?={DATE_RE.pattern})")


def _history_events(line: str) -> list[str]:
    """One header line as the history events it writes (one, or several in a bracketed paragraph)."""
    text = line.strip()
    if text[:1] in "（(" and DATE_RE.match(text[1:].strip().removeprefix("根据")):
        text = text[1:].strip()  # the paragraph's opening bracket (it may close lines below)
    if text[-1:] in "）)" and _opened(text) < 0:
        text = text[:-1].strip()  # its closing bracket
    starts = [m.start() for m in _EVENT_START.finditer(text)]
    if not starts or starts[0] != 0:
        return [text]
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _opened(text: str) -> int:
    """Brackets opened less brackets closed: negative when the text closes one opened before it."""
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def parse_history(lines: list[str]) -> list[HistoryEvent]:
    events: list[HistoryEvent] = []
    for line in lines:
        for text in _history_events(line):
            match = DATE_RE.match(text.removeprefix("根据"))
            if match:
                events.append(HistoryEvent(iso_date(match), text, ""))
            elif events:  # a wrapped line continues the previous event
                events[-1].text += text
    for ev in events:
        ev.kind = event_kind(ev.text)
    return events


def versions_of(history: list[HistoryEvent]) -> list[HistoryEvent]:
    """The events that date a version of the text, oldest first.

    Enactment, amendment and revision date versions; where a regulation's
    history has none of these (only 公布 or 批准), its first event dates it.
    """
    versions = [e for e in history if e.kind in VERSIONING_KINDS]
    if not versions and history:
        versions = [history[0]]
    elif history and history[0].kind in ("promulgation", "approval") and versions[0].date > history[0].date:
        versions.insert(0, history[0])
    return sorted(versions, key=lambda e: e.date)


def detect_level(title: str, history: list[HistoryEvent]) -> str:
    """The legal level, from who adopted the text (history) and, failing that, the title."""
    text = "".join(e.text for e in history)
    if "全国人民代表大会" in text:
        return "law"
    if "国务院" in text:
        return "administrative-regulation"
    if re.search(r"人民代表大会(常务委员会)?", text):
        return "local-regulation"
    if "人民政府令" in text or "人民政府第" in text:
        return "local-government-rule"
    if re.search(r"(部|局|委员会|署|行|会|办公室)令", text):
        return "departmental-rule"
    if re.search(r"(省|自治区|市|州|县)", title[:6]) and title.endswith("条例"):
        return "local-regulation"
    if title.endswith("法"):
        return "law"
    if title.endswith("条例"):
        return "administrative-regulation"
    return "normative-document"


# ---------------------------------------------------------------- body


def _clean(line: str) -> str:
    return line.rstrip().replace("\u200b", "").replace("\ufeff", "")


def parse_articles(lines: list[str]) -> tuple[list[Division], list[Article], str]:
    """(divisions, articles, preamble) of the lines from the first 编/章/节 or article on: the body of a
    text in article form, statute or rule alike. Lines before the first article are the preamble."""
    divisions: list[Division] = []
    articles: list[Article] = []
    open_divs: dict[str, Division] = {}
    current: Article | None = None
    preamble: list[str] = []
    for raw in lines:
        if _BLANK.match(raw):
            continue
        line = raw.strip().lstrip("\u3000")
        m = DIVISION_RE.match(line)
        if m:
            kind = m.group(2)
            depth = _DIVISION_DEPTH[kind]
            for k, d in _DIVISION_DEPTH.items():
                if d >= depth:
                    open_divs.pop(k, None)
            parent = None
            for k in ("节", "章", "编"):
                if _DIVISION_DEPTH[k] < depth and k in open_divs:
                    parent = open_divs[k]
                    break
            div = Division(
                kind,
                chinese_to_int(m.group(1)),
                f"第{m.group(1)}{kind}",
                (m.group(3) or "").strip().replace("\u3000", " "),
                parent,
            )
            divisions.append(div)
            open_divs[kind] = div
            current = None
            continue
        if line.startswith("#"):
            continue  # another heading (序言 …): structure only
        m = ARTICLE_RE.match(line)
        if m:
            number = chinese_to_int(m.group(1))
            suffix = chinese_to_int(m.group(2)) if m.group(2) else 0
            number_text = line[: m.start(3)].strip() if m.group(3) else line.strip()
            div = open_divs.get("节") or open_divs.get("章") or open_divs.get("编")
            current = Article(number, suffix, number_text, [], div)
            articles.append(current)
            body = m.group(3).strip()
            if body:
                current.paragraphs.append(Paragraph(1, body))
            continue
        if current is None:
            preamble.append(line)
            continue
        m = ITEM_RE.match(line)
        if m and current.paragraphs:
            par = current.paragraphs[-1]
            par.items.append(Item(chinese_to_int(m.group(1)), f"（{m.group(1)}）", line))
            continue
        m = ENCLOSED_ITEM_RE.match(line)
        if m and current.paragraphs:
            number = ord(m.group(1)) - 0x321F
            current.paragraphs[-1].items.append(Item(number, m.group(1), line))
            continue
        m = POINT_RE.match(line)
        if m and current.paragraphs and current.paragraphs[-1].items:
            current.paragraphs[-1].items[-1].points.append(Point(chinese_to_int(m.group(1)), line))
            continue
        current.paragraphs.append(Paragraph(len(current.paragraphs) + 1, line))

    return divisions, articles, "\n".join(preamble)


def _after_contents(lines: list[str], i: int) -> int:
    """Where the text starts after a table of contents (目录 then the titles of its 编, 章 and 节): at
    its first article, or where its first title is written a second time."""
    first: str | None = None
    while i < len(lines):
        line = _SPACES.sub("", lines[i])
        if ARTICLE_RE.match(_unindented(lines[i])) or (first is not None and line == first):
            return i
        if first is None and DIVISION_RE.match(_unindented(lines[i])):
            first = line
        i += 1
    return i


def _unindented(line: str) -> str:
    """A line without the spaces that indent it (the national database indents articles with 　　)."""
    return line.strip().lstrip("\u3000")


def _starts_body(line: str) -> bool:
    """Whether the line opens the body: an article, or the title of a 编, 章 or 节."""
    bare = _unindented(line)
    return bool(ARTICLE_RE.match(bare) or DIVISION_RE.match(bare))


def parse_statute(text: str, source: str = "<text>") -> Statute:
    """Parse one statute; raises SourceError naming the line when the shape is wrong."""
    lines = [_clean(line) for line in text.splitlines()]
    i = 0
    while i < len(lines) and _BLANK.match(lines[i]):
        i += 1
    if i == len(lines):
        raise SourceError(source, "empty file: expected a statute title on the first line")
    title = re.sub(r"^#+\s*", "", lines[i]).strip()
    if ARTICLE_RE.match(title) or DIVISION_RE.match(title):
        raise SourceError(source, "expected the statute's title before its articles", line=i + 1)
    i += 1

    header: list[str] = []
    if _INFO_END in text:
        while i < len(lines) and _INFO_END not in lines[i]:
            if not _BLANK.match(lines[i]):
                header.append(lines[i])
            i += 1
        i += 1
    else:
        while i < len(lines) and not _starts_body(lines[i]):
            if _CONTENTS.match(lines[i]):
                i = _after_contents(lines, i + 1)
                break
            if not _BLANK.match(lines[i]):
                header.append(lines[i])
            i += 1
    history = parse_history(header)

    divisions, articles, preamble = parse_articles(lines[i:])
    if not articles:
        raise SourceError(source, "no article (第X条) found: not a statute text")
    versions = versions_of(history)
    version_date = versions[-1].date if versions else ""
    file_date = FILE_DATE_RE.search(Path(source).name)
    if file_date and (not version_date or file_date.group(1) > version_date):
        # The file name dates the version (简称(YYYY-MM-DD).md) when the history is silent.
        version_date = file_date.group(1)
    if not version_date:
        raise SourceError(source, "no dated history line (YYYY年M月D日 …) to date this version", line=2)
    return Statute(title, history, articles, divisions, detect_level(title, history), version_date, preamble)


# ---------------------------------------------------------------- RDF


def division_iri(version_iri: str, div: Division) -> str:
    chain: list[Division] = []
    d: Division | None = div
    while d is not None:
        chain.append(d)
        d = d.parent
    iri = version_iri
    for d in reversed(chain):
        iri = iris.division(iri, _DIVISION_KINDS[d.kind][0], d.number)
    return iri


def article_iri(version_iri: str, art: Article) -> str:
    return iris.article(version_iri, art.number, art.suffix)


def statute_graph(st: Statute) -> str:
    return iris.graph("statute", st.short_title, st.version_date or iris.UNDATED)


def _entry_into_force(dated: list[HistoryEvent], idx: int, entry_dates: list[HistoryEvent]) -> str | None:
    """The 施行 date the history gives a version: the first on or after its adoption, before the next adoption."""
    date = dated[idx].date
    following = dated[idx + 1].date if idx + 1 < len(dated) else None
    return next((e.date for e in entry_dates if e.date >= date and (not following or e.date < following)), None)


_IN_FORCE_ARTICLE = re.compile(r"本(?:法|条例|规定|办法|细则|决定)[^。]{0,20}?自" + DATE_RE.pattern + r"起施行")


def _stated_entry_into_force(st: Statute) -> str | None:
    """The 施行 date the text's final articles state (本法自2024年1月1日起施行) when its history gives none."""
    for art in reversed(st.articles[-3:]):
        for par in art.paragraphs:
            m = _IN_FORCE_ARTICLE.search(par.text)
            if m:
                date = iso_date(m)
                return date if date >= st.version_date else None  # an amendment keeps the original 施行 article
    return None


def write_statute(st: Statute, path: str) -> LoadedDocument:
    """The statute version, its history versions and all subdivisions as one named graph."""
    g = GraphWriter(statute_graph(st))
    counts = write_statute_into(g, st, path)
    return LoadedDocument(
        path=path,
        kind="statute",
        graph=g.graph_iri,
        subject=st.version_iri,
        label=f"{st.title}（{st.version_date}）" if st.version_date else st.title,
        data=g.finish(),
        statements=len(g),
        counts=counts,
    )


def write_statute_into(g: GraphWriter, st: Statute, path: str) -> dict[str, int]:
    """Write the statute into ``g`` (a statute's graph, or the graph of the notice issuing a rule); its counts."""
    short = st.short_title
    work = st.work_iri
    version = st.version_iri
    level_iri = concept("legal-level", st.level)
    vk = scheme("version-kind")

    g.type(work, QZ.Statute)
    g.text(work, ELI.title, st.title, lang=None)
    g.text(work, ELI.title_short, short, lang=None)
    g.text(work, RDFS.label, st.title)
    g.iri(work, QZ.legalLevel, level_iri)

    # Every dated version the history names, so citations of older versions find them.
    dated = versions_of(st.history)
    if st.version_date and not any(v.date == st.version_date for v in dated):
        dated.append(HistoryEvent(st.version_date, "", "revision"))
    if not st.version_date:  # an undated rule: one version, written without a date
        g.type(version, QZ.StatuteVersion)
        g.iri(version, QZ.isVersionOf, work)
        g.iri(work, QZ.hasVersion, version)
        g.text(version, RDFS.label, f"{short}（未注明日期）")
    entry_dates = [e for e in st.history if e.kind == "entry-into-force"]
    entries = [_entry_into_force(dated, idx, entry_dates) for idx in range(len(dated))]
    if dated and dated[-1].date == st.version_date and not entries[-1]:
        entries[-1] = _stated_entry_into_force(st)
    previous: str | None = None
    for idx, ev in enumerate(dated):
        v_iri = iris.statute_version(short, ev.date)
        g.type(v_iri, QZ.StatuteVersion)
        g.iri(v_iri, QZ.isVersionOf, work)
        g.iri(work, QZ.hasVersion, v_iri)
        g.date(v_iri, ELI.version_date, ev.date)
        g.text(v_iri, RDFS.label, f"{short}（{ev.date}）")
        kind_iri = concept("version-kind", ev.kind)
        if kind_iri in vk.pref:
            g.iri(v_iri, QZ.versionKind, kind_iri)
        g.text(v_iri, QZ.historyNote, ev.text, lang=None)
        if entries[idx]:
            g.date(v_iri, ELI.first_date_entry_in_force, entries[idx])
        if idx + 1 < len(dated):
            # A version stays in force until its successor enters into force (施行), not until it is adopted.
            g.date(v_iri, ELI.date_no_longer_in_force, entries[idx + 1] or dated[idx + 1].date)
        if previous:
            g.iri(v_iri, ELI.consolidates, previous)
        previous = v_iri

    g.text(version, ELI.title, st.title, lang=None)
    g.plain(version, QZ.sourceFile, Path(path).name)
    g.text(version, QZ.text, st.preamble)
    order = 0
    div_iris: dict[int, str] = {}
    for div in st.divisions:
        order += 1
        d_iri = division_iri(version, div)
        div_iris[id(div)] = d_iri
        g.type(d_iri, _DIVISION_KINDS[div.kind][1])
        parent = div_iris[id(div.parent)] if div.parent else version
        g.iri(d_iri, ELI.is_part_of, parent)
        g.iri(d_iri, QZ.inVersion, version)
        g.integer(d_iri, QZ.number, div.number)
        g.plain(d_iri, QZ.numberText, div.number_text)
        g.text(d_iri, QZ.heading, div.heading)
        g.text(d_iri, RDFS.label, f"{short}{div.number_text} {div.heading}".strip())
        g.integer(d_iri, QZ.order, order)

    paragraphs = items = 0
    for art in st.articles:
        order += 1
        a_iri = article_iri(version, art)
        g.type(a_iri, QZ.Article)
        g.iri(a_iri, ELI.is_part_of, div_iris[id(art.division)] if art.division else version)
        g.iri(a_iri, QZ.inVersion, version)
        g.integer(a_iri, QZ.number, art.number)
        g.plain(a_iri, QZ.numberText, art.number_text)
        g.text(a_iri, QZ.text, art.text())
        g.text(a_iri, RDFS.label, f"{short}{art.number_text}")
        g.integer(a_iri, QZ.order, order)
        for par in art.paragraphs:
            paragraphs += 1
            p_iri = iris.paragraph(a_iri, par.number)
            g.type(p_iri, QZ.Paragraph)
            g.iri(p_iri, ELI.is_part_of, a_iri)
            g.iri(p_iri, QZ.inVersion, version)
            g.integer(p_iri, QZ.number, par.number)
            g.text(p_iri, QZ.text, par.full_text())
            g.text(p_iri, RDFS.label, f"{short}{art.number_text}第{int_to_chinese(par.number)}款")
            for it in par.items:
                items += 1
                i_iri = iris.item(p_iri, it.number)
                g.type(i_iri, QZ.Item)
                g.iri(i_iri, ELI.is_part_of, p_iri)
                g.iri(i_iri, QZ.inVersion, version)
                g.integer(i_iri, QZ.number, it.number)
                g.plain(i_iri, QZ.numberText, f"（{int_to_chinese(it.number)}）")
                g.text(i_iri, QZ.text, it.text)
                par_text = f"第{int_to_chinese(par.number)}款"
                g.text(i_iri, RDFS.label, f"{short}{art.number_text}{par_text}第（{int_to_chinese(it.number)}）项")
                for pt in it.points:
                    pt_iri = iris.point(i_iri, pt.number)
                    g.type(pt_iri, QZ.Point)
                    g.iri(pt_iri, ELI.is_part_of, i_iri)
                    g.iri(pt_iri, QZ.inVersion, version)
                    g.integer(pt_iri, QZ.number, pt.number)
                    g.text(pt_iri, QZ.text, pt.text)
    # A normative document may not create penalties or other powers (行政处罚法 第十六条); what reads like one
    # in it (给予通报批评) is the regime's handling of its own officials, read as sanction rules instead.
    conferrals = extract(st) if st.level != "normative-document" else []
    write_conferrals(g, st, conferrals)
    return {
        "articles": len(st.articles),
        "paragraphs": paragraphs,
        "items": items,
        "chapters": sum(1 for d in st.divisions if d.kind == "章"),
        "conferrals": len(conferrals),
        "penalty_conferrals": sum(1 for c in conferrals if PENALTY in c.types),
    }


def load_statute(path: str | Path, data: bytes | None = None) -> tuple[Statute, LoadedDocument]:
    """Read, parse and write one statute file as law databases print it (title, dated history, articles).

    Rules as published (令 header, metadata block, 印发 notice, excerpt) are read by
    :func:`quanze.loaders.articles.load_articles`, which sends statutes here.
    """
    path = str(path)
    raw = data if data is not None else Path(path).read_bytes()
    statute = parse_statute(decode(raw, path), path)
    return statute, write_statute(statute, path)
