"""The division of labour among organs (各司其职) and the leading group (领导小组).

A clause assigns a duty to an organ in a few ways: 由机构编制部门牵头办理,
人事部门要将…考核结合起来, 政府法制、编制、监察、人事等部门要负责…指导和督促检查
工作, …报送同级政府法制机构进行审核. The organ is the one after 由 when the
clause has one, else the organ named nearest before the duty's keyword (of
the organ-duties vocabulary). A leading group is read from 成立…领导小组,
…任组长, …为成员 and 领导小组办公室设在….
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import scheme
from .organs import NamedBody, Place, named_bodies, organ_mentions, qualify
from .outline import Part
from .sanctions import sanction_mentions
from .sentences import clauses, mask_titles, sentences, subclauses

_BY = re.compile(r"由([^，,；;。]{2,40}?)(?:为主|依法|依纪|负责|给予|进行|牵头|办理|指导|审核|组织|会同)")
_TO = re.compile(r"(?:报送|报请|提交|提请|报)([^，,；;。]{2,30}?)(?:进行)?(?:审核|审查|备案|验收|确认)")
_SUBJECT_LEAD = re.compile(r"^(?:同时|并|各级|各|由|对于)*")
_TOPIC = re.compile(r"(?:涉及|关于|有关)([^，,；;。]{2,60}?(?:问题|事项|工作))")
_ENFORCEMENT = "/enforcement-department"


@dataclass
class Assignment:
    part: Part
    order: int
    text: str
    organ: str  # organ-role concept IRI
    duty: str  # organ-duty concept IRI
    topic: str = ""
    sanctions: list[str] = field(default_factory=list)


@dataclass
class Membership:
    role: str  # group-role concept IRI
    text: str  # as written
    body: NamedBody | None = None
    organ: str | None = None  # organ-role concept, when the member is an organ


@dataclass
class LeadingGroup:
    part: Part
    name: str
    text: str
    members: list[Membership] = field(default_factory=list)


def _duties(clause: str) -> list[tuple[int, str]]:
    found: list[tuple[int, int, str]] = []
    for keyword, iri in scheme("organ-duty").keywords():
        for m in re.finditer(re.escape(keyword), clause):
            if not any(a < m.end() and m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), iri))
    return sorted((a, iri) for a, _, iri in found)


def _subject_starts(clause: str) -> set[int]:
    """Offsets where a sub-clause starts, after lead words: where its subject stands."""
    starts, pos = set(), 0
    for sub in re.split(r"([，,])", clause):
        if sub not in ("，", ","):
            lead = _SUBJECT_LEAD.match(sub)
            starts.update({pos, pos + (lead.end() if lead else 0)})
            starts.add(pos + 1)  # 市政府法制办: the place before the organ's own name
        pos += len(sub)
    return starts


def _assignments_in(part: Part, clause: str, topic: str) -> list[Assignment]:
    masked = mask_titles(clause)
    duties = _duties(masked)
    if not duties:
        return []
    organs = organ_mentions(masked)
    by = _BY.search(masked) or _TO.search(masked)
    subjects = _subject_starts(masked)
    out: list[Assignment] = []
    for pos, duty in duties:
        if by is not None:
            chosen = [o for o in organs if by.start(1) <= o.start < by.end(1)]
        else:
            before = [o for o in organs if (o.end <= pos or o.start <= pos < o.end) and o.start in subjects]
            nearest = max((o.start for o in before), default=None)
            chosen = [o for o in before if o.start == nearest]
        for o in chosen:
            if o.role.endswith(_ENFORCEMENT) and not duty.endswith("/guidance"):
                continue  # departments are what the regime acts on; they only guide the levels below
            if any(a.organ == o.role and a.duty == duty for a in out):
                continue
            charge = re.search(r"负责(?:对)?([^，,；;。]{2,40}?)的$", masked[:pos])
            a = Assignment(
                part, 0, clause, o.role, duty, topic if duty.endswith("/lead") else (charge.group(1) if charge else "")
            )
            if duty.endswith("/sanctioning"):
                a.sanctions = list(dict.fromkeys(iri for _, _, iri in sanction_mentions(masked)))
            out.append(a)
    return out


def find_assignments(parts: list[Part]) -> list[Assignment]:
    found: list[Assignment] = []
    for part in parts:
        for sentence in sentences(part.own_text):
            topic_m = _TOPIC.search(sentence)
            topic = topic_m.group(0) if topic_m else ""
            for clause in clauses(sentence):
                for a in _assignments_in(part, clause, topic):
                    if any(f.part is part and f.organ == a.organ and f.duty == a.duty for f in found):
                        continue  # said again in the same part: the first clause is the basis
                    a.order = len(found) + 1
                    found.append(a)
    return found


# ---------------------------------------------------------------- leading group

_GROUP = re.compile(r"成立(?:了)?([^，,；;。]{2,40}?领导小组)")
_LEADER = re.compile(r"(?:^|由)([^，,；;。由]{2,30}?)(?:担?任|为)组长|组长由([^，,；;。]{2,30}?)担任")
_DEPUTY = re.compile(r"(?:^|由)([^，,；;。由]{2,60}?)(?:担?任|为)副组长|副组长由([^，,；;。]{2,60}?)担任")
_MEMBERS = re.compile(
    r"^(?:由)?([^；;。]{2,200}?)(?:为|任)成员|成员(?:单位)?(?:由|为|包括|有)[:：]?([^；;。]{2,200}?)"
    r"(?:组成|$)"
)
_OFFICE = re.compile(r"领导小组(?:下设)?办公室(?:设在|设于)([^，,；;。]{2,30}?)(?:，|,|；|;|。|$|负责|具体)")
_HEAD_WORDS = re.compile(r"(?:的)?(?:主要负责同志|主要负责人|分管负责同志|分管领导|负责同志|负责人|主要领导|领导)$")


def _member(text: str, role: str, place: Place) -> Membership:
    written = text.strip()
    organ_part = _HEAD_WORDS.sub("", written)
    bodies = named_bodies(organ_part, place)
    body = bodies[0] if bodies and bodies[0].end - bodies[0].start >= len(organ_part) - 1 else None
    organs = organ_mentions(organ_part)
    return Membership(role, written, body, organs[0].role if organs else (body.role if body else None))


def find_group(parts: list[Part], place: Place) -> LeadingGroup | None:
    roles = scheme("group-role")
    role = {label: iri for iri, label in roles.pref_en.items()}
    for part in parts:
        for sentence in sentences(part.own_text):
            m = _GROUP.search(sentence)
            if not m:
                continue
            name = qualify(m.group(1).strip(), place)
            group = LeadingGroup(part, name, sentence)
            for sub in subclauses(sentence):
                sub = sub.strip()
                for pattern, key in ((_DEPUTY, "deputy leader"), (_LEADER, "leader")):
                    found = pattern.search(sub)
                    if found and not (key == "leader" and "副组长" in sub):
                        for person in re.split(r"[、和及]", found.group(1) or found.group(2)):
                            group.members.append(Membership(role[key], person.strip()))
                        break
                found = _MEMBERS.search(sub)
                if found:
                    for item in re.split(r"[、，,]|(?<!人)和", found.group(1) or found.group(2)):
                        if item.strip():
                            group.members.append(_member(item, role["member"], place))
                found = _OFFICE.search(sub)
                if found:
                    group.members.append(_member(found.group(1), role["office"], place))
            following = sentences(part.own_text)
            after = following[following.index(sentence) + 1 :] if sentence in following else []
            for extra in after[:2]:
                found = _OFFICE.search(extra)
                if found:
                    group.members.append(_member(found.group(1), role["office"], place))
            return group
    return None
