"""Write one named graph as N-Quads text, fast and in bounded memory.

Oxigraph parses N-Quads in Rust far faster than Python can build term
objects (about 1 s per million quads against 5 s), so loaders emit text.
Every line carries the document's graph so that the store can take all the
documents of a command in a single bulk load (each bulk load has a fixed
cost of tens of milliseconds). Lines are encoded in batches into a spooled
temporary file, so a list of 100,000 powers does not sit in memory as
millions of Python strings. Only IRIs minted by :mod:`iris` and literals go
through here; both are escaped as N-Quads requires.
"""

from __future__ import annotations

import re
import tempfile
from typing import BinaryIO

from .vocab import RDF, XSD

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')  # a scan in C; most literals need no escaping at all
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\s]')
BATCH = 4096  # lines encoded and written at a time
IN_MEMORY = 32 * 1024 * 1024  # bytes kept in memory before spilling to a temporary file


class GraphWriter:
    """Accumulates the statements of one named graph."""

    def __init__(self, graph_iri: str) -> None:
        if _IRI_FORBIDDEN.search(graph_iri):
            raise ValueError(f"graph IRI contains a forbidden character: {graph_iri!r}")
        self.graph_iri = graph_iri
        self._end = f" <{graph_iri}> .\n"
        self._lines: list[str] = []
        self._count = 0
        self._tokens: dict[str, str] = {}
        self._out: BinaryIO = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115

    def _iri(self, iri: str) -> str:
        token = self._tokens.get(iri)
        if token is None:
            bad = _IRI_FORBIDDEN.search(iri)
            if bad:
                raise ValueError(f"IRI contains the forbidden character {bad.group()!r}: {iri!r}")
            token = self._tokens[iri] = f"<{iri}>"
        return token

    def _flush(self) -> None:
        self._count += len(self._lines)
        self._out.write("".join(self._lines).encode("utf-8"))
        self._lines.clear()

    def type(self, subject: str, cls: str) -> None:
        """Type a node; every node is typed once, so this is where full batches are written out."""
        if len(self._lines) >= BATCH:
            self._flush()
        self.iri(subject, RDF.type, cls)

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        """A statement whose object is an IRI."""
        self._lines.append(f"{self._iri(subject)} {self._iri(predicate)} {self._iri(obj)}{self._end}")

    def text(self, subject: str, predicate: str, value: str, lang: str | None = "zh") -> None:
        """A string literal, language-tagged Chinese by default; empty text is not written."""
        if not value:
            return
        escaped = value.translate(_LITERAL_ESCAPES) if _NEEDS_ESCAPE.search(value) else value
        suffix = f"@{lang}" if lang else ""
        self._lines.append(f'{self._iri(subject)} {self._iri(predicate)} "{escaped}"{suffix}{self._end}')

    def plain(self, subject: str, predicate: str, value: str) -> None:
        """An xsd:string literal (codes, file names, as-written numbers)."""
        self.text(subject, predicate, value, lang=None)

    def typed(self, subject: str, predicate: str, value: str, datatype: str) -> None:
        escaped = value.translate(_LITERAL_ESCAPES) if _NEEDS_ESCAPE.search(value) else value
        self._lines.append(f'{self._iri(subject)} {self._iri(predicate)} "{escaped}"^^{self._iri(datatype)}{self._end}')

    def integer(self, subject: str, predicate: str, value: int) -> None:
        self.typed(subject, predicate, str(value), XSD.integer)

    def decimal(self, subject: str, predicate: str, value: float) -> None:
        self.typed(subject, predicate, repr(float(value)), XSD.decimal)

    def date(self, subject: str, predicate: str, value: str) -> None:
        """An xsd:date from ``YYYY-MM-DD``."""
        self.typed(subject, predicate, value, XSD.date)

    def boolean(self, subject: str, predicate: str, value: bool) -> None:
        self.typed(subject, predicate, "true" if value else "false", XSD.boolean)

    def __len__(self) -> int:
        return self._count + len(self._lines)

    def finish(self) -> BinaryIO:
        """The N-Quads written, as a binary file positioned at its start."""
        self._flush()
        self._out.seek(0)
        return self._out
