"""Result formats of the SPARQL endpoint and the choice among them by the ``Accept`` header.

SELECT and ASK results go out as SPARQL JSON (the default), XML, CSV or TSV
(CSV and TSV only for SELECT: the standards define them for tables, not for
booleans); CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples,
RDF/XML or JSON-LD. The choice follows RFC 9110: the highest ``q`` wins, a
more specific range beats a wildcard, ``q=0`` excludes, and among equals the
header's order decides. Formats are named by short keys (``json``, ``ttl``)
that travel to the query workers, which map them to Oxigraph's serialisers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str  # what the response says
    accepts: tuple[str, ...]  # media types a client may ask for it by

    @property
    def content_type(self) -> str:
        text_like = self.media_type.startswith("text/") or self.media_type.endswith(("+xml", "+json"))
        return f"{self.media_type}; charset=utf-8" if text_like else self.media_type


SOLUTION_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
    ),
    Format("csv", "text/csv", ("text/csv",)),
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",)),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("ttl", "text/turtle", ("text/turtle", "application/x-turtle", "text/n3")),
    Format("nt", "application/n-triples", ("application/n-triples", "text/plain")),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json")),
)
BY_KEY = {f.key: f for f in SOLUTION_FORMATS + GRAPH_FORMATS}


class NotAcceptable(ValueError):
    """No format the client accepts can carry this kind of result."""

    def __init__(self, accept: str, offered: tuple[Format, ...]) -> None:
        self.offered = offered
        super().__init__(
            f"none of the media types in Accept: {accept!r} can carry this result; "
            f"this query can answer in {', '.join(f.media_type for f in offered)}"
        )


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return self.type in ("*", t) and self.subtype in ("*", s)


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an Accept header, malformed entries skipped."""
    ranges = []
    for order, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        t, _, s = media.partition("/")
        ranges.append(_Range(t, s, q, order))
    return ranges


def choose(accept: str | None, offered: tuple[Format, ...]) -> Format:
    """The format to answer in; the first offered one when the client does not say."""
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best: tuple[float, int, int, bool, int] | None = None
    chosen: Format | None = None
    for index, fmt in enumerate(offered):
        for media in fmt.accepts:
            # The most specific range matching this media type sets its q (RFC 9110 §12.5.1).
            matching = [r for r in ranges if r.matches(media)]
            if not matching:
                continue
            top = max(matching, key=lambda r: (r.specificity, -r.order))
            if top.q <= 0:
                continue
            # A format's own media type beats an alias (text/* means CSV, not XML sent as text/xml).
            rank = (top.q, top.specificity, -top.order, media == fmt.media_type, -index)
            if best is None or rank > best:
                best, chosen = rank, fmt
    if chosen is None:
        raise NotAcceptable(accept or "", offered)
    return chosen


def offered_for(form: str | None) -> tuple[Format, ...]:
    """The formats a query of this form can be answered in."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_FORMATS
    if form == "ASK":
        return SOLUTION_FORMATS[:2]
    return SOLUTION_FORMATS
