"""Who answers for a fault, and to what degree: 承办人负直接责任，审核人负主要领导责任.

Fault-accountability rules divide the responsibility for a fault among the
people in the chain that produced it: the handler (承办人), the reviewer
(审核人), the approver (批准人), whoever gave the order, the members of a
collective decision. Each clause 〈party〉负〈degree〉责任 (or 〈party〉不承担责任)
is one share; the situation is the clause's …的 sub-clauses. The degree is a
concept of vocabularies/responsibility-degrees.ttl, the party's role one of
liable-roles.ttl when that vocabulary knows the party's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..concepts import scheme
from .outline import Part
from .sentences import clauses, sentences, subclauses

#: 〈party〉(应当)负/承担〈degree〉责任 — not the 负 of 负责人 or 负责.
_SHARE = re.compile(r"^(.{1,24}?)(?:应当|应)?(?:负有|负|承担)(?!责人|责(?!任))(.{0,8}?责任)")
_NO_SHARE = re.compile(r"^(.{1,24}?)(?:不承担|不负)(.{0,6}?)责任")
_PARTY_LEAD = re.compile(r"^(?:由|则|其中|对|并|且)+")


@dataclass
class Share:
    part: Part
    order: int
    text: str  # the clause as written
    party: str
    degree: str  # responsibility-degree concept IRI
    role: str | None  # liable-role concept IRI
    conditions: list[str] = field(default_factory=list)


def _concept(name: str, text: str) -> str | None:
    for keyword, iri in scheme(name).keywords():
        if keyword in text:
            return iri
    return None


def _share(part: Part, clause: str, sub: str, conditions: list[str]) -> Share | None:
    none = _NO_SHARE.match(sub)
    found = none or _SHARE.match(sub)
    if found is None:
        return None
    party = _PARTY_LEAD.sub("", found.group(1)).strip()
    degree = _concept("responsibility-degree", "不承担责任" if none else found.group(2))
    if not party or degree is None:
        return None
    return Share(part, 0, clause, party, degree, _concept("liable-role", party), conditions)


def find_shares(parts: list[Part]) -> list[Share]:
    found: list[Share] = []
    for part in parts:
        for sentence in sentences(part.own_text):
            for clause in clauses(sentence):
                subs = subclauses(clause)
                conditions = [s for s in subs if s.endswith("的")]
                for sub in subs:
                    share = _share(part, clause, sub, conditions)
                    if share is not None:
                        share.order = len(found) + 1
                        found.append(share)
    return found
