"""What a notice cites: statutes and documents by title (《…》), documents by number.

A notice names statutes (《中华人民共和国行政处罚法》), rules of its province
(《辽宁省行政执法过错责任追究办法》) and the document it implements, by title
with its number in brackets and a short name for later mentions:
《国务院办公厅关于推行行政执法责任制的若干意见》(国办发(2005)37号,以下简称《意见》).
Numbers come with any bracket (〔〕 as the standard has it, or [] () （） 【】 ［］)
and are normalised to 〔〕, so that the same document gets the same IRI
whichever way a page types it. Statute citations are resolved by the
citation parser against the statute catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citations import Reference, parse_chain

# 国办发(2005)37号, 大政办发〔2005〕120号, 辽政办发[2005]112号, 国发［2004］10号
DOCUMENT_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fa5]{1,10}?)\s*[〔\[［【(（]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）]\s*"
    r"第?\s*(?P<serial>\d{1,4})\s*号"
)
_TITLE = re.compile(r"《([^《》\n]{1,100}?(?:《[^《》\n]{1,60}》[^《》\n]{0,60}?)?)》")
_ALIAS = re.compile(r"(?:以下|下文)?简称\s*[《“\"]([^》”\"]{1,20})[》”\"]")
_DOCUMENT_TITLE = re.compile(r"关于|(?:通知|意见|决定|批复|通告|公告|方案|纲要)$")


_PARTICLE = re.compile(r".*(?:根据|依据|按照|依照|贯彻|落实|执行|转发|印发|参照|的|了|和|及|与|或|即|见)")
MAX_PREFIX = 8


def number_prefix(raw: str) -> str:
    """The issuer's code of a number (国办发), without words of the sentence before it."""
    prefix = _PARTICLE.sub("", raw) or raw
    return prefix[-MAX_PREFIX:]


def number_span(m: re.Match[str]) -> tuple[int, int]:
    """Where a number match really starts: at its prefix, not at the sentence words before it."""
    raw = m.group("prefix")
    return m.start("prefix") + len(raw) - len(number_prefix(raw)), m.end()


def normalise_number(written: str) -> str:
    """国办发(2005)37号 → 国办发〔2005〕37号 (the bracket of GB/T 9704)."""
    m = DOCUMENT_NUMBER.search(written)
    if not m:
        return written.strip()
    return f"{number_prefix(m.group('prefix'))}〔{m.group('year')}〕{int(m.group('serial'))}号"


@dataclass
class Mention:
    """One citation in a notice's text, as written, with what it names."""

    text: str  # as written, from 《 to the last article number or the number
    start: int
    end: int
    title: str | None  # the full title (an alias is replaced by the title it stands for)
    number: str | None = None  # the document number, normalised
    alias: str | None = None  # the short name this mention introduces, or uses
    references: list[Reference] = field(default_factory=list)

    @property
    def is_document(self) -> bool:
        """A normative document rather than a statute: cited by number, or titled like one."""
        return bool(self.number) or bool(self.title and _DOCUMENT_TITLE.search(self.title))


def _bracket_after(text: str, pos: int) -> tuple[str, int]:
    """A balanced bracket right after ``pos``, with its end, or ("", pos)."""
    if pos >= len(text) or text[pos] not in "（(":
        return "", pos
    depth = 0
    for i in range(pos, min(len(text), pos + 160)):
        if text[i] in "（(〔[":
            depth += 1
        elif text[i] in "）)〕]":
            depth -= 1
            if depth == 0:
                return text[pos : i + 1], i + 1
    return "", pos


def find_mentions(text: str, aliases: dict[str, Mention]) -> list[Mention]:
    """Citations in ``text`` in order; ``aliases`` (short name → mention) grows as 以下简称 are met."""
    found: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for m in _TITLE.finditer(text):
        if covered and m.start() < covered[-1][1]:
            continue  # the short name inside the bracket of the mention before
        title = m.group(1).strip()
        bracket, after = _bracket_after(text, m.end())
        mention = Mention(m.group(), m.start(), m.end(), title)
        if title in aliases and not bracket:
            target = aliases[title]
            mention.title, mention.number, mention.alias = target.title, target.number, title
        if bracket:
            number = DOCUMENT_NUMBER.search(bracket)
            if number:
                mention.number = normalise_number(number.group())
            alias = _ALIAS.search(bracket)
            if alias:
                mention.alias = alias.group(1)
                aliases[alias.group(1)] = mention
            if number or alias:
                mention.text = text[m.start() : after]
                mention.end = after
        refs, stop = parse_chain(text, after if bracket else m.end())
        if refs:
            mention.references = refs
            mention.text = text[m.start() : stop]
            mention.end = stop
        found.append(mention)
        covered.append((mention.start, mention.end))
    for m in DOCUMENT_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        start, end = number_span(m)
        found.append(Mention(text[start:end], start, end, None, normalise_number(m.group())))
    return sorted(found, key=lambda x: x.start)
