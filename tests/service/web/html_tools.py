"""Reading the pages as a program: the links, the text and the elements of an HTML document (stdlib parser)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[str] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(el)
        if tag not in ("br", "img", "input", "meta", "link", "rect", "circle", "line", "path"):
            self._open.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not any(el.tag == tag for el in self._open):
            return
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        for el in self._open:
            el.text += data

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and all(_has(e, k, v) for k, v in attrs.items())]

    def links(self) -> list[tuple[str, str]]:
        """(href, text) of every link."""
        return [(a.attrs["href"], a.text.strip()) for a in self.all("a") if "href" in a.attrs]

    def link(self, text: str) -> str:
        """The href of the first link whose text contains ``text``."""
        for href, label in self.links():
            if text in label:
                return href
        raise AssertionError(f"no link with text {text!r} on the page")


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def _has(element: Element, name: str, value: str) -> bool:
    """The attribute is ``value``, or (for class) one of its words is."""
    found = element.attrs.get(name.rstrip("_"), "")
    return found == value or value in found.split()
