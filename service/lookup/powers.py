"""A power in full, from the rows of the named query ``power-detail``."""

from __future__ import annotations

from collections import defaultdict

from quanze.loaders.vocab import QZ, TIME
from quanze.service.lookup import ids
from quanze.service.lookup.models import (
    Accountability,
    Basis,
    Citation,
    Duty,
    LiableParty,
    PostRef,
    Power,
    PowerSummary,
    Ref,
    Source,
    Step,
    TimeLimit,
)
from quanze.service.sparql.queries import get
from quanze.service.store.base import Row, Store, value

UNITS = {
    QZ.unitWorkingDay: "working-day",
    TIME.unitDay: "day",
    TIME.unitMonth: "month",
    TIME.unitYear: "year",
    TIME.unitHour: "hour",
    TIME.unitWeek: "week",
}


def number(row: Row, key: str) -> int | None:
    text = value(row, key)
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def inferred(row: Row) -> bool:
    """Whether the row's post is one the loader inferred (qz:InferredPost), not one the list names."""
    return value(row, "inferred") in ("true", "1")


def _posts(rows: list[Row]) -> list[PostRef]:
    posts = {value(r, "node") or "": r for r in rows}
    found = [PostRef(iri=n, name=value(r, "label") or n, inferred=inferred(r)) for n, r in posts.items()]
    return sorted(found, key=lambda p: p.name)


def ref(kind: str | None, iri: str, name: str | None) -> Ref:
    return Ref(
        iri=iri,
        name=name or iri,
        id=ids.local_id(kind, iri) if kind else None,
        href=ids.href(kind, iri) if kind else None,
    )


def summary(iri: str, kind_iri: str | None, name: str, code: str | None, type_label: str | None) -> PowerSummary:
    return PowerSummary(
        iri=iri,
        id=ids.local_id("power", iri),
        href=ids.href("power", iri),
        kind="sub-item" if kind_iri == QZ.SubItem else "power",
        name=name,
        code=code,
        type=type_label,
    )


def power_details(store: Store, powers: list[str]) -> dict[str, Power]:
    """Each power in full, by IRI; powers the graph does not know are left out."""
    if not powers:
        return {}
    # A query a power, the IRI written in: given the IRIs as a VALUES block, Oxigraph evaluates the
    # union of facts for every power of the store and joins (5.4 s for 9 powers of 10,000, against
    # 0.04 s for nine queries: bench/province.py's "API power" and "page power", 2026-12-04)
    query = get("power-detail")
    by_power: dict[str, list[Row]] = {p: store.select(query.bind({"power": p})) for p in dict.fromkeys(powers)}
    return {p: build(p, by_power[p]) for p in powers if any(value(r, "field") == "kind" for r in by_power[p])}


def power_detail(store: Store, power: str) -> Power | None:
    return power_details(store, [power]).get(power)


def build(iri: str, rows: list[Row]) -> Power:
    """Assemble a power from its fact rows (each named by ?field)."""
    fields: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        fields[value(r, "field") or ""].append(r)

    def first(field: str, key: str) -> str | None:
        return next((value(r, key) for r in fields[field] if value(r, key) is not None), None)

    def refs(field: str, kind: str | None) -> list[Ref]:
        seen: dict[str, Ref] = {}
        for r in fields[field]:
            node = value(r, "node") or ""
            seen.setdefault(node, ref(kind, node, value(r, "label")))
        return sorted(seen.values(), key=lambda x: x.name)

    # A sub-item is typed both qz:Power and qz:SubItem, and stores return the two rows in either order
    # (Virtuoso gave qz:Power first): the narrower type decides, not the first row.
    types = {value(r, "node") for r in fields["kind"]}
    kind = QZ.SubItem if QZ.SubItem in types else first("kind", "node")
    power = Power(
        **summary(iri, kind, first("name", "value") or "", first("code", "value"), first("type", "label")).model_dump()
    )
    power.power_list = next(iter(refs("list", None)), None)
    power.parent = next(iter(refs("parent", "power")), None)
    power.sub_items = refs("sub-item", "power")
    power.department = next(iter(refs("department", "department")), None)
    power.units = refs("unit", None)
    power.lead_unit = next(iter(refs("lead unit", None)), None)
    power.responsible_posts = _posts(fields["post"])
    power.level = first("level", "label")
    power.scope = first("scope", "value")
    power.basis = _basis(fields["basis"])
    power.citations = _citations(fields["citation"])
    power.duties = sorted(
        {
            number(r, "order"): Duty(
                order=number(r, "order") or 0, stage=value(r, "label"), text=value(r, "text") or ""
            )
            for r in fields["duty"]
        }.values(),
        key=lambda d: d.order,
    )
    power.accountability = _accountability(fields["accountability"])
    power.liable_parties = _liable(fields["liable"])
    power.time_limits = sorted(
        {
            (value(r, "value"), value(r, "node")): _limit(value(r, "value") or "", r) for r in fields["time limit"]
        }.values(),
        key=lambda t: t.kind,
        reverse=True,
    )
    power.procedure = _steps(fields["step"])
    power.remedy_channels = sorted({value(r, "text") or "" for r in fields["remedy"]})
    if fields["source"]:
        r = fields["source"][0]
        power.source = Source(
            file=value(r, "value"),
            sheet=value(r, "label"),
            row=number(r, "order"),
            last_row=number(r, "amount"),
        )
    return power


def _basis(rows: list[Row]) -> list[Basis]:
    found: dict[str, Basis] = {}
    for r in rows:
        node = value(r, "node") or ""
        found.setdefault(
            node,
            Basis(
                iri=node,
                label=value(r, "label") or node,
                text=value(r, "text"),
                statute=value(r, "title"),
                version_date=value(r, "date"),
                id=ids.local_id("article", node),
                href=ids.href("article", node),
            ),
        )
    return sorted(found.values(), key=lambda b: (b.statute or "", b.iri))


def _citations(rows: list[Row]) -> list[Citation]:
    found: dict[str, Citation] = {}
    for r in rows:
        found.setdefault(
            value(r, "node") or "",
            Citation(
                order=number(r, "order"),
                text=value(r, "text") or "",
                cited_title=value(r, "title"),
                status=value(r, "label") or "",
                reason=value(r, "value"),
            ),
        )
    return sorted(found.values(), key=lambda c: (c.order or 0, c.text))


def _accountability(rows: list[Row]) -> list[Accountability]:
    found: dict[str, Accountability] = {}
    for r in rows:
        a = found.setdefault(
            value(r, "node") or "",
            Accountability(order=number(r, "order") or 0, text=value(r, "text") or ""),
        )
        kind = value(r, "label")
        if kind and kind not in a.kinds:
            a.kinds.append(kind)
    for a in found.values():
        a.kinds.sort()  # as the labels, not as the rows happened to come (the order differs between stores)
    return sorted(found.values(), key=lambda a: a.order)


def _liable(rows: list[Row]) -> list[LiableParty]:
    found: dict[str, LiableParty] = {}
    for r in rows:
        p = found.setdefault(
            value(r, "node") or "",
            LiableParty(order=number(r, "order") or 0, text=value(r, "text") or "", role=value(r, "label")),
        )
        post = value(r, "post")
        if post and post not in p.posts:
            p.posts.append(post)
    for p in found.values():
        p.posts.sort()  # the graph gives a party's posts no order: by name, the same on every store
    return sorted(found.values(), key=lambda p: p.order)


def _limit(kind: str, r: Row) -> TimeLimit:
    amount = value(r, "amount")
    return TimeLimit(
        kind=kind,
        amount=float(amount) if amount is not None else None,
        unit=UNITS.get(value(r, "unit") or "", value(r, "unit")),
        text=value(r, "text"),
    )


def _steps(rows: list[Row]) -> list[Step]:
    found: dict[str, Step] = {}
    for r in rows:
        limit = _limit("step", r) if value(r, "amount") is not None else None
        found.setdefault(
            value(r, "node") or "",
            Step(
                order=number(r, "order") or 0,
                name=value(r, "label") or "",
                post=value(r, "post"),
                time_limit=limit,
            ),
        )
    return sorted(found.values(), key=lambda s: s.order)
