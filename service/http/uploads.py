"""Lists sent to the service: loaded into the store (an admin act), or only read and checked.

``PUT /api/lists/{id}`` loads one list file as the list ``id``, replacing the
list of that id if there is one: all or nothing, like ``quanze load``. The
file is always read as a power list (never sniffed as a statute), so an
upload that is not one fails with the loader's message and row.

``POST /api/validate`` reads a list the same way without writing it, puts it
in a temporary in-memory store with the ontology and the statute versions it
cites, and runs the validator there.
"""

from __future__ import annotations

import hmac
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from fastapi import Request
from quanze.loaders import iris
from quanze.loaders.document import LoadedDocument
from quanze.loaders.errors import SourceError
from quanze.loaders.ontology import ontology_documents
from quanze.loaders.powerlists.workbook import sniff_format
from quanze.service.http.backends import Backend
from quanze.service.http.errors import ApiError
from quanze.service.http.settings import Settings
from quanze.service.lookup.models import ListReport
from quanze.service.store import loading
from quanze.service.store.base import Payload, Store
from quanze.service.store.embedded import EmbeddedStore

EXTENSIONS = {"xls": ".xls", "xlsx": ".xlsx", "html": ".html"}
_STATUTE_VERSION = re.compile(re.escape(iris.BASE) + r"eli/cn/([^/>]+)/(\d{4}-\d{2}-\d{2})")


def check_list_id(list_id: str) -> None:
    """A list id is one readable IRI segment: no slash, no whitespace, nothing to escape."""
    try:
        ok = iris.segment(list_id) == list_id
    except ValueError:
        ok = False
    if not ok:
        raise SourceError(
            list_id,
            "a list id must be one path segment: no whitespace, '/', '?', '#', '%' "
            "or quotes (e.g. 克拉玛依市市场监督管理局2024年权责清单)",
        )


@contextmanager
def upload_file(data: bytes, filename: str | None, fallback: str) -> Iterator[Path]:
    """The upload as a file named as the client named it (for messages and provenance)."""
    if not data:
        raise SourceError(filename or fallback, "the upload is empty: send the list file as the request body")
    name = Path(filename).name if filename else fallback + EXTENSIONS.get(sniff_format(data), ".csv")
    with tempfile.TemporaryDirectory(prefix="quanze-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        yield path


def load_list(
    backend: Backend, list_id: str, data: bytes, filename: str | None, jurisdiction: str | None
) -> ListReport:
    check_list_id(list_id)
    graph = iris.graph("list", list_id)
    with upload_file(data, filename, list_id) as path:

        def action(store: Store) -> tuple[bool, LoadedDocument]:
            existed = graph in store.named_graphs()
            report = loading.load(store, [path], kind="list", jurisdiction=jurisdiction, list_id=list_id)
            return existed, report.documents[0]

        existed, doc = backend.write(action)
    return ListReport(
        id=list_id,
        iri=doc.subject,
        graph=doc.graph,
        file=Path(doc.path).name,
        label=doc.label,
        created=not existed,
        statements=doc.statements,
        counts=doc.counts,
        unresolved=[{"where": u.where, "citation": u.citation, "reason": u.reason} for u in doc.unresolved],
        notes=doc.notes,
    )


def read_list(store: Store, data: bytes, filename: str | None, jurisdiction: str | None) -> LoadedDocument:
    """The list's graph, citations resolved against the statutes in ``store``; nothing written."""
    with upload_file(data, filename, "upload") as path:
        report = loading.prepare([path], store, kind="list", jurisdiction=jurisdiction)
    return report.documents[0]


def scratch_store(store: Store, doc: LoadedDocument) -> EmbeddedStore:
    """An in-memory store with the list, the ontology and the statute versions the list cites."""
    scratch = EmbeddedStore()
    graphs: dict[str, Payload] = {d.graph: d.data for d in ontology_documents()}
    nquads = doc.nquads()
    graphs[doc.graph] = nquads
    known = set(store.named_graphs())
    for short, date in sorted(set(_STATUTE_VERSION.findall(nquads.decode("utf-8")))):
        statute_graph = iris.GRAPH_BASE + f"statute/{short}/{date}"
        if statute_graph in known:
            g = ox.NamedNode(statute_graph)
            triples = ox.parse(store.dump(ox.RdfFormat.N_TRIPLES, statute_graph), format=ox.RdfFormat.N_TRIPLES)
            graphs[statute_graph] = ox.serialize(
                (ox.Quad(t.subject, t.predicate, t.object, g) for t in triples),
                format=ox.RdfFormat.N_QUADS,
            )
    scratch.replace_graphs(graphs)
    return scratch


def authorise(settings: Settings, authorization: str | None) -> None:
    if settings.admin_token is None:
        raise ApiError(
            403,
            "writing-disabled",
            "this service is read-only: no admin token is configured "
            "(quanze serve --admin-token-file FILE, or $QUANZE_ADMIN_TOKEN)",
        )
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.admin_token.encode()):
        raise ApiError(
            401,
            "unauthorised",
            "loading a list needs the admin token: send the header 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="quanze"'},
        )


async def read_upload(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "upload-too-large", f"the upload is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
