"""The home page's chart: each department's powers as one bar, split by power type, drawn as SVG.

Departments are named without their city (市场监督管理局, not
克拉玛依市市场监督管理局) so that the names fit; each bar links to the
department's page and each segment says its count when hovered. The largest
departments come first; beyond ``TOP`` the rest are summed into one bar, so
that a province's chart stays readable.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape
from quanze.service.web.catalogue import DepartmentRow, PowerType, power_types
from quanze.service.web.svg import attrs, document, em_width, text, wrap

TOP = 20
WIDTH = 760
LABEL_W = 230
BAR_X = LABEL_W + 10
BAR_MAX = WIDTH - BAR_X - 50
ROW = 28
#: One colour per type, in the vocabulary's order (distinguishable, and printable in grey).
COLOURS = ("#1b6ca8", "#6aa84f", "#e69138", "#8e44ad", "#c0392b", "#16a085", "#d4ac0d", "#7f8c8d", "#2e86c1", "#a9a9a9")


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def short_name(row: DepartmentRow) -> str:
    """The department's name without its area's (克拉玛依市商务局 → 商务局; 克拉玛依市委办公室 → 市委办公室)."""
    name, area = row.org.label, row.org.area_label or ""
    if not area or not name.startswith(area) or len(name) <= len(area):
        return name
    rest = name[len(area) :]
    return area[-1] + rest if rest.startswith("委") else rest  # the party committee (市委) keeps its 市


def powers_by_type(rows: list[DepartmentRow], href: Callable[[str], str]) -> Markup | None:
    """Stacked bars: one per department (the TOP largest, then the others summed), one colour per type."""
    rows = [r for r in rows if r.total]
    if not rows:
        return None
    shown: list[tuple[str, str, dict[str, int], int]] = [
        (short_name(r), href(r.org.iri), r.by_type, r.total) for r in rows[:TOP]
    ]
    if len(rows) > TOP:
        rest: dict[str, int] = {}
        for r in rows[TOP:]:
            for t, n in r.by_type.items():
                rest[t] = rest.get(t, 0) + n
        shown.append((f"其他{len(rows) - TOP}个部门", "", rest, sum(rest.values())))
    types = power_types()
    used = [t for t in types if any(counts.get(t.iri) for _, _, counts, _ in shown)]
    longest = max(total for *_, total in shown)
    body: list[str] = []
    y = 6.0
    for name, link, counts, total in shown:
        label = wrap(name, LABEL_W - 6, 14, max_lines=1)[0]
        row = [text(LABEL_W, y + 18, label, text_anchor="end", class_="chart-label")]
        x = float(BAR_X)
        for i, t in enumerate(types):
            n = counts.get(t.iri, 0)
            if not n:
                continue
            w = BAR_MAX * n / longest
            row.append(
                f"<rect {attrs(x=x, y=y + 4, width=max(w, 1.0), height=ROW - 10, fill=colour(i))}>"
                f"<title>{escape(f'{name} · {t.zh}: {n}')}</title></rect>"
            )
            x += w
        row.append(text(x + 6, y + 18, str(total), class_="chart-total"))
        body.append(f'<a href="{escape(link)}">' + "".join(row) + "</a>" if link else "".join(row))
        y += ROW
    y += 10
    y = _legend(body, used, types, y)
    return document(WIDTH, y + 4, "各部门职权数量（按类型）/ powers by type and department", body, "chart")


def _legend(body: list[str], used: list[PowerType], types: tuple[PowerType, ...], y: float) -> float:
    """The types' colours under the bars, wrapping as many to a line as fit."""
    x = 0.0
    for t in used:
        label = f"{t.zh} {t.en.removeprefix('administrative ')}"
        w = 22 + em_width(label) * 12 + 18
        if x + w > WIDTH:
            x, y = 0.0, y + 22
        body.append(f"<rect {attrs(x=x, y=y + 4, width=14, height=14, fill=colour(types.index(t)))}/>")
        body.append(text(x + 20, y + 16, label, class_="chart-legend"))
        x += w
    return y + 26
