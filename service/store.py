"""Where the graph lives: an embedded Oxigraph store (on disk, or in memory for tests).

The rest of quanze talks to a :class:`Store`: SPARQL SELECT/ASK/CONSTRUCT
over the union of all named graphs, the list of named graphs, an atomic
replacement of whole named graphs (one per source file), and dumps. A remote
SPARQL 1.1 endpoint implements the same protocol in :mod:`remote`.

Replacing graphs is all-or-nothing. In memory the old statements are kept
until the new ones are in. On disk a RocksDB checkpoint of the store is taken
first (hard links: cheap) and restored if anything fails, and a marker file
lets the next command restore it if the process died in the middle.
"""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
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

    def remove_graphs(self, graphs: Iterable[str]) -> None: ...

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes: ...

    def __len__(self) -> int: ...


class ChainedReader(io.RawIOBase):
    """Several payloads read one after the other as a single binary stream."""

    def __init__(self, parts: Iterable[Payload]) -> None:
        self._parts = iter(parts)
        self._current: BinaryIO | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            if self._current is None:
                part = next(self._parts, None)
                if part is None:
                    return 0
                self._current = io.BytesIO(part) if isinstance(part, bytes) else part
            chunk = self._current.read(len(buffer))
            if chunk:
                buffer[: len(chunk)] = chunk
                return len(chunk)
            self._current = None


def rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names} for s in solutions]


class EmbeddedStore:
    """An Oxigraph store in this process: on disk at ``path``, or in memory when ``path`` is None."""

    MARKER = "quanze-load-in-progress"

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self._recover()
            self.path.mkdir(parents=True, exist_ok=True)
        self._store = self._open()

    def _open(self) -> ox.Store:
        try:
            return ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -------------------------------------------------------------- queries

    def _query(self, query: str) -> object:
        return self._store.query(query, use_default_graph_as_union=True)

    def select(self, query: str) -> list[Row]:
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("expected a SELECT query")
        return rows(result)

    def ask(self, query: str) -> bool:
        result = self._query(query)
        if not isinstance(result, ox.QueryBoolean):
            raise ValueError("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> list[ox.Triple]:
        result = self._query(query)
        if not isinstance(result, ox.QueryTriples):
            raise ValueError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def raw_query(self, query: str, **options: object) -> object:
        """The pyoxigraph result object, for the SPARQL endpoint's own serialisation."""
        return self._store.query(query, **options)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._store.quads_for_pattern(None, None, None, g)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        """Serialise one graph, or everything: datasets keep graphs, triple formats merge them."""
        if graph is not None:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph))
        if fmt.supports_datasets:
            return self._store.dump(format=fmt)
        triples = {q.triple for q in self._store.quads_for_pattern(None, None, None)}
        return ox.serialize(triples, format=fmt)

    # -------------------------------------------------------------- writes

    def replace_graphs(self, graphs: Mapping[str, Payload]) -> None:
        if not graphs:
            return
        if self.path is None:
            self._replace_in_memory(graphs)
        else:
            with self._checkpoint():
                for g in graphs:
                    self._store.remove_graph(ox.NamedNode(g))
                # One bulk load for everything: each call has a fixed cost of tens of milliseconds.
                self._store.bulk_load(ChainedReader(graphs.values()), ox.RdfFormat.N_QUADS)
                self._store.flush()

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if self.path is None:
            for g in names:
                self._store.remove_graph(ox.NamedNode(g))
            return
        with self._checkpoint():
            for g in names:
                self._store.remove_graph(ox.NamedNode(g))
            self._store.flush()

    def _replace_in_memory(self, graphs: Mapping[str, Payload]) -> None:
        saved = {g: list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs}
        try:
            for g in graphs:
                self._store.remove_graph(ox.NamedNode(g))
            for data in graphs.values():
                self._store.load(data, ox.RdfFormat.N_QUADS)
        except BaseException:
            for g in graphs:
                self._store.remove_graph(ox.NamedNode(g))
            for quads in saved.values():
                self._store.extend(quads)
            raise

    @contextlib.contextmanager
    def _checkpoint(self) -> Iterator[None]:
        """Run a write with a checkpoint to roll back to if it fails."""
        assert self.path is not None
        backup = self.path.with_name(self.path.name + ".rollback")
        marker = self.path.with_name(self.path.name + "." + self.MARKER)
        shutil.rmtree(backup, ignore_errors=True)
        self._store.flush()
        self._store.backup(str(backup))
        marker.write_text(str(backup), encoding="utf-8")
        try:
            yield
        except BaseException:
            self._restore(backup)
            marker.unlink(missing_ok=True)
            raise
        marker.unlink(missing_ok=True)
        shutil.rmtree(backup, ignore_errors=True)

    def _restore(self, backup: Path) -> None:
        assert self.path is not None
        del self._store
        gc.collect()
        shutil.rmtree(self.path)
        shutil.move(str(backup), str(self.path))
        self._store = self._open()

    def _recover(self) -> None:
        """Finish the rollback of a load that died half-way (the marker file is left)."""
        assert self.path is not None
        marker = self.path.with_name(self.path.name + "." + self.MARKER)
        if not marker.exists():
            return
        backup = Path(marker.read_text(encoding="utf-8"))
        if backup.exists():
            shutil.rmtree(self.path, ignore_errors=True)
            shutil.move(str(backup), str(self.path))
        marker.unlink()

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self._store.flush()
        self._store = None  # type: ignore[assignment]
        gc.collect()
