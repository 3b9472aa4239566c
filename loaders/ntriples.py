"""Write one named graph as N-Quads text, fast.

Oxigraph parses N-Quads in Rust far faster than Python can build term
objects (about 1 s per million quads against 5 s), so loaders emit text.
Only IRIs minted by :mod:`iris` and literals go through here; both are
escaped as N-Triples requires.
"""

from __future__ import annotations

from .vocab import RDF, XSD

_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_IRI_FORBIDDEN = frozenset('<>"{}|^`\\ \n\r\t')


class GraphWriter:
    """Accumulates the statements of one named graph."""

    def __init__(self, graph_iri: str) -> None:
        self.graph_iri = graph_iri
        self._tail = f" <{graph_iri}> .\n"
        self._lines: list[str] = []
        self._tokens: dict[str, str] = {}

    def _iri(self, iri: str) -> str:
        token = self._tokens.get(iri)
        if token is None:
            bad = _IRI_FORBIDDEN.intersection(iri)
            if bad:
                raise ValueError(f"IRI contains forbidden characters {sorted(bad)}: {iri!r}")
            token = self._tokens[iri] = f"<{iri}>"
        return token

    def type(self, subject: str, cls: str) -> None:
        self.iri(subject, RDF.type, cls)

    def iri(self, subject: str, predicate: str, obj: str) -> None:
        """A statement whose object is an IRI."""
        self._lines.append(f"{self._iri(subject)} {self._iri(predicate)} {self._iri(obj)}{self._tail}")

    def text(self, subject: str, predicate: str, value: str, lang: str | None = "zh") -> None:
        """A string literal, language-tagged Chinese by default; empty text is not written."""
        if not value:
            return
        escaped = value.translate(_LITERAL_ESCAPES)
        suffix = f"@{lang}" if lang else ""
        self._lines.append(f'{self._iri(subject)} {self._iri(predicate)} "{escaped}"{suffix}{self._tail}')

    def plain(self, subject: str, predicate: str, value: str) -> None:
        """An xsd:string literal (codes, file names, as-written numbers)."""
        self.text(subject, predicate, value, lang=None)

    def typed(self, subject: str, predicate: str, value: str, datatype: str) -> None:
        escaped = value.translate(_LITERAL_ESCAPES)
        self._lines.append(
            f'{self._iri(subject)} {self._iri(predicate)} "{escaped}"^^{self._iri(datatype)}{self._tail}'
        )

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
        return len(self._lines)

    def nquads(self) -> bytes:
        return "".join(self._lines).encode("utf-8")
