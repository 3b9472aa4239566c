"""Look at a SPARQL request before anything evaluates it: its form, its dataset, and what to refuse.

The endpoint is read-only and makes no outbound requests, so a query that
names ``SERVICE``, an update (``LOAD``, ``INSERT`` …) or a dataset graph the
store does not hold is refused here, in the web process, before a query
worker sees it. This is a lexer, not a parser: it splits the text into the
tokens of the SPARQL grammar (strings, IRIs, comments, variables, prefixed
names, words) so that keywords inside strings, IRIs or comments are never
mistaken for keywords, and leaves syntax errors to Oxigraph's parser, whose
message and position the client then gets.

It also extracts the query's own dataset (``FROM`` / ``FROM NAMED``): the
service passes it to the store explicitly, because Oxigraph ignores
``FROM`` when the default graph is the union of all graphs.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from quanze.service.sparql.errors import QueryFailed

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"})
MAX_NESTING = 64

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<var>[?$][^\W]\w*)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w\-.:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryRefused(QueryFailed):
    """A request the endpoint will not evaluate."""

    def __init__(self, message: str, status: int = 400, code: str = "query-refused") -> None:
        super().__init__(message, status, code)


@dataclass(frozen=True)
class QueryShape:
    """What the service needs to know about a query before it runs."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when the text has none (a syntax error)
    default_graphs: tuple[str, ...] = ()  # FROM
    named_graphs: tuple[str, ...] = ()  # FROM NAMED

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@dataclass
class _Token:
    kind: str
    text: str
    pos: int


def tokens(text: str) -> list[_Token]:
    """The significant tokens of a SPARQL text (no whitespace, no comments)."""
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "pname" and value.endswith(".") and len(value) > 1:
            # A local name cannot end with "."; here the dot ends a triple.
            out.append(_Token(kind, value.rstrip("."), m.start()))
            out.append(_Token("other", ".", m.end() - 1))
            continue
        out.append(_Token(kind, value, m.start()))
    return out


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


@lru_cache(maxsize=4096)
def analyse(text: str) -> QueryShape:
    """The query's form and dataset; raises QueryRefused for updates, SERVICE or runaway nesting.

    Cached: applications send the same queries again and again.
    """
    toks = tokens(text)
    base: str | None = None
    prefixes: dict[str, str] = {}
    form: str | None = None
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    depth = 0
    i = 0
    while i < len(toks):
        t = toks[i]
        word = t.text.upper() if t.kind == "word" else None
        if t.text in ("{", "("):
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRefused(
                    f"the query nests groups or expressions more than {MAX_NESTING} deep "
                    f"(at {_position(text, t.pos)}); simplify it",
                    code="query-too-complex",
                )
        elif t.text in ("}", ")"):
            depth -= 1
        elif word == "SERVICE":
            raise QueryRefused(
                f"SERVICE (at {_position(text, t.pos)}) is refused: this endpoint makes no "
                "outbound requests; query the other endpoint yourself",
                code="service-refused",
            )
        elif word in UPDATE_KEYWORDS:
            raise QueryRefused(
                f"{word} (at {_position(text, t.pos)}) is a SPARQL Update operation; this endpoint "
                "is read-only (load lists with PUT /api/lists/{id})",
                status=403,
                code="update-refused",
            )
        elif word == "BASE" and form is None and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = _resolve(toks[i + 1].text[1:-1], base)
            i += 1
        elif word == "PREFIX" and form is None and i + 2 < len(toks) and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text.rstrip(":")] = _resolve(toks[i + 2].text[1:-1], base)
            i += 2
        elif word in FORMS and form is None:
            form = word
        elif word == "FROM":
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j < len(toks):
                iri = _iri_of(toks[j], prefixes, base)
                if iri is not None:
                    (named_graphs if named else default_graphs).append(iri)
            i = j
        i += 1
    return QueryShape(form, tuple(default_graphs), tuple(named_graphs))


def without_dataset(text: str) -> str:
    """The query without its FROM and FROM NAMED clauses.

    The SPARQL 1.1 Protocol: a dataset given by ``default-graph-uri`` or ``named-graph-uri``
    replaces the query's own. A server that adds the protocol's graphs to the query's instead
    (Virtuoso) gets the query without them, so every store answers over the same dataset."""
    toks = tokens(text)
    cuts: list[tuple[int, int]] = []
    for i, t in enumerate(toks):
        if t.kind == "word" and t.text.upper() == "FROM":
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j < len(toks) and toks[j].kind in ("iri", "pname"):
                cuts.append((t.pos, toks[j].pos + len(toks[j].text)))
    for start, end in reversed(cuts):
        text = text[:start] + " " + text[end:]
    return text


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri) else iri


def _iri_of(token: _Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def check_dataset(graphs: Collection[str], known: Collection[str]) -> None:
    """Refuse dataset graphs the store does not hold: the endpoint never fetches one elsewhere."""
    missing = [g for g in graphs if g not in known]
    if missing:
        shown = ", ".join(f"<{g}>" for g in missing[:5]) + (" …" if len(missing) > 5 else "")
        raise QueryRefused(
            f"the dataset names graphs this store does not hold: {shown}. This endpoint does not "
            "fetch remote data; FROM, FROM NAMED, default-graph-uri and named-graph-uri must name "
            "graphs of the store (GET /api/graphs lists them)",
            code="unknown-graph",
        )
