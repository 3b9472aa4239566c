"""Dereferencing: every IRI the graph mints answers at its own path, as a page or as RDF.

``GET /id/list/…/power/19`` is the power's page for a browser and its
description in Turtle, N-Triples, JSON-LD or RDF/XML for a program (by
``Accept``, or by a suffix: ``…/power/19.ttl``). The path is mapped to an IRI
under the configured base (:class:`site.Site`), so a deployment that mints
IRIs under its own domain serves them the same way. Paragraphs, items and
chapters are shown on their article's or version's page (a 303 to the
anchor); vocabulary concepts on the ontology page. Anything else the graph
knows gets a plain page of its statements; what it does not know, a 404 page
with a search box.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from quanze.service.sparql.formats import Format, NotAcceptable
from quanze.service.sparql.queries import system_query
from quanze.service.web import render, views
from quanze.service.web.catalogue import Catalogue
from quanze.service.web.downloads import department_file
from quanze.service.web.linked_data import HTML, describe, negotiate, serialize, split_suffix
from quanze.service.web.links import VOCAB_NS, Links, request_path
from quanze.service.web.pages import html, not_found_page
from quanze.service.web.site import Site
from starlette.exceptions import HTTPException

RESERVED = {"api", "sparql", "docs", "openapi.json", "static", "download"}


def router(site: Site) -> APIRouter:
    resolver = APIRouter(include_in_schema=False)
    links = Links(site.base)

    @resolver.get("/{path:path}")
    def resolve(request: Request) -> Response:
        local, by_suffix = split_suffix(request_path(request))
        if local.split("/", 1)[0] in RESERVED:
            raise HTTPException(404)  # the API's and the endpoint's own paths: their JSON 404
        try:
            fmt = by_suffix or negotiate(request.headers.get("accept"))
        except NotAcceptable as exc:
            return JSONResponse(
                {"error": "not-acceptable", "message": str(exc)}, status_code=406, headers={"Vary": "Accept"}
            )
        iri = VOCAB_NS + local[len("vocab/") :] if local.startswith("vocab/") else site.base + local
        if fmt is HTML:
            return page(iri, local)
        return rdf(iri, fmt)

    def department_page(cat: Catalogue, iri: str) -> str:
        """The largest pages (hundreds of powers, findings and overlaps) change only with the store: kept."""
        view = views.department(cat, iri, site.overlaps(), site.validation_status(iri))
        return render.department_page(links, cat, view, department_file(iri, site.base))

    def page(iri: str, local: str) -> Response:
        if iri.startswith(VOCAB_NS):
            return RedirectResponse(links.iri(iri), status_code=303)
        cat = site.catalogue()
        store = site.backend.store
        if iri in cat.powers and (power := views.power(store, cat, iri)) is not None:
            return html(render.power_page(links, cat, power))
        if iri in cat.orgs:
            if cat.orgs[iri].kind == "department":
                return html(site.backend.cached(f"page:department:{iri}", lambda: department_page(cat, iri)))
            return html(render.org_page(links, cat, views.organisation(cat, iri)))
        if iri in cat.statutes:
            return html(render.statute_page(links, cat, cat.statutes[iri], iri))
        if iri in cat.versions:
            vt = site.version_text(iri)
            if vt is None:  # a version known from the history only
                return html(render.statute_page(links, cat, cat.versions[iri][0], iri))
            return html(render.version_page(links, cat, vt))
        parts = local.split("/")
        if parts[:2] == ["eli", "cn"] and len(parts) > 4:
            version = site.base + "/".join(parts[:4])
            vt = site.version_text(version) if version in cat.versions else None
            node = vt.nodes.get(iri) if vt else None
            if vt is not None and node is not None:
                if node.kind != "article":
                    return RedirectResponse(links.iri(iri), status_code=303)
                return html(render.article_page(links, cat, views.article(vt, iri, cat)))
        if iri in site.backend.graphs():
            rows = store.select(system_query("graph-size").bind({"graph": iri}))
            count = rows[0]["statements"].value if rows and rows[0]["statements"] is not None else "0"
            return html(render.render("graph.html", links, iri=iri, statements=count, title="命名图"))
        view = views.resource(store, iri)
        if view is None:
            return not_found_page(links, f"没有这个标识：{iri} / the graph does not know this IRI")
        return html(render.render("resource.html", links, view=view, iri=iri, title=view.label or iri))

    def rdf(iri: str, fmt: Format) -> Response:
        store = site.backend.store
        if iri in site.backend.graphs():
            triples = store.construct(system_query("graph-triples").bind({"graph": iri}))
        else:
            triples = describe(store, iri)
        if not triples:
            return Response(f"the graph does not know {iri}\n", status_code=404, media_type="text/plain; charset=utf-8")
        return Response(
            serialize(triples, fmt, site.base),
            media_type=fmt.content_type,
            headers={"Vary": "Accept", "Link": f'<{links.iri(iri)}>; rel="alternate"; type="text/html"'},
        )

    return resolver
