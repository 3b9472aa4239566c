"""The shapes graph: read from Turtle files, checked, and turned into a model the engines share.

Reading the shapes is where bad input is caught: a file that does not parse,
or a shape that uses a construct the default engine does not implement,
stops validation with an error that names the file and the shape. What is
implemented: node and property shapes (property shapes may nest), the four
SHACL Core targets and implicit class targets, every path form, the Core
value-type, cardinality, value-range, string, property-pair and other
value constraints (sh:in, sh:hasValue), and SPARQL-based constraints. Not
implemented: the shape-based and logical components (sh:node, sh:and,
sh:or, sh:not, sh:xone, qualified value shapes) and sh:closed, which the
review does not need; custom constraint components; SHACL Advanced Features.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import rdflib
from quanze.service.validation.paths import Path as ShapePath
from quanze.service.validation.paths import PathError, parse_path
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node


class ShapesError(ValueError):
    """A shapes file does not parse, or a shape is malformed or uses an unsupported construct."""

    def __init__(self, file: str, message: str, shape: str | None = None) -> None:
        self.file, self.shape, self.message = file, shape, message
        where = f"{file}: shape {shape}" if shape else file
        super().__init__(f"{where}: {message}")


#: Parameter → constraint component, for the components the default engine implements.
COMPONENTS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
#: Only meaningful on property shapes (SHACL Core 4.2, 4.4, 4.5).
PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals}
UNSUPPORTED = {SH.node, SH["and"], SH["or"], SH["not"], SH.xone, SH.qualifiedValueShape, SH.closed}
#: sh: terms that may sit on a shape without being a constraint.
NON_VALIDATING = {
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.flags,
    SH.declare,
    SH.prefixes,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.select,
    SH.ask,
}  # a shape may itself be the sh:SPARQLConstraint it names
TARGETS = {
    SH.targetClass: "class",
    SH.targetNode: "node",
    SH.targetSubjectsOf: "subjectsOf",
    SH.targetObjectsOf: "objectsOf",
}


@dataclass(frozen=True)
class Target:
    kind: str  # class, node, subjectsOf or objectsOf
    term: Node


@dataclass(frozen=True)
class SparqlConstraint:
    node: Node
    select: str
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class Constraint:
    """One constraint component applied by a shape, with its parameter values."""

    component: URIRef
    parameter: URIRef
    value: Node
    members: tuple[Node, ...] = ()  # the list of sh:in or sh:languageIn
    flags: str | None = None  # of sh:pattern
    sparql: SparqlConstraint | None = None


@dataclass
class Shape:
    node: Node
    file: str
    path: ShapePath | None
    severity: URIRef
    messages: tuple[Literal, ...]
    names: tuple[Literal, ...]
    targets: tuple[Target, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    properties: list[Shape] = field(default_factory=list)

    @property
    def label(self) -> str:
        return describe(self.node, self.path)

    def name(self, lang: str) -> str:
        return text_in(self.names, lang) or (str(self.node) if isinstance(self.node, URIRef) else self.label)


@dataclass
class ShapesGraph:
    """The shapes of one or more files: ``roots`` are the shapes with targets."""

    graph: Graph
    files: list[str]
    roots: list[Shape]

    def all_shapes(self) -> list[Shape]:
        seen: dict[Node, Shape] = {}
        stack = list(self.roots)
        while stack:
            shape = stack.pop()
            if shape.node not in seen:
                seen[shape.node] = shape
                stack.extend(shape.properties)
        return list(seen.values())

    def names(self) -> dict[str, tuple[str, str]]:
        """Each shape's sh:name in Chinese and English, for reports."""
        return {str(s.node): (s.name("zh"), s.name("en")) for s in self.all_shapes()}


def describe(node: Node, path: ShapePath | None = None) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    return f"[blank node with sh:path {path.sparql()}]" if path is not None else f"[blank node {node}]"


def text_in(literals: Iterable[Literal], lang: str) -> str | None:
    """The literal in ``lang``, else one without a language, else None."""
    items = list(literals)
    for lit in items:
        if lit.language == lang:
            return str(lit)
    for lit in items:
        if lit.language is None:
            return str(lit)
    return None


def shipped_shape_files() -> list[Path]:
    """The shapes files of quanze's review, in a stable order."""
    return sorted(Path(str(files("quanze.shapes"))).glob("*.ttl"))


def load_shapes(paths: Sequence[str | Path] | None = None) -> ShapesGraph:
    """Read shapes files (default: quanze's own); ShapesError names the file and the shape."""
    chosen = [Path(p) for p in paths] if paths else shipped_shape_files()
    if not chosen:
        raise ShapesError("shapes/", "no shapes files found")
    graph = Graph()
    origin: dict[Node, str] = {}
    for path in chosen:
        single = Graph()
        try:
            with lexical_forms_kept():
                single.parse(path, format="turtle")
        except FileNotFoundError as exc:
            raise ShapesError(str(path), "no such file") from exc
        except Exception as exc:  # rdflib's parsers raise many kinds; all mean "does not parse"
            raise ShapesError(str(path), f"does not parse as Turtle: {_first_line(exc)}") from exc
        for s in single.subjects():
            origin.setdefault(s, str(path))
        graph += single
    return shapes_from_graph(graph, origin, [str(p) for p in chosen])


def shapes_from_graph(
    graph: Graph, origin: dict[Node, str] | None = None, file_names: list[str] | None = None
) -> ShapesGraph:
    """The shapes of an rdflib graph; ``origin`` says which file defined each node (for errors)."""
    origin = origin or {}
    default_file = file_names[0] if file_names else "shapes graph"
    parser = _Parser(graph, origin, default_file)
    roots = [parser.shape(node) for node in _targeted(graph)]
    return ShapesGraph(graph, file_names or [default_file], [r for r in roots if r is not None])


@contextlib.contextmanager
def lexical_forms_kept() -> Iterator[None]:
    """Parse literals as written: rdflib makes "1"^^xsd:boolean "true"; SHACL tells them apart."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:400]


def _targeted(graph: Graph) -> list[Node]:
    """Shapes with targets, in a stable order: explicit targets and implicit class targets."""
    found: set[Node] = set()
    for predicate in TARGETS:
        found.update(graph.subjects(predicate, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for node in graph.subjects(RDF.type, kind):
            if (node, RDF.type, RDFS.Class) in graph or (node, RDF.type, OWL.Class) in graph:
                found.add(node)
    return sorted(found, key=lambda n: (isinstance(n, BNode), str(n)))


class _Parser:
    def __init__(self, graph: Graph, origin: dict[Node, str], default_file: str) -> None:
        self.graph, self.origin, self.default_file = graph, origin, default_file
        self.done: dict[Node, Shape | None] = {}
        self.custom_parameters = self._custom_parameters()

    def _custom_parameters(self) -> set[Node]:
        """Parameters of the constraint components the shapes graph declares (sh:parameter)."""
        return {
            path
            for parameter in self.graph.objects(None, SH.parameter)
            for path in self.graph.objects(parameter, SH.path)
        }

    def error(self, node: Node, message: str, path: ShapePath | None = None) -> ShapesError:
        return ShapesError(self.origin.get(node, self.default_file), message, describe(node, path))

    def shape(self, node: Node) -> Shape | None:
        """The shape at ``node``, or None when deactivated."""
        if node in self.done:
            return self.done[node]
        self.done[node] = None  # guards against sh:property cycles
        g = self.graph
        if any(v.toPython() is True for v in g.objects(node, SH.deactivated) if isinstance(v, Literal)):
            return None
        path = None
        paths = list(g.objects(node, SH.path))
        if len(paths) > 1:
            raise self.error(node, "has more than one sh:path")
        if paths:
            try:
                path = parse_path(g, paths[0])
            except PathError as exc:
                raise self.error(node, f"malformed sh:path: {exc}") from exc
        severities = list(g.objects(node, SH.severity))
        severity = severities[0] if severities else SH.Violation
        if not isinstance(severity, URIRef):
            raise self.error(
                node,
                f"sh:severity must be an IRI (sh:Violation, sh:Warning, sh:Info …), got {severity!r}",
                path,
            )
        shape = Shape(
            node=node,
            file=self.origin.get(node, self.default_file),
            path=path,
            severity=severity,  # type: ignore[arg-type]
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            names=tuple(n for n in g.objects(node, SH.name) if isinstance(n, Literal)),
            targets=tuple(Target(kind, t) for p, kind in TARGETS.items() for t in g.objects(node, p)),
        )
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.targets += (Target("class", node),)
        shape.constraints = tuple(self._constraints(shape))
        self.done[node] = shape
        for child in g.objects(node, SH.property):
            if (child, SH.path, None) not in g:
                raise self.error(child, "is the value of sh:property but has no sh:path")
            parsed = self.shape(child)
            if parsed is not None:
                shape.properties.append(parsed)
        return shape

    def _constraints(self, shape: Shape) -> Iterable[Constraint]:
        g, node = self.graph, shape.node
        for predicate, value in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
            if predicate in self.custom_parameters:
                raise self.error(
                    node,
                    f"uses a custom constraint component (parameter <{predicate}>), "
                    "which the default engine does not implement",
                    shape.path,
                )
            if not str(predicate).startswith(str(SH)) or predicate in NON_VALIDATING:
                continue
            if predicate in UNSUPPORTED:
                if predicate == SH.closed and not (isinstance(value, Literal) and value.toPython() is True):
                    continue
                raise self.error(
                    node,
                    f"uses sh:{predicate.removeprefix(str(SH))}, which the default engine "
                    "does not implement (supported: the Core value, cardinality, range, "
                    "string, property-pair, sh:in and sh:hasValue components, and "
                    "sh:sparql)",
                    shape.path,
                )
            if predicate not in COMPONENTS:
                raise self.error(
                    node,
                    f"uses <{predicate}>, which is not a SHACL Core constraint parameter",
                    shape.path,
                )
            if predicate in PROPERTY_ONLY and shape.path is None:
                raise self.error(node, f"sh:{predicate.removeprefix(str(SH))} is only allowed on property shapes")
            yield self._constraint(shape, predicate, value)

    def _constraint(self, shape: Shape, predicate: URIRef, value: Node) -> Constraint:
        component = COMPONENTS[predicate]
        if predicate in (SH["in"], SH.languageIn):
            try:
                members = tuple(Collection(self.graph, value))
            except Exception as exc:
                raise self.error(
                    shape.node,
                    f"the value of sh:{predicate.removeprefix(str(SH))} is not an RDF list: {exc}",
                    shape.path,
                ) from exc
            return Constraint(component, predicate, value, members=members)
        if predicate == SH.pattern:
            flags = next(iter(self.graph.objects(shape.node, SH.flags)), None)
            return Constraint(component, predicate, value, flags=str(flags) if flags is not None else None)
        if predicate == SH.sparql:
            return Constraint(component, predicate, value, sparql=self._sparql(shape, value))
        if predicate in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength) and not (
            isinstance(value, Literal) and isinstance(value.toPython(), int) and value.toPython() >= 0
        ):
            raise self.error(
                shape.node,
                f"sh:{predicate.removeprefix(str(SH))} must be a non-negative integer, got {value!r}",
                shape.path,
            )
        return Constraint(component, predicate, value)

    def _sparql(self, shape: Shape, node: Node) -> SparqlConstraint:
        g = self.graph
        selects = [s for s in g.objects(node, SH.select) if isinstance(s, Literal)]
        if len(selects) != 1:
            raise self.error(
                shape.node,
                "each sh:sparql constraint needs exactly one sh:select query "
                "(ASK-based validators are not implemented)",
                shape.path,
            )
        select = str(selects[0])
        check_prebinding(select, lambda why: self.error(shape.node, f"its SPARQL query {why}", shape.path))
        prefixes: dict[str, str] = {}
        for source in _imported(g, g.objects(node, SH.prefixes)):
            for decl in g.objects(source, SH.declare):
                prefix, namespace = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
                if prefix is None or namespace is None:
                    raise self.error(
                        shape.node,
                        f"a sh:declare of <{source}> lacks sh:prefix or sh:namespace",
                        shape.path,
                    )
                prefixes[str(prefix)] = str(namespace)
        return SparqlConstraint(
            node,
            select,
            tuple(sorted(prefixes.items())),
            tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
        )


def _imported(g: Graph, start: Iterable[Node]) -> list[Node]:
    """The given nodes and every node they reach through owl:imports (prefix declarations)."""
    found: list[Node] = []
    todo = list(start)
    while todo:
        node = todo.pop()
        if node not in found:
            found.append(node)
            todo.extend(g.objects(node, OWL.imports))
    return found


# Strings, IRIs and comments, where keywords and variables mean nothing.
_OPAQUE = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"
)


def bare(query: str) -> str:
    """The query with strings, IRIs and comments blanked out."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), query)


def check_prebinding(query: str, fail) -> None:  # type: ignore[no-untyped-def]
    """Reject what SHACL forbids with pre-bound variables (SHACL 5.3.1), and $shapesGraph."""
    text = bare(query)
    for keyword in ("MINUS", "VALUES", "SERVICE"):
        if re.search(rf"\b{keyword}\b", text, re.IGNORECASE):
            raise fail(f"uses {keyword}, which SHACL does not allow with pre-bound variables")
    if re.search(r"(?i:\bAS)\s+[?$](this|PATH|currentShape|shapesGraph)\b", text):
        raise fail("rebinds a pre-bound variable with AS")
    if re.search(r"[?$](shapesGraph|currentShape)\b", text):
        raise fail("uses $shapesGraph or $currentShape, which the default engine does not implement")
    selects = [m.start() for m in re.finditer(r"\bSELECT\b", text, re.IGNORECASE)]
    if not selects:
        raise fail("is not a SELECT query")
    for start in selects:
        projection = re.split(r"\bWHERE\b|\{", text[start + 6 :], maxsplit=1, flags=re.IGNORECASE)[0]
        if not re.search(r"[?$]this\b", projection):
            raise fail(
                "must project $this by name in every SELECT (SHACL does not allow a subquery that "
                "drops it, and SELECT * does not name it)"
            )
