"""A validation report: either engine's results, comparable, written as sh:ValidationReport.

Two engines agree when their results have the same set of keys — (focus
node, result path, constraint component, source shape, severity), the
tuple the issue fixes for equality. Messages and values are carried for
people but not compared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from quanze.service.validation.paths import Path, parse_path
from quanze.service.validation.terms import key as term_key
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Result:
    focus: Node
    path: Path | None
    value: Node | None
    component: URIRef
    shape: Node
    severity: URIRef
    messages: tuple[Literal, ...] = ()
    constraint: Node | None = None  # sh:sourceConstraint (SPARQL-based constraints)

    def key(self) -> Key:
        return (
            term_key(self.focus),
            self.path.key() if self.path else "",
            str(self.component),
            term_key(self.shape),
            str(self.severity),
        )

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, str(self.severity))

    def message(self, lang: str) -> str:
        for lit in self.messages:
            if lit.language == lang:
                return str(lit)
        for lit in self.messages:
            if lit.language is None:
                return str(lit)
        return str(self.messages[0]) if self.messages else ""


@dataclass
class Report:
    """What one run found, and what it looked at."""

    engine: str
    results: list[Result]
    focus_counts: dict[str, int] = field(default_factory=dict)  # targets → focus nodes checked
    lists: list[str] = field(default_factory=list)  # list IRIs whose powers were checked
    seconds: float = 0.0
    shape_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # shape → (zh, en) sh:name

    def shape_name(self, shape: Node, lang: str = "zh") -> str:
        names = self.shape_names.get(str(shape))
        if not names:
            return str(shape).rsplit("#", 1)[-1]
        return names[0] if lang == "zh" else names[1]

    def __post_init__(self) -> None:
        unique = {(*r.key(), term_key(r.value)): r for r in self.results}
        self.results = sorted(unique.values(), key=_order)

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: no result of any severity."""
        return not self.results

    @property
    def checked_nothing(self) -> bool:
        return not any(self.focus_counts.values())

    def keys(self) -> set[Key]:
        return {r.key() for r in self.results}

    def counts(self) -> Counter[str]:
        return Counter(r.severity_name for r in self.results)

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == SH.Violation)

    def summary(self) -> str:
        c = self.counts()
        if self.checked_nothing:
            return "Checked nothing: no node of the data is a target of the shapes (no powers)."
        return (
            f"{sum(self.focus_counts.values())} focus nodes checked; "
            f"{c.get('Violation', 0)} violations, "
            f"{c.get('Warning', 0)} warnings, {c.get('Info', 0)} infos."
        )

    def graph(self) -> Graph:
        """The standard sh:ValidationReport."""
        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        if self.checked_nothing:
            g.add(
                (
                    report,
                    RDFS.comment,
                    Literal(
                        "Checked nothing: the data has no focus node for any shape (no powers).",
                        lang="en",
                    ),
                )
            )
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.focusNode, r.focus))
            if r.path is not None:
                g.add((node, SH.resultPath, r.path.add_to(g)))
            if r.value is not None:
                g.add((node, SH.value, r.value))
            g.add((node, SH.resultSeverity, r.severity))
            g.add((node, SH.sourceConstraintComponent, r.component))
            g.add((node, SH.sourceShape, r.shape))
            if isinstance(r.constraint, URIRef):
                g.add((node, SH.sourceConstraint, r.constraint))
            for m in r.messages:
                g.add((node, SH.resultMessage, m))
        return g


def _order(r: Result) -> tuple[int, str, str, str, str]:
    return (
        SEVERITY_ORDER.get(r.severity, 9),
        term_key(r.shape),
        term_key(r.focus),
        r.path.key() if r.path else "",
        term_key(r.value),
    )


def results_from_graph(graph: Graph) -> list[Result]:
    """The results of a sh:ValidationReport graph (pySHACL's, or a test suite's expected one)."""
    found = []
    for node in graph.objects(None, SH.result):
        path_node = graph.value(node, SH.resultPath)
        found.append(
            Result(
                focus=graph.value(node, SH.focusNode),  # type: ignore[arg-type]
                path=parse_path(graph, path_node) if path_node is not None else None,
                value=graph.value(node, SH.value),
                component=graph.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                shape=graph.value(node, SH.sourceShape),  # type: ignore[arg-type]
                severity=graph.value(node, SH.resultSeverity),  # type: ignore[arg-type]
                messages=tuple(m for m in graph.objects(node, SH.resultMessage) if isinstance(m, Literal)),
                constraint=graph.value(node, SH.sourceConstraint),
            )
        )
    return found
