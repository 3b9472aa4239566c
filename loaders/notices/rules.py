"""Rules in article form as they are published: 办法, 规定, 细则, 政府令, 考核办法 with 第X条.

Unlike the statutes of a law database, a rule on a web page seldom carries a
legislative history. It dates itself in other ways, each read here: a 令
header (…人民政府令第15号 / 《…》已经…通过，现予公布，自…起施行), a metadata
block in the site's style (【公布日期】, 颁布时间, 发布日期 …), the line under
the title (（2005年3月1日…发布）), the closing line, or — for a rule a notice
issues — the notice's own date. Its level follows the issuing body: a
人民政府令 is a 地方政府规章, another 令 a 部门规章, the block's 效力等级 where
it gives one, anything else a 规范性文件. The rule is parsed into the same
shape as a statute (:class:`~quanze.loaders.statute_model.Statute`), so that
its articles are written, catalogued and cited exactly like a statute's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import scheme
from ..numerals import CHINESE_NUMERAL_CHARS
from ..statute_model import HistoryEvent, Statute
from ..statutes import DIVISION_RE, event_kind, parse_articles
from .dates import parse_full_date
from .metadata import field_of, fields_in
from .page import _NAV, DATE_LINE, DOCUMENT_FORMS, FOOTER, LOOSER_FORMS
from .shape import ARTICLE_LINE, ISSUING

_NUM = f"{CHINESE_NUMERAL_CHARS}0-9０-９"
RULE_FORMS = (*DOCUMENT_FORMS, *LOOSER_FORMS)
_FORM = "|".join(sorted(RULE_FORMS, key=len, reverse=True))
#: A status mark sites append to a title: [失效], 【已废止】, (现行有效).
_STATUS_MARK = re.compile(
    r"\s*[\[【（(](失效|已失效|废止|已废止|现行有效|有效|已被修改|部分失效|尚未生效)[\]】）)]\s*$"
)
#: 【法规标题】, 标题：, 【名称】 — a metadata block's title field.
_TITLE_KEY = re.compile(r"^[【\[]?(?:法规|文件|规章)?(?:标题|名称)[】\]]?[:：]?")
_RULE_TITLE = re.compile(rf"^[^。，,；;：:|]{{3,80}}?(?:{_FORM})(?:[（(][^（）()]{{1,8}}[）)])?$")
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_ORDER_NUMBER = re.compile(
    rf"((?:[\u4e00-\u9fff]{{2,20}}?)(?:人民政府|部|委员会|局|署|总局|办公厅|政府)令)\s*[（(]?\s*"
    rf"((?:\d{{4}}\s*年\s*)?第\s*[{_NUM}]+\s*号)"
)
_ADOPTED = re.compile(rf"已(?:经|于)?\s*({_DATE})[^。]{{0,60}}?(?:通过|审议通过|讨论通过)")
_EFFECTIVE = re.compile(rf"自\s*({_DATE})\s*起\s*(?:施行|实施|执行|生效)")
_FROM_ISSUE = re.compile(r"自\s*(?:公布|发布|印发)之日起\s*(?:施行|实施|执行|生效)")
_ISSUED_WITH_ORDER = re.compile(
    rf"({_DATE})[^。\n年]{{0,40}}?令\s*[（(]?\s*(?:\d{{4}}\s*年\s*)?第\s*[{_NUM}]+\s*号\s*(?:公布|发布)"
)
#: The closing article: 本办法自2006年5月1日起施行 / 本办法自发布之日起施行.
_IN_FORCE_ARTICLE = re.compile(
    rf"本(?:{_FORM})自\s*(?:({_DATE})|(?:公布|发布|印发)之日)\s*起\s*(?:施行|实施|执行|生效)"
)
_DATE_ONLY = re.compile(rf"^[（(]?\s*({_DATE})\s*[）)]?$")
_DATED_NOTE = re.compile(rf"^[（(]\s*({_DATE})([^）)]*)[）)]$")
LEVELS = {"人民政府令": "local-government-rule", "政府令": "local-government-rule"}


@dataclass
class Rule:
    """One rule in article form, parsed, with what the page says about it."""

    statute: Statute  # title, articles, chapters, level, version date ("" when undated)
    first_line: int  # index of the rule's first line (its title, or its first article) in the lines given
    number: str = ""  # the 令 number or document number
    issuer: str = ""
    status: str = ""
    issued: str | None = None  # its promulgation (公布, 发布) date, when the page gives one
    effective: str | None = None
    excerpt: bool = False  # begins or ends mid-document
    notes: list[str] = field(default_factory=list)


def _title_line(line: str) -> tuple[str, str] | None:
    """(title, status) when a line is a rule's title: short, ends with a rule's form, not site furniture."""
    flat = _TITLE_KEY.sub("", line.replace(" ", "").replace("\u3000", ""))
    status = ""
    m = _STATUS_MARK.search(flat)
    if m:
        status, flat = m.group(1), flat[: m.start()]
    flat = flat.strip("《》")
    if not _RULE_TITLE.match(flat) or _NAV.search(flat) or FOOTER.search(flat) or "印发" in flat:
        return None
    return flat, status


def find_title(lines: list[str], end: int) -> tuple[int, str, str] | None:
    """(index, title, status) of the last title-shaped line before ``end`` (the first article)."""
    for i in range(end - 1, -1, -1):
        found = _title_line(lines[i])
        if found and not ARTICLE_LINE.match(lines[i]):
            return i, *found
    return None


def _level_of(text: str) -> str | None:
    flat = text.replace(" ", "")
    for keyword, iri in scheme("legal-level").keywords():
        if keyword in flat:
            return iri.rsplit("/", 1)[-1]
    return None


@dataclass
class Dating:
    adopted: str | None = None
    issued: str | None = None
    effective: str | None = None
    number: str = ""
    issuer: str = ""
    level: str | None = None
    status: str = ""
    texts: list[str] = field(default_factory=list)  # the lines that date it, as written
    notes: list[str] = field(default_factory=list)


def _iso(written: str) -> str | None:
    return parse_full_date(re.sub(r"\s+", "", written))


def date_rule(head: list[str], tail: list[str]) -> Dating:
    """How a rule dates itself, from the lines around its title (``head``) and after its last article."""
    d = Dating()
    text = "\n".join(head)
    m = _ORDER_NUMBER.search(re.sub(_DATE, " ", text))  # (2001年1月30日甘肃省人民政府令…): not 日甘肃省
    if m:
        d.number = re.sub(r"\s+", "", m.group(1) + m.group(2))
        d.issuer = re.sub(r"令$", "", m.group(1))
        d.level = "local-government-rule" if "政府令" in m.group(1) else "departmental-rule"
    m = _ADOPTED.search(text)
    if m:
        d.adopted = _iso(m.group(1))
    m = _ISSUED_WITH_ORDER.search(text)
    if m:
        d.issued = _iso(m.group(1))
    fields: dict[str, str] = {}
    for line in head:
        for key, value in fields_in(line):
            fields.setdefault(field_of(key), value)
    if fields:
        d.notes.append("metadata block: " + "、".join(sorted(fields)))
    if d.issued is None and fields.get("issued"):
        d.issued = parse_full_date(fields["issued"].split()[0]) if fields["issued"].split() else None
    if fields.get("effective") and fields["effective"].split():
        d.effective = parse_full_date(fields["effective"].split()[0])
    if fields.get("issuer"):
        d.issuer = d.issuer or re.sub(r"\s+", "", fields["issuer"])
    if fields.get("number") and not d.number:
        d.number = re.sub(r"\s+", "", fields["number"])
    if fields.get("level"):
        d.level = _level_of(fields["level"]) or d.level
    d.status = fields.get("status", "")
    for line in head:
        _bracketed_history(line.strip(), d)
    for line in head:
        m = _DATED_NOTE.match(line.strip()) or _DATE_ONLY.match(line.strip())
        if m and d.issued is None:
            d.issued = _iso(m.group(1))
            d.texts.append(line.strip())
    m = _EFFECTIVE.search(text)
    if m and d.effective is None:
        d.effective = _iso(m.group(1))
    if d.effective is None and _FROM_ISSUE.search(text):
        d.effective = d.issued
    if d.issued is None:
        for line in reversed([line for line in tail if line.strip()][-3:]):
            found = parse_full_date(line.strip().replace(" ", ""))
            if found:
                d.issued = found
                d.notes.append(f"date {found} taken from the closing line {line.strip()}")
                break
    d.texts.extend(line.strip() for line in head if _ORDER_NUMBER.search(line) or _ADOPTED.search(line))
    return d


_BRACKETED = re.compile(r"^[（(](.+)[）)]$")
_DATE_AT = re.compile(_DATE)


def _bracketed_history(line: str, d: Dating) -> None:
    """The dated events of a note under the title: （2005年3月1日市人民政府常务会议通过 2005年3月10日公布）."""
    m = _BRACKETED.match(line)
    if not m:
        return
    dates = list(_DATE_AT.finditer(m.group(1)))
    for k, found in enumerate(dates):
        end = dates[k + 1].start() if k + 1 < len(dates) else len(m.group(1))
        said = _FROM_ISSUE.sub("", m.group(1)[found.end() : end])  # 自发布之日起施行 is not a date of its own
        kind = event_kind(found.group() + said) if re.search(r"通过|公布|发布|施行|批准|颁布|印发", said) else ""
        when = _iso(found.group())
        if kind == "enactment" and d.adopted is None:
            d.adopted = when
        elif kind in ("promulgation", "approval") and d.issued is None:
            d.issued = when
        elif kind == "entry-into-force" and d.effective is None:
            d.effective = when
        else:
            continue
        d.texts.append(line)


def _history(d: Dating) -> list[HistoryEvent]:
    """The dated events the page gives, as the statute model's history (adopted, issued, in force)."""
    note = "；".join(dict.fromkeys(d.texts))
    events = []
    if d.adopted:
        events.append(HistoryEvent(d.adopted, note, "enactment"))
    if d.issued and d.issued != d.adopted:
        events.append(HistoryEvent(d.issued, note, "promulgation"))
    if d.effective:
        events.append(HistoryEvent(d.effective, note, "entry-into-force"))
    return events


_ISSUED_TITLE = re.compile(r"《([^《》]{2,80})》")
_ISSUING_TITLE = re.compile(r"印发(?!《)(.{2,80}?)的(?:通知|决定)")


def issued_titles(text: str) -> list[str]:
    """The titles a 印发 notice names: 《…》 each, or what stands between 印发 and 的通知."""
    titles = [t for t in _ISSUED_TITLE.findall(text) if not t.endswith(("通知", "决定", "意见"))]
    if not titles:
        titles = [m.group(1).replace(" ", "") for m in _ISSUING_TITLE.finditer(text)]
    return list(dict.fromkeys(titles))


def issuing_split(lines: list[str]) -> int | None:
    """Where the rule a 印发 notice issues begins: after the notice's closing date (or, failing one, at the
    title or first article after the 印发 sentence); None when the page issues nothing."""
    start = next((i for i, line in enumerate(lines[:80]) if ISSUING.search(line)), None)
    if start is None:
        return None
    for i in range(start, len(lines)):
        flat = lines[i].replace(" ", "")
        if DATE_LINE.match(flat):
            return i + 1
        if ARTICLE_LINE.match(lines[i]) or DIVISION_RE.match(lines[i].strip()):
            j = i - 1 if i > start + 1 and _title_line(lines[i - 1]) else i
            return j
    return len(lines)


def read_rules(
    lines: list[str],
    name: str,
    fallback_date: str | None = None,
    fallback_issuer: str = "",
    known_titles: list[str] | None = None,
) -> list[Rule]:
    """The rules in ``lines``, one after another: a new rule starts at a title line followed by its first
    chapter or article (第一章, 第一条)."""
    starts = [0]
    for i in range(1, len(lines)):
        nxt = next((line for line in lines[i + 1 :] if line), "")
        if (
            _title_line(lines[i])
            and re.match(r"^第[一1][章条]|^总\s*则$", nxt)
            and any(ARTICLE_LINE.match(line) for line in lines[starts[-1] : i])
        ):
            starts.append(i)
    rules = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        known = (known_titles or [])[k] if known_titles and k < len(known_titles) else ""
        rule = read_rule(lines[start:end], name, fallback_date, fallback_issuer, known)
        if rule is not None:
            rules.append(rule)
    return rules


_ORG_LINE = re.compile(r"^[\u4e00-\u9fff、 ]{2,40}(?:人民政府|政府|办公厅|办公室|委员会|局|厅|委|办|部|院|署)$")


def _closing_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(body, closing): a rule's signature and date after its last article are not part of that article."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in reversed(filled[-3:]):
        flat = lines[i].strip().replace(" ", "")
        if DATE_LINE.match(flat) or _DATE_ONLY.match(flat):
            start = i
            before = [j for j in filled if j < i]
            if before and _ORG_LINE.match(lines[before[-1]].strip()):
                start = before[-1]
            return lines[:start], lines[start:]
    return lines, []


def read_rule(
    lines: list[str], name: str, fallback_date: str | None = None, fallback_issuer: str = "", known_title: str = ""
) -> Rule | None:
    """The rule in ``lines`` (cleaned, simplified), or None when they hold no article.

    ``fallback_date`` dates a rule the page leaves undated (the date of the notice issuing it);
    ``known_title`` is its title as the issuing notice names it.
    """
    first_article = next((i for i, line in enumerate(lines) if ARTICLE_LINE.match(line)), None)
    if first_article is None:
        return None
    first_body = next(
        (
            i
            for i, line in enumerate(lines[: first_article + 1])
            if DIVISION_RE.match(line.strip()) or i == first_article
        )
    )
    notes: list[str] = []
    found = find_title(lines, first_body)
    status = ""
    if found is not None:
        title_at, title, status = found
    elif known_title:
        title_at, title = first_body, known_title
    else:
        title_at, title = first_body, name.rsplit(".", 1)[0]
        notes.append(f"no title line before the first article: the rule is named after its file ({title})")
    head = [line for line in lines[:first_body] if line]
    body, closing = _closing_lines(lines[first_body:])
    divisions, articles, preamble = parse_articles(body)
    d = date_rule(head, closing)
    notes.extend(d.notes)
    excerpt = (found is None and bool(preamble.strip())) or (bool(articles) and articles[0].number != 1)
    if excerpt:
        first = articles[0].number_text if articles else ""
        notes.append(f"an excerpt: the text begins mid-document (its first article is {first})")
    if d.issued is None and d.adopted is None and fallback_date:
        d.issued = fallback_date
        notes.append(f"date {fallback_date} taken from the notice that issues the rule")
    if d.effective is None:
        for art in reversed(articles[-3:]):
            m = _IN_FORCE_ARTICLE.search(art.text())
            if m:
                d.effective = _iso(m.group(1)) if m.group(1) else d.issued
                break
    events = _history(d)
    version_date = (d.adopted or d.issued or d.effective or "") if events else ""
    if not version_date:
        notes.append(
            "no date found (令 header, 公布日期, a date under the title or a closing date): the rule is undated"
        )
    level = d.level or "normative-document"
    if d.level is None:
        notes.append("no 令 header or 效力等级: the rule is taken as a 规范性文件 (normative document)")
    statute = Statute(title, events, articles, divisions, level, version_date, preamble)
    return Rule(
        statute,
        title_at,
        number=d.number,
        issuer=d.issuer or fallback_issuer,
        status=status or d.status,
        issued=d.issued,
        effective=d.effective,
        excerpt=excerpt,
        notes=notes,
    )
