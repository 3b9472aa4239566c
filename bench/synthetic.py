"""Synthetic power lists with seeded defects, for the validator's tests and benchmarks.

``generate(powers, lists)`` writes what the loaders would write for that
many powers — a graph per list (department, units, posts, powers with their
source rows, citations resolved to articles, duties, accountability, remedy
channel, procedures with timed steps, some powers with sub-items) — plus
synthetic statutes and quanze's ontology and vocabularies, about 59 triples
per power. A share of the powers (3% by default) carries one defect each,
of one of the kinds in ``DEFECTS``, each known to break named shapes, so a
test can check that every defect is caught where it was seeded and nowhere
else. Everything comes from a seeded random generator: the same arguments
give the same graph.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from quanze.loaders import iris
from quanze.loaders.ntriples import GraphWriter
from quanze.loaders.ontology import ontology_documents
from quanze.loaders.vocab import DCT, ELI, ORG, PROV, QZ, RDFS, TIME, XSD, concept

S = "https://w3id.org/quanze/shapes#"

#: Defect kind → the shapes it must break, each with the node its finding is about: the power, its
#: first basis citation, or the time limit of its first procedure step.
DEFECTS: dict[str, dict[str, str]] = {
    "missing-type": {"PowerShape-type": "power"},
    "two-types": {"PowerShape-type": "power"},
    "unknown-type": {"PowerShape-type": "power"},
    "missing-name": {"PowerShape-name": "power"},
    "missing-list": {"PowerShape-list": "power"},
    "missing-source": {"PowerShape-source": "power"},
    "missing-department": {"PowerShape-department": "power"},
    "missing-unit": {"PowerShape-unit": "power", "PostInUnitShape": "power"},
    "missing-post": {"PowerShape-post": "power"},
    "missing-basis": {"PowerShape-basis": "power"},
    "missing-duty": {"PowerShape-duty": "power"},
    "missing-accountability": {"PowerShape-accountability": "power"},
    "basis-without-article": {
        "BasisArticleShape": "power",
        "BasisCitationShape-resolved": "citation",
    },
    "unresolved-citation": {"BasisCitationShape-resolved": "citation"},
    "missing-procedure": {"ProcedureShape": "power"},
    "step-without-order": {"StepShape": "power"},
    "step-without-post": {"StepShape": "power"},
    "step-without-limit": {"StepShape": "power"},
    "committed-over-statutory": {"CommittedLimitShape": "power"},
    "negative-limit": {"TimeLimitShape-amount": "limit"},
    "unknown-limit-unit": {"TimeLimitShape-unit": "limit"},
    "missing-remedy": {"RemedyShape": "power"},
    "unit-of-other-department": {"UnitInDepartmentShape": "power"},
    "post-outside-units": {"PostInUnitShape": "power"},
    "sub-item-type": {"SubItemTypeShape": "power"},
    "sub-item-without-parent": {"SubItemShape-parent": "power"},
    "two-codes": {"CodeShape-single": "power"},
    "duplicate-code": {"UniqueCodeShape": "power"},
    "superseded-version": {"BasisInForceShape": "power"},
    "basis-level-too-low": {"BasisLevelShape": "power"},
    # the version cited is an older one, so it is also out of force: a list citing the 2010 text
    "cited-other-version": {"CitedVersionShape": "citation", "BasisInForceShape": "power"},
}
PROCEDURAL = ("licensing", "penalty", "coercion", "levy", "benefit", "adjudication")
CONTESTABLE = (*PROCEDURAL, "confirmation")
TYPES = ("penalty",) * 6 + (
    "licensing",
    "coercion",
    "inspection",
    "confirmation",
    "levy",
    "benefit",
    "adjudication",
    "reward",
    "other",
)
LEVELS = ("law", "administrative-regulation", "local-regulation", "departmental-rule")
LIST_YEAR = 2024


@dataclass
class Synthetic:
    """The graphs (named graph → N-Quads) and where each defect was seeded."""

    graphs: dict[str, bytes]
    powers: int
    statements: int
    #: (focus IRI, shape local name) that validation must report: exactly these, no others
    expected: set[tuple[str, str]] = field(default_factory=set)
    #: defect kind → the powers that carry it
    seeded: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class _Statute:
    iri: str
    title: str
    level: str
    version: str
    old_version: str
    articles: list[str]


#: Words that synthetic power names are made of: three drawn for each power (59³ ≈ 205,000 names), so
#: names differ as real ones do and a few coincide; a number would vanish when names are compared
#: (bench/synthetic names were once 合成事项N, which every name comparison read as one name).
_TWO_CHARACTER_WORDS = (
    "食品药品烟花爆竹特种设备计量器具广告商标价格标签农药兽药种子肥料饲料"
    "渔业船舶林木草原矿产土地房屋建筑燃气供水排水道路桥梁车辆客运货运危险"
    "化学放射噪声废水废气固体档案统计税务社保医保就业培训职业安全消防文物"
    "旅游出版电影广播网络数据电力石油"
)
NAME_WORDS = tuple(_TWO_CHARACTER_WORDS[i : i + 2] for i in range(0, len(_TWO_CHARACTER_WORDS), 2))


def power_name(key: str) -> str:
    """A power's name for ``key``: 对 + three words + 的处理, the same for the same key in every run."""
    rnd = random.Random(key)
    return "对" + "".join(rnd.choice(NAME_WORDS) for _ in range(3)) + "的处理"


class _Generator:
    def __init__(self, seed: int, defect_rate: float) -> None:
        self.rnd = random.Random(seed)
        self.defect_rate = defect_rate
        self.statutes: list[_Statute] = []
        self.normative: _Statute | None = None

    # ------------------------------------------------------------ statutes

    def statute_graphs(self, count: int) -> dict[str, bytes]:
        out = {}
        for n in range(count + 1):
            normative = n == count
            level = "normative-document" if normative else LEVELS[n % len(LEVELS)]
            short = f"合成管理规定{n}" if normative else f"合成法规{n}"
            work = iris.statute(short)
            old, new = (
                iris.statute_version(short, "2010-01-01"),
                iris.statute_version(short, "2020-01-01"),
            )
            g = GraphWriter(iris.graph("statute", short, "2020-01-01"))
            g.type(work, QZ.Statute)
            g.plain(work, ELI.title, short)
            g.plain(work, ELI.title_short, short)
            g.iri(work, QZ.legalLevel, concept("legal-level", level))
            for version, date in ((old, "2010-01-01"), (new, "2020-01-01")):
                g.type(version, QZ.StatuteVersion)
                g.iri(version, QZ.isVersionOf, work)
                g.iri(work, QZ.hasVersion, version)
                g.typed(version, ELI.version_date, date, XSD.date)
                g.text(version, RDFS.label, f"{short}（{date}）")
            g.typed(old, ELI.date_no_longer_in_force, "2020-01-01", XSD.date)
            g.iri(work, QZ.currentVersion, new)
            articles = []
            for a in range(1, 41):
                art = iris.article(new, a)
                g.type(art, QZ.Article)
                g.iri(art, QZ.inVersion, new)
                g.integer(art, QZ.number, a)
                articles.append(art)
            statute = _Statute(work, short, level, new, old, articles)
            if normative:
                self.normative = statute
            else:
                self.statutes.append(statute)
            out[g.graph_iri] = g.finish().read()
        return out

    # ------------------------------------------------------------ lists

    def list_graph(self, number: int, powers: int, synthetic: Synthetic) -> tuple[str, bytes]:
        identity = f"合成市第{number}局{LIST_YEAR}年权责清单"
        list_iri = iris.power_list(identity)
        g = GraphWriter(iris.graph("list", identity))
        dept_name = f"合成市第{number}局"
        dept = iris.department(dept_name)
        g.type(list_iri, QZ.PowerList)
        g.text(list_iri, DCT.title, identity)
        g.plain(list_iri, QZ.sourceFile, f"{identity}.xlsx")
        g.typed(list_iri, DCT.issued, str(LIST_YEAR), XSD.gYear)
        g.iri(list_iri, DCT.publisher, dept)
        g.type(dept, QZ.Department)
        g.text(dept, RDFS.label, dept_name)
        units = []
        for u in range(1, 9):
            unit = iris.unit(dept, f"第{u}科")
            g.type(unit, QZ.Unit)
            g.text(unit, RDFS.label, f"第{u}科")
            g.iri(unit, ORG.unitOf, dept)
            g.iri(dept, ORG.hasUnit, unit)
            post = iris.post(unit, "handler")
            g.type(post, QZ.Post)
            g.text(post, RDFS.label, f"第{u}科具体承办人")
            g.iri(post, ORG.postIn, unit)
            units.append((unit, post))
        ctx = _ListContext(g, list_iri, dept, units, f"HC{number:03d}")
        made = 0
        row = 3
        while made < powers:
            key = str(made + 1)
            family = powers - made >= 3 and self.rnd.random() < 0.02
            power = iris.power(list_iri, key)
            if family:
                self._parent(ctx, power, key, row, synthetic)
                made += 3
                row += 2
            else:
                self._power(ctx, power, key, row, self._pick_defect(), synthetic)
                made += 1
                row += 1
        return g.graph_iri, g.finish().read()

    def _pick_defect(self) -> str | None:
        if self.rnd.random() >= self.defect_rate:
            return None
        return self.rnd.choice([k for k in DEFECTS if not k.startswith("sub-item")])

    def _parent(self, ctx: _ListContext, power: str, key: str, row: int, synthetic: Synthetic) -> None:
        """A power with two sub-items: the parent says what it is, the sub-items carry the rest."""
        g = ctx.g
        ptype = self.rnd.choice(TYPES)
        g.type(power, QZ.Power)
        g.text(power, RDFS.label, power_name(key))
        g.iri(power, QZ.inList, ctx.list_iri)
        g.iri(power, QZ.powerType, concept("power-type", ptype))
        g.iri(power, QZ.department, ctx.dept)
        g.plain(power, QZ.code, f"{ctx.code}-{key}")
        self._source(ctx, power, row, row + 1)
        defect = None
        if self.rnd.random() < self.defect_rate * 10:
            defect = self.rnd.choice(["sub-item-type", "sub-item-without-parent"])
        for k in (1, 2):
            sub = f"{power}/sub/{k}"
            kind = defect if k == 2 else None
            self._power(ctx, sub, f"{key}-{k}", row + k - 1, kind, synthetic, parent=(power, ptype))

    def _source(self, ctx: _ListContext, power: str, row: int, last: int) -> None:
        g = ctx.g
        source = f"{power}/source"
        g.type(source, QZ.SourceRecord)
        g.iri(source, DCT.isPartOf, ctx.list_iri)
        g.plain(source, QZ.sheetName, "Sheet1")
        g.integer(source, QZ.rowNumber, row)
        g.integer(source, QZ.lastRowNumber, last)
        g.iri(power, PROV.wasDerivedFrom, source)

    def _power(
        self,
        ctx: _ListContext,
        power: str,
        key: str,
        row: int,
        defect: str | None,
        synthetic: Synthetic,
        parent: tuple[str, str] | None = None,
    ) -> None:
        g, rnd = ctx.g, self.rnd
        ptype = parent[1] if parent else rnd.choice(TYPES)
        if (
            defect
            in (
                "missing-procedure",
                "step-without-order",
                "step-without-post",
                "step-without-limit",
                "committed-over-statutory",
                "negative-limit",
                "unknown-limit-unit",
            )
            and ptype not in PROCEDURAL
        ):
            ptype = "penalty"
        if defect == "missing-remedy" and ptype not in CONTESTABLE:
            ptype = "penalty"
        if defect == "basis-level-too-low":
            ptype = rnd.choice(("penalty", "licensing"))
        g.type(power, QZ.SubItem if parent else QZ.Power)
        if parent and defect != "sub-item-without-parent":
            g.iri(power, QZ.subItemOf, parent[0])
            g.iri(parent[0], QZ.hasSubItem, power)
        if defect != "missing-name":
            g.text(power, RDFS.label, power_name(key))
        if defect != "missing-list":
            g.iri(power, QZ.inList, ctx.list_iri)
        if defect == "sub-item-type":
            g.iri(
                power,
                QZ.powerType,
                concept("power-type", "inspection" if ptype != "inspection" else "reward"),
            )
        elif defect == "unknown-type":
            g.iri(power, QZ.powerType, concept("power-type", "unknown"))
        elif defect != "missing-type":
            g.iri(power, QZ.powerType, concept("power-type", ptype))
        if defect == "two-types":
            g.iri(
                power,
                QZ.powerType,
                concept("power-type", "other" if ptype != "other" else "reward"),
            )
        if defect != "missing-department":
            g.iri(power, QZ.department, ctx.dept)
        if defect != "duplicate-code":
            g.plain(power, QZ.code, f"{ctx.code}-{key}")
        if defect == "two-codes":
            g.plain(power, QZ.code, f"{ctx.code}-{key}-bis")
        if defect == "duplicate-code":
            g.plain(power, QZ.code, "HC-DUP")
        if defect != "missing-source":
            self._source(ctx, power, row, row)
        unit, post = rnd.choice(ctx.units)
        if defect == "unit-of-other-department":
            unit = f"{iris.department('合成市其他局')}/unit/第1科"
            g.type(unit, QZ.Unit)
            post = f"{unit}/post/handler"
            g.type(post, QZ.Post)
            g.iri(post, ORG.postIn, unit)
        if defect != "missing-unit":
            g.iri(power, QZ.unit, unit)
        if defect == "post-outside-units":
            post = next(p for u, p in ctx.units if u != unit)
        if defect != "missing-post":
            g.iri(power, QZ.responsiblePost, post)
        self._basis(ctx, power, ptype, defect)
        if defect != "missing-duty":
            for d in range(1, rnd.randint(1, 2) + 1):
                duty = f"{power}/duty/{d}"
                g.type(duty, QZ.Duty)
                g.iri(power, QZ.hasDuty, duty)
                g.integer(duty, QZ.order, d)
                g.iri(duty, QZ.dutyStage, concept("duty-stage", "decision"))
        if defect != "missing-accountability":
            acc = f"{power}/accountability/1"
            g.type(acc, QZ.AccountabilitySituation)
            g.iri(power, QZ.hasAccountability, acc)
        if ptype in CONTESTABLE and defect != "missing-remedy":
            remedy = f"{power}/remedy"
            g.type(remedy, QZ.RemedyChannel)
            g.iri(power, QZ.remedyChannel, remedy)
        if ptype in PROCEDURAL and defect != "missing-procedure":
            self._procedure(ctx, power, post, defect)
        if defect:
            synthetic.seeded[defect].append(power)
            nodes = {
                "power": power,
                "citation": f"{power}/basis/1",
                "limit": f"{power}/procedure/step/1/limit",
            }
            for shape, about in DEFECTS[defect].items():
                synthetic.expected.add((nodes[about], shape))

    def _basis(self, ctx: _ListContext, power: str, ptype: str, defect: str | None) -> None:
        g, rnd = ctx.g, self.rnd
        if defect == "missing-basis":
            return
        count = 1 if defect else rnd.randint(1, 2)
        for c in range(1, count + 1):
            statute = self.normative if defect == "basis-level-too-low" else rnd.choice(self._creating(ptype))
            assert statute is not None
            cite = f"{power}/basis/{c}"
            g.type(cite, QZ.Citation)
            g.iri(power, QZ.hasBasisCitation, cite)
            g.plain(cite, QZ.citedTitle, statute.title)
            g.iri(cite, QZ.citedLevel, concept("legal-level", statute.level))
            g.iri(cite, QZ.citedStatute, statute.iri)
            if defect == "unresolved-citation":
                g.type(cite, QZ.UnresolvedCitation)
                g.iri(cite, QZ.resolutionStatus, concept("citation-status", "unknown-statute"))
                continue
            if defect == "basis-without-article":
                g.type(cite, QZ.UnresolvedCitation)
                g.iri(cite, QZ.resolutionStatus, concept("citation-status", "statute-only"))
                continue
            cited = statute.old_version if defect in ("superseded-version", "cited-other-version") else statute.version
            if defect == "superseded-version":
                g.iri(cite, QZ.citedVersion, cited)
                g.iri(cite, QZ.resolvedInVersion, cited)
            else:
                g.iri(cite, QZ.citedVersion, cited)
                g.iri(cite, QZ.resolvedInVersion, statute.version)
            article = rnd.choice(statute.articles)
            g.iri(cite, QZ.citesSubdivision, article)
            g.iri(cite, QZ.resolutionStatus, concept("citation-status", "resolved"))
            g.iri(power, QZ.hasLegalBasis, article)

    def _creating(self, ptype: str) -> list[_Statute]:
        """Statutes whose level may create the type (a ministry's rule: no licence, no coercion)."""
        if ptype in ("licensing", "coercion"):
            return [s for s in self.statutes if s.level != "departmental-rule"]
        return self.statutes

    def _procedure(self, ctx: _ListContext, power: str, post: str, defect: str | None) -> None:
        g, rnd = ctx.g, self.rnd
        proc = f"{power}/procedure"
        g.type(proc, QZ.Procedure)
        g.iri(power, QZ.hasProcedure, proc)
        for order in range(1, rnd.randint(2, 3) + 1):
            step = f"{proc}/step/{order}"
            g.type(step, QZ.Step)
            g.iri(proc, QZ.hasStep, step)
            g.text(step, RDFS.label, ("受理", "审查", "决定")[order - 1])
            if not (order == 1 and defect == "step-without-order"):
                g.integer(step, QZ.order, order)
            if not (order == 1 and defect == "step-without-post"):
                g.iri(step, QZ.handlingPost, post)
            if not (order == 1 and defect == "step-without-limit"):
                amount = -1 if (order == 1 and defect == "negative-limit") else rnd.randint(1, 5)
                unit = "bogus" if (order == 1 and defect == "unknown-limit-unit") else "working-day"
                self._limit(g, f"{step}/limit", step, QZ.timeLimit, QZ.TimeLimit, amount, unit)
        statutory = rnd.randint(15, 20)
        committed = statutory * 2 if defect == "committed-over-statutory" else rnd.randint(5, 15)
        self._limit(
            g,
            f"{proc}/statutory-limit",
            proc,
            QZ.statutoryTimeLimit,
            QZ.StatutoryTimeLimit,
            statutory,
            "working-day",
        )
        self._limit(
            g,
            f"{proc}/committed-limit",
            proc,
            QZ.committedTimeLimit,
            QZ.CommittedTimeLimit,
            committed,
            "day",
        )

    @staticmethod
    def _limit(g: GraphWriter, node: str, owner: str, prop: str, cls: str, amount: float, unit: str) -> None:
        g.type(node, cls)
        g.iri(owner, prop, node)
        g.decimal(node, TIME.numericDuration, amount)
        units = {"working-day": QZ.unitWorkingDay, "day": TIME.unitDay, "bogus": TIME.unitWeek}
        g.iri(node, TIME.unitType, units[unit])


@dataclass
class _ListContext:
    g: GraphWriter
    list_iri: str
    dept: str
    units: list[tuple[str, str]]
    code: str  # the department's prefix of item codes (事项编码), as real lists have


def generate(
    powers: int,
    lists: int | None = None,
    defect_rate: float = 0.03,
    seed: int = 1,
    statutes: int = 40,
) -> Synthetic:
    """``powers`` powers (sub-items included) in ``lists`` lists (default: one per 1,000 powers)."""
    lists = lists or max(1, powers // 1000)
    gen = _Generator(seed, defect_rate)
    graphs = {d.graph: d.nquads() for d in ontology_documents()}
    graphs.update(gen.statute_graphs(statutes))
    synthetic = Synthetic(graphs, powers, 0)
    per_list = [powers // lists + (1 if i < powers % lists else 0) for i in range(lists)]
    for number, count in enumerate(per_list, start=1):
        graph, data = gen.list_graph(number, count, synthetic)
        graphs[graph] = data
    _pair_duplicates(synthetic)
    synthetic.statements = sum(data.count(b"\n") for data in graphs.values())
    return synthetic


def _pair_duplicates(synthetic: Synthetic) -> None:
    """A duplicate code needs two powers of one list: a lone seeded power is no duplicate."""
    by_list: dict[str, list[str]] = defaultdict(list)
    for power in synthetic.seeded.get("duplicate-code", []):
        by_list[power.split("/power/")[0]].append(power)
    for members in by_list.values():
        if len(members) == 1:
            synthetic.expected.discard((members[0], "UniqueCodeShape"))
            synthetic.seeded["duplicate-code"].remove(members[0])
