"""``quanze publish OUTDIR``: the public pages as a static site, for offices that publish through a portal.

The same templates and views as the service write every page to the path of
its IRI (``OUTDIR/id/org/克拉玛依市市场监督管理局/index.html``), with relative
links, so the folder can be copied under any address or opened from disk.
What needs a server is left out or replaced: the search box becomes an index
of all powers, query pages show their SPARQL, and RDF comes as the bulk
downloads (the whole graph, each department's list as CSV and XLSX).

Everything is read in a few whole-graph queries (the catalogue, every
power's details in batches, each statute version's text once, the basis links
once), then rendered: the time goes into writing pages, not into querying.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quanze.service.analysis.overlaps import DEFAULT_MIN_SCORE, KINDS, find_overlaps
from quanze.service.sparql.queries import named_queries, system_query
from quanze.service.store.base import Store
from quanze.service.store.base import value as text
from quanze.service.validation import Report
from quanze.service.validation.context import Finding as ValidationFinding
from quanze.service.validation.run import validate_and_locate
from quanze.service.web import downloads, ontology_doc, render, views
from quanze.service.web.catalogue import Catalogue
from quanze.service.web.links import Links
from quanze.service.web.render import STATIC

Step = Callable[[int, int, str], None]


@dataclass
class Published:
    folder: Path
    pages: int
    files: int
    seconds: float
    by_kind: dict[str, int]


def page_file(links: Links, iri: str) -> str | None:
    local = links.local(iri)
    return None if local is None else local + "/index.html"


class Writer:
    """Writes pages under the output folder, each with links relative to itself."""

    def __init__(self, folder: Path, base: str, written: frozenset[str], progress: Step) -> None:
        self.folder = folder
        self.base = base
        self.written = written
        self.count = 0
        self.progress = progress

    def links(self, file: str) -> Links:
        return Links(self.base, page=file, written=self.written)

    def write(self, file: str, body: str | bytes) -> None:
        path = self.folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, str):
            path.write_text(body, encoding="utf-8")
        else:
            path.write_bytes(body)
        self.count += 1
        if self.count % 250 == 0 and self.count < len(self.written):
            self.progress(self.count, len(self.written), file)


def publish(
    store: Store, folder: Path, base: str, progress: Step | None = None, note: Callable[[str], None] | None = None
) -> Published:
    """Write the site; ``progress`` hears of the pages written, ``note`` of the reading before."""
    started = time.monotonic()
    step = progress or (lambda done, total, item: None)
    say = note or (lambda message: None)
    folder.mkdir(parents=True, exist_ok=True)
    probe = Links(base)
    cat = Catalogue.build(store)
    say(f"reading the graph: {len(cat.powers)} powers, {len(cat.versions)} statute versions …")
    links_by_version = _basis_links(store, cat)
    texts = {}
    for iri, (_, version) in sorted(cat.versions.items()):
        if version.file:
            vt = views.version_text(store, cat, iri, links_by_version.get(iri, []))
            if vt is not None:
                texts[iri] = vt
    details = downloads.details(store, sorted(cat.powers))
    say("finding overlaps for the department pages …")
    try:
        overlaps: list | str = find_overlaps(store, KINDS, DEFAULT_MIN_SCORE, None)
    except Exception as exc:  # the department pages say so
        overlaps = f"{type(exc).__name__}: {exc}"
    say("reviewing the lists for the department pages …")
    try:
        review: tuple[Report, list[ValidationFinding]] | str = validate_and_locate(store)
    except Exception as exc:  # the department pages say so
        review = f"{type(exc).__name__}: {exc}"

    files = {
        "power": [f for iri in details if (f := page_file(probe, iri))],
        "organisation": [f for iri in cat.orgs if (f := page_file(probe, iri))],
        "statute": [f for iri in cat.statutes if (f := page_file(probe, iri))],
        "version": [f for iri in texts if (f := page_file(probe, iri))],
        "article": [f for vt in texts.values() for a in vt.articles if (f := page_file(probe, a.iri))],
    }
    fixed = [
        "index.html",
        "departments/index.html",
        "statutes/index.html",
        "powers/index.html",
        "queries/index.html",
        "ontology/index.html",
        "download/index.html",
        *(f"queries/{name}/index.html" for name in named_queries()),
    ]
    w = Writer(folder, base, frozenset(fixed + [f for group in files.values() for f in group]), step)
    names = {r.org.iri: downloads.department_file(r.org.iri, base) for r in cat.departments()}

    w.write("index.html", render.home_page(w.links("index.html"), cat, names))
    _fixed_pages(w, cat, names)
    for iri, detail in details.items():
        file = page_file(probe, iri)
        if file:
            w.write(file, render.power_page(w.links(file), cat, views.power_of(detail, cat)))
    for iri, org in cat.orgs.items():
        file = page_file(probe, iri)
        if file is None:
            continue
        if org.kind == "department":
            view = views.department(cat, iri, overlaps, views.validation_status(review, cat, iri))
            w.write(file, render.department_page(w.links(file), cat, view, names[iri]))
        else:
            w.write(file, render.org_page(w.links(file), cat, views.organisation(cat, iri)))
    for iri, statute in cat.statutes.items():
        file = page_file(probe, iri)
        if file:
            w.write(file, render.statute_page(w.links(file), cat, statute, iri))
    for vt in texts.values():
        file = page_file(probe, vt.version.iri)
        if file:
            w.write(file, render.version_page(w.links(file), cat, vt))
        for a in vt.articles:
            afile = page_file(probe, a.iri)
            if afile:
                w.write(afile, render.article_page(w.links(afile), cat, views.article(vt, a.iri, cat)))
    pages = w.count
    say("writing the stylesheet and the downloads …")
    _downloads(w, store, cat, details, names)
    step(len(w.written), len(w.written), "")
    by_kind = {k: len(v) for k, v in files.items()} | {"fixed": len(fixed)}
    return Published(folder, pages, w.count, time.monotonic() - started, by_kind)


def _basis_links(store: Store, cat: Catalogue) -> dict[str, list[tuple[str, str]]]:
    """Every (basis, power) pair, by the version of the basis (read once for the whole site)."""
    version_of = {}
    by_version: dict[str, list[tuple[str, str]]] = {}
    rows = store.select(system_query("basis-links").text)
    known = sorted(cat.versions, key=len, reverse=True)
    for r in rows:
        basis, power = text(r, "basis") or "", text(r, "power") or ""
        version = version_of.get(basis)
        if version is None:
            version = next((v for v in known if basis.startswith(v + "/")), "")
            version_of[basis] = version
        if version:
            by_version.setdefault(version, []).append((basis, power))
    return by_version


def _fixed_pages(w: Writer, cat: Catalogue, names: dict[str, str]) -> None:
    def links(file: str) -> Links:
        return w.links(file)

    w.write(
        "departments/index.html",
        render.render(
            "departments.html",
            links("departments/index.html"),
            cat,
            rows=cat.departments(),
            downloads=names,
            title="部门",
        ),
    )
    w.write(
        "statutes/index.html",
        render.render(
            "statutes.html", links("statutes/index.html"), cat, statutes=cat.statute_list(), title="法律法规"
        ),
    )
    by_dept = [(r.org, views.by_type(cat, cat.by_department.get(r.org.iri, []))) for r in cat.departments() if r.total]
    w.write(
        "powers/index.html",
        render.render(
            "powers_index.html",
            links("powers/index.html"),
            cat,
            departments=by_dept,
            total=len(cat.powers),
            title="全部职权",
        ),
    )
    queries = list(named_queries().values())
    w.write(
        "queries/index.html", render.render("queries.html", links("queries/index.html"), queries=queries, title="查询")
    )
    for q in queries:
        file = f"queries/{q.name}/index.html"
        w.write(
            file,
            render.render(
                "query.html",
                links(file),
                title=q.title,
                q=q,
                values={},
                rows=None,
                columns=[],
                error=None,
                truncated=False,
                shown=0,
                api_href=None,
            ),
        )
    w.write(
        "ontology/index.html",
        render.render(
            "ontology.html", links("ontology/index.html"), doc=ontology_doc.document(), iri=None, title="本体"
        ),
    )
    w.write(
        "download/index.html",
        render.render(
            "downloads.html", links("download/index.html"), cat, rows=cat.departments(), downloads=names, title="下载"
        ),
    )


def _downloads(w: Writer, store: Store, cat: Catalogue, details: dict, names: dict[str, str]) -> None:
    """The stylesheet and the downloads: the whole graph, the ontology, each department's list."""
    css = w.folder / "static" / "quanze.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / "quanze.css", css)
    w.count += 1
    folder = w.folder / "download"
    w.count += len(downloads.write_graph(store, folder))
    w.write("download/quanze-ontology.ttl", ontology_doc.turtle())
    for r in cat.departments():
        if not r.total:
            continue
        table = list(downloads.rows(cat, r.org.iri, details))
        w.write(f"download/{names[r.org.iri]}.csv", downloads.csv_bytes(table))
        w.write(f"download/{names[r.org.iri]}.xlsx", downloads.xlsx_bytes(table, r.org.label))


MARKER = ".quanze-site"


def prepare_folder(folder: Path) -> None:
    """An empty folder, or one a previous publish wrote (emptied first): never anyone else's files."""
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} is a file, not a folder")
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            raise ValueError(
                f"{folder} is not empty and was not written by quanze publish; give an empty or new folder"
            )
        for child in folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(
        "written by quanze publish; the folder is replaced by the next publish\n", encoding="utf-8"
    )
