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

from .catalogue import Catalogue, type_by_iri
from .charts import colour
from .flowchart import limit_text, limit_text_en
from .links import Links
from .ontology_doc import curie

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
