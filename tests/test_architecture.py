"""The layers of docs/architecture.md, checked: imports point one way and no package imports in a circle.

Rank of each room (a room imports only rooms of lower or equal rank, and
rooms of equal rank never import each other in a circle):

    loaders  <  tables, progress  <  sparql  <  store
             <  lookup, analysis, validation, outcomes
             <  http  <  web  <  app  <  cli
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RANK = {
    "loaders": 0,
    "service.tables": 1,
    "service.progress": 1,
    "service.sparql": 2,
    "service.store": 3,
    "service.lookup": 4,
    "service.analysis": 4,
    "service.validation": 4,
    "service.outcomes": 4,
    "service.http": 5,
    "service.web": 6,
    "service.app": 7,
    "service.cli": 8,
}
FOLDERS = {"loaders": "loaders", "service": "service"}


def room(module: str) -> str | None:
    """The room of a dotted module under quanze: ``service.store.embedded`` → ``service.store``."""
    parts = module.split(".")
    if parts[0] == "loaders":
        return "loaders"
    if parts[0] == "service" and len(parts) > 1:
        return f"service.{parts[1]}"
    return None


def imports() -> dict[str, set[str]]:
    """For each module of quanze, the quanze modules it imports (at any depth of the file)."""
    found: dict[str, set[str]] = defaultdict(set)
    for top, folder in FOLDERS.items():
        for path in (REPO / folder).rglob("*.py"):
            rel = path.relative_to(REPO / folder).with_suffix("")
            module = ".".join([top, *rel.parts]).removesuffix(".__init__")
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    if node.level:
                        base = package.split(".")[: len(package.split(".")) - node.level + 1]
                        target = ".".join(base + ([node.module] if node.module else []))
                    elif node.module and node.module.startswith("quanze."):
                        target = node.module.removeprefix("quanze.")
                    else:
                        continue
                    found[module].update(_imported(target, [a.name for a in node.names]))
                elif isinstance(node, ast.Import):
                    found[module].update(
                        a.name.removeprefix("quanze.") for a in node.names if a.name.startswith("quanze.")
                    )
    return found


def _imported(target: str, names: list[str]) -> list[str]:
    """``from pkg import a, b``: the submodules a and b when they are modules, else pkg itself."""
    folder = REPO / FOLDERS.get(target.split(".")[0], "")
    modules = [
        f"{target}.{n}"
        for n in names
        if (folder.joinpath(*target.split(".")[1:], f"{n}.py")).exists()
        or (folder.joinpath(*target.split(".")[1:], n, "__init__.py")).exists()
    ]
    return modules or [target]


def room_edges() -> set[tuple[str, str]]:
    edges = set()
    for module, targets in imports().items():
        src = room(module)
        for target in targets:
            dst = room(target)
            if src and dst and src != dst:
                edges.add((src, dst))
    return edges


def test_every_room_has_a_rank():
    rooms = {room(m) for m in imports()} - {None}
    assert rooms <= set(RANK), f"rooms without a rank: {sorted(rooms - set(RANK))}"


def test_imports_point_down():
    upward = sorted((a, b) for a, b in room_edges() if RANK[a] < RANK[b])
    assert not upward, f"imports from a lower layer into a higher one: {upward}"


def test_loaders_know_nothing_of_the_service():
    assert not [e for e in room_edges() if e[0] == "loaders"]


def test_no_rooms_import_each_other_in_a_circle():
    edges = room_edges()
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in graph[node]:
            if nxt == path[0]:
                cycles.append([*path, nxt])
            elif nxt not in path and len(path) < 6:
                visit(nxt, [*path, nxt])

    for start in list(graph):
        visit(start, [start])
    assert not cycles, f"rooms that import each other: {cycles[:5]}"


def test_no_module_imports_itself_back_through_another():
    """Module-level cycles (a imports b, b imports a) inside quanze."""
    found = imports()
    modules = set(found)
    pairs = sorted(
        (a, b) for a, targets in found.items() for b in targets if b in modules and a < b and a in found.get(b, ())
    )
    assert not pairs, f"modules importing each other: {pairs}"
