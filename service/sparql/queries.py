"""The named SPARQL queries of ``queries/``: their header, parameters and binding.

Each ``.rq`` file starts with a comment header::

    # name: responsible
    # title: 谁负责 / Who is responsible
    # description: Powers whose name, sub-item or basis article matches a text …
    # param: q (string, required): text to look for
    # param: limit (integer, default 50): at most this many powers

Parameter types: ``string`` (an xsd:string literal), ``text`` (a literal
tagged ``@zh``, as labels and texts in the graph are, so that a pattern such
as ``?article rdfs:label $article`` is an index lookup), ``integer``,
``decimal``, ``boolean``, ``date`` and ``iri``.

Parameters appear in the query as ``$name`` variables, so the file is valid
SPARQL as it stands (an unbound parameter is just a variable). Binding
replaces each ``$name`` by an escaped RDF term, textually, so that the same
query runs on the embedded store and on any SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from quanze.loaders.vocab import PREFIXES
from quanze.service.sparql.guard import tokens

_HEADER = re.compile(r"^#\s*(name|title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>string|text|integer|decimal|iri|date|boolean)"
    r"(?:\s*,\s*(?P<req>required)|\s*,\s*default\s+(?P<default>[^)]*))?\)\s*[:—-]?\s*(?P<doc>.*)$"
)
# Tokens to skip when binding: IRIs, strings and comments, where $ has no meaning.
_SKIP = re.compile(
    r'<[^<>"{}|^`\\\s]*>'  # IRIs
    r'|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''  # long strings
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # strings
    r"|#[^\n]*"  # comments
)
_VAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class QueryError(ValueError):
    """A named query is unknown, malformed, or given bad parameters."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    source: str = field(compare=False, default="")

    def bind(self, values: dict[str, str]) -> str:
        """The query with every given (or defaulted) parameter replaced by its RDF term."""
        known = {p.name: p for p in self.params}
        unknown = set(values) - set(known)
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        terms: dict[str, str] = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw is None:
                if p.required:
                    raise QueryError(f"query {self.name!r} needs --param {p.name}=… ({p.doc})")
                continue
            terms[p.name] = term(raw, p)
        return substitute(self.text, terms)

    def bind_each(self, name: str, iris: list[str], values: dict[str, str] | None = None) -> str:
        """One query for several values of the IRI parameter ``name``, each row telling its value.

        ``$name`` becomes the variable ``?name``, projected first and bound by a
        ``VALUES`` block at the top of the WHERE clause. For a pattern Oxigraph can look up value by
        value (``?node ?p ?o``) this is cheaper than a query per value; for a union of branches with
        OPTIONAL (``power-detail``) Oxigraph evaluates the union for every subject of the store and
        joins, so those queries are bound one value at a time (``bind``).
        """
        param = next((p for p in self.params if p.name == name), None)
        if param is None or param.type != "iri":
            raise QueryError(f"query {self.name!r} has no IRI parameter {name!r}")
        block = " ".join(term(i, param) for i in iris)
        text = Param(name, param.type, False, None, param.doc)
        others = NamedQuery(
            self.name,
            self.title,
            self.description,
            tuple(p if p.name != name else text for p in self.params),
            self.text,
            self.source,
        )
        bound = substitute(others.bind(values or {}), {name: f"?{name}"})
        toks = tokens(bound)
        words = [(i, t) for i, t in enumerate(toks) if t.kind == "word"]
        select = next((i for i, t in words if t.text.upper() == "SELECT"), None)
        where = next((i for i, t in words if t.text.upper() == "WHERE"), None)
        if select is None or where is None or where < select or toks[where + 1].text != "{":
            raise QueryError(f"query {self.name!r} must be a SELECT with a WHERE clause to bind several values")
        if toks[select + 1].text.upper() in ("DISTINCT", "REDUCED"):
            select += 1
        head, brace = toks[select + 1].pos, toks[where + 1].pos + 1
        return bound[:head] + f"?{name} " + bound[head:brace] + f"\n  VALUES ?{name} {{ {block} }}" + bound[brace:]


def term(raw: str, param: Param) -> str:
    """An RDF term in SPARQL syntax for a parameter value, validated by its declared type."""
    if param.type in ("string", "text"):
        escaped = raw.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"@zh' if param.type == "text" else f'"{escaped}"'
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise QueryError(f"parameter {param.name} must be an integer, got {raw!r}")
        return raw.strip()
    if param.type == "decimal":
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", raw.strip()):
            raise QueryError(f"parameter {param.name} must be a number, got {raw!r}")
        return raw.strip()
    if param.type == "boolean":
        if raw.strip().lower() not in ("true", "false"):
            raise QueryError(f"parameter {param.name} must be true or false, got {raw!r}")
        return raw.strip().lower()
    if param.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise QueryError(f"parameter {param.name} must be a date YYYY-MM-DD, got {raw!r}")
        return f'"{raw.strip()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    if re.search(r'[\s<>"{}|^`\\]', raw) or ":" not in raw:
        raise QueryError(f"parameter {param.name} must be an absolute IRI, got {raw!r}")
    return f"<{raw}>"


def substitute(text: str, terms: dict[str, str]) -> str:
    """Replace ``$name`` variables outside strings, IRIs and comments."""
    out: list[str] = []
    pos = 0
    for m in _SKIP.finditer(text):
        out.append(_VAR.sub(lambda v: terms.get(v.group(1), v.group(0)), text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_VAR.sub(lambda v: terms.get(v.group(1), v.group(0)), text[pos:]))
    return "".join(out)


def parse_query_file(text: str, source: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(
                    f"{source}: malformed parameter line {value!r}: expected "
                    "'name (type[, required|, default X]): description'"
                )
            params.append(
                Param(
                    pm.group("name"),
                    pm.group("type"),
                    bool(pm.group("req")),
                    pm.group("default").strip() if pm.group("default") else None,
                    pm.group("doc"),
                )
            )
        else:
            meta[key] = value
    if "name" not in meta:
        raise QueryError(f"{source}: the header has no '# name:' line")
    return NamedQuery(
        meta["name"], meta.get("title", meta["name"]), meta.get("description", ""), tuple(params), text, source
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The researcher-facing queries: ``queries/*.rq``."""
    folder = files("quanze.queries")
    found = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".rq"):
            q = parse_query_file(path.read_text(encoding="utf-8"), path.name)
            found[q.name] = q
    return found


@cache
def system_query(name: str) -> NamedQuery:
    """Queries quanze itself runs (``queries/system/``): catalogue, stats, lookups."""
    path = files("quanze.queries").joinpath("system", f"{name}.rq")
    return parse_query_file(path.read_text(encoding="utf-8"), f"system/{name}.rq")


def get(name: str) -> NamedQuery:
    queries = named_queries()
    if name in queries:
        return queries[name]
    raise QueryError(f"no query named {name!r}; known: {', '.join(sorted(queries))}")


def prefix_block() -> str:
    """PREFIX lines for every namespace quanze uses, for ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
