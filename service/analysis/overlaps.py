"""Overlapping and duplicated powers (交叉重复): four kinds of finding, each with evidence and a severity.

- ``cross``: departments of one jurisdiction and level listing the same
  type of power on the same article (and the same paragraph or item where
  both citations name one; a citation of the whole article covers them all).
- ``near``: powers of different departments whose names say the same thing
  in other words (:mod:`.nearduplicates`), ranked by score.
- ``internal``: one power given to several units or posts of a department
  with no lead named, or listed twice by the same department.
- ``vertical``: the same power listed at two levels of government without a
  division of authority (实施层级及权限), within one list or across lists.

Findings are clusters, not pairs: three departments on one article are one
finding. The analysis reads the store once (:mod:`snapshot`) and works
in memory, so that it grows with the number of powers, not its square.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from quanze.loaders.concepts import scheme
from quanze.loaders.numerals import int_to_chinese
from quanze.service.analysis.findings import Finding, Member, ordered
from quanze.service.analysis.nearduplicates import Entry, bigrams, dice, normalise, similar_pairs
from quanze.service.analysis.profiles import DepartmentProfile, department_profiles, identity
from quanze.service.analysis.snapshot import PowerRecord, Snapshot, read_snapshot, type_label
from quanze.service.store.base import Store

KINDS = ("cross", "near", "internal", "vertical")
KIND_ZH = {"cross": "跨部门交叉", "near": "名称近似", "internal": "部门内部", "vertical": "上下级重复"}
DEFAULT_MIN_SCORE = 0.75
Step = Callable[[str, float], None]
DECISIONS = {"penalty", "coercion", "licensing"}  # decisions on a party: a duplicate matters most
_TEXT_CLIP = 120
_SEVERAL = re.compile(r"和|、|或者|及|会同")  # an authority phrase that names several authorities
NOT_CONFERRING = "该条不是本类职权的授权条款（可能是一般性规定）/ not a power-conferring article for this type"


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self, items: Iterable[Hashable]) -> list[list[Hashable]]:
        out: dict[Hashable, list[Hashable]] = defaultdict(list)
        for x in items:
            out[self.find(x)].append(x)
        return list(out.values())


@dataclass
class Context:
    data: Snapshot
    profiles: dict[str, DepartmentProfile]

    def member(self, p: PowerRecord, detail: str = "") -> Member:
        return Member(
            p.iri,
            p.name,
            p.type_label,
            p.department,
            p.department_name or "（未注明部门）",
            p.list,
            p.list_title,
            p.sheet,
            p.row,
            detail,
        )

    def dept(self, p: PowerRecord) -> str:
        return identity(p.department_name, p.department or p.list)

    def domains(self, p: PowerRecord) -> set[str]:
        prof = self.profiles.get(p.department)
        return set(prof.domains) if prof else set()

    def article_label(self, article: str) -> str:
        rec = self.data.articles.get(article)
        return rec.label if rec else article.rsplit("/eli/cn/", 1)[-1]

    def article_text(self, article: str) -> str:
        rec = self.data.articles.get(article)
        text = " ".join(rec.text.split()) if rec else ""
        return text if len(text) <= _TEXT_CLIP else text[: _TEXT_CLIP - 1] + "…"


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def subdivision_label(article_label: str, article: str, target: str) -> str:
    """第三十二条第一款第（二）项 from the target's IRI below its article."""
    label = article_label
    for part in target[len(article) :].strip("/").split("/"):
        kind, _, num = part.partition("_")
        if not num.isdigit():
            continue
        n = int_to_chinese(int(num))
        label += {"par": f"第{n}款", "pt": f"第（{n}）项", "subpt": f"第{num}目"}.get(kind, "")
    return label


def domain_labels(iris_: Iterable[str]) -> str:
    return "、".join(sorted(_slug(d) for d in iris_))


# ---------------------------------------------------------------- cross-department


def _covering_components(powers: list[PowerRecord], article: str) -> list[list[PowerRecord]]:
    """Powers whose cited subdivisions of ``article`` overlap (one contains the other), as components."""
    uf = UnionFind()
    cited: set[str] = set()
    for p in powers:
        for t in p.articles[article]:
            cited.add(t)
            uf.union(("p", p.iri), ("t", t))
    for t in cited:
        up = t
        while up != article and "/" in up[len(article) :]:
            up = up.rsplit("/", 1)[0]
            if up in cited:
                uf.union(("t", t), ("t", up))
                break
    by_iri = {p.iri: p for p in powers}
    return [[by_iri[k[1]] for k in g] for g in uf.groups(("p", p.iri) for p in powers)]


def cross_department(ctx: Context) -> list[Finding]:
    groups: dict[tuple[str, str, str], list[PowerRecord]] = defaultdict(list)
    for p in ctx.data.powers.values():
        for article in p.articles:
            groups[(p.area, p.type, article)].append(p)
    findings = []
    for (_area, ptype, article), members in groups.items():
        if len({ctx.dept(p) for p in members}) < 2:
            continue
        levels = {p.level for p in members if p.level}
        parts = [members] if len(levels) <= 1 else [[p for p in members if p.level in (lv, "")] for lv in levels]
        for part in parts:
            for comp in _covering_components(part, article):
                if len({ctx.dept(p) for p in comp}) >= 2:
                    findings.append(_cross_finding(ctx, ptype, article, comp))
    return findings


def _covers(targets: set[str], subdivision: str, article: str) -> bool:
    """Whether citations of ``targets`` reach the paragraph ``subdivision`` (a whole article reaches all)."""
    return any(
        t in (article, subdivision) or t.startswith(subdivision + "/") or subdivision.startswith(t + "/")
        for t in targets
    )


def _cross_finding(ctx: Context, ptype: str, article: str, comp: list[PowerRecord]) -> Finding:
    label = ctx.article_label(article)
    cited = set().union(*(p.articles[article] for p in comp))
    grants = [
        g
        for g in ctx.data.grants.get(article, ())
        if ptype in g.types and (not g.subdivision or _covers(cited, g.subdivision, article))
    ]
    named = {d for g in grants for d in g.domains}
    depts = list(dict.fromkeys(p.department_name for p in comp))
    outside = list(dict.fromkeys(p.department_name for p in comp if named and not ctx.domains(p) & named))
    matched = {frozenset(ctx.domains(p) & named) for p in comp if ctx.domains(p) & named}
    exact = len({frozenset(p.articles[article]) for p in comp}) == 1
    if not grants:
        severity, why = "medium", NOT_CONFERRING
    elif len(matched) > 1 and not outside:
        phrases = {g.authority for g in grants if g.authority and any(g.domains & ctx.domains(p) for p in comp)}
        if len(phrases) == 1 and not _SEVERAL.search(next(iter(phrases))):
            # one authority in the law, mapped to several domains: split by an institutional reform
            severity = "medium"
            why = (
                f"法律规定的主管部门（{next(iter(phrases))}）现分属多个部门（{domain_labels(named)}），请明确分工 / "
                "one authority in the law, now several departments: agree the division"
            )
        else:
            severity, why = (
                "low",
                (
                    f"法律将该职权授予多个主管部门（{domain_labels(named)}），请核对分工 / "
                    "the law names several authorities: check the division of duties"
                ),
            )
    else:
        severity = "high"
        why = f"法律授权：{domain_labels(named) or '未识别'} / the law confers it on {domain_labels(named) or '?'}"
        if outside:
            why += f"；非法定主管部门 / not the authority the law names: {'、'.join(outside)}"
    evidence = [
        f"{label}：{ctx.article_text(article)}",
        why,
        "引用完全相同 / identical citations" if exact else "引用范围相互包含 / one citation covers the other",
    ]
    evidence += [f"{p.department_name}：{p.name}（{', '.join(_cited(label, article, p))}）" for p in comp]
    members = [ctx.member(p, "；".join(_cited(label, article, p))) for p in comp]
    summary = f"{len(depts)}个部门以{label}为同一{type_label(ptype)}依据：{'、'.join(depts)}"
    return Finding("cross", severity, summary, evidence, members, None, article, label)


def _cited(label: str, article: str, p: PowerRecord) -> list[str]:
    return [subdivision_label(label, article, t) for t in sorted(p.articles[article])]


# ---------------------------------------------------------------- near-duplicates


def near_duplicates(ctx: Context, min_score: float = DEFAULT_MIN_SCORE) -> list[Finding]:
    powers = [p for p in ctx.data.powers.values() if p.name]
    entries = [Entry(p.iri, ctx.dept(p), (p.area, p.type), p.name) for p in powers]
    grams = {p.iri: bigrams(normalise(p.name)) for p in powers}
    pairs = [
        (powers[i], powers[j], score)
        for i, j, score in similar_pairs(entries, min_score)
        if not set(powers[i].articles) & set(powers[j].articles)
    ]  # same article: a cross finding says it
    # Complete linkage, best pairs first: a power joins a cluster only if it is like every member,
    # so that 摆摊设点 ≈ 堆放物料 ≈ … does not chain unrelated powers together.
    clusters: list[list[PowerRecord]] = []
    cluster_of: dict[str, int] = {}
    evidence: dict[int, list[tuple[PowerRecord, PowerRecord, float]]] = defaultdict(list)
    for a, b, score in sorted(pairs, key=lambda x: -x[2]):
        ca, cb = cluster_of.get(a.iri), cluster_of.get(b.iri)
        if ca is None and cb is None:
            cluster_of[a.iri] = cluster_of[b.iri] = len(clusters)
            clusters.append([a, b])
            evidence[len(clusters) - 1].append((a, b, score))
        elif ca is not None and cb is not None:
            if ca == cb:
                evidence[ca].append((a, b, score))
        else:
            k, new = (ca, b) if ca is not None else (cb, a)
            if all(dice(grams[new.iri], grams[m.iri]) >= min_score for m in clusters[k]):
                clusters[k].append(new)
                cluster_of[new.iri] = k
                evidence[k].append((a, b, score))
    findings = []
    for k, comp in enumerate(clusters):
        best = max(s for _, _, s in evidence[k])
        severity = "high" if best >= 0.9 else "medium" if best >= 0.8 else "low"
        depts = list(dict.fromkeys(p.department_name for p in comp))
        lines = [
            f"{a.department_name}「{a.name}」≈ {b.department_name}「{b.name}」：{s:.2f}" for a, b, s in evidence[k]
        ]
        cores = " | ".join(dict.fromkeys(normalise(p.name) for p in comp))
        lines.append(f"规范化名称 / names without their frame: {cores}")
        summary = f"{len(depts)}个部门的{comp[0].type_label}名称近似：{'、'.join(depts)}"
        findings.append(
            Finding(
                "near",
                severity,
                summary,
                lines,
                [ctx.member(p, f"规范化名称 {normalise(p.name)}") for p in comp],
                best,
                normalise(comp[0].name),
                comp[0].name,
            )
        )
    return findings


# ---------------------------------------------------------------- internal


def internal(ctx: Context) -> list[Finding]:
    findings = []
    shared: dict[tuple[str, frozenset[str]], list[PowerRecord]] = defaultdict(list)
    for p in ctx.data.powers.values():
        if len(p.units) >= 2 and not p.leads:
            shared[(ctx.dept(p), frozenset(p.units))].append(p)
        elif len(p.units) <= 1 and len(p.posts) >= 2:
            findings.append(
                Finding(
                    "internal",
                    "medium",
                    f"{p.department_name}「{p.name}」有{len(p.posts)}个责任岗位，未明确主责岗位",
                    [f"责任岗位 posts: {', '.join(sorted(_slug(x) for x in p.posts))}"],
                    [ctx.member(p, f"{len(p.posts)} posts")],
                    None,
                    p.iri,
                    p.name,
                )
            )
    # One finding per department and set of units: the same pair of units sharing twenty powers is one problem.
    for (_, units), group in shared.items():
        names = "、".join(sorted(group[0].units[u] for u in units))
        decisions = [p for p in group if _slug(p.type) in DECISIONS]
        severity = "high" if decisions else "medium"
        what = f"「{group[0].name}」" if len(group) == 1 else f"{len(group)}项职权"
        findings.append(
            Finding(
                "internal",
                severity,
                f"{group[0].department_name}{what}由{len(units)}个内设机构共同承办，未明确牵头：{names}",
                [
                    f"承办机构 units: {names}",
                    "未写明牵头机构（牵头）/ no lead unit named",
                    f"其中{len(decisions)}项为许可、处罚或强制决定 / {len(decisions)} decide on a party's rights",
                ]
                + [f"{p.list_title} {p.sheet} 第{p.row}行：{p.name}" for p in group[:20]],
                [ctx.member(p, names) for p in group],
                None,
                "|".join(sorted(units)),
                names,
            )
        )
    twice: dict[tuple[str, str, str], list[PowerRecord]] = defaultdict(list)
    for p in ctx.data.powers.values():
        key = normalise(p.name)
        if key:
            twice[(ctx.dept(p), p.type, key)].append(p)
    for (_, _, key), group in twice.items():
        if len(group) < 2:
            continue
        same_basis = len({frozenset(p.articles) for p in group}) == 1
        evidence = [
            f"同一部门重复列出 / listed {len(group)} times by one department: {key}",
            "依据相同 / same basis" if same_basis else "依据不同 / different basis",
        ]
        evidence += [f"{p.list_title} {p.sheet} 第{p.row}行：{p.name}" for p in group]
        findings.append(
            Finding(
                "internal",
                "medium" if same_basis else "low",
                f"{group[0].department_name}重复列出{group[0].type_label}「{group[0].name}」（{len(group)}次）",
                evidence,
                [ctx.member(p, "duplicate item") for p in group],
                None,
                key,
                group[0].name,
            )
        )
    return findings


# ---------------------------------------------------------------- vertical


def _level_name(iri: str) -> str:
    return scheme("exercise-level").pref.get(iri, _slug(iri) if iri else "未注明层级")


def _undivided(levels: list[tuple[str, str]]) -> str | None:
    """Severity when levels of one power share the work without dividing it, else None."""
    scopes = [" ".join(s.split()) for _, s in levels]
    if all(not s for s in scopes):
        return "high"
    if any(not s for s in scopes) or len(set(scopes)) < len(scopes):
        return "medium"
    return None


def vertical(ctx: Context) -> list[Finding]:
    findings = []
    for p in ctx.data.powers.values():
        if not p.assignments:
            continue
        levels = [(p.level, p.scope)] + [(lv, sc) for lv, sc, _ in p.assignments]
        if len({lv for lv, _ in levels}) < 2:
            continue
        severity = _undivided(levels)
        if severity is None:
            continue
        evidence = [f"{_level_name(lv)}：{sc or '（未写明权限 / no scope）'}" for lv, sc in levels]
        findings.append(
            Finding(
                "vertical",
                severity,
                f"「{p.name}」在{len(levels)}个层级列出，未划分实施权限",
                evidence,
                [ctx.member(p, "；".join(_level_name(lv) for lv, _ in levels))],
                None,
                p.iri,
                p.name,
            )
        )
    groups: dict[tuple[str, str], list[PowerRecord]] = defaultdict(list)
    for p in ctx.data.powers.values():
        key = normalise(p.name)
        if key and p.level:
            groups[(p.type, key)].append(p)
    for (_, key), group in groups.items():
        by_level: dict[str, list[PowerRecord]] = defaultdict(list)
        for p in group:
            by_level[p.level].append(p)
        if len(by_level) < 2 or len({p.list for p in group}) < 2:
            continue
        domains = [ctx.domains(p) or {ctx.dept(p)} for p in group]
        if not set.intersection(*domains):
            continue  # different fields of government that happen to name a power alike
        severity = _undivided([(lv, ps[0].scope) for lv, ps in by_level.items()])
        if severity is None:
            continue
        evidence = [
            f"{_level_name(lv)}：{p.department_name}（{p.list_title}）：{p.scope or '未写明权限'}"
            for lv, ps in by_level.items()
            for p in ps
        ]
        findings.append(
            Finding(
                "vertical",
                severity,
                f"「{group[0].name}」在{len(by_level)}个层级的清单中重复列出，未划分实施权限",
                evidence,
                [ctx.member(p, _level_name(p.level)) for p in group],
                None,
                key,
                group[0].name,
            )
        )
    return findings


# ---------------------------------------------------------------- all together


PARTS = {
    "cross": ("basis", "grants", "articles"),
    "near": ("basis",),
    "internal": ("basis", "units"),
    "vertical": ("basis", "grants", "levels"),
}


def find_overlaps(
    store: Store,
    kinds: Iterable[str] = KINDS,
    min_score: float = DEFAULT_MIN_SCORE,
    department: str | None = None,
    step: Step | None = None,
) -> list[Finding]:
    """Every finding of the kinds asked for, most severe first; ``department`` keeps those involving it."""
    kinds = tuple(kinds)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown overlap kind {', '.join(sorted(unknown))}: expected one of {', '.join(KINDS)}")
    parts = tuple(dict.fromkeys(x for k in kinds for x in PARTS[k]))
    data = read_snapshot(store, parts, step)
    ctx = Context(data, department_profiles(data))
    findings: list[Finding] = []
    for kind in kinds:
        started = time.monotonic()
        found = {
            "cross": lambda: cross_department(ctx),
            "near": lambda: near_duplicates(ctx, min_score),
            "internal": lambda: internal(ctx),
            "vertical": lambda: vertical(ctx),
        }[kind]()
        if step:
            step(f"{kind}: {len(found)} findings", time.monotonic() - started)
        findings.extend(found)
    if department:
        findings = [f for f in findings if any(department in (m.department, m.department_name) for m in f.members)]
    return ordered(findings)
