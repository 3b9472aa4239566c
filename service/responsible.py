"""Who is responsible: the department, units and posts holding the matching powers, and on which articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from .queries import get
from .store import Store


@dataclass
class Responsibility:
    power: str
    name: str
    type: str
    list: str
    department: str | None = None
    department_name: str | None = None
    units: dict[str, str] = field(default_factory=dict)  # IRI → label
    posts: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "power": self.power, "name": self.name, "type": self.type, "list": self.list,
            "department": {"iri": self.department, "name": self.department_name} if self.department else None,
            "units": [{"iri": k, "name": v} for k, v in self.units.items()],
            "responsible_posts": [{"iri": k, "name": v} for k, v in self.posts.items()],
            "articles": [{"iri": k, "label": v} for k, v in self.articles.items()],
        }


def _value(row: dict, key: str) -> str | None:
    term = row.get(key)
    return term.value if term is not None else None


def who_is_responsible(store: Store, text: str, limit: int = 200) -> list[Responsibility]:
    """Powers matching ``text`` (name, sub-item or basis article), one entry per power."""
    query = get("responsible").bind({"q": text, "limit": str(limit)})
    found: dict[str, Responsibility] = {}
    for row in store.select(query):
        iri = _value(row, "power") or ""
        r = found.get(iri)
        if r is None:
            r = found[iri] = Responsibility(iri, _value(row, "name") or "", _value(row, "type") or "",
                                            _value(row, "list") or "", _value(row, "department"),
                                            _value(row, "departmentName"))
        for key, label, target in (("unit", "unitName", r.units), ("post", "postName", r.posts),
                                   ("article", "articleLabel", r.articles)):
            k = _value(row, key)
            if k:
                target[k] = _value(row, label) or k
    return list(found.values())
