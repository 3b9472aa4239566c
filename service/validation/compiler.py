"""Compile shapes to SPARQL: one query per constraint, for all focus nodes of a partition at once.

Each query returns the violating ``?this`` (focus node) and, where SHACL
reports one, ``?value``. The focus nodes are a subquery built from the
shape's targets, restricted to the graphs of one partition (one power
list's named graph, or the reference graphs); the constraint itself is
evaluated against the whole data graph. The focus subquery comes first, so
that Oxigraph — which joins in the order written — starts from the few
focus nodes and looks up their values by index.

SPARQL-based constraints run their own SELECT inside ``LATERAL``: Oxigraph
then evaluates it once per focus node with ``$this`` substituted, which is
SHACL's pre-binding (and SPARQL 1.2's LATERAL), without a query per node.

Generated queries write every IRI in full, so no PREFIX is needed except
those a SPARQL constraint declares for its own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from quanze.service.queries import substitute

from .paths import Path
from .shapes import Constraint, Shape, ShapesError, ShapesGraph, bare
from .terms import sparql_term

TYPE_CHAIN = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
#: Datatypes whose well-formedness is checked by casting (an ill-formed literal fails sh:datatype).
CASTABLE = {XSD.string, XSD.boolean, XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.date, XSD.dateTime,
            XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}
NODE_KINDS = {SH.IRI: "isIRI(?value)", SH.BlankNode: "isBlank(?value)", SH.Literal: "isLiteral(?value)",
              SH.BlankNodeOrIRI: "!isLiteral(?value)", SH.BlankNodeOrLiteral: "!isIRI(?value)",
              SH.IRIOrLiteral: "!isBlank(?value)"}
COMPARISONS = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<", SH.maxInclusive: "<="}


@dataclass(frozen=True)
class Partition:
    """Where focus nodes are looked for.

    ``graph``: targets found in this named graph, or in the default graph
    when None. ``node_targets``: whether sh:targetNode focus nodes belong
    here — they belong to no graph, so one partition of a run takes them —
    and ``graph_targets`` whether the other targets do.
    """

    graph: str | None
    node_targets: bool
    graph_targets: bool = True
    label: str = ""


WHOLE_DEFAULT_GRAPH = Partition(None, True, True, "default graph")
NODE_TARGETS = Partition(None, True, False, "target nodes")


@dataclass(frozen=True)
class Check:
    """A compiled constraint: its query has a ``{focus}`` slot for the focus-node subquery."""

    shape: Shape
    constraint: Constraint
    query: str
    root: Shape  # the targeted shape whose focus nodes this check starts from
    via: tuple[Path, ...] = ()  # paths from the root's focus nodes to this shape's (nested property shapes)

    def text(self, partition: Partition) -> str:
        return self.query.replace("{focus}", focus_pattern(self.root, partition, self.via), 1)


def compile_shapes(shapes: ShapesGraph) -> list[Check]:
    """Every check of every targeted shape; raises ShapesError when a query cannot be built or parsed."""
    checks: list[Check] = []
    for root in shapes.roots:
        checks.extend(_checks(root, root, ()))
    for check in checks:
        _assert_parses(check)
    return checks


def _checks(shape: Shape, root: Shape, via: tuple[Path, ...]) -> Iterator[Check]:
    for constraint in shape.constraints:
        try:
            query = compile_constraint(shape, constraint)
        except ValueError as exc:
            raise ShapesError(shape.file, str(exc), shape.label) from exc
        yield Check(shape, constraint, query, root, via)
    for child in shape.properties:
        # A property shape's focus nodes are the value nodes of its parent.
        yield from _checks(child, root, via + ((shape.path,) if shape.path is not None else ()))


def _assert_parses(check: Check) -> None:
    try:
        ox.Store().query(check.text(WHOLE_DEFAULT_GRAPH))
    except (SyntaxError, ValueError) as exc:
        raise ShapesError(check.shape.file, f"its {_param_name(check.constraint)} constraint does not compile "
                          f"to valid SPARQL: {exc}", check.shape.label) from exc


def _param_name(constraint: Constraint) -> str:
    return "sh:" + str(constraint.parameter).removeprefix(str(SH))


# ---------------------------------------------------------------- focus nodes


def focus_pattern(root: Shape, partition: Partition, via: tuple[Path, ...] = ()) -> str:
    """A subquery binding ``?this`` to each focus node of ``root`` in ``partition``, then along ``via``."""
    branches = [b for t in root.targets if (b := _target(t.kind, t.term, partition)) is not None]
    inner = " UNION ".join("{ " + b + " }" for b in branches) if branches else "FILTER (false)"
    pattern = "{ SELECT DISTINCT ?this WHERE { " + inner + " } }"
    for step in via:
        pattern = ("{ SELECT DISTINCT ?this WHERE { { SELECT (?this AS ?parentValue) WHERE { " + pattern
                   + " } } ?parentValue " + step.sparql() + " ?this } }")
    return pattern


def _in_graph(pattern: str, partition: Partition) -> str:
    return pattern if partition.graph is None else f"GRAPH <{partition.graph}> {{ {pattern} }}"


def _target(kind: str, term: Node, partition: Partition) -> str | None:
    if kind == "node":
        return f"BIND ({sparql_term(term)} AS ?this)" if partition.node_targets else None
    if not partition.graph_targets:
        return None
    return target_triples(kind, term, lambda triple: _in_graph(triple, partition))


def target_triples(kind: str, term: Node, wrap) -> str:  # type: ignore[no-untyped-def]
    """The pattern of a class, subjects-of or objects-of target; ``wrap`` scopes its triple to a graph."""
    if kind == "class":
        return f"?focusClass <{RDFS.subClassOf}>* {sparql_term(term)} . " + wrap(f"?this <{RDF.type}> ?focusClass")
    if kind == "subjectsOf":
        return wrap(f"?this {sparql_term(term)} ?focusObject")
    return wrap(f"?focusSubject {sparql_term(term)} ?this")


def graphs_with_target(kind: str, term: Node) -> str:
    """A query for the named graphs that hold a triple making some node a target of this kind."""
    return ("SELECT DISTINCT ?focusGraph WHERE { "
            + target_triples(kind, term, lambda triple: f"GRAPH ?focusGraph {{ {triple} }}") + " }")


# ---------------------------------------------------------------- constraints


def compile_constraint(shape: Shape, c: Constraint) -> str:
    """The query for one constraint of one shape; ValueError when it cannot be expressed."""
    if c.parameter == SH.sparql:
        return _sparql(shape, c)
    path = shape.path.sparql() if shape.path is not None else None
    values = f"?this {path} ?value ." if path else "BIND (?this AS ?value)"
    p = c.parameter
    if p == SH.minCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return "SELECT ?this WHERE { {focus} FILTER (false) }"
        if n == 1:
            return f"SELECT ?this WHERE {{ {{focus}} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
        return (f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {{focus}} "
                f"OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }} FILTER (?count < {n}) }}")
    if p == SH.maxCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return f"SELECT DISTINCT ?this WHERE {{ {{focus}} ?this {path} ?value }}"
        if n == 1:
            return (f"SELECT DISTINCT ?this WHERE {{ {{focus}} ?this {path} ?value . ?this {path} ?other . "
                    "FILTER (!sameTerm(?value, ?other)) }")
        return (f"SELECT ?this WHERE {{ {{focus}} ?this {path} ?value }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?value) > {n})")
    if p == SH.hasValue:
        if path:
            return f"SELECT ?this WHERE {{ {{focus}} FILTER NOT EXISTS {{ ?this {path} {sparql_term(c.value)} }} }}"
        return f"SELECT ?this WHERE {{ {{focus}} FILTER (!sameTerm(?this, {sparql_term(c.value)})) }}"
    if p == SH.uniqueLang:
        if not (isinstance(c.value, Literal) and c.value.toPython() is True):
            return "SELECT ?this WHERE { {focus} FILTER (false) }"
        return (f"SELECT DISTINCT ?this (LCASE(lang(?value)) AS ?language) WHERE {{ {{focus}} ?this {path} ?value . "
                f"?this {path} ?other . FILTER (!sameTerm(?value, ?other) && lang(?value) != \"\" "
                "&& LCASE(lang(?value)) = LCASE(lang(?other))) }")
    if p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        return _pair(p, path, values, c.value)
    return f"SELECT ?this ?value WHERE {{ {{focus}} {values} FILTER ({_value_test(c)}) }}"


def _value_test(c: Constraint) -> str:
    """A FILTER expression true for a value node that violates the constraint."""
    p, v = c.parameter, c.value
    if p == SH["class"]:
        return f"NOT EXISTS {{ ?value {TYPE_CHAIN} {sparql_term(v)} }}"
    if p == SH.datatype:
        wellformed = (f" && COALESCE(isLiteral(<{v}>(STR(?value))), false)" if v in CASTABLE else "")
        return f"!(isLiteral(?value) && datatype(?value) = {sparql_term(v)}{wellformed})"
    if p == SH.nodeKind:
        if v not in NODE_KINDS:
            raise ValueError(f"sh:nodeKind {v} is not one of the six node kinds")
        return f"!({NODE_KINDS[v]})"  # type: ignore[index]
    if p in COMPARISONS:
        return f"!COALESCE(?value {COMPARISONS[p]} {sparql_term(v)}, false)"
    if p == SH.minLength:
        return f"isBlank(?value) || !COALESCE(STRLEN(STR(?value)) >= {int(v)}, false)"  # type: ignore[call-overload]
    if p == SH.maxLength:
        return f"isBlank(?value) || !COALESCE(STRLEN(STR(?value)) <= {int(v)}, false)"  # type: ignore[call-overload]
    if p == SH.pattern:
        flags = f", {sparql_term(Literal(c.flags))}" if c.flags else ""
        return f"isBlank(?value) || !COALESCE(REGEX(STR(?value), {sparql_term(Literal(str(v)))}{flags}), false)"
    if p == SH["in"]:
        if not c.members:
            return "true"
        return "!(" + " || ".join(f"sameTerm(?value, {sparql_term(m)})" for m in c.members) + ")"
    if p == SH.languageIn:
        if not c.members:
            return "true"
        tests = " || ".join(f"langMatches(lang(?value), {sparql_term(Literal(str(m)))})" for m in c.members)
        return f"!COALESCE({tests}, false)"
    raise ValueError(f"no SPARQL for {p}")


def _pair(p: URIRef, path: str | None, values: str, other: object) -> str:
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals against the values of property ``other``."""
    o = sparql_term(other)  # type: ignore[arg-type]
    if p == SH.equals:
        missing_there = f"{{ {values} FILTER NOT EXISTS {{ ?this {o} ?value }} }}"
        in_set = f"FILTER NOT EXISTS {{ ?this {path} ?value }}" if path else "FILTER (!sameTerm(?value, ?this))"
        missing_here = f"{{ ?this {o} ?value . {in_set} }}"
        return f"SELECT ?this ?value WHERE {{ {{focus}} {missing_there} UNION {missing_here} }}"
    if p == SH.disjoint:
        return f"SELECT ?this ?value WHERE {{ {{focus}} {values} ?this {o} ?value }}"
    op = "<" if p == SH.lessThan else "<="
    return (f"SELECT ?this ?value WHERE {{ {{focus}} {values} ?this {o} ?other . "
            f"FILTER (!COALESCE(?value {op} ?other, false)) }}")


_LEADING_PROLOGUE = re.compile(r"^\s*((?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*", re.IGNORECASE)


def _sparql(shape: Shape, c: Constraint) -> str:
    assert c.sparql is not None
    text = c.sparql.select
    prologue_match = _LEADING_PROLOGUE.match(text)
    prologue = prologue_match.group(0) if prologue_match else ""
    body = text[len(prologue):]
    if shape.path is not None:
        body = substitute(body, {"PATH": shape.path.sparql()})
    elif re.search(r"\$PATH\b", bare(body)):
        raise ValueError("its SPARQL query uses $PATH but the shape has no sh:path")
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in c.sparql.prefixes)
    return f"{prefixes}{prologue}SELECT * WHERE {{ {{focus}} LATERAL {{ {body} }} }}"
