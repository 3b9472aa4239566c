"""SHACL property paths: read from a shapes graph, written as SPARQL, as RDF and as a key.

A path is a small tree (predicate, inverse, sequence, alternative, and the
three repetitions). The same tree gives the SPARQL property path the default
engine queries with, the blank-node structure a report writes as
sh:resultPath, and a key that compares the paths of two reports whatever
blank nodes they use.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node


class PathError(ValueError):
    """A value of sh:path is not a well-formed SHACL path."""


@dataclass(frozen=True)
class Path:
    """``kind`` is predicate, inverse, sequence, alternative, zeroOrMore, oneOrMore or zeroOrOne."""

    kind: str
    iri: URIRef | None = None
    parts: tuple[Path, ...] = ()

    def sparql(self) -> str:
        if self.kind == "predicate":
            return f"<{self.iri}>"
        if self.kind == "inverse":
            return f"^({self.parts[0].sparql()})"
        if self.kind == "sequence":
            return "(" + "/".join(p.sparql() for p in self.parts) + ")"
        if self.kind == "alternative":
            return "(" + "|".join(p.sparql() for p in self.parts) + ")"
        return f"({self.parts[0].sparql()}){_REPEAT[self.kind]}"

    def key(self) -> str:
        """A canonical text for comparing paths across graphs: the SPARQL form."""
        return self.sparql()

    def add_to(self, graph: Graph) -> Node:
        """Write the path into ``graph`` (blank nodes for complex paths); returns its node."""
        if self.kind == "predicate":
            assert self.iri is not None
            return self.iri
        node = BNode()
        if self.kind in ("sequence", "alternative"):
            items = [p.add_to(graph) for p in self.parts]
            head = BNode()
            Collection(graph, head, items)
            if self.kind == "sequence":
                return head
            graph.add((node, SH.alternativePath, head))
            return node
        predicate = {
            "inverse": SH.inversePath,
            "zeroOrMore": SH.zeroOrMorePath,
            "oneOrMore": SH.oneOrMorePath,
            "zeroOrOne": SH.zeroOrOnePath,
        }[self.kind]
        graph.add((node, predicate, self.parts[0].add_to(graph)))
        return node


_REPEAT = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}
_UNARY = {
    SH.inversePath: "inverse",
    SH.zeroOrMorePath: "zeroOrMore",
    SH.oneOrMorePath: "oneOrMore",
    SH.zeroOrOnePath: "zeroOrOne",
}


def parse_path(graph: Graph, node: Node) -> Path:
    """The path whose root is ``node`` in ``graph``; raises PathError when malformed."""
    if isinstance(node, URIRef):
        return Path("predicate", iri=node)
    if not isinstance(node, BNode):
        raise PathError(f"a path must be an IRI or a blank node, got {node!r}")
    if (node, RDF.first, None) in graph:
        items = _list(graph, node)
        if len(items) < 2:
            raise PathError("a sequence path needs at least two members")
        return Path("sequence", parts=tuple(parse_path(graph, i) for i in items))
    alternatives = list(graph.objects(node, SH.alternativePath))
    if alternatives:
        items = _list(graph, alternatives[0])
        if len(items) < 2:
            raise PathError("an alternative path needs at least two members")
        return Path("alternative", parts=tuple(parse_path(graph, i) for i in items))
    for predicate, kind in _UNARY.items():
        inner = list(graph.objects(node, predicate))
        if inner:
            return Path(kind, parts=(parse_path(graph, inner[0]),))
    raise PathError(
        f"blank node {node} is not a SHACL path (no list, sh:alternativePath, sh:inversePath, "
        "sh:zeroOrMorePath, sh:oneOrMorePath or sh:zeroOrOnePath)"
    )


def _list(graph: Graph, head: Node) -> list[Node]:
    try:
        return list(Collection(graph, head))
    except Exception as exc:  # rdflib raises bare exceptions on broken lists
        raise PathError(f"malformed RDF list at {head}: {exc}") from exc
