"""Reading the W3C SHACL test suite: manifests, their cases, and each case's expected report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quanze.service.validation.report import Result, results_from_graph
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import Namespace

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass
class Case:
    name: str
    file: Path
    data: Graph
    shapes: Graph
    shapes_file: Path
    failure: bool  # the suite expects validation to fail (malformed or unsupported shapes)
    expected: list[Result]

    def __str__(self) -> str:
        return self.name


def _parse(path: Path, cache: dict[Path, Graph]) -> Graph:
    if path not in cache:
        g = Graph()
        g.parse(path, format="turtle", publicID=path.as_uri())
        cache[path] = g
    return cache[path]


def cases(manifest: Path, root: Path) -> list[Case]:
    """Every sht:Validate case reachable from ``manifest`` through mf:include."""
    found: list[Case] = []
    cache: dict[Path, Graph] = {}
    todo, seen = [manifest], set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        g = _parse(path, cache)
        for inc in g.objects(None, MF.include):
            todo.append(Path(str(inc).removeprefix("file://")))
        for entries in g.objects(None, MF.entries):
            for entry in Collection(g, entries):
                found.append(_case(g, entry, path, root, cache))
    return found


def _file(node: URIRef) -> Path:
    return Path(str(node).removeprefix("file://"))


def _case(g: Graph, entry: URIRef, path: Path, root: Path, cache: dict[Path, Graph]) -> Case:
    action = g.value(entry, MF.action)
    data_file = _file(g.value(action, SHT.dataGraph))
    shapes_file = _file(g.value(action, SHT.shapesGraph))
    result = g.value(entry, MF.result)
    failure = result == SHT.Failure
    expected = [] if failure else _expected(g, result)
    return Case(
        str(path.relative_to(root).with_suffix("")) + (f"#{entry.split('#')[-1]}" if "#" in entry else ""),
        path,
        _parse(data_file, cache),
        _parse(shapes_file, cache),
        shapes_file,
        failure,
        expected,
    )


def _expected(g: Graph, report: URIRef) -> list[Result]:
    """The results of the expected report node only (a file may hold other graphs' nodes)."""
    sub = Graph()
    for result in g.objects(report, URIRef("http://www.w3.org/ns/shacl#result")):
        sub.add((report, URIRef("http://www.w3.org/ns/shacl#result"), result))
        _copy(g, result, sub)
    return results_from_graph(sub)


def _copy(g: Graph, node, sub: Graph) -> None:  # type: ignore[no-untyped-def]
    for p, o in g.predicate_objects(node):
        sub.add((node, p, o))
        if not isinstance(o, URIRef) and (o, None, None) in g and (o, None, None) not in sub:
            _copy(g, o, sub)
