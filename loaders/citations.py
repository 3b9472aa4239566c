"""Citations of statutes in free text, and their resolution to articles.

Handles what published lists and statutes write::

    【法律】《中华人民共和国行政处罚法》（2021年1月22日…修订）第三十二条第一款第（二）项
    《行政许可法》第二十条至第二十二条        第五条、第六条        第十条第二款、第三款
    第123条 (Arabic, half or full width)     第五章、第六章        本法第十条

In a list cell the citation heads are the titles at the start of a line
(after an optional level tag such as 【法规】, a bullet or 依据) and the
article references at the start of a line, which belong to the last head
title; what follows a reference is the quoted article text, in which further
citations are only mentions. Nothing found is dropped: a reference that does
not resolve stays a citation with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import iris
from .catalogue import ArticleEntry, StatuteCatalogue, VersionEntry, WorkEntry, normalise_title
from .concepts import normalise_label, scheme
from .numerals import CHINESE_NUMERAL_CHARS, chinese_to_int

_N = f"[{CHINESE_NUMERAL_CHARS}0-9０-９]+"
_WS = r"[\s\u3000\xa0]*"

# One reference token; the chain parser strings them together.
_TOKEN = re.compile(
    rf"第{_WS}(?P<series>{_N}(?:{_WS}(?:[、，,和及与]|至|到){_WS}{_N})+){_WS}条(?!之)"
    rf"|第{_WS}(?P<num>{_N}){_WS}(?P<unit>条(?:之(?P<suffix>{_N}))?|款|章|节|目)"
    rf"|第{_WS}(?P<items>[（(]?{_WS}{_N}{_WS}[）)]?(?:{_WS}[、，,和及与或]{_WS}[（(]?{_WS}{_N}{_WS}[）)]?)*){_WS}项"
    rf"|(?P<bare>[（(]{_WS}{_N}{_WS}[）)]){_WS}项"
)
# 第十二条、十三条: inside a chain, an article or paragraph may drop its 第.
_BARE_UNIT = re.compile(rf"(?P<num>{_N}){_WS}(?P<unit>条|款)")
_SERIES_PART = re.compile(rf"(至|到)?{_WS}({_N})")
_CONNECTOR = re.compile(rf"{_WS}(?:以及|[、，,和及与或]){_WS}")
_RANGE = re.compile(rf"{_WS}(?:至|到|～|~|－|—|-){_WS}")
_ITEM_NUMS = re.compile(_N)
_LEVEL_TAG = re.compile(r"^[【\[]\s*([^】\]]{1,12}?)\s*[】\]]")
_BULLET = re.compile(r"^(?:[0-9０-９]{1,2}[.．、]|[（(][0-9０-９一二三四五六七八九十]{1,2}[）)]|[①-⑳•·\-\*])\s*")
_LEAD_WORDS = re.compile(r"^(?:依据|根据|依照|按照)[:：]?\s*")
_SELF_LEAD = re.compile(r"本(?:法|条例|办法|规定|细则|决定|规则)")
_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"(\d{4})\s*年")
_OPEN = "（("
_CLOSE = "）)"


@dataclass
class Reference:
    """One article-level reference (a range is expanded into several)."""

    article: int | None = None
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    point: int | None = None
    chapter: int | None = None

    def label(self) -> str:
        if self.chapter is not None:
            return f"第{self.chapter}章"
        text = f"第{self.article}条" + (f"之{self.suffix}" if self.suffix else "")
        if self.paragraph:
            text += f"第{self.paragraph}款"
        if self.item:
            text += f"第{self.item}项"
        return text


@dataclass
class Citation:
    """A citation as found in text, before and after resolution."""

    text: str  # as written, from the title (or first reference) to the last number
    title: str | None
    level_tag: str | None = None
    bracket: str = ""
    dates: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    quoted: str = ""
    head: bool = True  # False for mentions inside quoted text
    # Filled by resolve():
    work: WorkEntry | None = None
    cited_version: str | None = None
    resolved_version: VersionEntry | None = None
    targets: list[str] = field(default_factory=list)
    status: str = "unknown-statute"
    reason: str = ""

    @property
    def version_date(self) -> str | None:
        return max(self.dates) if self.dates else None

    @property
    def resolved(self) -> bool:
        return self.status in ("resolved", "resolved-by-text")


# ---------------------------------------------------------------- scanning


def _match_title(text: str, pos: int) -> int | None:
    """End (exclusive) of a 《…》 title starting at ``pos``, allowing nested 《》 or 〈〉."""
    if pos >= len(text) or text[pos] != "《":
        return None
    depth = 0
    for i in range(pos, min(len(text), pos + 120)):
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == "\n":
            return None
    return None


def _match_bracket(text: str, pos: int) -> int | None:
    """End (exclusive) of a balanced （…） or (…) starting at ``pos`` (mixed widths allowed)."""
    if pos >= len(text) or text[pos] not in _OPEN:
        return None
    depth = 0
    for i in range(pos, min(len(text), pos + 600)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u3000\xa0":
        pos += 1
    return pos


def dates_in(text: str) -> list[str]:
    """ISO dates written in a history bracket (2021年1月22日, 2021.1.22), or bare years."""
    found = []
    for m in _DATE.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if 1949 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
            found.append(f"{y:04d}-{mo:02d}-{d:02d}")
    if not found:
        for m in _YEAR.finditer(text):
            y = int(m.group(1))
            if 1949 <= y <= 2100:
                found.append(f"{y:04d}-12-31")
    return found


def parse_chain(text: str, pos: int) -> tuple[list[Reference], int]:
    """Parse a chain of references starting exactly at ``pos``; returns (refs, end)."""
    refs: list[Reference] = []
    current: Reference | None = None
    pending_range = False
    end = pos
    i = pos
    while True:
        m = _TOKEN.match(text, i) or (_BARE_UNIT.match(text, i) if refs else None)
        if not m:
            break
        found = m.groupdict()
        if found.get("series") is not None:
            # 第12、13条, 第十二至十五条: several articles under one 第…条.
            for k, (through, number) in enumerate(_SERIES_PART.findall(found["series"])):
                current = _apply(refs, current, "条", [chinese_to_int(number)], None, bool(k and through))
            end = i = m.end()
            pending_range = False
            step = _continue(text, i)
            if step is None:
                break
            i, pending_range = step
            continue
        unit = m.group("unit")
        numbers: list[int]
        if found.get("items") is not None or found.get("bare") is not None:
            raw = m.group("items") or m.group("bare")
            numbers = [chinese_to_int(n) for n in _ITEM_NUMS.findall(raw)]
            unit = "项"
        else:
            numbers = [chinese_to_int(m.group("num"))]
        new = _apply(refs, current, unit, numbers, found.get("suffix"), pending_range)
        if new is None:
            break
        current = new
        pending_range = False
        end = i = m.end()
        step = _continue(text, i)
        if step is None:
            break
        i, pending_range = step
    return refs, end


def _continue(text: str, i: int) -> tuple[int, bool] | None:
    """Where the chain's next token starts after ``i``, and whether a range (至) leads to it; None at its end."""
    for pattern, is_range in ((_RANGE, True), (_CONNECTOR, False)):
        r = pattern.match(text, i)
        if r and (_TOKEN.match(text, r.end()) or _BARE_UNIT.match(text, r.end())):
            return r.end(), is_range
    # 第十条第二款: tokens may follow without a connector.
    return (i, False) if _TOKEN.match(text, i) else None


def _apply(
    refs: list[Reference], current: Reference | None, unit: str, numbers: list[int], suffix: str | None, is_range: bool
) -> Reference | None:
    """Add one token to the chain; returns the reference now current, or None to stop."""
    if unit.startswith("条"):
        number = numbers[0]
        if is_range and current is not None and current.article is not None and number > current.article:
            for n in range(current.article + 1, number + 1):
                refs.append(Reference(article=n))
            return refs[-1]
        ref = Reference(article=number, suffix=chinese_to_int(suffix) if suffix else 0)
        refs.append(ref)
        return ref
    if unit in ("章", "节"):
        if unit == "节":
            return None
        if is_range and current is not None and current.chapter is not None:
            for n in range(current.chapter + 1, numbers[0] + 1):
                refs.append(Reference(chapter=n))
            return refs[-1]
        ref = Reference(chapter=numbers[0])
        refs.append(ref)
        return ref
    if current is None or current.article is None:
        return None  # a paragraph or item with no article: not a chain start
    if unit == "款":
        if current.paragraph is None and current.item is None:
            current.paragraph = numbers[0]
            return current
        start = current.paragraph or 0
        targets = range(start + 1, numbers[0] + 1) if is_range else [numbers[0]]
        for n in targets:
            refs.append(Reference(article=current.article, suffix=current.suffix, paragraph=n))
        return refs[-1]
    if unit == "项":
        values = list(numbers)
        if is_range and current.item is not None:
            values = list(range(current.item + 1, numbers[0] + 1))
        first = True
        for n in values:
            if first and current.item is None:
                current.item = n
            else:
                refs.append(
                    Reference(article=current.article, suffix=current.suffix, paragraph=current.paragraph, item=n)
                )
            first = False
        return refs[-1]
    if unit == "目":
        if current.item is None:
            return None
        current.point = numbers[0]
        return current
    return None


def _strip_line_lead(line: str, pos: int) -> tuple[int, str | None]:
    """Skip bullets, 依据 and a level tag at the start of a line; returns (pos, tag)."""
    tag = None
    for _ in range(4):
        pos = _skip_ws(line, pos)
        rest = line[pos:]
        m = _LEVEL_TAG.match(rest)
        if m:
            tag = m.group(1).strip()
            pos += m.end()
            continue
        m = _BULLET.match(rest)
        if m and not rest.startswith("第"):
            pos += m.end()
            continue
        m = _LEAD_WORDS.match(rest)
        if m:
            pos += m.end()
            continue
        break
    return _skip_ws(line, pos), tag


_BROKEN_OPEN = re.compile(r"^[（(]?([^《》\n：:，,。]{2,40}》)")
_PROMULGATION_PREFIX = re.compile(r"^[0-9０-９年月日号第令国务院部委局总署\s　，,、]{4,40}(?=《)")


def _repair_title(line: str, pos: int) -> tuple[str, int]:
    """Mend the common slips at a line head: a title missing its 《 (or opened with （),
    and a promulgation note written before the title (2017年3月1日国务院令第676号《…》)."""
    rest = line[pos:]
    m = _BROKEN_OPEN.match(rest)
    if m and not rest.startswith("《"):
        return line[:pos] + "《" + m.group(1) + rest[m.end() :], pos
    m = _PROMULGATION_PREFIX.match(rest)
    if m:
        return line, pos + m.end()
    return line, pos


def _title_citation(line: str, pos: int, tag: str | None) -> tuple[Citation, int] | None:
    """A title at ``pos`` with its bracket and reference chain, if any."""
    end = _match_title(line, pos)
    if end is None:
        return None
    title = line[pos + 1 : end - 1]
    cit = Citation(text="", title=title, level_tag=tag)
    j = _skip_ws(line, end)
    b_end = _match_bracket(line, j)
    if b_end is None and j < len(line) and line[j] in _OPEN and dates_in(line[j:]) and not _TOKEN.search(line, j):
        b_end = len(line)  # an unclosed history bracket runs to the end of the line
    if b_end is not None:
        cit.bracket = line[j:b_end]
        cit.dates = dates_in(cit.bracket)
        j = b_end
    inner_version = re.search(r"[（(]([^）)]*)[）)]$", title)
    if inner_version:
        cit.dates += dates_in(inner_version.group(1))
    k = _skip_ws(line, j)
    k = k + 1 if k < len(line) and line[k] in "。." and _TOKEN.match(line, _skip_ws(line, k + 1)) else k
    k = _skip_ws(line, k)
    refs, r_end = parse_chain(line, k)
    cit.references = refs
    stop = r_end if refs else j
    cit.text = line[pos:stop].strip()
    return cit, stop


def find_citations(text: str) -> list[Citation]:
    """All citations in a cell or paragraph, heads first-class and mentions flagged.

    Heads are returned with the text they quote; mentions (《X》第N条 inside
    quoted text) have ``head=False``.
    """
    results: list[Citation] = []
    current_title: Citation | None = None  # the last head title, for bare reference lines
    quote_owner: Citation | None = None
    for line in _logical_lines(text):
        pos, tag = _strip_line_lead(line, 0)
        line, pos = _repair_title(line, pos)
        started_quote = False
        if pos < len(line) and line[pos] == "《":
            # One or more head titles, separated by commas or 、.
            while True:
                found = _title_citation(line, pos, tag)
                if found is None:
                    break
                cit, stop = found
                if (
                    results
                    and results[-1].head
                    and not results[-1].references
                    and not results[-1].bracket
                    and results[-1] is current_title
                    and normalise_title(results[-1].title or "") == normalise_title(cit.title or "")
                ):
                    results.pop()  # 《X》《X》（…）: the title written twice
                results.append(cit)
                current_title = cit
                quote_owner = cit
                nxt = _CONNECTOR.match(line, stop)
                after = _skip_ws(line, nxt.end()) if nxt else _skip_ws(line, stop)
                if after < len(line) and line[after] == "《":
                    pos = after
                    continue
                _take_quote(cit, line[stop:], results)
                started_quote = True
                break
            if started_quote or pos >= len(line):
                continue
        self_ref = _SELF_LEAD.match(line, pos)
        if self_ref:
            pos = self_ref.end()
        if line[pos : pos + 1] == "第":
            refs, stop = parse_chain(line, pos)
            if refs:
                if current_title is not None and not current_title.references:
                    # The title's first reference line: 《X法》（…）⏎ 第十条：…
                    current_title.references = refs
                    current_title.text = f"{current_title.text} {line[pos:stop].strip()}"
                    quote_owner = current_title
                    _take_quote(current_title, line[stop:], results)
                    continue
                if current_title is not None:
                    cit = Citation(
                        text=line[pos:stop].strip(),
                        title=current_title.title,
                        level_tag=current_title.level_tag,
                        bracket=current_title.bracket,
                        dates=list(current_title.dates),
                        references=refs,
                    )
                else:
                    cit = Citation(text=line[pos:stop].strip(), title=None, references=refs)
                results.append(cit)
                quote_owner = cit
                _take_quote(cit, line[stop:], results)
                continue
        if quote_owner is not None:
            _take_quote(quote_owner, line, results, continuation=True)
    return results


def _logical_lines(text: str) -> list[str]:
    """Lines, with a history bracket that wraps onto the next lines joined back (…根据2024⏎年9月…）).

    Lines are joined only when the bracket closes within the next two lines;
    an unclosed bracket stays on its line.
    """
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = line.rfind("》")
        if opened >= 0 and _bracket_depth(line[opened + 1 :]) > 0:
            joined = line
            for j in range(i + 1, min(i + 3, len(lines))):
                joined += lines[j]
                if _bracket_depth(joined[opened + 1 :]) <= 0:
                    out.append(joined)
                    i = j + 1
                    break
            else:
                out.append(line)
                i += 1
            continue
        out.append(line)
        i += 1
    return out


def _bracket_depth(text: str) -> int:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                return 0
    return depth


def _take_quote(owner: Citation, text: str, results: list[Citation], continuation: bool = False) -> None:
    """Append quoted article text to its citation and collect the mentions inside it."""
    stripped = text.strip().lstrip(":：").strip()
    if not stripped.strip("。.，,；;：:）)（( \u3000"):
        return
    owner.quoted = f"{owner.quoted}\n{stripped}" if (owner.quoted and continuation) else (owner.quoted + stripped)
    for m in re.finditer("《", text):
        found = _title_citation(text, m.start(), None)
        if found and found[0].references:
            mention = found[0]
            mention.head = False
            results.append(mention)


def find_self_references(text: str) -> list[Citation]:
    """References inside a statute (本法第十条, 依照第三十条): title-less, resolved by the caller."""
    out = []
    for m in re.finditer("第", text):
        before = text[max(0, m.start() - 4) : m.start()]
        if "《" in before or "》" in text[max(0, m.start() - 1) : m.start()]:
            continue
        refs, stop = parse_chain(text, m.start())
        if refs and any(r.article is not None for r in refs):
            out.append(Citation(text=text[m.start() : stop], title=None, references=refs))
    return out


# ---------------------------------------------------------------- resolution


def level_of_tag(tag: str | None, citation: Citation) -> str | None:
    """The legal-level slug a 【tag】 means, refined by the title for 【法规】 and 【规章】."""
    if not tag:
        return None
    levels = scheme("legal-level")
    iri = levels.lookup(tag)
    if iri is None:
        return None
    slug = iri.rsplit("/", 1)[-1]
    title = citation.title or ""
    local = re.match(r"^(.{2,10}?(?:省|自治区|市|州|县|区))", normalise_title(title)) and "国务院" not in title
    if normalise_label(tag) == "法规" and local:
        return "local-regulation"
    if normalise_label(tag) == "规章" and (local or "人民政府令" in citation.bracket):
        return "local-government-rule"
    return slug


def resolve(citation: Citation, catalogue: StatuteCatalogue, context: WorkEntry | None = None) -> Citation:
    """Resolve against the catalogue, in place: work, version, targets, status and reason."""
    work = catalogue.find(citation.title) if citation.title else context
    citation.work = work
    if work is None:
        citation.status = "unknown-statute" if citation.title else "no-title"
        citation.reason = (
            f"《{citation.title}》 is not among the loaded statutes"
            if citation.title
            else "article cited with no statute to attach it to"
        )
        return citation
    date = citation.version_date
    cited = work.version_at(date) if date else None
    current = work.current()
    citation.cited_version = cited.iri if cited else None
    version = cited if cited is not None and cited.has_text else current
    if version is None:
        citation.status = "unknown-statute"
        citation.reason = f"《{work.title}》 is known but no version of its text is loaded"
        return citation
    citation.resolved_version = version
    if not citation.references:
        citation.status = "statute-only"
        citation.reason = "no article is cited"
        return citation
    problems: list[str] = []
    for ref in citation.references:
        target = _target(version, ref)
        if isinstance(target, str) and target.startswith("!"):
            problems.append(target[1:])
        elif target:
            citation.targets.append(target)
    if all(r.chapter is not None for r in citation.references):
        citation.status = "statute-only"
        citation.reason = "only chapters are cited"
        return citation
    citation.status = "resolved"
    # When the version cited is not loaded, check the numbers against the quoted
    # text, because revisions renumber articles.
    if cited is not None and cited is not version and citation.quoted and _rematch_by_text(citation, version):
        return citation
    if problems:
        citation.status = "article-out-of-range"
        citation.targets = []
        citation.reason = f"{work.short_title} ({version.date}): " + "; ".join(problems)
    return citation


REMATCH_THRESHOLD = 0.7
# A revision that renumbers also rewords: when the numbered article shares almost nothing
# with the quote, a weaker best match that is clearly closer is taken (the number is wrong).
UNRELATED_BELOW = 0.3
REWORDED_MATCH = 0.45
REWORDED_MARGIN = 0.25


@lru_cache(maxsize=16384)
def character_pairs(text: str) -> frozenset[str]:
    """The character pairs of a text without spaces and punctuation: how quotes and conducts are compared
    (kept per text: a rematch compares the quote with every article of the version)."""
    text = re.sub(r"[\s\u3000，。；：、（）()《》“”,.;:]", "", text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def text_similarity(quote: str, article_text: str) -> float:
    """Share of the quote's character bigrams found in the article (the quote may be a part of it)."""
    q = character_pairs(quote)
    return len(q & character_pairs(article_text)) / len(q) if q else 0.0


def _rematch_by_text(citation: Citation, version: VersionEntry) -> bool:
    """Re-target a citation of an unloaded version by its quoted text; True when it did.

    Only for references to one article; the article of the loaded version
    whose text contains most of the quote wins if it clears the threshold and
    differs from the article the numbers name.
    """
    numbers = {(r.article, r.suffix) for r in citation.references if r.article is not None}
    if len(numbers) != 1:
        return False
    quote = re.sub(rf"^[\s\u3000]*(?:第{_WS}{_N}{_WS}[条款项][^：:\s]*)[：:\s]*", "", citation.quoted)
    by_number = version.articles.get(next(iter(numbers)))
    numbered = text_similarity(quote, by_number.text) if by_number is not None else 0.0
    if numbered >= REMATCH_THRESHOLD:
        return False  # the numbers still point at the quoted text
    best = max(version.articles.values(), key=lambda a: text_similarity(quote, a.text), default=None)
    if best is None or best is by_number:
        return False
    score = text_similarity(quote, best.text)
    reworded = numbered < UNRELATED_BELOW and score >= REWORDED_MATCH and score - numbered >= REWORDED_MARGIN
    if score < REMATCH_THRESHOLD and not reworded:
        return False
    refs = citation.references
    citation.targets = list(dict.fromkeys(_target_in(best, ref) for ref in refs))
    citation.status = "resolved-by-text"
    cited_date = citation.cited_version.rsplit("/", 1)[-1] if citation.cited_version else "?"
    matched = best.iri.rsplit("/", 1)[-1]
    citation.reason = (
        f"the cited version ({cited_date}) is not loaded; its {refs[0].label()} matched {matched} "
        f"of {version.date} by the quoted text (similarity {score:.2f})"
    )
    return True


def _target_in(art: ArticleEntry, ref: Reference) -> str:
    """The subdivision of ``art`` with the paragraph and item numbers of the reference, if it has them."""
    if ref.paragraph and ref.paragraph <= len(art.paragraphs):
        par = iris.paragraph(art.iri, ref.paragraph)
        if ref.item and ref.item in art.paragraphs[ref.paragraph - 1]:
            return iris.item(par, ref.item)
        return par
    return art.iri


def _target(version: VersionEntry, ref: Reference) -> str:
    """IRI of the subdivision a reference names, or ``!reason``."""
    if ref.chapter is not None:
        iri = version.chapters.get(ref.chapter)
        return iri or f"!第{ref.chapter}章 does not exist ({len(version.chapters)} chapters)"
    assert ref.article is not None
    art = version.articles.get((ref.article, ref.suffix))
    if art is None:
        return f"!{ref.label()}: article out of range ({version.article_count()} articles)"
    iri = art.iri
    par_index = ref.paragraph
    if par_index is None and ref.item is not None:
        # 第三十四条第一项: the item of the paragraph that has items.
        par_index = next((i + 1 for i, items in enumerate(art.paragraphs) if ref.item in items), 1)
    if par_index is not None:
        if par_index > len(art.paragraphs):
            return f"!{ref.label()}: paragraph out of range ({len(art.paragraphs)} paragraphs)"
        iri = iris.paragraph(iri, par_index)
        if ref.item is not None:
            if ref.item not in art.paragraphs[par_index - 1]:
                return f"!{ref.label()}: item out of range"
            iri = iris.item(iri, ref.item)
            if ref.point is not None:
                iri = iris.point(iri, ref.point)
    return iri
