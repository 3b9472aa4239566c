"""The accountability chain of a power: who answers, for which situations, with which sanctions, imposed by whom.

For a power and a kind of failure it joins what the power list says (the
liable posts of 追责对象范围 in order, the matching 追责情形) with what the
loaded notices establish (the sanctions for officials and for the
department, their conditions, the organ that imposes each and the organs the
division of labour charges with them). Every link keeps its basis: the
list's file, sheet and row, or the part of the notice. The SPARQL is the
named query ``accountable``; this module resolves the failure kind a person
types and groups the rows into a chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quanze.loaders.concepts import normalise_label, scheme
from quanze.loaders.powerlists.accountability import failure_kinds
from quanze.loaders.vocab import concept
from quanze.service.sparql.queries import QueryError, get
from quanze.service.store.base import Store, text

ANY_FAILURE = concept("failure-kind", "unlawful-or-improper-act")
IN_FORCE = "in force here"


def failure_kind(text: str | None) -> str:
    """The failure-kind concept a person means: its slug, IRI, label or a keyword (撤销, 超期 …)."""
    if not text:
        return ANY_FAILURE
    kinds = scheme("failure-kind")
    text = text.strip()
    if text in kinds.pref:
        return text
    if kinds.iri + text in kinds.pref:
        return kinds.iri + text
    found = kinds.lookup(text) or next(iter(failure_kinds(text)), None)
    if found is None:
        flat = normalise_label(text).lower()
        for iri in kinds.pref:
            labels = [kinds.pref[iri], kinds.pref_en.get(iri, ""), *kinds.alt.get(iri, [])]
            if any(flat in label.lower() for label in labels if label):
                return iri
        known = ", ".join(f"{iri.rsplit('/', 1)[-1]} ({kinds.pref[iri]})" for iri in kinds.pref)
        raise QueryError(f"unknown failure kind {text!r}: expected one of {known}")
    return found


@dataclass
class Basis:
    iri: str
    label: str

    def as_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label}


@dataclass
class LiableLink:
    order: int
    text: str
    role: str
    post: str | None
    post_label: str | None
    basis: Basis


@dataclass
class SituationLink:
    order: int
    text: str
    kinds: list[str]
    match: str  # "kind", or "ground" when it is a ground for overturning the decision
    grounds_basis: str
    basis: Basis


@dataclass
class Organ:
    role: str
    label: str
    names: list[str] = field(default_factory=list)  # the bodies the notice names in that role


@dataclass
class SanctionLink:
    rule: str
    order: int
    target: str  # "official" or "department"
    text: str
    sanctions: list[str]
    imposed_by: list[Organ]
    charged: list[tuple[Organ, Basis]]  # organs the division of labour charges with these sanctions
    basis: Basis
    scope: str


@dataclass
class Chain:
    power: str
    name: str
    department: str | None
    failure: str
    failure_label: str
    liable: list[LiableLink] = field(default_factory=list)
    situations: list[SituationLink] = field(default_factory=list)
    sanctions: list[SanctionLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def for_target(self, target: str) -> list[SanctionLink]:
        return [s for s in self.sanctions if s.target == target]

    def as_dict(self) -> dict[str, object]:
        def organ(o: Organ) -> dict[str, object]:
            return {"role": o.role, "label": o.label, "named": o.names}

        return {
            "power": self.power,
            "name": self.name,
            "department": self.department,
            "failure": {"iri": self.failure, "label": self.failure_label},
            "liable_posts": [
                {
                    "order": x.order,
                    "text": x.text,
                    "role": x.role,
                    "post": x.post,
                    "post_label": x.post_label,
                    "basis": x.basis.as_dict(),
                }
                for x in self.liable
            ],
            "situations": [
                {
                    "order": x.order,
                    "text": x.text,
                    "kinds": x.kinds,
                    "match": x.match,
                    "grounds_basis": x.grounds_basis,
                    "basis": x.basis.as_dict(),
                }
                for x in self.situations
            ],
            "sanctions": {
                t: [
                    {
                        "rule": s.rule,
                        "text": s.text,
                        "sanctions": s.sanctions,
                        "imposed_by": [organ(o) for o in s.imposed_by],
                        "charged_by_division_of_labour": [{**organ(o), "basis": b.as_dict()} for o, b in s.charged],
                        "basis": s.basis.as_dict(),
                        "scope": s.scope,
                    }
                    for s in self.for_target(t)
                ]
                for t in ("official", "department")
            },
            "notes": self.notes,
        }


def accountability_chain(store: Store, power: str, failure: str | None = None, limit: int = 20) -> list[Chain]:
    """One chain per power matching ``power`` (IRI, code or part of the name)."""
    kind = failure_kind(failure)
    kinds = scheme("failure-kind")
    rows = store.select(get("accountable").bind({"power": power, "failure": kind, "limit": str(limit)}))
    chains: dict[str, Chain] = {}
    rules: dict[tuple[str, str], SanctionLink] = {}
    charges: list[tuple[str, Organ, Basis, str]] = []  # (sanction label, organ, basis, scope)
    for row in rows:
        p = text(row, "power")
        chain = chains.get(p)
        if chain is None:
            chain = chains[p] = Chain(
                p, text(row, "powerName"), text(row, "departmentName") or None, kind, kinds.pref.get(kind, kind)
            )
        link, basis = text(row, "link"), Basis(text(row, "basis"), text(row, "basisLabel"))
        if link == "liable-post":
            if not any(x.order == int(text(row, "order")) for x in chain.liable):
                chain.liable.append(
                    LiableLink(
                        int(text(row, "order")),
                        text(row, "text"),
                        text(row, "organLabel"),
                        text(row, "target") or None,
                        text(row, "targetLabel") or None,
                        basis,
                    )
                )
        elif link == "situation":
            order = int(text(row, "order"))
            found = next((x for x in chain.situations if x.order == order), None)
            if found is None:
                grounds = "、".join(
                    sorted(set(text(row, "organLabel").split("、")) - {""})
                )  # GROUP_CONCAT has no order
                found = SituationLink(order, text(row, "text"), [], text(row, "scope"), grounds, basis)
                chain.situations.append(found)
            if text(row, "targetLabel") and text(row, "targetLabel") not in found.kinds:
                found.kinds.append(text(row, "targetLabel"))
        elif link.startswith("sanction-") and link != "sanction-organ":
            key = (p, text(row, "item"))
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = SanctionLink(
                    text(row, "item"),
                    int(text(row, "order")),
                    link[len("sanction-") :],
                    text(row, "text"),
                    [],
                    [],
                    [],
                    basis,
                    text(row, "scope"),
                )
                chain.sanctions.append(rule)
            if text(row, "targetLabel") not in rule.sanctions:
                rule.sanctions.append(text(row, "targetLabel"))
            _add_organ(rule.imposed_by, text(row, "organ"), text(row, "organLabel"), text(row, "organName"))
        elif link == "sanction-organ":
            organs: list[Organ] = []
            _add_organ(organs, text(row, "organ"), text(row, "organLabel"), text(row, "organName"))
            charges.extend((text(row, "targetLabel"), o, basis, text(row, "scope")) for o in organs)
    order = {label: scheme("sanction").order.get(iri, 99) for iri, label in scheme("sanction").pref.items()}
    for rule in rules.values():
        rule.sanctions.sort(key=lambda label: order.get(label, 99))
        rule.imposed_by.sort(key=lambda o: o.role)  # the rows come in an order stores differ on
        for organ in rule.imposed_by:
            organ.names.sort()
    for chain in chains.values():
        _attach_charges(chain, charges)
        _choose_notices(chain)
        chain.liable.sort(key=lambda x: x.order)
        chain.situations.sort(key=lambda x: x.order)
        for situation in chain.situations:
            situation.kinds.sort()  # as the labels, not as the rows happened to come
        if not chain.liable:
            chain.notes.append("the list gives no 追责对象范围 (liable posts) for this power")
        if not chain.situations:
            chain.notes.append(f"the list gives no 追责情形 of the kind {chain.failure_label}")
    return list(chains.values())


def _add_organ(organs: list[Organ], role: str, label: str, name: str) -> None:
    if not role:
        return
    organ = next((o for o in organs if o.role == role), None)
    if organ is None:
        organ = Organ(role, label)
        organs.append(organ)
    if name and name not in organ.names:
        organ.names.append(name)


def _attach_charges(chain: Chain, charges: list[tuple[str, Organ, Basis, str]]) -> None:
    for rule in chain.sanctions:
        for sanction, organ, basis, scope in charges:
            same_doc = basis.iri.split("/part_")[0] == rule.basis.iri.split("/part_")[0]
            known = any(o.role == organ.role and b.iri == basis.iri for o, b in rule.charged)
            if sanction in rule.sanctions and same_doc and scope == rule.scope and not known:
                rule.charged.append((organ, basis))
        rule.charged.sort(key=lambda charge: (charge[0].role, charge[1].iri))


def _choose_notices(chain: Chain) -> None:
    """Keep the notices of the power's own area when one is loaded; else keep all, and say so."""
    here = [s for s in chain.sanctions if s.scope == IN_FORCE]
    if here:
        chain.sanctions = here
    elif chain.sanctions:
        chain.notes.append(
            "no notice of this power's area is loaded: the sanctions shown are those of "
            "notices of other areas, for reference"
        )
    else:
        chain.notes.append("no loaded notice provides sanctions for this kind of failure")
    chain.sanctions.sort(key=lambda s: (s.basis.label, s.order))


def render_chain(chain: Chain) -> str:
    """The chain as a person reads it, every link followed by its basis."""
    lines = [
        f"{chain.name} — {chain.department or '?'}",
        f"  failure 过错类型: {chain.failure_label}",
        f"  <{chain.power}>",
        "",
        "1. 追责对象 liable posts, in order",
    ]
    for x in chain.liable:
        lines.append(f"   {x.order}. {x.text} → {x.post_label or '(no post named)'}")
    if chain.liable:
        lines.append(f"      basis: {chain.liable[0].basis.label}")
    lines.append("2. 追责情形 matching situations")
    for s in chain.situations:
        why = f"ground for overturning ({s.grounds_basis})" if s.match == "ground" else "、".join(s.kinds)
        lines.append(f"   {s.order}. {s.text} [{why}]")
    if chain.situations:
        lines.append(f"      basis: {chain.situations[0].basis.label}")
    for n, (target, title) in enumerate(
        (
            ("official", "sanctions for officials 对行政执法人员"),
            ("department", "sanctions for the department 对行政执法部门"),
        ),
        start=3,
    ):
        lines.append(f"{n}. {title}")
        for s in chain.for_target(target):
            lines.append(f"   {'、'.join(s.sanctions)}")
            lines.append(f"      when: {s.text}")
            organs = "；".join(o.label + (f"（{'、'.join(o.names)}）" if o.names else "") for o in s.imposed_by)
            lines.append(f"      imposed by: {organs or '(not named in this rule)'}")
            for o, b in s.charged:
                named = f"（{'、'.join(o.names)}）" if o.names else ""
                lines.append(f"      charged by the division of labour: {o.label}{named} — {b.label}")
            lines.append(f"      basis: {s.basis.label}{'' if s.scope == IN_FORCE else ' (notice of another area)'}")
    lines.extend(f"note: {n}" for n in chain.notes)
    return "\n".join(lines)
