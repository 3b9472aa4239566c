"""The pages' HTML: Jinja2 templates with autoescaping, the same for the service and the static site.

Every string from the graph is data and may hold anything a spreadsheet cell
holds (``<script>`` included): templates never mark it safe, and the only
markup passed in unescaped is the SVG drawn by :mod:`svg`, which escapes its
own text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from quanze.service.web.catalogue import Catalogue, type_by_iri
from quanze.service.web.charts import colour, powers_by_type
from quanze.service.web.flowchart import limit_text, limit_text_en
from quanze.service.web.links import Links
from quanze.service.web.ontology_doc import curie
from quanze.service.web.views import home

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SITE_ZH = "权责清单公示"
SITE_EN = "quanze: powers and responsibilities"

SEVERITY = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}
OVERLAP_KINDS = {
    "cross": ("跨部门交叉", "across departments"),
    "near": ("名称近似", "near-duplicate names"),
    "internal": ("部门内部", "within the department"),
    "vertical": ("上下级重复", "at two levels"),
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["limit"] = limit_text
    env.filters["limit_en"] = limit_text_en
    env.filters["curie"] = curie
    env.globals.update(
        SITE_ZH=SITE_ZH,
        SITE_EN=SITE_EN,
        SEVERITY=SEVERITY,
        OVERLAP_KINDS=OVERLAP_KINDS,
        type_colour=_type_colour,
    )
    return env


def _type_colour(type_iri: str | None) -> str:
    types = list(type_by_iri())
    return colour(types.index(type_iri)) if type_iri in types else "#999"


def render(template: str, links: Links, cat: Catalogue | None = None, **context: Any) -> str:
    """One page. ``links`` decides where its links go (service paths or static files)."""
    return environment().get_template(template).render(links=links, cat=cat, static=links.static, **context)


# ---------------------------------------------------------------- the pages, for the service and the static site


def _dept_crumbs(links: Links, cat: Catalogue, department: str | None) -> list[tuple[str, str]]:
    if not department or department not in cat.orgs:
        return []
    return [("部门", links.to("departments")), (cat.orgs[department].label, links.iri(department))]


def _statute_crumbs(links: Links, statute: Any, version: Any = None) -> list[tuple[str, str]]:
    crumbs = [("法律法规", links.to("statutes")), (statute.title, links.iri(statute.iri) if version else "")]
    if version is not None:
        crumbs.append((version.date, links.iri(version.iri)))
    return crumbs


def home_page(links: Links, cat: Catalogue, downloads: dict[str, str]) -> str:
    view = home(cat)
    chart = powers_by_type(view.departments, links.iri)
    return render("home.html", links, cat, view=view, chart=chart, downloads=downloads)


def power_page(links: Links, cat: Catalogue, view: Any) -> str:
    crumbs = _dept_crumbs(links, cat, view.entry.department if view.entry else None)
    return render(
        "power.html",
        links,
        cat,
        view=view,
        iri=view.power.iri,
        crumbs=crumbs,
        title=view.power.name,
        api=view.power.href or "",
    )


def department_page(links: Links, cat: Catalogue, view: Any, download: str) -> str:
    crumbs = [("部门", links.to("departments")), (view.org.label, "")]
    return render(
        "department.html",
        links,
        cat,
        view=view,
        iri=view.org.iri,
        title=view.org.label,
        crumbs=crumbs,
        download=download,
    )


def org_page(links: Links, cat: Catalogue, view: Any) -> str:
    crumbs = [*_dept_crumbs(links, cat, view.department.iri if view.department else None), (view.org.label, "")]
    return render("org.html", links, cat, view=view, iri=view.org.iri, title=view.org.label, crumbs=crumbs)


def statute_page(links: Links, cat: Catalogue, statute: Any, iri: str) -> str:
    return render(
        "statute.html", links, cat, s=statute, iri=iri, title=statute.title, crumbs=_statute_crumbs(links, statute)
    )


def version_page(links: Links, cat: Catalogue, vt: Any) -> str:
    crumbs = [
        *_statute_crumbs(links, vt.statute, None)[:1],
        (vt.statute.title, links.iri(vt.statute.iri)),
        (vt.version.date, ""),
    ]
    return render(
        "version.html",
        links,
        cat,
        vt=vt,
        iri=vt.version.iri,
        title=f"{vt.statute.title}（{vt.version.date}）",
        crumbs=crumbs,
    )


def article_page(links: Links, cat: Catalogue, view: Any) -> str:
    vt, node = view.vt, view.article
    crumbs = [*_statute_crumbs(links, vt.statute, vt.version), (node.number_text, "")]
    return render(
        "article.html",
        links,
        cat,
        view=view,
        iri=node.iri,
        title=f"{vt.statute.short}{node.number_text}",
        crumbs=crumbs,
    )
