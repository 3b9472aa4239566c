"""Where things are on the web: an IRI of the graph as a path of the service or a file of the static site.

The graph's IRIs are readable paths under a base
(``https://w3id.org/quanze/id/org/克拉玛依市市场监督管理局``). The service
serves each resource at the same path under its own address, so a deployment
only points its base at the service (a w3id redirect, a reverse proxy) and
every IRI resolves. The static site (``quanze publish``) writes the page of an
IRI at that path too, as ``…/index.html``, and links relatively so that it can
be copied anywhere.

The ontology and its vocabularies always have their w3id IRIs
(``https://w3id.org/quanze/ontology#Power``, ``…/vocab/power-type/penalty``):
they are documented on the ontology page, whatever the base of the data.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode

from quanze.loaders import iris
from quanze.loaders.vocab import QZ, VOCAB
from starlette.requests import Request

ONTOLOGY_NS = str(QZ)
ONTOLOGY_IRI = ONTOLOGY_NS.rstrip("#")
VOCAB_NS = str(VOCAB)
#: Characters kept as they are in hrefs: the escapes IRIs already carry, and the path's own.
_SAFE = "/%:@!$&'()*+,;=-._~"

#: Fixed pages: their paths in the service and their files in the static site.
PAGES = {
    "home": ("/", "index.html"),
    "search": ("/search", "powers/index.html"),
    "departments": ("/departments", "departments/index.html"),
    "statutes": ("/statutes", "statutes/index.html"),
    "queries": ("/queries", "queries/index.html"),
    "sparql": ("/sparql", None),
    "ontology": ("/ontology", "ontology/index.html"),
    "downloads": ("/download/", "download/index.html"),
    "css": ("/static/quanze.css", "static/quanze.css"),
}


def concept_anchor(iri: str) -> str:
    """The anchor of a vocabulary concept or scheme on the ontology page: ``vocab-power-type-penalty``."""
    return "vocab-" + iri[len(VOCAB_NS) :].strip("/").replace("/", "-")


@dataclass(frozen=True)
class Links:
    """Hrefs for one page: absolute paths of the service, or (``page`` set) paths relative to a static file.

    ``page`` is the file being written, relative to the site's root
    (``id/org/X/index.html``); ``None`` means the service.
    """

    base: str
    page: str | None = None
    written: frozenset[str] | None = None  # static site: the pages it has; links to others are left out

    @property
    def static(self) -> bool:
        return self.page is not None

    def _to(self, path: str, file: str | None, anchor: str = "") -> str:
        if self.page is None:
            return _quoted(path, _SAFE) + anchor
        if file is None:
            return ""
        rel = posixpath.relpath(file, posixpath.dirname(self.page) or ".")
        return _quoted(rel, "/-._~()") + anchor

    def local(self, iri: str) -> str | None:
        """The IRI's path under the base (``id/org/X``), or None when the service does not mint it."""
        return None if "#" in iri else iris.local_part(iri, self.base)

    def iri(self, iri: str) -> str:
        """The href of a resource: its page here, its ontology entry, or the IRI itself when foreign."""
        if iri.startswith(ONTOLOGY_NS) or iri == ONTOLOGY_IRI:
            return self.to("ontology", anchor="#" + iri[len(ONTOLOGY_NS) :] if "#" in iri else "")
        if iri.startswith(VOCAB_NS):
            return self.to("ontology", anchor="#" + concept_anchor(iri))
        local = self.local(iri)
        if local is None:
            return iri
        anchor = ""
        if (cut := _page_of_subdivision(local)) is not None:
            local, anchor = cut  # paragraphs and items live on their article's page, chapters on their version's
        file = local + "/index.html"
        if self.written is not None and file not in self.written:
            return ""
        return self._to("/" + local, file, anchor)

    def to(self, name: str, anchor: str = "", **params: str) -> str:
        path, file = PAGES[name]
        href = self._to(path, file, anchor)
        if params and not self.static:
            href += "?" + urlencode(params)
        return href

    def query(self, name: str) -> str:
        return self._to(f"/queries/{name}", f"queries/{name}/index.html")

    def download(self, name: str) -> str:
        """A file of the downloads (``quanze.nt.gz``, ``departments/X.csv``)."""
        return self._to(f"/download/{name}", f"download/{name}")

    def rdf(self, iri: str, suffix: str) -> str:
        """The RDF of a resource (``.ttl``, ``.nt``, ``.jsonld``); only the service has it."""
        local = self.local(iri)
        if local is None or self.static:
            return ""
        return quote("/" + local + suffix, safe=_SAFE)

    def api(self, path: str) -> str:
        return "" if self.static else quote(path, safe=_SAFE)


@lru_cache(maxsize=100_000)
def _quoted(path: str, safe: str) -> str:
    """Percent-encoding a long Chinese path costs tens of microseconds; a department page has a thousand."""
    return quote(path, safe=safe)


def _page_of_subdivision(local: str) -> tuple[str, str] | None:
    """The page and anchor of a subdivision smaller than its page.

    ``eli/cn/X/D/art_3/par_1/pt_2`` → (``eli/cn/X/D/art_3``, ``#par_1-pt_2``): paragraphs and
    items are on their article's page; ``eli/cn/X/D/chp_5/sec_1`` → (``eli/cn/X/D``,
    ``#chp_5-sec_1``): chapters on their version's.
    """
    parts = local.split("/")
    if parts[:2] != ["eli", "cn"] or len(parts) <= 4:
        return None
    for i, part in enumerate(parts[4:], start=4):
        if part.startswith("art_"):
            return ("/".join(parts[: i + 1]), "#" + "-".join(parts[i + 1 :])) if i + 1 < len(parts) else None
    return "/".join(parts[:4]), "#" + "-".join(parts[4:])


def request_path(request: Request) -> str:
    """The IRI path a request names, read from the raw path so that an escaped ``/`` stays escaped."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    return iris.from_url_path(raw.decode("utf-8", errors="replace")).lstrip("/")
