"""Departments seen by the analyses: their functional domains (from name and list) and level.

A department's domain comes first from its name, through
``lexicon/departments.tsv`` (克拉玛依市市场监督管理局 → market regulation). Its
list adds the domains that a good share of its powers rest on (a housing
bureau that also enforces city-appearance rules), and names the domain of a
department whose name the file does not know.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quanze.loaders import iris
from quanze.loaders.lexicon.files import Lexicon, lexicon
from quanze.service.analysis.snapshot import Snapshot

#: A domain comes from the list when this share of the department's powers that rest on
#: power-conferring articles rest on articles conferring powers on that domain …
LIST_SHARE = 0.2
#: … and at least this many powers do.
LIST_MINIMUM = 3
_ALIAS = re.compile(r"[（(][^）)]*[）)]$")


@dataclass
class DepartmentProfile:
    iri: str
    name: str
    from_name: tuple[str, ...]  # domain IRIs
    from_list: tuple[str, ...]
    level: str  # the exercise level most of its powers have (IRI), or ""
    powers: list[str] = field(default_factory=list)

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.from_name + self.from_list))


def identity(name: str, iri: str) -> str:
    """One key for names of the same department: 发展和改革委员会（粮食和物资储备局） is 发展和改革委员会."""
    return _ALIAS.sub("", name) or iri


def domains_by_name(name: str, lex: Lexicon) -> tuple[str, ...]:
    """Domain IRIs of the longest department name in ``lexicon/departments.tsv`` that ``name`` contains."""
    for phrase in lex.departments:  # longest first
        if phrase.text in name:
            return tuple(iris.domain(d) for d in phrase.domains)
    return ()


def department_profiles(data: Snapshot, lex: Lexicon | None = None) -> dict[str, DepartmentProfile]:
    """Every department with a power in ``data``, keyed by IRI."""
    lex = lex or lexicon()
    profiles: dict[str, DepartmentProfile] = {}
    levels: dict[str, Counter[str]] = {}
    backed: dict[str, set[str]] = {}  # department → powers resting on a power-conferring article
    per_domain: dict[str, dict[str, set[str]]] = {}
    for p in data.powers.values():
        if not p.department:
            continue
        prof = profiles.get(p.department)
        if prof is None:
            prof = profiles[p.department] = DepartmentProfile(
                p.department, p.department_name, domains_by_name(p.department_name, lex), (), ""
            )
        prof.powers.append(p.iri)
        if p.level:
            levels.setdefault(p.department, Counter())[p.level] += 1
        own = set(prof.from_name)
        for article in p.articles:
            grants = [g for g in data.grants.get(article, ()) if p.type in g.types]
            if not grants:
                continue
            backed.setdefault(p.department, set()).add(p.iri)
            if any(g.domains & own for g in grants):
                continue  # the article gives it to the domain of the department's name: nothing more to learn
            for d in {d for g in grants for d in g.domains}:
                per_domain.setdefault(p.department, {}).setdefault(d, set()).add(p.iri)
    for iri, prof in profiles.items():
        prof.level = levels[iri].most_common(1)[0][0] if iri in levels else ""
        total = len(backed.get(iri, ()))
        counts = sorted(((len(ps), d) for d, ps in per_domain.get(iri, {}).items()), reverse=True)
        if not counts:
            continue
        if prof.from_name:
            prof.from_list = tuple(
                d for n, d in counts if d not in prof.from_name and n >= LIST_MINIMUM and n >= LIST_SHARE * total
            )
        else:
            top = counts[0][0]
            prof.from_list = tuple(d for n, d in counts if n * 2 >= top)
    return profiles
