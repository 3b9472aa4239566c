"""A legal document's web page, as text: the site's navigation, login and footer cut away.

Legal websites and government portals wrap a document in their own text:
a login box and menus above, breadcrumbs, a metadata block (状态, 发布日期,
发布部门 …) around the title, and a footer of ads and copyright lines below.
This module turns the page (plain text as scraped, or HTML in any of the
usual encodings) into lines and finds, by content rather than by a site's
markup, where the document starts and ends: the title, the lines around it
that may hold metadata, the salutation (主送机关), the body and the closing
signature and date. What it cannot find it says in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..encoding import decode
from ..errors import SourceError
from .cleanup import CleanText, clean_text

#: Forms of official documents, as titles end (…的通知, …实施意见, …办法（试行）).
DOCUMENT_FORMS = (
    "通知",
    "意见",
    "决定",
    "办法",
    "规定",
    "通告",
    "公告",
    "批复",
    "函",
    "方案",
    "细则",
    "规则",
    "纲要",
    "规划",
    "决议",
    "命令",
    "通报",
    "报告",
    "指引",
    "要点",
    "条例",
)
#: Forms a title may end with that menus and headings also end with (政府信息公开制度): a title only when
#: the page has no title of the forms above.
LOOSER_FORMS = ("制度", "标准", "准则", "守则", "章程")
_FORM = "|".join(DOCUMENT_FORMS)
_TITLE = re.compile(rf"^[^。，,；;：:>|]{{4,118}}?(?:{_FORM})(?:[（(][^（）()]{{1,8}}[）)])?$")
_LOOSER_TITLE = re.compile(
    rf"^[^。，,；;：:>|、]{{4,118}}?(?:{'|'.join(LOOSER_FORMS)})(?:[（(][^（）()]{{1,8}}[）)])?$"
)
_NAV = re.compile(r"您的位置|当前位置|>>|>|首页|网站首页|登录|注册|用户名|密码|记住我|加入收藏|设为首页")
FOOTER = re.compile(
    r"版权所有|copyright|©|联系我们|联系方式|网站地图|友情链接|载入时间|没找到您需要的|温馨提示|主办单位|承办单位|"
    r"ICP|备案号|网站标识码|技术支持|打印本页|关闭窗口|【打印】|【关闭】|上一篇|下一篇|相关链接|相关文章|分享到|扫一扫|"
    r"广告服务|人才招聘|发布法律咨询|免费法律咨询|在线即时咨询|访问量|浏览次数|责任编辑",
    re.I,
)
_SALUTATION = re.compile(r"^[^。]{2,160}[：:]$")
_CN_DIGIT = "〇○零OＯ一二三四五六七八九"
DATE_LINE = re.compile(
    rf"^(?:\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(?:\d{{1,2}}|[{_CN_DIGIT}十]{{1,2}})\s*月"
    rf"\s*(?:\d{{1,2}}|[{_CN_DIGIT}十]{{1,3}})\s*日$"
)
_ORG_END = re.compile(r"(?:办公厅|办公室|人民政府|政府|委员会|局|厅|委|办|部|院|署|中心|小组)$")
_META_KEY = re.compile(
    r"(?:状态|时效性|发布日期|公布日期|颁布日期|印发日期|发文日期|成文日期|生效日期|施行日期|实施日期|发布部门|"
    r"发文机关|发布机关|制定机关|颁布单位|发文单位|发布文号|发文字号|文号|索引号|主题分类|效力级别|效力等级|"
    r"公布时间|颁布时间|发布时间|施行时间|实施时间)\s*(?:[】\]]\s*[:：\t]?|[:：\t])"
)
#: A site's own lines around a document: 时间:… 来源:… 作者:…, 下载地址, 阅读 9752.
_SITE_LINE = re.compile(r"来源\s*[:：].*|作者\s*[:：]|阅读\s*[:：]\s*\d|下载地址|点击此处|浏览次数|字号\s*[:：]")
_SPACE = re.compile(r"[ \t\u3000\xa0\u200b\ufeff]+")
# The first line of the body: an outline number, or 为…/根据…/按照…/经….
_BODY_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|为|根据|按照|经)")


@dataclass
class Page:
    """The document found in a page: line numbers are 1-based, in the text the page turned into."""

    lines: list[str]  # every line of the page as text, stripped
    title: str
    title_line: int | None  # index into lines, None when no title line was found
    head: list[int]  # indices of lines before the body that may hold metadata
    salutation: str
    body: list[int]  # indices of the body lines, in order
    closing: list[int]  # signature and date lines after the body
    hints: dict[str, str] = field(default_factory=dict)  # from HTML <title> and <meta>
    notes: list[str] = field(default_factory=list)
    original: str = ""  # the page as written, when what is read was converted (traditional characters)

    def text(self, indices: list[int]) -> str:
        return "\n".join(self.lines[i] for i in indices)


# ---------------------------------------------------------------- HTML


def is_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or "<div" in head or "<p>" in head


_BLOCK = {
    "p",
    "div",
    "br",
    "tr",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "dd",
    "dt",
    "dl",
    "title",
    "blockquote",
    "pre",
    "hr",
    "center",
    "form",
    "tbody",
    "thead",
}
_CELL = {"td", "th"}
_DROP = {"script", "style", "noscript", "select", "option", "button", "textarea", "iframe", "svg", "nav", "footer"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_DROP_CLASS = re.compile(
    r"^(?:nav|navbar|menu|mainmenu|topnav|footer|foot|login|loginbox|breadcrumb|crumbs?|"
    r"share|toolbar|sidebar|topbar|copyright|position|location)$",
    re.I,
)
_HINT_METAS = {
    "articletitle": "title",
    "pubdate": "issued",
    "contentsource": "issuer",
    "firstdate": "issued",
    "description": "description",
}


class _TextParser(HTMLParser):
    """Text of an HTML page with line breaks at block elements and tabs between table cells.

    Elements that only hold site furniture (scripts, menus, footers, login
    forms) are dropped here already; what remains is cleaned by content.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hints: dict[str, str] = {}
        self._skip: list[str] = []  # open elements being dropped
        self._stack: list[str] = []
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or "").lower()
            if key in _HINT_METAS and a.get("content"):
                self.hints.setdefault(_HINT_METAS[key], a["content"].strip())
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skip:
                self.parts.append("\n")
            return
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.append(tag)
            return
        classes = (a.get("class", "") + " " + a.get("id", "")).split()
        inside_article = "article" in self._stack or "main" in self._stack
        if tag in _DROP or (tag == "header" and not inside_article) or any(_DROP_CLASS.match(c) for c in classes):
            self._skip.append(tag)
            return
        self._stack.append(tag)
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag == "title":
            self._in_title = False
            self.hints.setdefault("page_title", "".join(self._title).strip())
            return
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self._title.append(data)
            return
        self.parts.append(data.replace("\n", " ").replace("\r", " "))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.hints


# ---------------------------------------------------------------- finding the document


def clean_line(line: str) -> str:
    """A line without edge whitespace and with runs of spaces and tabs kept as one (a tab stays a tab)."""
    line = line.strip(" \t\u3000\xa0\u200b\ufeff\r")
    return _SPACE.sub(lambda m: "\t" if "\t" in m.group() else " ", line)


def _title_hint(hints: dict[str, str]) -> str:
    title = hints.get("title") or hints.get("page_title") or ""
    # "<title>…的通知_大连市人民政府</title>": the site's name follows a separator.
    return re.split(r"\s*(?:_|-{1,2}|—|\||｜)\s*", title)[0].strip()


def _is_title(line: str, looser: bool = False) -> bool:
    flat = line.replace(" ", "")
    shaped = _TITLE.match(flat) or (looser and _LOOSER_TITLE.match(flat))
    return bool(shaped) and not _NAV.search(flat) and not FOOTER.search(flat)


def find_title(lines: list[str], hint: str) -> int | None:
    """The title line: the one the page's own <title> names, else the first line shaped like a title."""
    hint_flat = hint.replace(" ", "")
    if len(hint_flat) >= 6:
        for i, line in enumerate(lines):
            flat = line.replace(" ", "").replace("\t", "")
            if flat == hint_flat or (len(flat) >= 6 and hint_flat.startswith(flat) and _is_title(flat)):
                return i
    for looser in (False, True):
        for i, line in enumerate(lines):
            if "\t" not in line and _is_title(line, looser):
                return i
    return None


def _body_start(lines: list[str], after: int, title: str = "") -> tuple[int, str]:
    """(index of the first body line, salutation): the line after the salutation, or the first paragraph."""
    for i in range(after, min(len(lines), after + 40)):
        line = lines[i]
        if not line or _META_KEY.search(line) or _NAV.search(line) or "\t" in line or _SITE_LINE.search(line):
            continue
        if title and line.replace(" ", "") == title:
            continue  # the title printed again
        if _SALUTATION.match(line) and not line.startswith(("一", "（", "(")):
            return i + 1, line.rstrip("：:")
        if len(line) >= 30 or _BODY_START.match(line):
            return i, ""
    return after, ""


def _closing(lines: list[str], start: int) -> tuple[int, list[int]]:
    """(end of the body, closing lines): the body stops at the date line or, failing that, the footer."""
    for i in range(start, len(lines)):
        flat = lines[i].replace(" ", "")
        if DATE_LINE.match(flat):
            closing = [i]
            j = i - 1
            while j >= start and not lines[j]:
                j -= 1
            end = i
            if j >= start and len(lines[j]) <= 40 and _ORG_END.search(lines[j]) and "。" not in lines[j]:
                closing.insert(0, j)
                end = j
            return end, closing
        if FOOTER.search(lines[i]) and i > start:
            return i, []
    return len(lines), []


def page_text(data: bytes, source: str) -> tuple[CleanText, dict[str, str]]:
    """The page's text, repaired and simplified (see :mod:`cleanup`), and the hints of its HTML head."""
    text = decode(data, source, declared=True)
    hints: dict[str, str] = {}
    if is_html(text):
        text, hints = html_to_text(text)
    return clean_text(text), hints


def read_page(data: bytes, source: str) -> Page:
    """Find the document in a page; raises SourceError only when the page has no text at all."""
    clean, hints = page_text(data, source)
    lines = [clean_line(line) for line in clean.text.splitlines()]
    if not any(lines):
        raise SourceError(source, "the page has no text")
    page = page_from_lines(lines, hints, source)
    page.notes[:0] = clean.notes
    page.original = clean.original if clean.traditional else ""
    return page


_FRAGMENT = re.compile(r"^[^。，,；;：:|\t]{2,80}$")


def _title_lines(lines: list[str], title_line: int) -> list[int]:
    """The lines a title is printed on: a title may start on the lines above the one that ends it
    (怀化市人民政府办公室 / 关于印发《…》 / 《…》的通知)."""
    found = [title_line]
    i = title_line - 1
    while i >= 0 and _FRAGMENT.match(lines[i]) and not _NAV.search(lines[i]) and not FOOTER.search(lines[i]):
        first = lines[found[0]]
        if (first.startswith("《") and "关于" in lines[i]) or (first.startswith("关于") and _ORG_END.search(lines[i])):
            found.insert(0, i)
            i -= 1
        else:
            break
    return found


def page_from_lines(lines: list[str], hints: dict[str, str], name: str = "") -> Page:
    """The document in a page's lines (cleaned): title, head, salutation, body and closing."""
    notes: list[str] = []
    title_line = find_title(lines, _title_hint(hints))
    if title_line is None:
        first = next(i for i, line in enumerate(lines) if line)
        stem = name.rsplit(".", 1)[0]
        title = _title_hint(hints) or stem or lines[first][:120]
        notes.append(
            "no title line found (a line ending in 通知, 意见, 决定, 办法 …): an excerpt or an unknown layout; "
            f"the document is named {title} (from the page's <title> or its file) and the whole page is its body"
        )
        body = [i for i in range(first, len(lines)) if lines[i] and not FOOTER.search(lines[i])]
        return Page(lines, title, None, [], "", body, [], hints, notes)
    title_lines = _title_lines(lines, title_line)
    title = "".join(lines[i] for i in title_lines).replace(" ", "")
    # A title may wrap onto a second line (…关于推行行政执法 / 责任制的通知).
    start, salutation = _body_start(lines, title_line + 1, title)
    head_end = start - 1 if salutation else start
    if not salutation:
        notes.append("no salutation (主送机关) line found before the body")
    end, closing = _closing(lines, start)
    if not closing:
        notes.append("no closing date line (二○○五年十一月一日) found: the body ends at the page's footer")
    head = [i for i in range(0, head_end) if i not in title_lines and lines[i]]
    body = [i for i in range(start, end) if lines[i]]
    return Page(lines, title, title_line, head, salutation, body, closing, hints, notes)


_OUTLINE_START = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|条))", re.M)


def looks_like_notice(text: str) -> bool:
    """Whether a page holds an official document: a title line, and metadata, a salutation, a
    document number or an outline (一、) after it. Statutes (第X条 lines) and tables are told apart
    by the caller."""
    hints: dict[str, str] = {}
    if is_html(text):
        text, hints = html_to_text(text)
    lines = [clean_line(line) for line in text.splitlines()]
    title = find_title(lines, _title_hint(hints))
    if title is None:
        return False
    rest = lines[title + 1 : title + 400]
    after = "\n".join(rest)
    return bool(
        _META_KEY.search("\n".join(lines[: title + 12]))
        or any(_SALUTATION.match(line) for line in rest[:15])
        or _OUTLINE_START.search(after)
    )
