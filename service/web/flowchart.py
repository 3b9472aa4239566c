"""The procedure of a power as a flowchart, drawn on the server as SVG.

What a list gives varies. Some give the steps of the procedure (办理流程)
with their handling posts and time limits, and the statutory (法定) and
committed (承诺) time limits of the whole: those are drawn as a flow from
start to end, each step with its post and its limit, and the limits side by
side as bars. Most real lists give only duties by stage (受理责任, 审查责任,
决定责任 …) and no time limits: then the stages are drawn in the order a
procedure runs them, each with its duties, and the page says plainly that
the list gives no steps and no limits. Nothing is invented where the graph
is silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup
from quanze.loaders.concepts import scheme
from quanze.service.lookup.models import Duty, Step, TimeLimit
from quanze.service.web.svg import attrs, document, text, wrap

WIDTH = 440  # drawn narrow, so that its text stays legible when a phone scales it down
BOX_X, BOX_W = 4, 432
NUMBER_X = BOX_X + 24
TEXT_X = BOX_X + 48
BADGE_W = 96
TITLE, SMALL = 16, 13
LINE = 1.45
GAP = 30  # between boxes, with the arrow
PAD = 12

UNIT_ZH = {"working-day": "个工作日", "day": "日", "month": "个月", "year": "年", "hour": "小时", "week": "周"}
UNIT_EN = {
    "working-day": "working days",
    "day": "days",
    "month": "months",
    "year": "years",
    "hour": "hours",
    "week": "weeks",
}
#: Calendar days per unit, to draw limits in different units on one scale.
DAYS = {"working-day": 7 / 5, "day": 1, "week": 7, "month": 30, "year": 365, "hour": 1 / 24}


def limit_text(limit: TimeLimit | None) -> str:
    """``20个工作日``; the text the list wrote when the amount is unknown."""
    if limit is None:
        return ""
    if limit.amount is None:
        return limit.text or ""
    amount = f"{limit.amount:g}"
    return f"{amount}{UNIT_ZH.get(limit.unit or '', limit.unit or '')}"


def limit_text_en(limit: TimeLimit | None) -> str:
    if limit is None or limit.amount is None:
        return ""
    return f"{limit.amount:g} {UNIT_EN.get(limit.unit or '', limit.unit or '')}"


@dataclass
class Stage:
    """The duties of a power at one stage, in the order procedures run the stages."""

    zh: str
    en: str
    order: int
    duties: list[Duty] = field(default_factory=list)


@dataclass
class Flow:
    kind: str  # "procedure", "stages" or "none"
    chart: Markup | None
    limits: Markup | None
    statutory: TimeLimit | None
    committed: TimeLimit | None
    missing: list[tuple[str, str]]  # what the graph does not say, (zh, en)
    stages: list[Stage]
    problems: list[tuple[str, str]] = field(default_factory=list)  # what it says that cannot be right


def stages_of(duties: list[Duty]) -> list[Stage]:
    """Duties grouped by stage, stages in procedure order (制定标准 … 受理 … 决定 … 事后监管), unstaged last."""
    ds = scheme("duty-stage")
    by_label = {zh: (ds.pref_en.get(iri, ""), ds.order.get(iri, 99)) for iri, zh in ds.pref.items()}
    found: dict[str, Stage] = {}
    for d in sorted(duties, key=lambda d: d.order):
        label = d.stage or "未分环节"
        en, order = by_label.get(label, ("no stage", 100))
        found.setdefault(label, Stage(label, en, order)).duties.append(d)
    return sorted(found.values(), key=lambda s: (s.order, s.zh))


def flow(steps: list[Step], limits: list[TimeLimit], duties: list[Duty]) -> Flow:
    statutory = next((t for t in limits if t.kind == "statutory"), None)
    committed = next((t for t in limits if t.kind == "committed"), None)
    stages = stages_of(duties)
    missing: list[tuple[str, str]] = []
    if not steps:
        missing.append(("清单未载明办理流程（步骤及承办岗位）", "the list gives no procedure steps or handling posts"))
    elif not any(s.time_limit for s in steps):
        missing.append(("清单未载明各步骤的办理时限", "the list gives no time limit per step"))
    if statutory is None:
        missing.append(("清单未载明法定期限", "the list gives no statutory time limit"))
    if committed is None:
        missing.append(("清单未载明承诺期限", "the list gives no committed time limit"))
    problems = []
    if days(committed) is not None and days(statutory) is not None and days(committed) > days(statutory):
        problems.append(
            (
                f"承诺期限（{limit_text(committed)}）长于法定期限（{limit_text(statutory)}）",
                "the committed time limit is longer than the statutory one",
            )
        )
    bars = limits_chart(statutory, committed, steps)
    if steps:
        return Flow("procedure", procedure_chart(steps), bars, statutory, committed, missing, stages, problems)
    if stages:
        return Flow("stages", stages_chart(stages), bars, statutory, committed, missing, stages, problems)
    missing.insert(0, ("清单未载明责任事项的环节", "the list gives no duties by stage"))
    return Flow("none", None, bars, statutory, committed, missing, stages, problems)


def days(limit: TimeLimit | None) -> float | None:
    """A limit in calendar days (a working day counted as 7/5), to compare limits in different units."""
    if limit is None or limit.amount is None:
        return None
    return limit.amount * DAYS.get(limit.unit or "day", 1)


@dataclass
class _Box:
    number: str
    title: str
    lines: list[str]
    badge: str = ""
    badge_en: str = ""

    def height(self) -> float:
        return PAD * 2 + TITLE * LINE + len(self.lines) * SMALL * LINE


def _boxes_svg(boxes: list[_Box], title: str, ends: tuple[str, str] | None) -> Markup:
    body = [
        '<defs><marker id="qz-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="flow-arrowhead"/></marker></defs>'
    ]
    y = 8.0
    centre = BOX_X + BOX_W / 2

    def arrow(top: float) -> None:
        body.append(
            f"<line {attrs(x1=centre, y1=top, x2=centre, y2=top + GAP - 4, class_='flow-arrow')} "
            'marker-end="url(#qz-arrow)"/>'
        )

    if ends:
        body.append(f"<rect {attrs(x=centre - 90, y=y, width=180, height=34, rx=17, class_='flow-end')}/>")
        body.append(text(centre, y + 22, ends[0], text_anchor="middle", class_="flow-end-text"))
        y += 34
        arrow(y)
        y += GAP
    for i, box in enumerate(boxes):
        h = box.height()
        body.append(f"<rect {attrs(x=BOX_X, y=y, width=BOX_W, height=h, rx=8, class_='flow-box')}/>")
        body.append(f"<circle {attrs(cx=NUMBER_X, cy=y + PAD + TITLE * 0.55, r=15, class_='flow-number')}/>")
        body.append(
            text(NUMBER_X, y + PAD + TITLE * 0.55 + 5, box.number, text_anchor="middle", class_="flow-number-text")
        )
        body.append(text(TEXT_X, y + PAD + TITLE, box.title, class_="flow-title"))
        for k, line in enumerate(box.lines):
            body.append(text(TEXT_X, y + PAD + TITLE * LINE + (k + 1) * SMALL * LINE - 3, line, class_="flow-text"))
        if box.badge:
            bx = BOX_X + BOX_W - BADGE_W - 10
            body.append(f"<rect {attrs(x=bx, y=y + PAD - 4, width=BADGE_W, height=26, rx=13, class_='flow-badge')}/>")
            body.append(text(bx + BADGE_W / 2, y + PAD + 13, box.badge, text_anchor="middle", class_="flow-badge-text"))
        y += h
        if i + 1 < len(boxes) or ends:
            arrow(y)
            y += GAP
    if ends:
        body.append(f"<rect {attrs(x=centre - 90, y=y, width=180, height=34, rx=17, class_='flow-end')}/>")
        body.append(text(centre, y + 22, ends[1], text_anchor="middle", class_="flow-end-text"))
        y += 34
    return document(WIDTH, y + 8, title, body, "flowchart")


def procedure_chart(steps: list[Step]) -> Markup:
    """Start → each step (its order, name, handling post, time limit) → end."""
    boxes = []
    for s in steps:
        badge = limit_text(s.time_limit)
        title_room = BOX_W - (TEXT_X - BOX_X) - (BADGE_W + 20 if badge else 16)
        name = wrap(s.name, title_room, TITLE, max_lines=1)[0] if s.name else f"第{s.order}步"
        post = wrap(f"承办岗位：{s.post}" if s.post else "承办岗位：清单未载明", title_room, SMALL, max_lines=2)
        boxes.append(_Box(str(s.order), name, post, badge))
    return _boxes_svg(boxes, "办理流程图 / procedure flowchart", ("启动 start", "办结 end"))


def stages_chart(stages: list[Stage]) -> Markup:
    """The stages of the power's duties in procedure order, each with (the start of) its duties."""
    boxes = []
    room = BOX_W - (TEXT_X - BOX_X) - 16
    for i, st in enumerate(stages, start=1):
        first = st.duties[0].text if st.duties else ""
        lines = wrap(first, room, SMALL, max_lines=2)
        if len(st.duties) > 1:
            lines.append(f"另有{len(st.duties) - 1}项责任事项，见下文 / {len(st.duties) - 1} more below")
        boxes.append(_Box(str(i), f"{st.zh}  {st.en}", lines))
    return _boxes_svg(boxes, "责任环节图 / duties by stage", None)


def limits_chart(statutory: TimeLimit | None, committed: TimeLimit | None, steps: list[Step]) -> Markup | None:
    """Statutory against committed time limit (and the sum of the steps' limits), as bars on one scale."""
    bars: list[tuple[str, TimeLimit]] = []
    if statutory and statutory.amount is not None:
        bars.append(("法定期限", statutory))
    if committed and committed.amount is not None:
        bars.append(("承诺期限", committed))
    step_limits = [s.time_limit for s in steps if s.time_limit and s.time_limit.amount is not None]
    units = {t.unit for t in step_limits}
    if step_limits and len(step_limits) == len(steps) and len(units) == 1:
        total = TimeLimit(kind="steps", amount=sum(t.amount or 0 for t in step_limits), unit=units.pop())
        bars.append(("各步骤合计", total))
    if not bars:
        return None
    scaled = [(label, t, days(t) or 0.0) for label, t in bars]
    longest = max(d for _, _, d in scaled) or 1
    bar_x, bar_max = 128, WIDTH - 128 - 84
    body = []
    y = 10.0
    for label, t, d in scaled:
        w = max(4.0, bar_max * d / longest)
        body.append(text(0, y + 17, label, class_="limit-label"))
        kind = "limit-bar-" + (t.kind if t.kind in ("statutory", "committed") else "steps")
        body.append(f"<rect {attrs(x=bar_x, y=y + 2, width=w, height=22, rx=4, class_=kind)}/>")
        body.append(text(bar_x + w + 8, y + 18, limit_text(t), class_="limit-value"))
        y += 34
    if len({t.unit for _, t in bars}) > 1:
        body.append(text(0, y + 12, "不同单位按日历日折算（1个工作日≈1.4日）", class_="limit-note"))
        y += 20
    return document(WIDTH, y + 4, "法定期限与承诺期限 / statutory and committed time limits", body, "limits")
