"""Compile shapes to SPARQL that Oxigraph runs for all focus nodes of a partition at once.

Every constraint becomes a *branch*: a graph pattern over ``?this`` (the
focus node) that has a solution for each violation, binding ``?value`` where
SHACL reports one. The constraints whose shapes have the same targets are
run together, as one query per partition::

    SELECT * WHERE {
      { SELECT DISTINCT ?this WHERE { …targets, in this partition's graph… } }
      LATERAL { { branch 0 BIND (0 AS ?check) } UNION { branch 1 BIND (1 AS ?check) } … }
    }

The focus subquery is computed once; ``LATERAL`` then evaluates the branches
once per focus node with ``?this`` substituted — SHACL's pre-binding (and
SPARQL 1.2's LATERAL) — so Oxigraph looks each value up by index instead
of joining whole predicates, and ``?check`` says which constraint fired.
SPARQL-based constraints are branches too: their own SELECT, unchanged.

Over a whole store, a Core constraint also has a *plain* form — one query
over every focus node at once, which lets Oxigraph read each predicate once
and join (``Check.plain``); the engine's plan chooses.

A server without LATERAL (Virtuoso, and SPARQL 1.1 servers generally) gets
plain SPARQL 1.1 only: each Core constraint in its plain form, each
SPARQL-based constraint as its own SELECT with the focus pattern joined at
the head of its WHERE group (``Check.query(partition, lateral=False)``).

Generated patterns write IRIs in full; the only PREFIX lines are those a
SPARQL-based constraint declares for its own text, and constraints whose
prefixes disagree are run in separate queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from quanze.service.sparql.queries import substitute
from quanze.service.validation.joins import hash_joined
from quanze.service.validation.paths import Path
from quanze.service.validation.shapes import Constraint, Shape, ShapesError, ShapesGraph, Target, bare
from quanze.service.validation.terms import sparql_term
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

#: Datatypes whose well-formedness is checked by casting (an ill-formed literal fails sh:datatype).
CASTABLE = {
    XSD.string,
    XSD.boolean,
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.date,
    XSD.dateTime,
    XSD.time,
    XSD.duration,
    XSD.dayTimeDuration,
    XSD.yearMonthDuration,
}
#: Integer types Oxigraph stores as xsd:integer (it folds a well-formed "5"^^xsd:int into "5"^^xsd:integer),
#: with their value ranges: a value of one of them comes back as an xsd:integer within the range.
FOLDED_INTEGERS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-(2**7), 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 2**8 - 1),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
}
NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "!isLiteral(?value)",
    SH.BlankNodeOrLiteral: "!isIRI(?value)",
    SH.IRIOrLiteral: "!isBlank(?value)",
}
COMPARISONS = {
    SH.minExclusive: ">",
    SH.minInclusive: ">=",
    SH.maxExclusive: "<",
    SH.maxInclusive: "<=",
}
NEVER = "{ FILTER (false) }"


@dataclass(frozen=True)
class Partition:
    """Where focus nodes are looked for.

    ``graph``: targets found in this named graph, in any named graph when
    ALL_GRAPHS, or in the default graph when None. ``node_targets``: whether
    sh:targetNode focus nodes belong here — they belong to no graph, so one
    partition of a run takes them — and ``graph_targets`` whether the other
    targets do.
    """

    graph: str | None
    node_targets: bool
    graph_targets: bool = True
    label: str = ""
    size: int = 0  # focus nodes expected, for scheduling
    hash_joins: bool = False  # plain queries with their triple patterns read whole and hash-joined (joins.py)


ALL_GRAPHS = "*"
WHOLE_DEFAULT_GRAPH = Partition(None, True, True, "default graph")
NODE_TARGETS = Partition(None, True, False, "target nodes")
#: Every named graph at once, for a run over the whole store.
WHOLE_STORE = Partition(ALL_GRAPHS, True, True, "all lists")
#: The same, for a store that pays for each lookup (on disk): plain queries' triple patterns read whole, hash-joined.
WHOLE_STORE_SCANNED = Partition(ALL_GRAPHS, True, True, "all lists", hash_joins=True)


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, compiled to a branch over ``?this``."""

    shape: Shape
    constraint: Constraint
    branch: str
    prologue: tuple[tuple[str, str], ...]  # PREFIX/BASE declarations the branch needs: (name, IRI)
    targets: tuple[Target, ...]  # of the targeted shape the check starts from
    via: tuple[Path, ...] = ()  # from those focus nodes to this shape's (nested property shapes)
    plain: str | None = None  # a whole query with a {focus} slot, for Core constraints
    classes: tuple[tuple[Node, tuple[Node, ...]], ...] = ()  # target classes and their subclasses, as read

    def query(self, partition: Partition, lateral: bool = True) -> str:
        """The check alone: its plain query if it has one, else its branch run per focus node.

        Without ``lateral`` (a server without SPARQL 1.2's LATERAL), a SPARQL-based constraint's
        own SELECT gets the focus pattern at the head of its WHERE group instead: the focus
        nodes joined with its pattern, which is what pre-binding means for the queries SHACL
        allows (no MINUS, VALUES or SERVICE, no rebinding of $this; ``shapes.check_prebinding``)."""
        focus = focus_pattern(self.targets, partition, self.via, dict(self.classes))
        if self.plain is not None:
            query = self.plain.replace("{focus}", focus)
        elif not lateral:
            query = prologue(dict(self.prologue)) + focus_first(self.branch[1:-1].strip(), focus)
        else:
            return Batch(self.targets, self.via, (self,)).text(partition)
        return hash_joined(query) if partition.hash_joins else query


@dataclass(frozen=True)
class Batch:
    """Checks with the same focus nodes, run as one query."""

    targets: tuple[Target, ...]
    via: tuple[Path, ...]
    checks: tuple[Check, ...]

    def text(self, partition: Partition) -> str:
        declared = prologue(dict(p for c in self.checks for p in c.prologue))
        branches = " UNION ".join(f"{{ {c.branch} BIND ({i} AS ?check) }}" for i, c in enumerate(self.checks))
        focus = focus_pattern(self.targets, partition, self.via, dict(self.checks[0].classes))
        return f"{declared}SELECT * WHERE {{ {focus} LATERAL {{ {branches} }} }}"


def prologue(declared: dict[str, str]) -> str:
    """PREFIX and BASE lines for declarations (name, IRI); the name "" is the BASE."""
    return "".join(
        f"BASE <{iri}>\n" if name == "" else f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(declared.items())
    )


#: Classes (of sh:class and sh:targetClass) and their subclasses in the data, read before compiling.
Subclasses = Mapping[Node, Sequence[Node]]


def compile_shapes(shapes: ShapesGraph, subclasses: Subclasses | None = None) -> list[Check]:
    """Every check of every targeted shape; ShapesError when a query cannot be built or parsed.

    ``subclasses`` (:func:`subclass_query` for each of :func:`classes_named`) lets sh:class test a
    value's types, and the focus pattern a node's, against a list instead of a rdfs:subClassOf* path."""
    checks: list[Check] = []
    for root in shapes.roots:
        checks.extend(_checks(root, root.targets, (), subclasses or {}))
    for check in checks:
        _assert_parses(check)
    return checks


def batches(checks: Sequence[Check]) -> list[Batch]:
    """Checks grouped by focus nodes (same targets and path), split where their prefixes clash."""
    groups: dict[tuple[frozenset[Target], tuple[Path, ...]], list[list[Check]]] = {}
    for check in checks:
        runs = groups.setdefault((frozenset(check.targets), check.via), [[]])
        run = next((r for r in runs if _compatible(r, check)), None)
        if run is None:
            run = []
            runs.append(run)
        run.append(check)
    return [Batch(run[0].targets, via, tuple(run)) for (_, via), runs in groups.items() for run in runs if run]


def _compatible(run: list[Check], check: Check) -> bool:
    declared = dict(p for c in run for p in c.prologue)
    return all(declared.get(name, iri) == iri for name, iri in check.prologue)


def classes_named(shapes: ShapesGraph) -> list[Node]:
    """The sh:class values and target classes of every shape, in a stable order."""
    found = {c.value for s in shapes.all_shapes() for c in s.constraints if c.parameter == SH["class"]}
    found |= {t.term for s in shapes.roots for t in s.targets if t.kind == "class"}
    return sorted(found, key=str)


def subclass_query(cls: Node) -> str:
    """The classes whose instances are instances of ``cls``: rdfs:subClassOf*, read once per run."""
    return f"SELECT DISTINCT ?class WHERE {{ ?class <{RDFS.subClassOf}>* {sparql_term(cls)} }}"


def _checks(
    shape: Shape, targets: tuple[Target, ...], via: tuple[Path, ...], subclasses: Subclasses
) -> Iterator[Check]:
    for constraint in shape.constraints:
        try:
            branch, prologue = compile_constraint(shape, constraint, subclasses)
            plain = None if constraint.parameter == SH.sparql else _plain(shape, constraint, subclasses)
        except ValueError as exc:
            raise ShapesError(shape.file, str(exc), shape.label) from exc
        known = tuple((cls, tuple(subs)) for cls, subs in subclasses.items())
        yield Check(shape, constraint, branch, prologue, targets, via, plain, known)
    for child in shape.properties:
        # A property shape's focus nodes are the value nodes of its parent.
        yield from _checks(child, targets, via + ((shape.path,) if shape.path is not None else ()), subclasses)


def _assert_parses(check: Check) -> None:
    try:
        ox.Store().query(Batch(check.targets, check.via, (check,)).text(WHOLE_DEFAULT_GRAPH))
        ox.Store().query(check.query(WHOLE_DEFAULT_GRAPH))
        ox.Store().query(check.query(WHOLE_DEFAULT_GRAPH, lateral=False))
        ox.Store().query(check.query(WHOLE_STORE_SCANNED, lateral=False))
    except (SyntaxError, ValueError) as exc:
        raise ShapesError(
            check.shape.file,
            f"its {_param_name(check.constraint)} constraint does not compile to valid SPARQL: {exc}",
            check.shape.label,
        ) from exc


def focus_first(select: str, focus: str) -> str:
    """``select`` with ``focus`` joined where pre-binding would have given ``$this`` its value.

    That is the head of every group evaluated on its own that mentions ``$this``: the WHERE
    group, nested groups, UNION and OPTIONAL branches, the WHERE group of a subquery. Not a
    group under EXISTS (evaluated for each solution, ``$this`` already bound), nor a group that
    holds a subquery (the grammar allows nothing beside it), nor one without ``$this`` (the
    join would be a cross product) — unless no group mentions it, when the WHERE group takes
    the join. Each insertion is one more join on ``?this``: the rows are those of the
    pre-bound query, and the cost is one focus subquery per group."""
    text = bare(select)
    opened: list[tuple[int, bool]] = []  # open braces: (position, under EXISTS)
    at: list[int] = []
    for brace in re.finditer(r"[{}]", text):
        if brace.group() == "{":
            before = text[max(0, brace.start() - 40) : brace.start()]
            under = bool(opened and opened[-1][1]) or bool(re.search(r"\bEXISTS\s*$", before, re.IGNORECASE))
            opened.append((brace.end(), under))
            continue
        start, under = opened.pop()
        group = text[start : brace.start()]
        if not under and re.search(r"[?$]this\b", group) and not re.match(r"\s*SELECT\b", group, re.IGNORECASE):
            at.append(start)
    if not at:
        # No group mentions $this: every focus node gets every solution (pre-binding a variable the
        # pattern never uses), so the focus joins the WHERE group itself.
        where = re.search(r"\{", text)
        if where is None:
            raise ValueError(f"no WHERE group in {select!r}")
        at.append(where.end())
    at.sort()
    parts = [select[i:j] for i, j in zip([0, *at], [*at, len(select)], strict=True)]
    return f" {focus} ".join(parts)


def _param_name(constraint: Constraint) -> str:
    return "sh:" + str(constraint.parameter).removeprefix(str(SH))


# ---------------------------------------------------------------- focus nodes


def focus_pattern(
    targets: Sequence[Target], partition: Partition, via: Sequence[Path] = (), subclasses: Subclasses | None = None
) -> str:
    """A subquery binding ``?this`` to each focus node of ``targets`` in ``partition``, then
    along ``via``. Class targets whose subclasses were read are one pattern over their list."""
    listed = _instances([t.term for t in targets if t.kind == "class"], subclasses or {}, partition)
    others = [t for t in targets if listed is None or t.kind != "class"]
    branches = [listed] if listed and partition.graph_targets else []
    branches += [b for t in others if (b := _target(t.kind, t.term, partition)) is not None]
    inner = " UNION ".join("{ " + b + " }" for b in branches) if branches else "FILTER (false)"
    pattern = "{ SELECT DISTINCT ?this WHERE { " + inner + " } }"
    for step in via:
        pattern = (
            "{ SELECT DISTINCT ?this WHERE { { SELECT (?this AS ?parentValue) WHERE { "
            + pattern
            + " } } ?parentValue "
            + step.sparql()
            + " ?this } }"
        )
    return pattern


def _in_graph(pattern: str, partition: Partition) -> str:
    if partition.graph is None:
        return pattern
    if partition.graph == ALL_GRAPHS:
        return f"GRAPH ?focusGraph {{ {pattern} }}"
    return f"GRAPH <{partition.graph}> {{ {pattern} }}"


def _instances(classes: Sequence[Node], subclasses: Subclasses, partition: Partition) -> str | None:
    """The instances of ``classes`` as one rdf:type pattern over the list of them and their subclasses,
    or None if a list was not read (or holds a blank node): then a branch per class walks the path.

    No path in the query: Virtuoso 7.2 loses rows of the constraint joined to a focus subquery with
    rdfs:subClassOf* in it — every StepShape row when its ``?missing`` reads two OPTIONAL values, and
    the citations' rows of BasisInForceShape — and refuses a VALUES block at the path's end."""
    members = _listed(classes, subclasses)
    if not members:
        return None
    values = "VALUES ?focusClass { " + " ".join(sparql_term(m) for m in members) + " } "
    return values + _in_graph(f"?this <{RDF.type}> ?focusClass", partition)


def _target(kind: str, term: Node, partition: Partition) -> str | None:
    if kind == "node":
        return f"BIND ({sparql_term(term)} AS ?this)" if partition.node_targets else None
    if not partition.graph_targets:
        return None
    return target_triples(kind, term, lambda triple: _in_graph(triple, partition))


def target_triples(kind: str, term: Node, wrap) -> str:  # type: ignore[no-untyped-def]
    """The pattern of a class, subjects-of or objects-of target; ``wrap`` puts its triple in a
    graph."""
    if kind == "class":
        return f"?focusClass <{RDFS.subClassOf}>* {sparql_term(term)} . " + wrap(f"?this <{RDF.type}> ?focusClass")
    if kind == "subjectsOf":
        return wrap(f"?this {sparql_term(term)} ?focusObject")
    return wrap(f"?focusSubject {sparql_term(term)} ?this")


def graphs_with_target(kind: str, term: Node) -> str:
    """A query for the named graphs holding triples that make nodes targets, and how many."""
    return (
        "SELECT ?focusGraph (COUNT(DISTINCT ?this) AS ?count) WHERE { "
        + target_triples(kind, term, lambda triple: f"GRAPH ?focusGraph {{ {triple} }}")
        + " } GROUP BY ?focusGraph"
    )


# ---------------------------------------------------------------- constraints


def compile_constraint(
    shape: Shape, c: Constraint, subclasses: Subclasses | None = None
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The branch of one constraint of one shape and the prologue it needs; ValueError if none."""
    if c.parameter == SH.sparql:
        return _sparql(shape, c)
    return _core(shape, c, subclasses or {}), ()


def _core(shape: Shape, c: Constraint, subclasses: Subclasses) -> str:
    path = shape.path.sparql() if shape.path is not None else None
    values = f"?this {path} ?value ." if path else "BIND (?this AS ?value)"
    p = c.parameter
    if p == SH.minCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return NEVER
        if n == 1:
            return f"{{ FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
        return (
            "{ { SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE "
            f"{{ OPTIONAL {{ ?this {path} ?value }} }} "
            f"GROUP BY ?this }} FILTER (?count < {n}) }}"
        )
    if p == SH.maxCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return f"{{ SELECT ?this WHERE {{ ?this {path} ?value }} LIMIT 1 }}"
        if n == 1:
            return (
                f"{{ SELECT ?this WHERE {{ ?this {path} ?value . ?this {path} ?other . "
                "FILTER (!sameTerm(?value, ?other)) } LIMIT 1 }"
            )
        return (
            "{ { SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE "
            f"{{ ?this {path} ?value }} "
            f"GROUP BY ?this }} FILTER (?count > {n}) }}"
        )
    if p == SH.hasValue:
        if path:
            return f"{{ FILTER NOT EXISTS {{ ?this {path} {sparql_term(c.value)} }} }}"
        return f"{{ FILTER (!sameTerm(?this, {sparql_term(c.value)})) }}"
    if p == SH.uniqueLang:
        if not (isinstance(c.value, Literal) and c.value.datatype == XSD.boolean and str(c.value) == "true"):
            return NEVER
        return (
            "{ SELECT DISTINCT ?this (LCASE(lang(?value)) AS ?language) WHERE "
            f"{{ ?this {path} ?value . "
            f'?this {path} ?other . FILTER (!sameTerm(?value, ?other) && lang(?value) != "" '
            "&& LCASE(lang(?value)) = LCASE(lang(?other))) } }"
        )
    if p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        return _pair(p, path, values, c.value)
    return f"{{ {values} FILTER ({_value_test(c, subclasses)}) }}"


def _plain(shape: Shape, c: Constraint, subclasses: Subclasses) -> str:
    """A whole query for one Core constraint over every focus node at once (the ``{focus}`` slot).

    Over the whole store this is cheaper than a branch per focus node: Oxigraph reads each
    predicate once and joins, instead of looking values up node by node."""
    path = shape.path.sparql() if shape.path is not None else None
    values = f"?this {path} ?value ." if path else "BIND (?this AS ?value)"
    p = c.parameter
    if p == SH.minCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return "SELECT ?this WHERE { {focus} FILTER (false) }"
        if n == 1:
            # MINUS, not FILTER NOT EXISTS: MINUS evaluates its pattern once and subtracts, where NOT EXISTS
            # looks each focus node up; on a store on disk each lookup opens a RocksDB iterator (at 100,000
            # powers, 0.2 s against 1.1 s a check: bench/validate.py)
            return f"SELECT ?this WHERE {{ {{focus}} MINUS {{ ?this {path} ?value }} }}"
        return (
            f"SELECT ?this WHERE {{ {{focus}} OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) < {n})"
        )
    if p == SH.maxCount:
        n = int(c.value)  # type: ignore[call-overload]
        if n == 0:
            return f"SELECT DISTINCT ?this WHERE {{ {{focus}} ?this {path} ?value }}"
        if n == 1:
            return (
                f"SELECT DISTINCT ?this WHERE {{ {{focus}} ?this {path} ?value . "
                f"?this {path} ?other . "
                "FILTER (!sameTerm(?value, ?other)) }"
            )
        return (
            f"SELECT ?this WHERE {{ {{focus}} ?this {path} ?value }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) > {n})"
        )
    if p == SH.uniqueLang:
        if not (isinstance(c.value, Literal) and c.value.datatype == XSD.boolean and str(c.value) == "true"):
            return "SELECT ?this WHERE { {focus} FILTER (false) }"
        return (
            f"SELECT DISTINCT ?this (LCASE(lang(?value)) AS ?language) WHERE {{ {{focus}} "
            f"?this {path} ?value . ?this {path} ?other . FILTER (!sameTerm(?value, ?other) "
            '&& lang(?value) != "" && LCASE(lang(?value)) = LCASE(lang(?other))) }'
        )
    if p == SH.equals:
        o = sparql_term(c.value)
        in_set = f"FILTER NOT EXISTS {{ ?this {path} ?value }}" if path else "FILTER (!sameTerm(?value, ?this))"
        return (
            f"SELECT ?this ?value WHERE {{ {{ {{focus}} {values} "
            f"FILTER NOT EXISTS {{ ?this {o} ?value }} }} "
            f"UNION {{ {{focus}} ?this {o} ?value . {in_set} }} }}"
        )
    # the branch of the other components is one group over ?this: its content runs at top level
    branch = _core(shape, c, subclasses)
    return f"SELECT * WHERE {{ {{focus}} {branch[1:-1]} }}"


def _value_test(c: Constraint, subclasses: Subclasses) -> str:
    """A FILTER expression true for a value node that violates the constraint."""
    p, v = c.parameter, c.value
    if p == SH["class"]:
        return f"NOT EXISTS {{ ?value <{RDF.type}> ?valueType . {_is_subclass('?valueType', v, subclasses)} }}"
    if p == SH.datatype:
        wellformed = f" && COALESCE(isLiteral(<{v}>(STR(?value))), false)" if v in CASTABLE else ""
        conforms = f"isLiteral(?value) && datatype(?value) = {sparql_term(v)}{wellformed}"
        if v in FOLDED_INTEGERS:
            low, high = FOLDED_INTEGERS[v]  # type: ignore[index]
            bounds = "".join(
                f" && ?value {op} {bound}" for op, bound in ((">=", low), ("<=", high)) if bound is not None
            )
            conforms = f"({conforms}) || (isLiteral(?value) && datatype(?value) = <{XSD.integer}>{bounds})"
        return f"!({conforms})"
    if p == SH.nodeKind:
        if v not in NODE_KINDS:
            raise ValueError(f"sh:nodeKind {v} is not one of the six node kinds")
        return f"!({NODE_KINDS[v]})"  # type: ignore[index]
    if p in COMPARISONS:
        return f"!COALESCE(?value {COMPARISONS[p]} {sparql_term(v)}, false)"
    if p in (SH.minLength, SH.maxLength):
        op = ">=" if p == SH.minLength else "<="
        return f"isBlank(?value) || !COALESCE(STRLEN(STR(?value)) {op} {int(v)}, false)"  # type: ignore[call-overload]
    if p == SH.pattern:
        flags = f", {sparql_term(Literal(c.flags))}" if c.flags else ""
        regex = f"REGEX(STR(?value), {sparql_term(Literal(str(v)))}{flags})"
        return f"isBlank(?value) || !COALESCE({regex}, false)"
    if p == SH["in"]:
        if not c.members:
            return "true"
        return "!(" + " || ".join(_same(m) for m in c.members) + ")"
    if p == SH.languageIn:
        if not c.members:
            return "true"
        tests = " || ".join(f"langMatches(lang(?value), {sparql_term(Literal(str(m)))})" for m in c.members)
        return f"!COALESCE({tests}, false)"
    raise ValueError(f"no SPARQL for {p}")


def _is_subclass(var: str, cls: Node, subclasses: Subclasses) -> str:
    """``var`` is ``cls`` or a subclass: against the list read before compiling where there is one.

    The list is not only faster (no path per value): Virtuoso 7.2 answers a property path inside a
    NOT EXISTS that depends on the outer row wrongly — ``FILTER NOT EXISTS { ?value rdf:type ?t .
    ?t rdfs:subClassOf* qz:Department }`` holds for every department, whatever the path's form
    (``*``, ``?``, a sequence, a subquery)."""
    members = _listed([cls], subclasses)
    if members:
        return f"FILTER ({var} IN ({', '.join(sparql_term(m) for m in members)}))"
    return f"{var} <{RDFS.subClassOf}>* {sparql_term(cls)}"


def _listed(classes: Sequence[Node], subclasses: Subclasses) -> list[Node] | None:
    """``classes`` and their subclasses as read, once each; None where one was not read or a member is a
    blank node (a query cannot name it): the caller walks rdfs:subClassOf* instead."""
    if not classes or not all(c in subclasses for c in classes):
        return None
    members = list(dict.fromkeys(m for c in classes for m in (c, *subclasses[c])))
    return None if any(isinstance(m, BNode) for m in members) else members


def _same(member: Node) -> str:
    """?value is ``member``: ``=`` for an IRI (the same test for IRIs), sameTerm otherwise. Virtuoso 7
    answers false for every IRI in ``sameTerm(?v, <a>) || sameTerm(?v, <b>) || …`` of three or more."""
    if isinstance(member, URIRef):
        return f"?value = {sparql_term(member)}"
    return f"sameTerm(?value, {sparql_term(member)})"


def _pair(p: URIRef, path: str | None, values: str, other: object) -> str:
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: against the values of ``other``."""
    o = sparql_term(other)  # type: ignore[arg-type]
    if p == SH.equals:
        in_set = f"FILTER NOT EXISTS {{ ?this {path} ?value }}" if path else "FILTER (!sameTerm(?value, ?this))"
        return f"{{ {{ {values} FILTER NOT EXISTS {{ ?this {o} ?value }} }} UNION {{ ?this {o} ?value . {in_set} }} }}"
    if p == SH.disjoint:
        return f"{{ {values} ?this {o} ?value }}"
    op = "<" if p == SH.lessThan else "<="
    return f"{{ {values} ?this {o} ?other . FILTER (!COALESCE(?value {op} ?other, false)) }}"


_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+([\w.-]*):\s*<([^>]*)>|BASE\s*<([^>]*)>|#[^\n]*)\s*)*", re.IGNORECASE)
_DECLARATION = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>|BASE\s*<([^>]*)>", re.IGNORECASE)


def _sparql(shape: Shape, c: Constraint) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The constraint's own SELECT as a subquery branch; its prologue and prefixes are hoisted."""
    assert c.sparql is not None
    text = c.sparql.select
    head = _PROLOGUE.match(text)
    prologue_text = head.group(0) if head else ""
    body = text[len(prologue_text) :]
    declared = dict(c.sparql.prefixes)
    for m in _DECLARATION.finditer(prologue_text):
        if m.group(3) is not None:
            declared[""] = m.group(3)
        else:
            declared[m.group(1)] = m.group(2)
    if shape.path is not None:
        body = substitute(body, {"PATH": shape.path.sparql()})
    elif re.search(r"\$PATH\b", bare(body)):
        raise ValueError("its SPARQL query uses $PATH but the shape has no sh:path")
    return "{ " + body + " }", tuple(sorted(declared.items()))
