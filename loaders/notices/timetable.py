"""The steps of rolling out the regime, with their deadlines (工作步骤).

A notice sets its timetable as the children of a part headed 工作步骤 (实施
步骤, 时间安排 …), each headed with its stage and dates: （一）动员部署阶段
(11月5日前). Failing such a part, any part headed …阶段 is a step. A step's
stage is named by the keywords of the regime-steps vocabulary in its
heading; its tasks (1.梳理执法依据 …) are its children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import normalise_label, scheme
from .dates import DATE_RE, DateSpan
from .outline import Part

_TIMETABLE = re.compile(r"步骤|阶段|进度|时间安排|工作安排|实施安排|日程|时间要求|方法")
#: Which stage wins when a heading names two (总结公示: publication; 检查验收: review; 整改提高: adjustment).
STAGE_PRIORITY = ("publication", "review", "mobilisation", "adjustment", "summary")
_DATE_BRACKET = re.compile(r"[（(][^（）()]*[0-9一二三四五六七八九十〇○][^（）()]*(?:日|月|前|底)[^（）()]*[）)]")


@dataclass
class Step:
    part: Part
    order: int
    label: str
    stage: str | None  # regime-step concept IRI
    deadline: DateSpan | None
    tasks: list[Step] = field(default_factory=list)


def _concept(text: str, slugs: tuple[str, ...]) -> str | None:
    steps = scheme("regime-step")
    flat = normalise_label(text)
    for slug in slugs:
        iri = steps.iri + slug
        labels = [steps.pref.get(iri, ""), *steps.alt.get(iri, []), *steps.hidden.get(iri, [])]
        if any(label and label in flat for label in labels):
            return iri
    return None


def _tasks() -> tuple[str, ...]:
    steps = scheme("regime-step")
    narrower = [c for c, ex in steps.extra.items() if ex.get("http://www.w3.org/2004/02/skos/core#broader")]
    return tuple(c.rsplit("/", 1)[-1] for c in sorted(narrower, key=lambda c: steps.order.get(c, 0)))


_STAGE_NAME = re.compile(r"^[^，,。；;]{2,16}?阶段")


def _label(heading: str) -> str:
    """The step's name: its heading without the dates, cut after …阶段 when the heading runs on."""
    label = _DATE_BRACKET.sub("", heading).strip(" ：:")
    leading = DATE_RE.match(label)
    if leading:  # 2006年4月1日至4月30日，宣传发动，…: the name follows the dates
        rest = label[leading.end() :].lstrip("，,：: ")
        name = re.split(r"[，,。；;]", rest, maxsplit=1)[0]
        label = name if 2 <= len(name) <= 16 else rest
    stage = _STAGE_NAME.match(label)
    return stage.group(0) if stage else label


def find_steps(root: Part, dates: dict[int, list[DateSpan]]) -> list[Step]:
    """The regime steps of an outline; ``dates`` maps id(part) to the dates of its heading and own text."""
    parents = [
        p
        for p in root.walk()
        if p.style != "root" and _TIMETABLE.search(p.heading) and any(c.heading for c in p.children)
    ]
    dated = [p for p in parents if any(dates.get(id(c)) for c in p.children)]
    chosen = (dated or parents)[:1]
    candidates = chosen[0].children if chosen else [p for p in root.walk() if "阶段" in p.heading]
    steps: list[Step] = []
    for part in candidates:
        spans = dates.get(id(part), [])
        in_heading = [d for d in spans if d.start_pos < len(part.heading)]
        deadline = (in_heading or [d for d in spans if d.due] or [None])[0]
        stage = _concept(part.heading, STAGE_PRIORITY) or _concept(part.heading, _tasks())
        step = Step(part, len(steps) + 1, _label(part.heading) or part.marker, stage, deadline)
        for child in part.children:
            task_spans = dates.get(id(child), [])
            step.tasks.append(
                Step(
                    child,
                    len(step.tasks) + 1,
                    _label(child.heading) or child.marker,
                    _concept(child.heading, _tasks()),
                    task_spans[0] if task_spans else None,
                )
            )
        steps.append(step)
    return steps
