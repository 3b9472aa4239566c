"""Departments seen by the review analyses: their functional domains, each with its evidence, and level.

A department's domain comes first from its name, through
``lexicon/departments.tsv`` (克拉玛依市市场监督管理局 → market regulation) or,
for a name no longer used, ``lexicon/reforms.tsv`` (安全生产监督管理局 →
emergency management, and the reform that moved it). Its list adds the
domains that a good share of its powers rest on (a housing bureau that also
enforces city-appearance rules), and names the domain of a department whose
name neither file knows; failing that, the statutes its powers cite (weighted
by how many powers cite each) through ``lexicon/enforcement.tsv``. Every
domain carries the reasons it was given, so that a reviewer can check them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from quanze.loaders import iris
from quanze.loaders.conferral import AuthorityReader
from quanze.loaders.lexicon.files import Lexicon, lexicon
from quanze.loaders.statute_model import short_title
from quanze.service.analysis.snapshot import Snapshot

#: A domain comes from the list when this share of the department's powers that rest on
#: power-conferring articles rest on articles conferring powers on that domain …
LIST_SHARE = 0.2
#: … and at least this many powers do.
LIST_MINIMUM = 3
_ALIAS = re.compile(r"[（(][^）)]*[）)]$")


@dataclass(frozen=True)
class DomainEvidence:
    """Why a department is given a domain."""

    domain: str  # domain IRI
    kind: str  # name, reform, articles, functions or statutes
    reason: str  # for a reviewer, in Chinese and English
    weight: int = 1  # the powers behind it (1 for a name)


@dataclass
class DepartmentProfile:
    iri: str
    name: str
    from_name: tuple[str, ...]  # domain IRIs
    from_list: tuple[str, ...]
    level: str  # the exercise level most of its powers have (IRI), or ""
    powers: list[str] = field(default_factory=list)
    evidence: list[DomainEvidence] = field(default_factory=list)

    def reasons(self, domain: str) -> list[str]:
        return [e.reason for e in self.evidence if e.domain == domain]

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.from_name + self.from_list))


def identity(name: str, iri: str) -> str:
    """One key for names of the same department: 发展和改革委员会（粮食和物资储备局） is 发展和改革委员会."""
    return _ALIAS.sub("", name) or iri


def domains_by_name(name: str, lex: Lexicon) -> tuple[str, ...]:
    """Domain IRIs of the longest department name (departments.tsv or reforms.tsv) that ``name`` contains."""
    return tuple(e.domain for e in name_evidence(name, lex))


def name_evidence(name: str, lex: Lexicon) -> list[DomainEvidence]:
    """The domains a department's name means: the longest known name it contains, today's or a former one."""
    today = next((p for p in lex.departments if p.text in name), None)  # longest first
    former = next((r for r in lex.reforms if r.old in name), None)
    if former is not None and (today is None or len(former.old) >= len(today.text)):
        return [
            DomainEvidence(
                iris.domain(d),
                "reform",
                f"名称含“{former.old}”：{former.reform}（reforms.tsv）/ a former name, see the reform",
            )
            for d in former.domains
        ]
    if today is None:
        return []
    return [
        DomainEvidence(iris.domain(d), "name", f"名称含“{today.text}”（departments.tsv）/ its name")
        for d in today.domains
    ]


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
            named = name_evidence(p.department_name, lex)
            prof = profiles[p.department] = DepartmentProfile(
                p.department, p.department_name, tuple(e.domain for e in named), (), "", evidence=named
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
    reader = AuthorityReader(lex)
    for iri, prof in profiles.items():
        prof.level = levels[iri].most_common(1)[0][0] if iri in levels else ""
        total = len(backed.get(iri, ()))
        counts = sorted(((len(ps), d) for d, ps in per_domain.get(iri, {}).items()), reverse=True)
        if prof.from_name:
            chosen = [
                (n, d) for n, d in counts if d not in prof.from_name and n >= LIST_MINIMUM and n >= LIST_SHARE * total
            ]
        else:
            chosen = [(n, d) for n, d in counts if n * 2 >= counts[0][0]]
        prof.from_list = tuple(d for _, d in chosen)
        for n, d in chosen:
            prof.evidence.append(
                DomainEvidence(
                    d,
                    "articles",
                    f"清单中{n}/{total}项职权所引条款授权该领域 / {n} of its {total} powers rest on articles "
                    "conferring them on this domain",
                    n,
                )
            )
        _function_evidence(prof, data, reader)
        if not prof.domains:
            _statute_evidence(prof, data, lex)
    return profiles


def _function_evidence(prof: DepartmentProfile, data: Snapshot, reader: AuthorityReader) -> None:
    """The domain its list's 部门职责 column names first (负责组织和指导市场监管综合执法工作 → market regulation),
    weighted by the powers that say so: a reason for the domains it has, its domains when it has none."""
    counts: Counter[str] = Counter()
    for power in prof.powers:
        named = reader.read(data.powers[power].function).specific if data.powers[power].function else ()
        if named:  # its own work comes first (负责…交通运输…执法，会同公安机关…): the first domain named
            counts[named[0]] += 1
    if not counts:
        return
    top = counts.most_common(1)[0][1]
    known = set(prof.domains)
    for ident, n in counts.most_common():
        domain = iris.domain(ident)
        if domain not in known and (known or n * 2 < top):
            continue  # a domain its name or list already gave wins; otherwise only the leading ones
        if domain not in known:
            prof.from_list += (domain,)
        prof.evidence.append(
            DomainEvidence(
                domain, "functions", f"部门职责栏写明该领域（{n}项职权）/ its list's functions column names it", n
            )
        )


def _statute_evidence(prof: DepartmentProfile, data: Snapshot, lex: Lexicon) -> None:
    """A department neither its name nor its articles place: the domains enforcing the statutes it cites most."""
    enforcing: dict[str, set[str]] = {}
    for ident, titles in lex.enforcement.items():
        for title in titles:
            enforcing.setdefault(short_title(title), set()).add(ident)
    citing: dict[str, Counter[str]] = {}  # domain → statute → powers citing it
    for power in prof.powers:
        statutes = {data.articles[a].short for a in data.powers[power].articles if a in data.articles}
        for short in statutes:
            for ident in enforcing.get(short, ()):
                citing.setdefault(ident, Counter())[short] += 1
    if not citing:
        return
    weights = sorted(((sum(c.values()), d) for d, c in citing.items()), reverse=True)
    for n, ident in weights:
        if n * 2 < weights[0][0]:
            break
        titles = "、".join(f"《{s}》{k}项" for s, k in citing[ident].most_common(3))
        domain = iris.domain(ident)
        prof.from_list += (domain,)
        prof.evidence.append(
            DomainEvidence(
                domain,
                "statutes",
                f"所引法律由该领域执行：{titles}（enforcement.tsv）/ the statutes its powers cite most",
                n,
            )
        )
