"""The sanction rules of a notice: who is given which sanction, when, and by which organ.

Notices write one rule per clause: a condition (对…的 / …的), how the
sanction is graded (根据过错形式、危害大小、情节轻重), the sanctions
(给予限期整改、通报批评…), and sometimes the organ (由任免机关、监察机关依法给予
行政处分). Sanctions are the labels of the sanctions vocabulary; whether a
rule is for departments or officials follows the 对… phrase (…部门 or
…人员) and, without one, each sanction's own target. A condition's failure
kinds are the keywords of the failure-kinds vocabulary it contains; one that
names none is an unlawful or improper act in general. A clause such as 情况
严重的，给予通报批评 aggravates the rule before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import normalise_label, scheme
from ..powerlists.accountability import failure_kinds
from ..vocab import QZ, concept
from .organs import organ_mentions
from .outline import Part
from .sentences import clauses, mask_titles, sentences, subclauses

GENERAL_FAILURE = concept("failure-kind", "unlawful-or-improper-act")
_RATE = re.compile(r"比例|比率|率较高|率过高|率偏高|占比")
_ESCALATION = re.compile(r"^(?:对)?(?:情况|情节|后果|问题|影响)?(?:特别|较为|十分)?(?:严重|恶劣|较重)的$")
_GRADING = re.compile(r"^(?:要|应当|应)?(?:根据|视|按照|依据)[^，,]*(?:程度|情节|轻重|大小|情况|性质)")
_OFFICIALS = re.compile(r"(?:人员|负责人|责任人|责任者|公务员|同志|个人|承办人|审核人|批准人|决策人|干部)$")
_DEPARTMENTS = re.compile(r"(?:部门|单位|机关|机构)$")
_BY = re.compile(r"由([^，,；;。]{2,40}?)(?:依法|依纪|依照|按照|负责|给予|进行|处理|追究|办理|作出|决定|予以|责令)")
_SUBJECT = re.compile(r"^([^，,；;。对由]{2,20}?)(?:负责|要|应当|依法)")
_OBJECT = re.compile(r"对([^，,；;。]{2,60}?(?:人员|负责人|责任人|部门|单位))")
_LIST_CUE = re.compile(r"下列(?:情形|行为|情况)")
_AUTHORITY = re.compile(r"按照([^，,；;。]{2,20}?)权限")
#: 追究方式分为：… — the list of the forms of handling a rule provides, in the tail or the items after it.
_FORMS_CUE = re.compile(
    r"(?:追究|处理|问责|责任)(?:的)?(?:方式|形式|种类)(?:主要)?(?:分为|包括|有|如下|为|是)"
    r"|(?:如下|下列|以下)(?:处理|方式|措施|责任追究|处分)"
)
#: 一是…；二是…: an enumeration inside a sentence.
_ENUMERATOR = re.compile(r"(?:^|(?<=[；;，,：:]))\s*[一二三四五六七八九十]+是")
#: 对于严重过错，应按下列规定追究…： — the grade the items after it apply to.
_LISTED_GRADE = re.compile(r"^(?:对于?|属于?)([^，,：:；;。]{2,20}?)(?:的)?[，,][^：:]*下列")
_GRADE_PHRASE = re.compile(r"^(?:对于?|属于?)([^，,的]{2,12}?(?:过错|过失|违法行为|责任事故))的")
_LEAD = re.compile(r"^(?:同时|并且|并|另外|此外|要|应当|对于)+")


@dataclass
class Condition:
    text: str
    kinds: list[str]
    rate_based: bool


@dataclass
class SanctionRule:
    part: Part
    order: int
    text: str  # the clause as written
    target: str  # sanction-target concept IRI
    sanctions: list[str]
    conditions: list[Condition] = field(default_factory=list)
    grading: str = ""
    imposed_by: list[str] = field(default_factory=list)  # organ-role concept IRIs
    escalates: SanctionRule | None = None
    effect: str | None = None  # rule-effect concept: aggravating (从重), mitigating (从轻), exempting (免责)


def sanction_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, concept) of each sanction named, longest label first, not overlapping."""
    found: list[tuple[int, int, str]] = []
    for keyword, iri in scheme("sanction").keywords():
        for m in re.finditer(re.escape(keyword), text):
            if not any(a < m.end() and m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), iri))
    return sorted(found)


def effect_of(text: str) -> str | None:
    """The rule-effect concept a clause states (从重 / 从轻, 减轻 / 免责, 不予追究), the first written."""
    found = [(text.find(keyword), iri) for keyword, iri in scheme("rule-effect").keywords() if keyword in text]
    return min(found)[1] if found else None


def _target_of_phrase(sub: str) -> str | None:
    phrase = re.sub(r"[，,。；;]$", "", sub)
    if not phrase.startswith("对"):
        return None
    if _OFFICIALS.search(phrase):
        return concept("sanction-target", "official")
    if _DEPARTMENTS.search(phrase):
        return concept("sanction-target", "department")
    return None


def _conditions(subs: list[str]) -> list[Condition]:
    out = []
    for sub in subs:
        text = _LEAD.sub("", sub)
        if not (text.endswith("的") or text.startswith("对")) or len(text) < 3:
            continue
        kinds = failure_kinds(text) or [GENERAL_FAILURE]
        out.append(Condition(text, kinds, bool(_RATE.search(text))))
    return out


def _imposing(clause: str, mentions: list[tuple[int, int, str]]) -> list[str]:
    organs: list[str] = []
    spans = [m.group(1) for m in _BY.finditer(clause)] + [m.group(0) for m in _AUTHORITY.finditer(clause)]
    spans += [m.group(1) for m in _SUBJECT.finditer(clause)]
    spans += [clause[a:b] for a, b, _ in mentions]  # 移送司法机关: the organ is in the sanction's name
    for span in spans:
        for o in organ_mentions(span):
            if o.role not in organs and not o.role.endswith("/enforcement-department"):
                organs.append(o.role)
    return organs


def _segments(clause: str) -> list[str]:
    """A clause cut before each aggravation (…限期整改，情节严重的，予以通报批评) that follows a sanction."""
    segments: list[list[str]] = [[]]
    for sub in subclauses(clause):
        seen = any(sanction_mentions(mask_titles(s)) for s in segments[-1])
        if seen and _ESCALATION.match(normalise_label(_LEAD.sub("", sub))):
            segments.append([])
        segments[-1].append(sub)
    return ["，".join(s) for s in segments if s]


def _rules_in_clause(
    part: Part, clause: str, previous: list[SanctionRule], listed: list[str] | None = None
) -> list[SanctionRule]:
    """The rules of one clause; ``listed`` are conditions a 有下列情形之一的 clause lists after it."""
    rules: list[SanctionRule] = []
    for segment in _segments(clause):
        rules.extend(_rules_in_segment(part, segment, [*previous, *rules], listed))
    return rules


def _rules_in_segment(
    part: Part, clause: str, previous: list[SanctionRule], listed: list[str] | None
) -> list[SanctionRule]:
    mentions = sanction_mentions(mask_titles(clause))
    effect = effect_of(mask_titles(clause))
    heading_only = clause.strip() == part.heading and bool(part.lines) and part.lines[0].strip() == part.heading
    if not mentions and (effect is None or heading_only):
        return []  # nothing named, or only a heading (免责情形) that names what follows
    targets = scheme("sanction")
    target_key = QZ.sanctionTarget
    subs = subclauses(clause)
    objects = [f"对{m.group(1)}" for m in _OBJECT.finditer(clause)]
    phrase_target = next((t for t in map(_target_of_phrase, [*subs, *objects]) if t), None)
    if phrase_target is None:
        subject = re.match(r"^(?:\([0-9]+\)|（[0-9]+）)?([^，,]{2,30}?)(?:有|因|在)", clause)
        if subject:
            phrase_target = _target_of_phrase("对" + subject.group(1))
    by_target: dict[str, list[str]] = {}
    for _, _, iri in mentions:
        target = phrase_target or targets.extra.get(iri, {}).get(target_key)
        if target and iri not in by_target.setdefault(target, []):
            by_target[target].append(iri)
    if not mentions:  # 从重 / 从轻 / 免责 without a sanction named: it bears on those of the regime
        by_target[phrase_target or concept("sanction-target", "official")] = []
    conditions = _conditions(subs)
    if listed:
        conditions = [c for c in conditions if not _LIST_CUE.search(c.text)] + _conditions(listed)
    if not conditions and objects:
        conditions = _conditions(objects[:1])
    grading = next((_LEAD.sub("", s) for s in subs if _GRADING.match(s)), "")
    graded = _GRADE_PHRASE.match(clause)
    if not grading and graded:
        grading = graded.group(1)  # 对于一般过错的直接责任者…: the grade of fault the rule is for
    organs = _imposing(mask_titles(clause), mentions)
    rules = []
    for target, sanctions in by_target.items():
        rule = SanctionRule(part, 0, clause, target, sanctions, list(conditions), grading, organs, effect=effect)
        if conditions and all(_ESCALATION.match(normalise_label(c.text)) for c in conditions):
            base = next((r for r in reversed(previous) if r.target == target and r.escalates is None), None)
            if base is not None:
                rule.escalates = base
                rule.conditions = [Condition(c.text, [], False) for c in conditions]
        rules.append(rule)
    return rules


def _forms_rule(part: Part, head: str, tail: str) -> SanctionRule | None:
    """One rule for a list of the forms of handling (追究方式分为：㈠…；㈡…), its items in ``tail`` or the
    part's items."""
    listed = _ENUMERATOR.sub("", tail).strip() or "；".join(c.own_text.rstrip("；;。") for c in part.children)
    mentions = sanction_mentions(mask_titles(listed))
    if not mentions:
        return None
    sanctions = list(dict.fromkeys(iri for _, _, iri in mentions))
    objects = [f"对{m.group(1)}" for m in _OBJECT.finditer(head)]
    target = next((t for t in map(_target_of_phrase, objects) if t), None) or concept("sanction-target", "official")
    graded = (_GRADING.match(_LEAD.sub("", sub)) for sub in subclauses(head))
    grading = next((m.group(0) for m in graded if m), "")
    rule = SanctionRule(part, 0, f"{head}：{listed}", target, sanctions, grading=grading)
    rule.conditions = _conditions(subclauses(head)) or _conditions(objects[:1])
    return rule


def _listed_grade(part: Part) -> str:
    """The grade a part's items apply to (对于严重过错，应按下列规定追究…：), for rules read from an item."""
    parent = part.parent
    if parent is None or parent.style in ("root", "preamble"):
        return ""
    m = _LISTED_GRADE.match(parent.own_text.strip())
    return m.group(1) if m else ""


def find_rules(parts: list[Part]) -> list[SanctionRule]:
    rules: list[SanctionRule] = []
    consumed: set[int] = set()  # items already read as the list of a forms rule
    for part in parts:
        if id(part) in consumed:
            continue
        in_part: list[SanctionRule] = []
        for sentence in sentences(part.own_text):
            head, colon, tail = sentence.partition("：" if "：" in sentence else ":")
            if colon and _FORMS_CUE.search(head):
                rule = _forms_rule(part, head, tail)
                if rule is not None:
                    in_part.append(rule)
                    if not tail.strip():
                        consumed.update(id(c) for c in part.children)
                    continue
            if colon and _LIST_CUE.search(head):
                listed = clauses(tail) or [c.own_text.rstrip("；;。") for c in part.children]
                in_part.extend(_rules_in_clause(part, head, in_part, listed))
                continue
            for clause in clauses(sentence):
                in_part.extend(_rules_in_clause(part, clause, in_part))
        grade = _listed_grade(part)
        for rule in in_part:
            if grade and not rule.grading:
                rule.grading = grade
                rule.conditions.insert(0, Condition(grade, failure_kinds(grade) or [GENERAL_FAILURE], False))
            rule.order = len(rules) + 1
            rules.append(rule)
    return rules
