"""Departments: the list of them, and one with its units, posts, lists and powers."""

from __future__ import annotations

from quanze.service.lookup import ids
from quanze.service.lookup.models import Department, DepartmentSummary, PostRef
from quanze.service.lookup.powers import number, ref, summary
from quanze.service.sparql.queries import get
from quanze.service.store.base import Store, value


def departments(store: Store) -> list[DepartmentSummary]:
    found: dict[str, DepartmentSummary] = {}
    for r in store.select(get("departments").text):
        iri = value(r, "department") or ""
        found.setdefault(
            iri,
            DepartmentSummary(
                iri=iri,
                id=ids.local_id("department", iri),
                href=ids.href("department", iri),
                name=value(r, "name") or iri,
                area=value(r, "area"),
                powers=number(r, "powers") or 0,
                units=number(r, "units") or 0,
            ),
        )
    return sorted(found.values(), key=lambda d: (-d.powers, d.name))


def department(store: Store, iri: str) -> Department | None:
    """The department with this IRI, or None when the graph does not know it as one."""
    rows = store.select(get("department").bind({"department": iri}))
    names = [value(r, "label") for r in rows if value(r, "field") == "name"]
    if not names:
        return None
    dept = Department(
        iri=iri,
        id=ids.local_id("department", iri),
        href=ids.href("department", iri),
        name=names[0] or iri,
    )
    units, posts, lists = {}, {}, {}
    for r in rows:
        field, node, label = value(r, "field"), value(r, "node") or "", value(r, "label")
        if field == "area":
            dept.area = label
        elif field == "parent":
            dept.parent = ref("department", node, label)
        elif field == "unit":
            units[node] = ref(None, node, label)
        elif field == "post":
            posts[node] = PostRef(iri=node, name=label or node, holder=value(r, "holder"), role=value(r, "role"))
        elif field == "list":
            lists[node] = ref(None, node, label)
        elif field == "type" and label:
            dept.powers_by_type[label] = number(r, "count") or 0
    dept.units = sorted(units.values(), key=lambda u: u.name)
    dept.posts = sorted(posts.values(), key=lambda p: p.name)
    dept.lists = sorted(lists.values(), key=lambda x: x.name)
    seen = set()
    for r in store.select(get("department-powers").bind({"department": iri})):
        power = value(r, "power") or ""
        if power not in seen:
            seen.add(power)
            dept.powers.append(
                summary(
                    power,
                    value(r, "kind"),
                    value(r, "name") or "",
                    value(r, "code"),
                    value(r, "type"),
                )
            )
    return dept
