"""Missing powers (遗漏) and unfounded or stale basis, for a department.

*Candidate omissions*: the power-conferring articles (read from the statute
texts at load time, :mod:`quanze.loaders.conferral`) of the statutes a
department enforces — those its domain enforces (``lexicon/enforcement.tsv``)
and those its own list cites — that confer a power on its domain at its level
of government, and that none of its powers cite. They are ranked: an
authority the article names counts more than one the statute implies; a
statute the department already cites for other articles counts more than one
it never cites; penalties and coercive measures before licences.

*Unfounded or stale basis*: powers with no resolvable basis (none given,
only statutes not loaded, only a statute's name, an article that does not
exist), whose cited article no longer says what the list quotes (a revision
renumbered it), whose cited version is superseded, or whose statute is no
longer in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from quanze.loaders import iris
from quanze.loaders.citations import text_similarity
from quanze.loaders.concepts import scheme
from quanze.loaders.conferral import ALLOCATION_ACT, COERCION, LICENSING, PENALTY
from quanze.loaders.lexicon.files import Lexicon, lexicon
from quanze.loaders.statute_model import short_title
from quanze.service.analysis.findings import Sheet
from quanze.service.analysis.profiles import DepartmentProfile, department_profiles
from quanze.service.analysis.snapshot import Snapshot, read_snapshot, type_label
from quanze.service.store.base import Store

TYPE_WEIGHT = {PENALTY: 1.0, COERCION: 0.9, LICENSING: 0.8}
SOURCE_WEIGHT = {"named": 1.0, "allocated": 0.85, "statute-default": 0.6}
SOURCE_ZH = {"named": "条文明确", "allocated": "统一授权条款", "statute-default": "法律主管部门（推定）"}
NO_BASIS = "实施依据为空 / no legal basis given"
NO_CITATION = "实施依据中未找到法律规范引用 / no citation of a statute in the basis"
#: The quoted text shares less than this with the article cited: the number now names another article.
STALE_BELOW = 0.3


class DepartmentNotFound(ValueError):
    """The department asked for is not in the store (or the name matches several)."""


@dataclass
class Omission:
    rank: int
    department: str
    department_name: str
    statute: str
    article: str
    article_label: str
    types: list[str]
    acts: list[str]
    authority: str
    domains: list[str]
    source: str
    score: float
    statute_coverage: float  # share of the statute's conferring articles for the domain the department cites
    text: str


@dataclass
class BasisProblem:
    department_name: str
    power: str
    name: str
    type: str
    list_title: str
    sheet: str
    row: int | None
    problem: str  # no-basis, unverifiable, no-article, article-missing, renumbered, stale-text, superseded, repealed,
    #               other-authority
    severity: str
    citation: str
    detail: str


PROBLEM_ZH = {
    "no-basis": "无实施依据",
    "unverifiable": "依据未收录无法核对",
    "no-article": "未引用具体条款",
    "article-missing": "条款在现行版本中不存在",
    "renumbered": "条款序号已变动",
    "stale-text": "条款内容已变化",
    "superseded": "引用已被修订的版本",
    "repealed": "法律规范已失效",
    "other-authority": "法律授权其他部门",
}


# ---------------------------------------------------------------- the department


def find_department(profiles: dict[str, DepartmentProfile], wanted: str) -> DepartmentProfile:
    """By IRI, exact name, or the one name that contains ``wanted``."""
    if wanted in profiles:
        return profiles[wanted]
    exact = [p for p in profiles.values() if p.name == wanted]
    found = exact or [p for p in profiles.values() if wanted in p.name]
    if len(found) == 1:
        return found[0]
    names = "、".join(sorted(p.name for p in (found or profiles.values())))
    if found:
        raise DepartmentNotFound(f"{wanted!r} matches {len(found)} departments: {names}; give the full name or IRI")
    raise DepartmentNotFound(f"no department {wanted!r} in the store; known: {names}")


def _rank(level: str) -> int:
    return scheme("exercise-level").rank.get(level, 0)


def enforced_statutes(prof: DepartmentProfile, lex: Lexicon) -> set[str]:
    """Statute IRIs the department's domains enforce, by the enforcement file."""
    slugs = {d.rsplit("/", 1)[-1] for d in prof.domains}
    return {iris.statute(short_title(t)) for s in slugs for t in lex.enforcement.get(s, ())}


# ---------------------------------------------------------------- omissions


def omissions(data: Snapshot, prof: DepartmentProfile, lex: Lexicon) -> list[Omission]:
    """Candidate omissions of one department, best first."""
    domains = set(prof.domains)
    if not domains:
        return []
    powers = [data.powers[p] for p in prof.powers]
    cited = {a for p in powers for a in p.articles}
    statutes = enforced_statutes(prof, lex) | {data.articles[a].statute for a in cited if a in data.articles}
    current = data.current_versions()
    dept_rank = _rank(prof.level)
    relevant: dict[str, list] = {}
    for article, grants in data.grants.items():
        art = data.articles.get(article)
        if art is None or art.statute not in statutes or current.get(art.statute) != art.version:
            continue
        # An allocation article (本法规定的行政处罚，由…决定) confers the statute's penalties, none of its own.
        mine = [
            g
            for g in grants
            if g.domains & domains
            and g.types & TYPE_WEIGHT.keys()
            and g.acts != {ALLOCATION_ACT}
            and not (dept_rank and g.level and _rank(g.level) > dept_rank)
        ]
        if mine:
            relevant[article] = mine
    by_statute: dict[str, list[str]] = {}
    for article in relevant:
        by_statute.setdefault(data.articles[article].statute, []).append(article)
    coverage = {s: sum(a in cited for a in arts) / len(arts) for s, arts in by_statute.items()}
    found = []
    for article, grants in relevant.items():
        if article in cited:
            continue
        art = data.articles[article]
        types = {t for g in grants for t in g.types if t in TYPE_WEIGHT}
        best = max(grants, key=lambda g: SOURCE_WEIGHT.get(g.source.rsplit("/", 1)[-1], 0.5))
        source = best.source.rsplit("/", 1)[-1]
        score = (
            SOURCE_WEIGHT.get(source, 0.5) * max(TYPE_WEIGHT[t] for t in types) * (0.6 + 0.4 * coverage[art.statute])
        )
        acts = list(dict.fromkeys(a for g in grants for a in sorted(g.acts)))
        found.append(
            Omission(
                0,
                prof.iri,
                prof.name,
                art.short,
                article,
                art.label,
                [type_label(t) for t in sorted(types)],
                acts,
                "；".join(dict.fromkeys(g.authority for g in grants if g.authority)),
                sorted({d.rsplit("/", 1)[-1] for g in grants for d in g.domains & domains}),
                SOURCE_ZH.get(source, source),
                round(score, 3),
                round(coverage[art.statute], 2),
                art.text,
            )
        )
    found.sort(key=lambda o: (-o.score, o.statute, data.articles[o.article].order))
    for k, o in enumerate(found, start=1):
        o.rank = k
    return found


# ---------------------------------------------------------------- unfounded or stale basis


def basis_problems(
    data: Snapshot,
    powers: Iterable[str],
    today: str | None = None,
    profiles: dict[str, DepartmentProfile] | None = None,
) -> list[BasisProblem]:
    """Problems with the basis of the given powers, most severe first.

    With ``profiles``, also powers whose cited articles confer this type of power on other
    authorities only, by name (the law does not give it to this department).
    """
    today = today or dt.date.today().isoformat()
    by_statute: dict[str, list] = {}
    for v in data.versions.values():
        by_statute.setdefault(v.statute, []).append(v)
    current = data.current_versions()
    problems: list[BasisProblem] = []
    for iri in powers:
        p = data.powers[iri]
        citations = data.citations.get(iri, [])

        def add(kind: str, severity: str, citation: str, detail: str, p=p) -> None:
            problems.append(
                BasisProblem(
                    p.department_name,
                    p.iri,
                    p.name,
                    p.type_label,
                    p.list_title,
                    p.sheet,
                    p.row,
                    kind,
                    severity,
                    citation,
                    detail,
                )
            )

        if not p.articles:
            statuses = {c.status for c in citations}
            if not citations:
                add("no-basis", "high", "", NO_BASIS if not p.has_basis_text else NO_CITATION)
            elif statuses <= {"unknown-statute"}:
                titles = "、".join(dict.fromkeys(f"《{c.title}》" for c in citations if c.title))
                add(
                    "unverifiable",
                    "low",
                    "; ".join(c.text[:60] for c in citations[:3]),
                    f"所引法律规范未收录，无法核对 / statutes not loaded: {titles}",
                )
            elif "article-out-of-range" not in statuses:
                add(
                    "no-article",
                    "medium",
                    "; ".join(c.text[:60] for c in citations[:3]),
                    "只引用了法律规范名称，未引用具体条款 / only the statute is named, no article",
                )
        if profiles and p.department in profiles:
            other = _other_authority(data, p, set(profiles[p.department].domains))
            if other:
                add("other-authority", "medium", "", other)
        for c in citations:
            if c.status == "article-out-of-range":
                add("article-missing", "high", c.text, f"条款在现行版本中不存在 / {c.reason}")
                continue
            if c.status == "resolved-by-text":
                add("renumbered", "medium", c.text, f"条款序号已变动 / {c.reason}")
                continue
            if c.status != "resolved":
                continue
            version = data.versions.get(c.resolved)
            if version and version.end and version.end <= today and current.get(version.statute) == c.resolved:
                add(
                    "repealed",
                    "high",
                    c.text,
                    f"{version.short} 自{version.end}起失效 / no longer in force since {version.end}",
                )
                continue
            if c.cited and c.cited != c.resolved and c.quote:
                articles = {_article_of(t) for t in c.targets}
                texts = [data.articles[a].text for a in articles if a in data.articles]
                if texts and max(text_similarity(c.quote, t) for t in texts) < STALE_BELOW:
                    labels = "、".join(data.articles[a].label for a in articles if a in data.articles)
                    add(
                        "stale-text",
                        "high",
                        c.text,
                        f"所引条文与现行{labels}内容不符（修订后条款序号已变动？）/ "
                        f"the quoted text is not what {labels} says now: a revision renumbered the articles",
                    )
                    continue
            cited = data.versions.get(c.cited)
            if cited and cited.end and c.cited != c.resolved:
                add(
                    "superseded",
                    "low",
                    c.text,
                    f"引用的{cited.short}（{cited.date}）已于{cited.end}被修订，按现行版本解析 / "
                    f"cites the {cited.date} version, superseded on {cited.end}",
                )
    order = {"high": 0, "medium": 1, "low": 2}
    problems.sort(key=lambda b: (order[b.severity], b.department_name, b.list_title, b.row or 0))
    return problems


def _other_authority(data: Snapshot, p, domains: set[str]) -> str | None:
    """Why the law gives this power to others: every cited article conferring it names other authorities."""
    if not domains:
        return None
    conferring = {a: [g for g in data.grants.get(a, ()) if p.type in g.types] for a in p.articles}
    conferring = {a: gs for a, gs in conferring.items() if gs}
    if not conferring:
        return None
    for gs in conferring.values():
        if any(g.domains & domains or not g.source.endswith("/named") for g in gs):
            return None
    labels = "；".join(
        f"{data.articles[a].label if a in data.articles else a}："
        f"{'、'.join(sorted({g.authority for g in gs if g.authority}))}"
        for a, gs in conferring.items()
    )
    return f"所引条款将该职权授予其他主管部门 / the cited articles confer it on other authorities: {labels}"


def _article_of(target: str) -> str:
    head, sep, _ = target.partition("/par_")
    return head if sep else target


# ---------------------------------------------------------------- together


PARTS = ("basis", "grants", "articles", "citations", "versions")


@dataclass
class GapReport:
    departments: list[DepartmentProfile]
    omissions: list[Omission]
    problems: list[BasisProblem]

    def as_json(self) -> dict[str, object]:
        return {
            "departments": [
                {
                    "iri": d.iri,
                    "name": d.name,
                    "domains": list(d.domains),
                    "domains_from_name": list(d.from_name),
                    "domains_from_list": list(d.from_list),
                    "level": d.level,
                }
                for d in self.departments
            ],
            "omissions": [asdict(o) for o in self.omissions],
            "basis_problems": [asdict(b) for b in self.problems],
        }

    def sheets(self) -> list[Sheet]:
        om = Sheet(
            "omissions 遗漏",
            [
                "排名 rank",
                "部门 department",
                "法律规范 statute",
                "条款 article",
                "类型 types",
                "行为 acts",
                "主管部门 authority",
                "领域 domains",
                "主体来源 how known",
                "分值 score",
                "本法已引用比例 coverage",
                "条文 text",
                "IRI",
            ],
            [],
            wide=(11,),
        )
        for o in self.omissions:
            om.rows.append(
                [
                    o.rank,
                    o.department_name,
                    o.statute,
                    o.article_label,
                    "、".join(o.types),
                    "、".join(o.acts),
                    o.authority,
                    "、".join(o.domains),
                    o.source,
                    o.score,
                    o.statute_coverage,
                    o.text,
                    o.article,
                ]
            )
        bp = Sheet(
            "basis 依据问题",
            [
                "严重程度 severity",
                "问题 problem",
                "部门 department",
                "职权 power",
                "类型 type",
                "清单 list",
                "工作表 sheet",
                "行 row",
                "引用 citation",
                "说明 detail",
                "IRI",
            ],
            [],
            wide=(8, 9),
        )
        for b in self.problems:
            bp.rows.append(
                [
                    b.severity,
                    f"{PROBLEM_ZH[b.problem]} {b.problem}",
                    b.department_name,
                    b.name,
                    b.type,
                    b.list_title,
                    b.sheet,
                    b.row,
                    b.citation,
                    b.detail,
                    b.power,
                ]
            )
        return [om, bp]


def analyse_gaps(
    store: Store, department: str | None = None, lex: Lexicon | None = None, today: str | None = None, step=None
) -> GapReport:
    """Omissions and basis problems of one department (name or IRI), or of every department."""
    lex = lex or lexicon()
    data = read_snapshot(store, PARTS, step)
    profiles = department_profiles(data, lex)
    chosen = [find_department(profiles, department)] if department else sorted(profiles.values(), key=lambda p: p.name)
    found: list[Omission] = []
    for prof in chosen:
        found.extend(omissions(data, prof, lex))
    problems = basis_problems(data, [p for prof in chosen for p in prof.powers], today, profiles)
    return GapReport(chosen, found, problems)
