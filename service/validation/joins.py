"""A SPARQL-based constraint's triple patterns read whole and hash-joined: its form over a whole store.

Oxigraph evaluates a group's triple patterns as nested loops: each solution of
the patterns before looks the next pattern up in an index. In memory a lookup
costs about a microsecond; in the store on disk each opens a RocksDB iterator
and reads a block, several times that — BasisInForceShape over 10,000 powers
took 2.0 s on disk against 0.3 s in memory. A triple pattern alone in a
subquery, ``{ SELECT * WHERE { ?s p ?o } }``, is evaluated once, as one scan
of its predicate, and joined to the rest by hashing: the same query took 0.2 s
on disk (decision record 0017).

The rewrite changes no result. The solutions of a basic graph pattern are the
join of the solutions of its triple patterns (SPARQL 1.1, 18.3), and a group's
FILTERs, BINDs and OPTIONALs apply to the group whatever the patterns' form.
It leaves alone what is evaluated once per solution with variables already
bound (a group under EXISTS or NOT EXISTS: a scan there would read the whole
predicate again for each row), subqueries, VALUES and SERVICE, GRAPH groups
(Oxigraph leaves the graph variable unbound for a subquery inside one), and every
triples block it cannot read term by term (blank nodes, which join only within
their block, collections and property paths). A triple pattern is wrapped
only when its subject is a variable and its predicate a constant: a pattern
with a known subject is one cheap lookup either way, and one with a variable
predicate would read the whole store.

Only for a whole store: over one list of a large store the lookups cost what
the list holds, and a scan would cost what the store holds.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+|\#[^\n]*)
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<literal>(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
                  (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"{}|^`\\\s]*>|(?:[^\W\d][\w.-]*)?:[\w.:%-]*))?)
    | (?P<var>[?$]\w+)
    | (?P<bnode>_:[\w.-]+)
    | (?P<number>(?:\d*\.\d+|\d+)(?:[eE][+-]?\d+)?)
    | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%-](?:[\w.:%-]*[\w:%-])?)?)
    | (?P<word>[^\W\d]\w*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.=<>!^|/*+?-])
    """,
    re.VERBOSE,
)
#: Words that end a triples block: what follows them is not a triple pattern.
_CLAUSES = {"FILTER", "BIND", "OPTIONAL", "MINUS", "GRAPH", "SERVICE", "VALUES", "UNION", "LATERAL"}
_TERMS = {"iri", "pname", "var", "literal", "number"}

Token = tuple[str, str, str]  # (kind, text, text with the blanks and comments after it, as written)


class _Unreadable(Exception):
    """The query is not in a form this rewrite reads with certainty: it is left as written."""


def hash_joined(query: str) -> str:
    """``query`` with each triple pattern of its groups in a subquery of its own (see the module).

    A query it cannot read (an unknown character, unbalanced braces) comes back unchanged, and so
    does one whose rewrite Oxigraph would not parse: the rewrite may only make a query faster."""
    try:
        tokens = _tokens(query)
        start = next(i for i, token in enumerate(tokens) if token[1] == "{")
        out: list[str] = [raw for _, _, raw in tokens[:start]]
        end = _group(tokens, start, out)
        out.extend(raw for _, _, raw in tokens[end:])
    except (_Unreadable, StopIteration, IndexError):
        return query
    joined = "".join(out)
    try:
        ox.Store().query(joined)  # parsed (and run on nothing): a syntax error shows here
    except SyntaxError:
        return query
    return joined


def _tokens(query: str) -> list[Token]:
    """The query's tokens; the text before the first is dropped (blanks and comments only)."""
    tokens: list[Token] = []
    at = 0
    while at < len(query):
        m = _TOKEN.match(query, at)
        if m is None:
            raise _Unreadable(query[at : at + 20])
        kind = m.lastgroup or ""
        if kind != "ws":
            tokens.append((kind, m.group(), m.group()))
        elif tokens:  # a comment must keep its line break, or it would swallow what follows
            last = tokens[-1]
            tokens[-1] = (last[0], last[1], last[2] + m.group())
        at = m.end()
    return tokens


def _group(tokens: list[Token], i: int, out: list[str]) -> int:
    """Write the group opening at ``tokens[i]``; return the index after its closing brace."""
    if _word(tokens[i + 1]) == "SELECT":  # a subquery: as written
        return _verbatim(tokens, i, out, "{", "}")
    out.append("{ ")
    i += 1
    while tokens[i][1] != "}":
        word = _word(tokens[i])
        if tokens[i][1] == "{":
            i = _group(tokens, i, out)
        elif word in ("OPTIONAL", "MINUS", "LATERAL", "UNION"):
            out.append(tokens[i][2])
            i += 1
        elif word in ("FILTER", "BIND"):
            i = _constraint(tokens, i, out)
        elif word in ("VALUES", "SERVICE", "GRAPH"):
            while tokens[i][1] != "{":
                out.append(tokens[i][2])
                i += 1
            i = _verbatim(tokens, i, out, "{", "}")
        else:
            end = _block_end(tokens, i)
            out.append(_spread(tokens[i:end]))
            i = end
    out.append(tokens[i][2])
    return i + 1


def _constraint(tokens: list[Token], i: int, out: list[str]) -> int:
    """FILTER or BIND with its expression, as written (an EXISTS in it is evaluated per solution)."""
    out.append(tokens[i][2])
    i += 1
    if _word(tokens[i]) == "NOT":
        out.append(tokens[i][2])
        i += 1
    if _word(tokens[i]) == "EXISTS":
        out.append(tokens[i][2])
        return _verbatim(tokens, i + 1, out, "{", "}")
    if tokens[i][1] != "(":  # a function call: its name, then its arguments
        out.append(tokens[i][2])
        i += 1
    return _verbatim(tokens, i, out, "(", ")")


def _verbatim(tokens: list[Token], i: int, out: list[str], opening: str, closing: str) -> int:
    """Copy from ``tokens[i]`` (an opening bracket) to its closing one; return the index after it."""
    if tokens[i][1] != opening:
        raise _Unreadable(tokens[i][1])
    depth = 0
    while True:
        text = tokens[i][1]
        out.append(tokens[i][2])
        i += 1
        depth += (text == opening) - (text == closing)
        if depth == 0:
            return i


def _block_end(tokens: list[Token], i: int) -> int:
    """The index after the triples block starting at ``tokens[i]``."""
    depth = 0
    while True:
        text = tokens[i][1]
        if depth == 0 and (text in "{}" or _word(tokens[i]) in _CLAUSES):
            return i
        depth += (text in "([") - (text in ")]")
        i += 1


def _spread(block: list[Token]) -> str:
    """The block's triple patterns, each in a subquery of its own where that pays; as written if unreadable."""
    triples = _triples(block)
    if triples is None:
        return "".join(raw for _, _, raw in block)
    parts = []
    for s, p, o in triples:
        pattern = f"{s[1]} {p[1]} {o[1]}"
        wrap = s[0] == "var" and p[0] != "var"
        parts.append(f"{{ SELECT * WHERE {{ {pattern} }} }}" if wrap else pattern + " .")
    return " ".join(parts) + " "


def _triples(block: list[Token]) -> list[tuple[Token, Token, Token]] | None:
    """The block as (subject, predicate, object) triples, or None if it holds anything but plain terms."""
    triples: list[tuple[Token, Token, Token]] = []
    i = 0
    while i < len(block):
        if block[i][1] == ".":
            i += 1
            continue
        subject = block[i]
        if subject[0] not in _TERMS:
            return None
        i += 1
        while True:
            if i + 1 >= len(block):
                return None
            predicate, i = block[i], i + 1
            if not (predicate[0] in ("iri", "pname", "var") or predicate[1] == "a"):
                return None
            while True:
                obj = block[i] if i < len(block) else ("", "", "")
                if obj[0] not in _TERMS and _word(obj) not in ("TRUE", "FALSE"):
                    return None
                triples.append((subject, predicate, obj))
                i += 1
                if i < len(block) and block[i][1] == ",":
                    i += 1
                    continue
                break
            while i < len(block) and block[i][1] == ";":
                i += 1
            if i >= len(block) or block[i][1] == ".":
                break
            if block[i - 1][1] != ";":
                return None
    return triples


def _word(token: Token | tuple[str, str]) -> str:
    return token[1].upper() if token[0] == "word" else ""
