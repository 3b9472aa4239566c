"""What quanze needs from a triple store, and the one way to read a result.

The rest of quanze talks to a :class:`Store`: SPARQL SELECT/ASK/CONSTRUCT
over the union of all named graphs, the list of named graphs, an atomic
replacement of whole named graphs (one per source file), and dumps. The
embedded Oxigraph store (:mod:`embedded`) and a SPARQL 1.1 server
(:mod:`remote`) both implement it.

A result row maps variable names to Oxigraph terms (or None when unbound);
:func:`value` is the one reader of a cell as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import BinaryIO, Protocol

import pyoxigraph as ox

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]
#: The statements of one graph as N-Quads naming that graph: bytes, or a binary file at its start.
Payload = bytes | BinaryIO


class StoreError(RuntimeError):
    """The store cannot be opened or written."""


class Store(Protocol):
    """What quanze needs from a triple store."""

    def select(self, query: str) -> list[Row]: ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> list[ox.Triple]: ...

    def named_graphs(self) -> list[str]: ...

    def replace_graphs(self, graphs: Mapping[str, Payload]) -> None:
        """Atomically replace each named graph by the N-Quads given for it (all in that graph)."""
        ...

    def replace_graphs_streamed(self, graphs: Iterable[tuple[str, Payload]]) -> None:
        """Like replace_graphs, taking each graph as it is produced; if producing one fails, nothing changes."""
        ...

    def remove_graphs(self, graphs: Iterable[str]) -> None: ...

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes: ...

    def __len__(self) -> int: ...

    def close(self) -> None:
        """Release what the store holds (an embedded store's lock on its folder)."""


def rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


def solutions(result: object) -> list[Row]:
    """The rows of a SELECT query's result; any other kind of query is the caller's mistake."""
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("expected a SELECT query")
    return rows(result)


def boolean(result: object) -> bool:
    """The answer of an ASK query's result."""
    if not isinstance(result, ox.QueryBoolean):
        raise ValueError("expected an ASK query")
    return bool(result)


def value(row: Row, key: str) -> str | None:
    """The text of a result cell (an IRI, a literal's lexical form), or None when unbound or absent."""
    term = row.get(key)
    return term.value if term is not None else None


def text(row: Row, key: str) -> str:
    """The text of a result cell, or the empty string when unbound or absent."""
    return value(row, key) or ""
