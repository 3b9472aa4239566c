"""The metadata block legal websites print around a document's title.

Sites write it in many ways: ``状态:有效 发布日期:2005-11-01 生效日期: 2005-11-01``
on one line, ``【发布文号】辽政办发[2005]112号`` one per line, or a table
(索引号 | 主题分类 | 发文机关 | 成文日期 | 发文字号 | 发布日期) whose cells the page
reader separates by tabs. Each field is found by its key, whatever the
layout; fields the block leaves out are taken, where the document itself
says them, from the line under the title (the document number) and the
closing lines (the date); what is found nowhere is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import parse_full_date
from .page import Page
from .references import DOCUMENT_NUMBER, normalise_number

#: Canonical field → the keys sites use for it, most specific first.
FIELDS: dict[str, tuple[str, ...]] = {
    "status": ("时效性", "效力状态", "状态", "时效"),
    "issued": (
        "成文日期",  # a portal's 信息公开 table gives both: 成文日期 is the document's, 发布日期 the posting's
        "发布日期",
        "公布日期",
        "颁布日期",
        "印发日期",
        "发文日期",
        "公布时间",
        "颁布时间",
        "发布时间",
    ),
    "effective": ("生效日期", "施行日期", "实施日期", "施行时间", "实施时间", "生效时间"),
    "issuer": (
        "发布部门",
        "发文机关",
        "发布机关",
        "发布单位",
        "颁布单位",
        "颁布部门",
        "制定机关",
        "发文单位",
        "发布机构",
        "发文机构",
        "制发机关",
    ),
    "number": ("发布文号", "发文字号", "发文号", "文件编号", "文号"),
    "level": ("效力级别", "效力层级", "效力等级"),
    "index": ("索引号",),
}
_ALL_KEYS = sorted((k for keys in FIELDS.values() for k in keys), key=len, reverse=True)
# Portals space a short key out to the width of the longest (文　　号, 名　　称).
_KEY = re.compile(
    r"[【\[]?\s*("
    + "|".join(r"[\s\u3000]*".join(key) for key in _ALL_KEYS)
    + r")\s*[】\]]?\s*(?:[:：]|\t|(?<=】)|(?<=\]))"
)
_SPACE = re.compile(r"[\s\u3000]+")
#: A site's own line: 时间:2024-07-10 09:29:06 来源: 法律资料网 (the posting, not the document, date).
_POSTED = re.compile(r"(?:^|\s)(?:时间|日期)\s*[:：]\s*(\d{4}-\d{1,2}-\d{1,2})(?=.*来源)")
LABELS = {"status": "状态", "issued": "发布日期", "effective": "生效日期", "issuer": "发布部门", "number": "发布文号"}


@dataclass
class Metadata:
    status: str = ""
    issued: str | None = None  # ISO date
    effective: str | None = None
    issuer: str = ""
    number: str = ""  # normalised to 〔〕
    number_as_written: str = ""
    level: str = ""
    posted: bool = False  # the date is the site's posting date (时间: … 来源: …), not the document's
    found: dict[str, str] = field(default_factory=dict)  # field → value as written
    notes: list[str] = field(default_factory=list)


def fields_in(line: str) -> list[tuple[str, str]]:
    """(key, value) pairs of one line: each value runs to the next key or the end of the line."""
    matches = list(_KEY.finditer(line))
    pairs = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(line)
        pairs.append((_SPACE.sub("", m.group(1)), line[m.end() : end].strip(" \t|")))
    return pairs


def field_of(key: str) -> str:
    return next(name for name, keys in FIELDS.items() if key in keys)


def read_metadata(page: Page) -> Metadata:
    meta = Metadata()
    rank: dict[str, int] = {}
    head = page.head
    for pos, i in enumerate(head):
        for key, value in fields_in(page.lines[i]):
            name = field_of(key)
            if not value and pos + 1 < len(head) and not _KEY.search(page.lines[head[pos + 1]]):
                value = page.lines[head[pos + 1]].strip()  # key and value in cells of separate lines
            order = FIELDS[name].index(key)
            if value and (name not in rank or order < rank[name]):
                rank[name] = order
                meta.found[name] = value
    meta.status = meta.found.get("status", "")
    meta.issuer = re.sub(r"\s+", "", meta.found.get("issuer", ""))
    meta.level = meta.found.get("level", "")
    meta.issued = parse_full_date(meta.found.get("issued", ""))
    meta.effective = parse_full_date(meta.found.get("effective", ""))
    written_number = meta.found.get("number", "")
    if written_number and DOCUMENT_NUMBER.search(written_number):
        meta.number_as_written = DOCUMENT_NUMBER.search(written_number).group()
    _fallbacks(page, meta)
    if not rank:
        meta.notes.append("no metadata block (状态, 发布日期, 生效日期, 发布部门, 发布文号) found")
    else:
        missing = [LABELS[f] for f in ("status", "issued", "effective", "issuer", "number") if not meta.found.get(f)]
        if missing:
            meta.notes.append("the metadata block gives no " + "、".join(missing))
    meta.number = normalise_number(meta.number_as_written) if meta.number_as_written else ""
    return meta


def _fallbacks(page: Page, meta: Metadata) -> None:
    """The number from the lines by the title, the date from the closing line, the issuer from the title."""
    if not meta.number_as_written and page.title_line is not None:
        near = [page.lines[i] for i in range(page.title_line + 1, min(len(page.lines), page.title_line + 4))]
        for line in near:
            m = DOCUMENT_NUMBER.search(line)
            if m and len(line) <= 40:
                meta.number_as_written = m.group()
                meta.notes.append(f"document number {m.group()} taken from the line under the title")
                break
    if meta.issued is None:
        for i in page.closing:
            found = parse_full_date(page.lines[i])
            if found:
                meta.issued = found
                meta.notes.append(f"date {found} taken from the closing line {page.lines[i]}")
                break
        else:
            if page.hints.get("issued"):
                meta.issued = parse_full_date(page.hints["issued"].split()[0])
    if meta.issued is None:
        posted = next((m for m in (_POSTED.search(page.lines[i]) for i in page.head) if m), None)
        if posted:
            meta.issued = parse_full_date(posted.group(1))
            meta.posted = True
            meta.notes.append(
                f"date {meta.issued} taken from the site's line {posted.group(0).strip()} (when the page was "
                "posted: the document may be older)"
            )
    _issuer_fallback(page, meta)


def _issuer_fallback(page: Page, meta: Metadata) -> None:
    if not meta.issuer:
        m = re.match(r"^(.{2,40}?)关于", page.title)
        if m:
            meta.issuer = m.group(1)
        elif page.closing and len(page.closing) > 1:
            meta.issuer = page.lines[page.closing[0]]
