"""The ids of the API: the path of an IRI under its kind's base, and back.

A power ``https://w3id.org/quanze/id/list/克拉玛依市市场监督管理局2024年权责清单/power/19``
has the id ``克拉玛依市市场监督管理局2024年权责清单/power/19`` and the page
``/api/powers/克拉玛依市市场监督管理局2024年权责清单/power/19``: ids are readable
because IRIs are, and need no table to translate them.
"""

from __future__ import annotations

from urllib.parse import quote

from quanze.loaders import iris

BASES = {
    "power": iris.BASE + "id/list/",
    "department": iris.BASE + "id/org/",
    "article": iris.BASE + "eli/cn/",
    "list": iris.BASE + "id/list/",
}
ROUTES = {
    "power": "/api/powers/",
    "department": "/api/departments/",
    "article": "/api/articles/",
    "list": "/api/lists/",
}


def local_id(kind: str, iri: str) -> str | None:
    return iris.local_part(iri, BASES[kind])


def iri_for(kind: str, ident: str) -> str:
    return BASES[kind] + ident


def href(kind: str, iri: str) -> str | None:
    ident = local_id(kind, iri)
    if ident is None:
        return None
    if kind == "department" and "/" in ident:
        return None  # a unit or post inside a department
    return ROUTES[kind] + quote(ident, safe="/")
