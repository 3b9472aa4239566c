"""Where each finding is: the power, department, list file, sheet and row a reviewer goes back to.

A result names a focus node — a power, or a node of a power such as a
basis citation — and perhaps a value. Reports for people need the power's
name and its place in the spreadsheet the department sent, and a readable
text for the value; this module looks them up in batches with the system
queries ``validation-context`` and ``validation-labels``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quanze.service.sparql.queries import substitute, system_query
from quanze.service.store.base import Store, text
from quanze.service.validation.engine import supports_lateral
from quanze.service.validation.report import Report, Result
from rdflib import Literal, URIRef
from rdflib.term import Node

BATCH = 400


@dataclass(frozen=True)
class Place:
    """The power a finding belongs to and where the department wrote it."""

    power: str = ""
    name: str = ""
    department: str = ""
    department_name: str = ""
    list: str = ""
    list_title: str = ""
    file: str = ""
    publisher_name: str = ""  # of the list: who answers for a power that names no department
    sheet: str = ""
    row: int | None = None
    last_row: int | None = None

    @property
    def rows(self) -> str:
        if self.row is None:
            return ""
        return str(self.row) if self.last_row in (None, self.row) else f"{self.row}–{self.last_row}"


@dataclass(frozen=True)
class Finding:
    """A result with its place and a readable value."""

    result: Result
    place: Place
    value_text: str

    @property
    def department(self) -> str:
        place = self.place
        return place.department_name or place.publisher_name or place.department or "（未知部门 unknown department）"


def findings(store: Store, report: Report) -> list[Finding]:
    """Every result of the report with its place and value text."""
    places = _places(store, {str(r.focus) for r in report.results if isinstance(r.focus, URIRef)})
    texts = _texts(store, {str(r.value) for r in report.results if isinstance(r.value, URIRef)})
    return [Finding(r, places.get(str(r.focus), Place()), _value_text(r.value, texts)) for r in report.results]


def _value_text(value: Node | None, texts: dict[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return texts.get(str(value), str(value))


def _batches(nodes: set[str]) -> Iterable[str]:
    ordered = sorted(nodes)
    for start in range(0, len(ordered), BATCH):
        yield " ".join(f"<{n}>" for n in ordered[start : start + BATCH])


def _places(store: Store, nodes: set[str]) -> dict[str, Place]:
    # With LATERAL each power's details are read for that power; the plain form (SPARQL 1.1 servers)
    # made Oxigraph read them for every power of the store, batch after batch.
    query = system_query("validation-context-lateral" if supports_lateral(store) else "validation-context").text
    best: dict[str, tuple[int, Place]] = {}
    for batch in _batches(nodes):
        for row in store.select(substitute(query, {"nodes": batch})):
            distance = int(text(row, "distance") or 9)
            node = text(row, "node")
            if node in best and best[node][0] <= distance:
                continue
            best[node] = (
                distance,
                Place(
                    power=text(row, "power"),
                    name=text(row, "name"),
                    department=text(row, "department"),
                    department_name=text(row, "departmentName"),
                    list=text(row, "list"),
                    list_title=text(row, "listTitle"),
                    file=text(row, "file"),
                    publisher_name=text(row, "publisherName"),
                    sheet=text(row, "sheet"),
                    row=int(text(row, "row")) if text(row, "row") else None,
                    last_row=int(text(row, "lastRow")) if text(row, "lastRow") else None,
                ),
            )
    return {node: place for node, (_, place) in best.items()}


def _texts(store: Store, nodes: set[str]) -> dict[str, str]:
    query = system_query("validation-labels").text
    best: dict[str, tuple[int, str]] = {}
    for batch in _batches(nodes):
        for row in store.select(substitute(query, {"nodes": batch})):
            node, rank, text = row["node"].value, int(row["rank"].value), row["text"].value
            if node not in best or rank < best[node][0]:
                best[node] = (rank, " ".join(text.split()))
    return {node: text for node, (_, text) in best.items()}
