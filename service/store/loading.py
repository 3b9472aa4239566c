"""Load files into a store: all of them or none.

Every file is read and turned into its graph, statutes before notices and
lists so that these resolve their citations against statutes loaded in the
same command as well as those already in the store. The graphs of one command
are one replacement in the store: all of them or, on any error, none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quanze.loaders.articles import load_articles
from quanze.loaders.catalogue import ArticleEntry, StatuteCatalogue
from quanze.loaders.document import LoadedDocument
from quanze.loaders.domains import domain_document
from quanze.loaders.errors import SourceError
from quanze.loaders.notices.notice import load_notice
from quanze.loaders.ontology import ontology_documents
from quanze.loaders.powerlists.columnsfile import read_columns_file
from quanze.loaders.powerlists.powerlist import load_powerlists
from quanze.loaders.sniff import sniff_kind
from quanze.loaders.wordfile import readable
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Payload, Store

#: Extensions picked up when a folder is given; files named explicitly are always read.
SUFFIXES = {".md", ".txt", ".xls", ".xlsx", ".csv", ".tsv", ".htm", ".html", ".docx"}
#: Files describing a data folder rather than holding data, skipped in folder walks.
METADATA_STEMS = {"MANIFEST", "README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"}
KINDS = ("statute", "list", "notice")

Progress = Callable[[int, int, str], None]


@dataclass
class LoadReport:
    documents: list[LoadedDocument] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)

    def by_kind(self, kind: str) -> list[LoadedDocument]:
        return [d for d in self.documents if d.kind == kind]


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to load, in a stable order; folders are walked for known extensions."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.name.startswith("."):
                    continue
                if f.stem.upper().split("-")[0] in METADATA_STEMS:
                    skipped.append((str(f), "metadata file"))
                elif f.suffix.lower() in SUFFIXES:
                    files.append(f)
                elif f.suffix.lower() == ".doc":
                    skipped.append((str(f), "a Word 97–2003 document: save it as .docx to load it"))
                else:
                    skipped.append((str(f), "not a statute or list file type"))
        elif p.is_file():
            files.append(p)
        else:
            raise SourceError(str(p), "no such file or folder")
    return files, skipped


def catalogue_from_store(store: Store) -> StatuteCatalogue:
    """The statutes already in the store, for resolving citations of lists loaded now."""
    cat = StatuteCatalogue()
    versions: dict[str, object] = {}
    for row in store.select(system_query("statute-versions").text):
        work = cat.add_work(row["title"].value, row["short"].value, row["level"].value.rsplit("/", 1)[-1])
        versions[row["version"].value] = cat.add_version(work, row["date"].value)
    for row in store.select(system_query("statute-articles").text):
        version = versions.get(row["version"].value)
        if version is None:
            continue
        iri = row["article"].value
        number, _, suffix = iri.rsplit("/art_", 1)[1].partition("_")
        paragraphs: dict[int, list[int]] = {}
        structure = row["structure"].value if row.get("structure") is not None else ""
        for pair in structure.split():
            p, _, i = pair.partition(".")
            items = paragraphs.setdefault(int(p), [])
            if i and i != "0":
                items.append(int(i))
        ordered = [sorted(paragraphs[k]) for k in sorted(paragraphs)]
        version.articles[(int(number), int(suffix or 0))] = ArticleEntry(iri, ordered, row["text"].value)
    for row in store.select(system_query("statute-chapters").text):
        version = versions.get(row["version"].value)
        if version is not None:
            version.chapters[int(row["number"].value)] = row["chapter"].value
    return cat


def prepare(
    paths: Iterable[str | Path],
    store: Store | None = None,
    kind: str | None = None,
    jurisdiction: str | None = None,
    list_id: str | None = None,
    progress: Progress | None = None,
    catalogue: StatuteCatalogue | None = None,
    columns: str | Path | None = None,
) -> LoadReport:
    """Read every file into its graph, without writing; raises SourceError on the first bad file.

    ``catalogue``: the statutes citations resolve against, read beforehand (a process without the
    store, such as the bounded one of ``POST /api/validate``); else the store's."""
    report = LoadReport()
    report.documents.extend(
        read_documents(report, paths, store, kind, jurisdiction, list_id, progress, catalogue, columns)
    )
    return report


def read_documents(
    report: LoadReport,
    paths: Iterable[str | Path],
    store: Store | None,
    kind: str | None,
    jurisdiction: str | None,
    list_id: str | None,
    progress: Progress | None,
    catalogue: StatuteCatalogue | None = None,
    columns: str | Path | None = None,
) -> Iterator[LoadedDocument]:
    """Each file's graph as soon as it is read (statutes first), the skipped files noted in ``report``.

    ``columns`` is a columns file (TOML) naming the roles of list columns.
    """
    files, report.skipped = collect_files(paths)
    columns_file = read_columns_file(columns) if columns else None
    if kind is not None and kind not in KINDS:
        raise SourceError(str(kind), f"unknown --kind: expected one of {', '.join(KINDS)}")
    if list_id and len(files) != 1:
        raise SourceError(list_id, "--id names one list: give exactly one file with it")
    contents = {f: f.read_bytes() for f in files}
    kinds = {f: kind or sniff_kind(data, str(f)) for f, data in contents.items()}
    # The statute and notice readers take text: a Word document's, read from it (a list reads its tables).
    contents = {f: data if kinds[f] == "list" else readable(data, str(f)) for f, data in contents.items()}
    if catalogue is None:
        catalogue = catalogue_from_store(store) if store is not None else StatuteCatalogue()
    total = len(files)
    done = 0
    for kind_ in KINDS:
        if kind_ == "list":
            # All lists at once: a 责任清单 file joins the 权力清单 file of its department.
            lists = [(f, contents[f]) for f in files if kinds[f] == "list"]
            for doc in load_powerlists(lists, catalogue, jurisdiction, list_id, columns_file):
                if progress:
                    progress(done, total, Path(doc.path).name)
                done += 1 + len(doc.details.get("joined_files", []))
                yield doc
            continue
        for f in (f for f in files if kinds[f] == kind_):
            if progress:
                progress(done, total, f.name)
            done += 1
            if kind_ == "statute":
                statute, doc = load_articles(f, contents[f])
                catalogue.add_statute(statute)
            else:
                doc = load_notice(f, contents[f], catalogue=catalogue)
            yield doc
    if progress:
        progress(total, total, "")


def load(
    store: Store,
    paths: Iterable[str | Path],
    kind: str | None = None,
    jurisdiction: str | None = None,
    list_id: str | None = None,
    progress: Progress | None = None,
    columns: str | Path | None = None,
) -> LoadReport:
    """Read all files and write their graphs; on any error nothing is written.

    The store takes each graph as soon as its file is read (an embedded store on
    disk indexes it while the next file is read) and keeps every change of the
    command in one checkpoint, rolled back if a later file turns out bad.
    """
    report = LoadReport()
    store.replace_graphs_streamed(_graphs(report, store, paths, kind, jurisdiction, list_id, progress, columns))
    return report


def _graphs(
    report: LoadReport,
    store: Store,
    paths: Iterable[str | Path],
    kind: str | None,
    jurisdiction: str | None,
    list_id: str | None,
    progress: Progress | None,
    columns: str | Path | None = None,
) -> Iterator[tuple[str, Payload]]:
    """Each file's graph as it is read, then the ontology's (refreshed with every load)."""
    quanze_own = [*ontology_documents(), domain_document()]
    seen = {doc.graph: doc.path for doc in quanze_own}
    for doc in read_documents(report, paths, store, kind, jurisdiction, list_id, progress, columns=columns):
        if doc.graph in seen:
            raise SourceError(
                doc.path,
                f"this file and {seen[doc.graph]} would fill the same graph <{doc.graph}>; "
                "load them in separate commands or give the list another --id",
            )
        seen[doc.graph] = doc.path
        report.documents.append(doc)
        yield doc.graph, doc.data
    for doc in quanze_own:
        yield doc.graph, doc.data
