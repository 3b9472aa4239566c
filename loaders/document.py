"""What a loader returns: one source file as one named graph, plus a summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO


@dataclass
class Unresolved:
    """A citation that did not resolve, for the load summary."""

    where: str  # e.g. "sheet 'Sheet1' row 12" or "第十条"
    citation: str
    reason: str


@dataclass
class LoadedDocument:
    """One source file turned into the N-Quads of its own named graph."""

    path: str
    kind: str  # "statute", "list" or "notice"
    graph: str  # the named graph IRI; reloading the file replaces exactly this graph
    subject: str  # the main resource (statute version, list, notice)
    label: str  # a human name for summaries
    data: BinaryIO  # the graph's statements as N-Quads (all in ``graph``), positioned at the start
    statements: int
    counts: dict[str, int] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Loader-specific facts for the summary, JSON-ready (a list: how each sheet's columns were understood).
    details: dict[str, object] = field(default_factory=dict)

    def nquads(self) -> bytes:
        """The whole graph as N-Quads bytes (for tests and small documents)."""
        self.data.seek(0)
        text = self.data.read()
        self.data.seek(0)
        return text
