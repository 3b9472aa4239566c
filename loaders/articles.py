"""Texts in article form (第X条), whichever way they are published: the reader behind ``--kind statute``.

A statute as law databases print it — a title, the dated lines of its
legislative history, its articles — goes to the statute reader unchanged. Any
other text in article form is a rule as published (a 令 header, a metadata
block, a 印发 notice with the rule it issues, an excerpt) and goes to the
document reader, which writes its rules as statutes too. Either way the first
rule is returned for the catalogue, so that the lists and notices read after
it resolve their citations to its articles.
"""

from __future__ import annotations

from pathlib import Path

from .document import LoadedDocument
from .encoding import decode
from .errors import SourceError
from .notices.notice import read_document
from .notices.shape import is_statute_text
from .statute_model import Statute
from .statutes import FILE_DATE_RE, load_statute


def load_articles(path: str | Path, data: bytes | None = None) -> tuple[Statute, LoadedDocument]:
    """(the text's first rule or statute, its graph); SourceError when the text has no article at all."""
    path = str(path)
    raw = data if data is not None else Path(path).read_bytes()
    if is_statute_text(decode(raw, path)) or FILE_DATE_RE.search(Path(path).name):
        return load_statute(path, raw)
    rules, doc = read_document(path, raw)
    if not rules:
        raise SourceError(path, "no article (第X条) found: not a statute text nor a rule in article form")
    return rules[0], doc
