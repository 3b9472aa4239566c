"""A SPARQL-based constraint's triple patterns read whole and hash-joined: its form over a whole store.

Oxigraph evaluates a group's triple patterns as nested loops: each solution of
the patterns before looks the next pattern up in an index. In memory a lookup
costs about a microsecond; in the store on disk each opens a RocksDB iterator
and reads a block, several times that — BasisInForceShape over 10,000 powers
took 2.0 s on disk against 0.3 s in memory. A triple pattern alone in a
subquery, ``{ SELECT * WHERE { ?s p ?o } }``, is evaluated once, as one scan
of its predicate, and joined to the rest by hashing: the same query took 0.2 s
on disk (decision record 0017).

``FILTER (NOT) EXISTS { X }`` is the other lookup per solution: Oxigraph
evaluates X once for each solution, with its values substituted — and pushes
the FILTER down to the first join where its variables are bound, which may
be far larger than the group's result. Where X is triples and FILTERs whose
variables shared with the group are bound in every solution of it and by X's
own triples, the EXISTS is a semi-join (``_semijoin``): it becomes
``[!]BOUND(?_qzFoundN)`` with ``OPTIONAL { SELECT DISTINCT <shared> (true AS
?_qzFoundN) WHERE { X } }`` closing the group, so X is read once, itself
rewritten (decision record 0018). At 100,000 powers on disk that took
BasisArticleShape from 2.1 to 0.8 s and PowerShape-post from 2.5 to 0.4 s.

The rewrite changes no result. The solutions of a basic graph pattern are the
join of the solutions of its triple patterns (SPARQL 1.1, 18.3), and a group's
FILTERs, BINDs and OPTIONALs apply to the group whatever the patterns' form;
the semi-join gives at most one row per solution, true exactly when EXISTS
is. It leaves as written what is evaluated once per solution with variables
already bound (a group under EXISTS that is not a semi-join, or under
LATERAL: a scan there would read the whole predicate again for each row),
VALUES and SERVICE, GRAPH groups (Oxigraph leaves the graph variable unbound
for a subquery inside one), and every triples block it cannot read term by
term (blank nodes, which join only within their block, collections and
property paths). A subquery's WHERE group is evaluated once, and rewritten.
A triple pattern is wrapped only when its subject is a variable and its
predicate a constant: a pattern with a known subject is one cheap lookup
either way, and one with a variable predicate would read the whole store.

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
        end = _group(tokens, start, out, _Rewrite(_names(tokens)), semijoins=not _projects_all(tokens[:start]))
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


class _Rewrite:
    """What one rewrite has written so far: the semi-join variables it has named."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken  # the query's own variables, never reused
        self.found = 0

    def found_variable(self) -> str:
        self.found += 1
        while f"_qzFound{self.found}" in self.taken:
            self.found += 1
        return f"?_qzFound{self.found}"


def _group(tokens: list[Token], i: int, out: list[str], rewrite: _Rewrite, semijoins: bool = True) -> int:
    """Write the group opening at ``tokens[i]``; return the index after its closing brace.

    ``semijoins``: whether its FILTERs' EXISTS may become semi-joins — not in the group of an
    OPTIONAL (its FILTER also sees the solution it extends) or a MINUS, nor under
    ``SELECT *`` (the variable that says "found" would be projected)."""
    if _word(tokens[i + 1]) == "SELECT":
        return _subquery(tokens, i, out, rewrite)
    scope = _Scope.of(tokens, i) if semijoins else None
    found: list[str] = []  # the semi-joins of this group's EXISTS, as OPTIONALs to close it with
    out.append("{ ")
    i += 1
    while tokens[i][1] != "}":
        word = _word(tokens[i])
        if tokens[i][1] == "{":
            i = _group(tokens, i, out, rewrite, semijoins)
        elif word in ("OPTIONAL", "MINUS"):  # groups whose FILTERs see more than their own solutions
            out.append(tokens[i][2])
            i = _group(tokens, i + 1, out, rewrite, semijoins=False)
        elif word == "LATERAL":  # evaluated once per solution: as written
            out.append(tokens[i][2])
            i = _verbatim(tokens, i + 1, out, "{", "}")
        elif word == "UNION":
            out.append(tokens[i][2])
            i += 1
        elif word == "FILTER" and scope is not None:
            i = _filter(tokens, i, out, scope, rewrite, found)
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
    out.extend(found)
    out.append(tokens[i][2])
    return i + 1


def _subquery(tokens: list[Token], i: int, out: list[str], rewrite: _Rewrite) -> int:
    """A subquery: its projection and modifiers as written, its WHERE group rewritten (evaluated once too)."""
    out.append(tokens[i][2])
    i += 1
    where = _where(tokens, i)
    out.extend(raw for _, _, raw in tokens[i:where])
    i = _group(tokens, where, out, rewrite, semijoins=not _projects_all(tokens[i:where]))
    return _to_close(tokens, i, out)


def _to_close(tokens: list[Token], i: int, out: list[str]) -> int:
    """Copy from ``tokens[i]`` to the brace closing the group ``i`` is in (a subquery's modifiers after
    its WHERE group); return the index after it."""
    depth = 1
    while depth:
        depth += (tokens[i][1] == "{") - (tokens[i][1] == "}")
        out.append(tokens[i][2])
        i += 1
    return i


def _filter(tokens: list[Token], i: int, out: list[str], scope: _Scope, rewrite: _Rewrite, found: list[str]) -> int:
    """A FILTER whose EXISTS groups become semi-joins where that keeps the results (``_semijoin``)."""
    out.append(tokens[i][2])
    i += 1
    if _word(tokens[i]) in ("NOT", "EXISTS"):  # FILTER [NOT] EXISTS { … }: the grammar wants brackets around !BOUND
        return _exists(tokens, i, out, scope, rewrite, found, bracketed=True)
    if tokens[i][1] != "(":  # a function call: its name, then its arguments
        out.append(tokens[i][2])
        i += 1
    depth = 0
    while True:
        token = tokens[i]
        if _word(token) == "EXISTS" or (_word(token) == "NOT" and _word(tokens[i + 1]) == "EXISTS"):
            i = _exists(tokens, i, out, scope, rewrite, found)
            continue
        out.append(token[2])
        i += 1
        depth += (token[1] == "(") - (token[1] == ")")
        if depth == 0:
            return i


def _exists(
    tokens: list[Token],
    i: int,
    out: list[str],
    scope: _Scope,
    rewrite: _Rewrite,
    found: list[str],
    bracketed: bool = False,
) -> int:
    """``[NOT] EXISTS { X }`` at ``tokens[i]``: as ``[!]BOUND(?found)`` with X read once (in brackets
    if ``bracketed``), or as written."""
    negated = _word(tokens[i]) == "NOT"
    group = i + 2 if negated else i + 1
    shared = _semijoin(tokens, group, scope)
    if shared is None:
        out.extend(raw for _, _, raw in tokens[i:group])
        return _verbatim(tokens, group, out, "{", "}")
    variable = rewrite.found_variable()
    inner: list[str] = []
    end = _group(tokens, group, inner, rewrite)
    projection = " ".join(f"?{name}" for name in sorted(shared))
    found.append(f"OPTIONAL {{ SELECT DISTINCT {projection} (true AS {variable}) WHERE {''.join(inner)}}} ")
    after = tokens[end - 1][2][len(tokens[end - 1][1]) :]  # the blanks after the group, as written
    test = f"{'!' if negated else ''}BOUND({variable})"
    out.append(f"({test}){after}" if bracketed else f"{test}{after}")
    return end


def _semijoin(tokens: list[Token], i: int, scope: _Scope) -> set[str] | None:
    """The variables on which the EXISTS group at ``tokens[i]`` is a semi-join, or None if it is not one.

    ``EXISTS { X }`` substitutes the solution's values for X's variables (SPARQL 1.1, 18.6). When X
    is triples blocks and FILTERs, and every variable it shares with the group is bound in every
    solution of the group and by X's own triples, substituting is selecting: EXISTS holds exactly
    when X, evaluated once on its own, has a solution with the same values for those variables. So
    ``OPTIONAL { SELECT DISTINCT <shared> (true AS ?found) WHERE { X } }`` at the end of the group
    (one row at most per solution: the results keep their number) and ``BOUND(?found)`` in the
    FILTER say the same — and X is read once, not looked up per solution."""
    end = _verbatim(tokens, i, [], "{", "}") - 1
    bound: set[str] = set()
    mentioned: set[str] = set()
    j = i + 1
    while j < end:
        word = _word(tokens[j])
        if word == "FILTER":
            start, j = j, _constraint(tokens, j, [])
            mentioned |= _names(tokens[start:j])
        elif tokens[j][1] in "{}" or word in _CLAUSES:
            return None
        else:
            start, j = j, _block_end(tokens, j)
            triples = _triples(tokens[start:j])
            if triples is not None and any(p[0] == "var" for _, p, _ in triples):
                return None  # read once, a variable predicate would read the whole store
            bound |= _names(tokens[start:j])
    shared = (bound | mentioned) & scope.bindable
    if not shared or not shared <= scope.certain or not shared <= bound:
        return None
    return shared


class _Scope:
    """A group's variables: those bound in every solution, and those a solution may bind."""

    def __init__(self, certain: set[str], bindable: set[str]) -> None:
        self.certain = certain
        self.bindable = bindable

    @classmethod
    def of(cls, tokens: list[Token], i: int) -> _Scope:
        end, certain = _certain(tokens, i)
        bindable: set[str] = set()
        j = i
        while j < end:
            if _word(tokens[j]) == "FILTER":  # a FILTER binds nothing
                j = _constraint(tokens, j, [])
                continue
            bindable |= _names(tokens[j : j + 1])
            j += 1
        return cls(certain, bindable)


def _certain(tokens: list[Token], i: int) -> tuple[int, set[str]]:
    """The index after the group opening at ``tokens[i]``, and the variables bound in every solution of it.

    Triples bind all their variables; a UNION what every branch binds; GRAPH its graph variable; a
    subquery what it projects by name of what its group binds. OPTIONAL, MINUS, BIND, VALUES (UNDEF)
    and SERVICE bind nothing for certain."""
    if _word(tokens[i + 1]) == "SELECT":
        where = _where(tokens, i + 1)
        end, inner = _certain(tokens, where)
        end = _to_close(tokens, end, [])
        if _projects_all(tokens[i + 1 : where]):
            return end, inner
        return end, inner & _names(tokens[i + 1 : where], depth=0)
    bound: set[str] = set()
    i += 1
    while tokens[i][1] != "}":
        word = _word(tokens[i])
        if tokens[i][1] == "{":
            i, branch = _certain(tokens, i)
            while _word(tokens[i]) == "UNION":
                i, other = _certain(tokens, i + 1)
                branch &= other
            bound |= branch
        elif word in ("OPTIONAL", "MINUS"):
            i = _verbatim(tokens, i + 1, [], "{", "}")
        elif word == "LATERAL":
            i += 1
        elif word in ("FILTER", "BIND"):
            i = _constraint(tokens, i, [])
        elif word == "GRAPH":
            bound |= _names(tokens[i + 1 : i + 2])
            i, inner = _certain(tokens, i + 2)
            bound |= inner
        elif word in ("VALUES", "SERVICE"):
            while tokens[i][1] != "{":
                i += 1
            i = _verbatim(tokens, i, [], "{", "}")
        else:
            end = _block_end(tokens, i)
            bound |= _names(tokens[i:end])
            i = end
    return i + 1, bound


def _names(tokens: list[Token], depth: int | None = None) -> set[str]:
    """The variables among ``tokens`` (``$x`` and ``?x`` are one), or those outside brackets if ``depth=0``."""
    names: set[str] = set()
    level = 0
    for kind, text, _ in tokens:
        level += (text == "(") - (text == ")")
        if kind == "var" and (depth is None or level == depth):
            names.add(text[1:])
    return names


def _where(tokens: list[Token], i: int) -> int:
    """From a SELECT at ``tokens[i]``, the index of its WHERE group's brace (the projection's expressions skipped)."""
    depth = 0
    while not (depth == 0 and tokens[i][1] == "{"):
        depth += (tokens[i][1] == "(") - (tokens[i][1] == ")")
        i += 1
    return i


def _projects_all(head: list[Token]) -> bool:
    """Whether a query's head (to its WHERE group) projects with ``SELECT *``."""
    depth = 0
    for _, text, _ in head:
        depth += (text == "(") - (text == ")")
        if depth == 0 and text == "*":
            return True
    return False


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
