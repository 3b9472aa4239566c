"""How a loaded notice is summarised for a person: what was found in it, as a table."""

from __future__ import annotations

from collections.abc import Sequence

from quanze.loaders.document import LoadedDocument
from quanze.service.tables import render

COLUMNS = (
    ("parts", "parts"),
    ("statute citations", "statute_citations"),
    ("documents cited", "document_citations"),
    ("deadlines", "deadlines"),
    ("steps", "steps"),
    ("criteria", "criteria"),
    ("sanction rules", "sanction_rules"),
    ("organ duties", "assignments"),
    ("group members", "group_members"),
)


def render_notices(notices: Sequence[LoadedDocument]) -> str:
    rows = []
    for d in notices:
        c = d.counts
        statutes = c.get("statute_citations", 0)
        cells = [c.get(key, 0) for _, key in COLUMNS]
        cells[1] = f"{c.get('statute_citations_resolved', 0)}/{statutes}" if statutes else "0"
        rows.append([d.label, *cells])
    table = render(
        ["notice", *(name + ("*" if key == "statute_citations" else "") for name, key in COLUMNS)], rows, max_width=40
    )
    return table + "\n* statute citations: resolved to a loaded statute / all"
