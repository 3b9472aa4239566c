"""A scraped page's text made fit for reading: debris removed, traditional characters simplified.

Pages reach us through converters and scrapers that leave their marks:
HTML tags left in the text (``<br />``), pinyin inserted after characters by
a simplified-to-traditional converter (關(guān)於), table borders drawn with
``|``, a whole document flattened onto one line, and article numbers run
into their text (第一條為了…). Traditional-character pages are read through
OpenCC (t2s, its bundled data: nothing is downloaded); what is matched and
extracted is the simplified form, and the caller keeps the page as written.
Every repair is said in the notes, so that a reader knows what was changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from ..numerals import CHINESE_NUMERAL_CHARS

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: A pinyin syllable with its tone mark, in brackets after the character it reads (關(guān)), or after a
#: character the converter broke into ``?`` (當?shù)).
_PINYIN = re.compile(rf"[(（][a-zü]*[{_TONED}][a-zü]*[)）]")
_BROKEN_PINYIN = re.compile(rf"\?[a-zü]*[{_TONED}][a-zü]*[)）]")
_TAG = re.compile(r"</?(?:br|p|div|span|font|strong|b|td|tr|table|tbody|a|img)\b[^<>]*/?>|<?br\s*/>", re.I)
_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot);")
_ENTITIES = {"&nbsp;": " ", "&ensp;": " ", "&emsp;": "\u3000", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
#: Field codes a word processor leaves in converted text (PAGE PAGE 1, NUMPAGES 3).
_WORD_FIELD = re.compile(r"(?:^|(?<=\s))(?:PAGE|NUMPAGES)(?:\s+(?:PAGE|NUMPAGES))*\s+\d+\b\s*", re.M)
_BORDER = re.compile(r"^[|｜\s]*$")
_TRAILING_BORDER = re.compile(r"[\s|｜]+$|^[\s|｜]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUM = f"{CHINESE_NUMERAL_CHARS}0-9０-９"
#: 第一条为了…, 第一章总则: a number run into its text, fixed only when the page does it throughout.
#: 第一条：为了… and 第一条、为了… likewise: the mark after the number is dropped.
_RUN_IN_ARTICLE = re.compile(rf"^([\s\u3000]*第[{_NUM}]+条(?:之[{_NUM}]+)?)(?:[：:、．.]\s*|(?=[^\s\u3000之：:、．.]))")
_RUN_IN_DIVISION = re.compile(rf"^([\s\u3000]*第[{_NUM}]+[编章节])(?:[：:、．.]\s*|(?=[^\s\u3000，,。、的规：:．.]))")
#: Structural markers inside a line: a line holding several is a document flattened onto one line.
_MARKER_BREAK = re.compile(
    rf"\s+(?=第[{_NUM}]+[条章节]\s)|\s+(?=[一二三四五六七八九十]+、)|\s+(?=[（(][一二三四五六七八九十]+[）)])"
    rf"|\s+(?=\d{{4}}年\d{{1,2}}月\d{{1,2}}日(?:\s|$))"
)
#: Where a document flattened onto one line breaks: before article and chapter numbers and outline
#: markers, after a sentence, around a date standing alone.
_FLAT_BREAK = re.compile(
    rf"\s+(?=第[{_NUM}]+[条章节]\s)|\s+(?=[一二三四五六七八九十]+、)|\s+(?=[（(][一二三四五六七八九十]+[）)])"
    rf"|(?<=[。；;：:）)])\s+|\s+(?=\d{{4}}年\d{{1,2}}月\d{{1,2}}日(?:\s|$))|(?<=\d日)\s+(?=\S)|\s+(?=[总附]\s*则\s)"
)
FLAT_LINE = 400
#: A title with its document number printed after it on the same line (…的通知 常应急〔2019〕82号).
_TITLE_WITH_NUMBER = re.compile(
    r"^(.{4,200}?(?:通知|意见|决定|办法|规定|方案|细则|批复|通报))\s+([^\s〔]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\d+号)$"
)  # a line this long with several markers is a flattened document


@dataclass
class CleanText:
    text: str  # simplified, repaired: what is read
    original: str  # as the page wrote it (after decoding)
    traditional: bool = False
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """Whether a page is written in traditional characters: t2s changes a noticeable share of it."""
    sample = text[:20_000]
    cjk = len(_CJK.findall(sample))
    if cjk < 20:
        return False
    converted = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed >= 5 and changed / cjk >= 0.02


def _unflatten(lines: list[str], notes: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) >= FLAT_LINE and len(_MARKER_BREAK.findall(line)) >= 2:
            pieces = [p.strip() for p in _FLAT_BREAK.split(line) if p and p.strip()]
            notes.append(f"a line of {len(line)} characters was split into {len(pieces)} at its markers and dates")
            out.extend(pieces)
        else:
            out.append(line)
    return out


def _split_number(line: str) -> list[str]:
    m = _TITLE_WITH_NUMBER.match(line.strip())
    return [m.group(1), m.group(2)] if m else [line]


def _separate_numbers(lines: list[str], notes: list[str]) -> list[str]:
    """第一条为了… → 第一条 为了…, when at least two articles (or chapters) are written that way."""
    for pattern, what in ((_RUN_IN_ARTICLE, "article"), (_RUN_IN_DIVISION, "chapter")):
        hits = [i for i, line in enumerate(lines) if pattern.match(line)]
        if len(hits) >= 2 or (hits and what == "chapter"):
            for i in hits:
                lines[i] = pattern.sub(r"\1 ", lines[i], count=1)
            notes.append(f"{len(hits)} {what} numbers run into their text were separated from it")
    return lines


def clean_text(text: str) -> CleanText:
    """The page's text repaired and simplified; ``original`` keeps it as written."""
    notes: list[str] = []
    fixed = text
    tags = len(_TAG.findall(fixed))
    if tags:
        fixed = _TAG.sub("\n", fixed)
        notes.append(f"{tags} HTML tag(s) left in the text (<br /> …) removed")
    fields = len(_WORD_FIELD.findall(fixed))
    if fields:
        fixed = _WORD_FIELD.sub("", fixed)
        notes.append(f"{fields} word-processor field code(s) (PAGE PAGE 1) removed")
    fixed = _ENTITY.sub(lambda m: _ENTITIES[m.group()], fixed)
    pinyin = len(_PINYIN.findall(fixed))
    if pinyin:
        fixed = _PINYIN.sub("", fixed)
        notes.append(f"{pinyin} pinyin readings a converter inserted after characters (關(guān)) removed")
    broken = len(_BROKEN_PINYIN.findall(fixed))
    if broken:
        fixed = _BROKEN_PINYIN.sub("", fixed)
        notes.append(f"{broken} characters the converter broke (?zhí)) removed: they are lost from the text")
    traditional = is_traditional(fixed)
    if traditional:
        fixed = to_simplified(fixed)
        notes.append("traditional characters: read through OpenCC (t2s); the page as written is kept")
    lines = [_TRAILING_BORDER.sub("", line) for line in fixed.splitlines() if not _BORDER.match(line) or not line]
    lines = _unflatten(lines, notes)
    lines = [part for line in lines for part in _split_number(line)]
    lines = _separate_numbers(lines, notes)
    return CleanText("\n".join(lines), text, traditional, notes)
