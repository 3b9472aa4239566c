"""Which lists a run reviews (``--list``, ``--department``) and the partitions that follow from it.

Every power list was loaded into its own named graph; the other graphs
(statutes, ontology, vocabularies) are the reference every list is checked
against. A run reviews the chosen lists' graphs one partition each, plus one
partition for each reference graph that holds targets of the shapes (none,
with quanze's shapes).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store, text


class SelectionError(ValueError):
    """--list or --department names nothing in the store."""


@dataclass(frozen=True)
class ListInfo:
    iri: str
    graph: str
    title: str
    file: str
    publisher: str
    publisher_name: str

    @property
    def identity(self) -> str:
        return unquote(self.iri.rstrip("/").rsplit("/", 1)[-1])

    def names(self) -> set[str]:
        return {self.iri, self.graph, self.identity, self.title, self.file} - {""}


@dataclass(frozen=True)
class Selection:
    lists: list[ListInfo]
    reference_graphs: list[str]

    def labels(self) -> dict[str, str]:
        """A name for each graph, for progress: the list's title."""
        return {li.graph: li.title or li.identity for li in self.lists}

    def graphs(self) -> list[str]:
        """The data graph of the run: the chosen lists and the reference graphs."""
        return [li.graph for li in self.lists] + self.reference_graphs


def power_lists(store: Store) -> list[ListInfo]:

    return [
        ListInfo(
            text(r, "list"),
            text(r, "graph"),
            text(r, "title"),
            text(r, "file"),
            text(r, "publisher"),
            text(r, "publisherName"),
        )
        for r in store.select(system_query("validation-lists").text)
    ]


def select(store: Store, list_id: str | None = None, department: str | None = None) -> Selection:
    """The lists ``list_id`` names (IRI, identity, title or file) and ``department`` published."""
    lists = power_lists(store)
    list_graphs = {li.graph for li in lists}
    reference = [g for g in store.named_graphs() if g not in list_graphs]
    chosen = lists
    if list_id:
        chosen = [li for li in chosen if list_id in li.names()]
        if not chosen:
            known = "; ".join(sorted(li.identity for li in lists)) or "none (load a list first)"
            raise SelectionError(f"--list {list_id!r} names no power list in the store; known lists: {known}")
    if department:
        chosen = [li for li in chosen if department in (li.publisher, li.publisher_name)]
        if not chosen:
            known = "; ".join(sorted({li.publisher_name or li.publisher for li in lists} - {""})) or "none"
            raise SelectionError(
                f"--department {department!r} published no power list in the store"
                f"{' among those chosen by --list' if list_id else ''}; known departments: {known}"
            )
    return Selection(chosen, reference)
