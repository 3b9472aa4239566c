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
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from quanze.loaders import iris
from quanze.loaders.citations import character_pairs, text_similarity
from quanze.loaders.concepts import scheme
from quanze.loaders.conferral import ALLOCATION_ACT, COERCION, LICENSING, PENALTY, AuthorityReader
from quanze.loaders.lexicon.files import Lexicon, lexicon
from quanze.loaders.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from quanze.loaders.statute_model import short_title
from quanze.loaders.vocab import concept
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
    reasons: list[str] = field(default_factory=list)  # why it is a candidate
    caveats: list[str] = field(default_factory=list)  # what ranked it down
    held_back: bool = False  # its caveats weigh so much that it comes after every other candidate


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

#: 依照《治安管理处罚法》的规定处罚, 依照有关法律的规定处罚, 依照民办教育促进法第六十四条规定给予处罚:
#: the article refers the penalty to another law or article, which is where the power is conferred.
_REFERRAL = re.compile(
    r"依照[^。；]{0,40}?(?:《[^》]+》|有关法律|有关规定|该法律|法律、行政法规|[^。；，]{0,12}法第[^。；]{0,12}条)"
    r"[^。；]{0,20}?(?:给予|予以|进行|依法)?(?:行政|治安管理)?处罚"
    r"|依法(?:从重)?(?:给予|予以)[^。；，]{0,4}?(?:行政)?处罚"  # 依法给予行政处罚: by whichever law applies
)
#: 可以免予处罚, 不予行政处罚: a rule on mitigation, not a power of its own.
_EXEMPTION = re.compile(r"免予(?:行政)?处罚|不予(?:行政)?处罚")
#: 提出意见，报请本级人民政府…责令停业整顿或者关闭: the government decides, not the department.
_GOVERNMENT_DECIDES = re.compile(r"报请[^。；，]{0,12}人民政府[^。；]{0,30}?(?:决定|批准|责令)")
#: A department of a city or county exercises none of these levels' powers.
_ABOVE = {"national", "provincial"}
#: A candidate whose caveats bring its weight to this or below is held back: listed after the others,
#: not on a reviewer's first page (a referral, a detention, an authority the statute only implies …).
HELD_BACK_AT = 0.5
#: A power of the list whose name shares this much of its wording with the article probably covers it …
COVERED_AT = 0.7
#: … when the name is at least this long (对民办学校的监督检查 shares all its words with any article on schools).
COVER_NAME_MIN = 8
_NAME_FRAME = re.compile(r"^对|的?(?:行政)?(?:处罚|强制|监督检查|检查)$")


def _covering(data: Snapshot, prof: DepartmentProfile, text: str, types: set[str]) -> tuple[float, str]:
    """The department's power of the same type whose name is most like the article's wording, and how alike."""
    best = (0.0, "")
    for iri in prof.powers:
        power = data.powers[iri]
        core = _NAME_FRAME.sub("", power.name)
        if power.type in types and len(core) >= COVER_NAME_MIN:
            best = max(best, (text_similarity(core, text), power.name))
    return best


#: The list names more than this share of the article's conducts: it covers the article (half is not enough:
#: the other half may be the omission).
COVERED_SHARE = 0.5
#: 对…校验、调试等行为的处罚: an item naming one conduct of an article for all of them.
_CATCH_ALL = re.compile(r"等(?:违法|违规)?(?:行为|情形)")
#: A conduct the list already names: this share of its character pairs is in one item's name or basis text.
CONDUCT_COVERED_AT = 0.8
#: Shorter conducts (倒卖烟草专卖品) are matched against item names only: a long basis text contains them by chance.
CONDUCT_MIN = 5
CONDUCT_MIN_IN_BASIS = 10
#: (一)…; (二)…: an enumerated conduct of the article.
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]\s*")
#: 违反本法第三十二条规定，  除本法另有规定的情形外，  : the frame before the conduct itself.
_CONDUCT_LEAD = re.compile(
    r"^(?:除[^，。；]*外[，,])?(?:违反本(?:法|条例|办法|规定)[^，。；]{0,30}?规定[，,的]?)?"
    r"(?:有下列(?:行为|情形)之一[^，。；]*)?"
)
#: The conduct ends where the article turns to its consequence: 的，由…; 的，责令…; 的，处…
_CONDUCT_END = re.compile(r"的[，,；;。]|[；;。]$|$")


#: 逾期未改正的, 情节严重的, 拒不改正的: a consequence of the conduct, not another conduct.
#: 因…犯罪被判处有期徒刑以上刑罚的: a bar on the persons sentenced, not a conduct of its own.
_AFTER = re.compile(
    r"^(?:逾期|拒不|情节|造成|构成|有违法所得|使|给|对)|货值金额|违法所得[^，]{0,4}(?:不足|以上)|被判处"
)


def conducts(text: str) -> list[str]:
    """The conducts an article penalises: each enumerated item, and the condition of each other sentence.

    Why: a list names its items by conduct (对…的处罚), and one item can rest on another statute, an
    implementing regulation or an older numbering; the conduct is what stays the same across them.
    """
    found: list[str] = []
    for line in text.splitlines():
        if _ITEM.match(line):
            found.append(_ITEM.sub("", line).rstrip("；;。，, 的"))
            continue
        for sentence in re.split(r"(?<=[。；;])", line):
            sentence = sentence.strip()
            if "的，" not in sentence and "的," not in sentence:
                continue
            body = _CONDUCT_LEAD.sub("", sentence)
            conduct = body[: _CONDUCT_END.search(body).start()]
            if not conduct or conduct[0] in "，,；;" or "由" in conduct or "下列" in conduct or _AFTER.search(conduct):
                continue  # only the frame (违反本法关于…的规定的，由…), an authority or a list of items: no conduct
            found.append(conduct)
    return [c.rstrip("的") for c in found if len(c) >= CONDUCT_MIN]


@dataclass
class Cover:
    """A power of the list that already names the conducts of a candidate article."""

    name: str
    row: int | None
    sheet: str
    evidence: str  # the name or basis text it was found in
    covered: int  # conducts of the article found in it
    conducts: int

    @property
    def share(self) -> float:
        return self.covered / self.conducts if self.conducts else 0.0

    @property
    def covers(self) -> bool:
        """More than half the conducts named, or one named by an item that says it takes the others (…等行为)."""
        return self.share > COVERED_SHARE or bool(_CATCH_ALL.search(self.name))

    def said(self) -> str:
        where = f"第{self.row}行" if self.row else "行号未知"
        part = "" if self.covered == self.conducts else f"（{self.covered}/{self.conducts}项行为）"
        return (
            f"清单{where}“{self.name}”已列此行为{part}：{self.evidence[:40]} / "
            f"covered by list item {self.name} (row {self.row}): {self.covered} of {self.conducts} conducts"
        )


@dataclass
class _Evidence:
    """One power of the list as coverage sees it: its name and basis texts with their character pairs,
    computed once per department (a department is compared with every candidate of its statutes)."""

    iri: str
    type: str
    name: str
    name_pairs: frozenset[str]
    texts: list[tuple[str, str, frozenset[str]]]  # (version or "", text, pairs)


def list_evidence(data: Snapshot, prof: DepartmentProfile) -> list[_Evidence]:
    """Each power's name (without 对…的处罚) and the basis texts it rests on: what it quotes, and the articles
    it cites (with their version: a sibling article of the candidate's own version is another power)."""
    out = []
    for iri in prof.powers:
        power = data.powers[iri]
        texts = [("", c.quote) for c in data.citations.get(iri, ()) if c.quote]
        texts += [(data.articles[a].version, data.articles[a].text) for a in power.articles if a in data.articles]
        name = _NAME_FRAME.sub("", power.name)
        out.append(
            _Evidence(iri, power.type, name, character_pairs(name), [(v, t, character_pairs(t)) for v, t in texts])
        )
    return out


def _share(unit: frozenset[str], text: frozenset[str]) -> float:
    """As ``text_similarity``: the share of the conduct's character pairs found in the text."""
    return len(unit & text) / len(unit) if unit else 0.0


#: A conduct found in a long basis text must share a run of this many characters with it, not scattered pairs.
CONDUCT_RUN = 6


def _in_basis(unit: str, pairs: frozenset[str], text: str, text_pairs: frozenset[str]) -> bool:
    """Most of the conduct's character pairs are in the text, and a run of it too (not only 违反、规定、罚款…)."""
    if _share(pairs, text_pairs) < CONDUCT_COVERED_AT:
        return False
    return any(unit[k : k + CONDUCT_RUN] in text for k in range(len(unit) - CONDUCT_RUN + 1))


def covered_by(
    data: Snapshot, prof: DepartmentProfile, article: str, types: set[str], evidence: list[_Evidence] | None = None
) -> Cover | None:
    """The list's powers of the same type that name the article's conducts, if any name one.

    A conduct counts as named when most of its character pairs are in a power's name, or (for a
    conduct long enough not to be there by chance) in one of the texts its basis quotes or cites —
    an implementing regulation, another statute, or the same article under an older numbering. Or
    the article penalises a breach of an article (违反本法第六十一条规定) the list's power already cites.
    """
    art = data.articles[article]
    # a licensing article states conditions (验收合格的，予以批准), not conducts: its licence is what an item grants
    units = conducts(art.text) if types - {LICENSING} else []
    unit_pairs = [character_pairs(u) for u in units]
    found: dict[int, tuple[str, str]] = {}  # conduct → (power, where it is named)
    mine = [e for e in (evidence if evidence is not None else list_evidence(data, prof)) if e.type in types]
    for e in mine:
        for k, unit in enumerate(units):
            if k in found:
                continue
            if _share(unit_pairs[k], e.name_pairs) >= CONDUCT_COVERED_AT:
                found[k] = (e.iri, f"名称“{e.name}”")
            elif len(unit) >= CONDUCT_MIN_IN_BASIS:
                quote = next(
                    (t for v, t, tp in e.texts if v != art.version and _in_basis(unit, unit_pairs[k], t, tp)), None
                )
                if quote is not None:
                    found[k] = (e.iri, f"依据“{quote[:30]}…”")
    if found:
        first = data.powers[found[min(found)][0]]
        return Cover(first.name, first.row, first.sheet, found[min(found)][1], len(found), len(units))
    breached = _breached(art)
    for e in mine:
        hit = sorted(breached & set(data.powers[e.iri].articles))
        if hit:
            power = data.powers[e.iri]
            label = data.articles[hit[0]].label if hit[0] in data.articles else hit[0]
            return Cover(power.name, power.row, power.sheet, f"引用了被违反的{label}", 1, 1)
    if LICENSING in types:
        return _same_licence(data, prof, art.text)
    return None


#: 违反本法第六十一条规定, 违反本条例第十九条、第二十条的规定: the obligation the article penalises a breach of.
_NUM = f"[{CHINESE_NUMERAL_CHARS}]+"
_BREACH = re.compile(rf"违反本(?:法|条例|办法|规定)((?:第{_NUM}条(?:第{_NUM}款)?[、，和或者]*)+)的?规定")
_ARTICLE_NO = re.compile(rf"第([{CHINESE_NUMERAL_CHARS}]+)条")


def _breached(art) -> set[str]:
    """IRIs of the articles of the same version whose breach the article penalises."""
    found = set()
    for m in _BREACH.finditer(art.text):
        for n in _ARTICLE_NO.findall(m.group(1)):
            found.add(f"{art.version}/art_{chinese_to_int(n)}")
    return found


#: 建筑工程施工许可证核发: the licence a licensing item grants (at least two characters before 许可证).
_LICENCE = re.compile(r"([\u4e00-\u9fff]{2,8})许可证")


#: 颁发施工许可证, 申请摊位经营许可证, 《…许可证》: a verb or a mark before a licence's name, which then starts there.
_BEFORE_LICENCE = re.compile(
    r"(?:^|[\s，,。；;：:、（）()《“的]|颁发|核发|发放|发给|申请|申领|取得|领取|持有|吊销|撤销|注销|审核|办理|换发|核验|变更|凭)$"
)


def _same_licence(data: Snapshot, prof: DepartmentProfile, text: str) -> Cover | None:
    """A licensing item of the list that grants the licence the article speaks of (施工许可证 ← 建筑工程施工许可证).

    The article may shorten the item's licence name from the front, but what it writes before the shortened
    name must not make it another licence: 颁发施工许可证 is the item's, 种畜禽生产经营许可证 is not 种子生产经营许可证.
    """
    for iri in prof.powers:
        power = data.powers[iri]
        if power.type != LICENSING:
            continue
        for m in _LICENCE.finditer(power.name):
            words = m.group(1)
            for k in range(len(words) - 1):  # 建筑工程施工许可证 → 筑工程施工许可证 … 施工许可证
                licence = f"{words[k:]}许可证"
                for at in (x.start() for x in re.finditer(re.escape(licence), text)):
                    if k == 0 or _BEFORE_LICENCE.search(text[max(0, at - 2) : at]):
                        return Cover(power.name, power.row, power.sheet, f"许可证“{licence}”", 1, 1)
    return None


@dataclass
class _Judgement:
    """Why a candidate is in the list, and what makes it less likely (each with its factor)."""

    reasons: list[str]
    caveats: list[tuple[str, float]]

    @property
    def factor(self) -> float:
        out = 1.0
        for _, f in self.caveats:
            out *= f
        return out


def _judge(
    art,
    grants,
    domains: set[str],
    dept_rank: int,
    lex: Lexicon,
    cited: int,
    total: int,
    cover: tuple[float, str],
    conduct: Cover | None = None,
    reader: AuthorityReader | None = None,
    matter: str = "",
) -> _Judgement | None:
    """Reasons and caveats of one candidate article; None when it is left out (a level above the department).

    ``matter`` is the article's text with the obligations it penalises a breach of (违反本法第五条规定).
    """
    matter = matter or art.text
    reader = reader or AuthorityReader(lex)
    labels = {iris.domain(d.id): d.label for d in lex.domains.values()}
    levels = {g.level.rsplit("/", 1)[-1] for g in grants if g.level}
    if not dept_rank and "national" in levels and len(levels) == 1:
        return None  # 国务院…部门: a department of a local list exercises no State Council power
    sources = {g.source.rsplit("/", 1)[-1] for g in grants}
    own = sorted({labels.get(d, d) for g in grants for d in g.domains & domains})
    authority = "；".join(dict.fromkeys(g.authority for g in grants if g.authority)) or "未写明主体"
    acts = "、".join(dict.fromkeys(a for g in grants for a in sorted(g.acts)))
    how = "、".join(SOURCE_ZH.get(s, s) for s in sorted(sources))
    reasons = [
        f"{art.label}将{acts}授予“{authority}”（{how}），属{'、'.join(own)}领域；本部门清单未引用该条 / "
        f"confers {acts} on the department's domain, and no power of its list cites it",
        f"本部门已引用本法{cited}/{total}条同类授权条款 / it cites {cited} of the statute's {total} such articles",
    ]
    caveats: list[tuple[str, float]] = []
    if sources <= {"statute-default", "allocated"} and _REFERRAL.search(art.text):
        caveats.append(("转致条款：依照其他法律或条款处罚，职权由被引条款授予 / refers to another law's penalty", 0.3))
    if _EXEMPTION.search(art.text):
        caveats.append(("免予处罚或不予处罚的规定，不是单独的职权 / an exemption rule, not a power of its own", 0.5))
    if any("拘留" in a for g in grants for a in g.acts) and iris.domain("public-security") not in domains:
        caveats.append(("含行政拘留，只能由公安机关决定（行政处罚法第十八条）/ detention is for the police only", 0.4))
    others = sorted({labels.get(d, d) for g in grants for d in g.domains - domains})
    if others:
        shared = "、".join(others[:4]) + ("等" if len(others) > 4 else "")
        if sources <= {"statute-default"}:
            caveats.append((f"法律未写明主管部门，推定为{shared}及本部门之一 / the statute implies several", 0.5))
        elif sources <= {"allocated", "statute-default"}:
            caveats.append((f"统一授权条款同时授予{shared}，按各自职权 / the allocation article names others too", 0.5))
        else:
            caveats.append((f"条文同时授予{shared}，按职责分工 / shared with other authorities", 0.85))
    if _GOVERNMENT_DECIDES.search(art.text):
        caveats.append(("由本级人民政府决定，部门只提出意见 / the government decides, the department proposes", 0.4))
    if conduct is not None:  # what the list names, conduct by conduct, says more than the overall wording
        caveats.append((conduct.said(), 0.3) if conduct.covers else (f"部分行为已列：{conduct.said()}", 0.8))
    elif cover[0] >= COVERED_AT:
        caveats.append(
            (f"清单中“{cover[1]}”可能已覆盖（用语相似{cover[0]:.0%}）/ a power of the list probably covers it", 0.5)
        )
    if not dept_rank and levels & _ABOVE:
        caveats.append(("条文授予省级以上主管部门 / conferred on a provincial or national authority", 0.3))
    elif not levels:
        above = _higher_level(matter, domains, dept_rank, reader)
        if above:
            caveats.append(
                (
                    f"条文未写明行使层级，所涉事项属“{above}”，本级可能不行使 / the article concerns a matter of "
                    f"{above}, a level the department does not exercise",
                    0.5,
                )
            )
    return _Judgement(reasons, caveats)


#: 国务院药品监督管理部门, 省、自治区、直辖市人民政府药品监督管理部门, 设区的市人民政府…部门 (for a county's
#: department), 口岸所在地药品监督管理部门: an authority of a level (or place) above the department's.
_HIGHER = re.compile(
    r"(?:国务院|省、自治区、直辖市(?:人民政府)?|省级(?:人民政府)?|设区的市(?:级)?(?:人民政府)?|口岸所在地)"
    r"[^，。；、（）\n]{0,16}?(?:部门|机关|机构)"
)


def _higher_level(text: str, domains: set[str], dept_rank: int, reader: AuthorityReader) -> str | None:
    """An authority of the department's own domain at a level above it (or at a port) that the article names.

    Why: an article that names no level for its authority (本法规定的处罚由…部门决定, 由药品监督管理部门…)
    and that turns on the State Council's or a province's department (未向国务院…报告, 省级…责令召回后拒不召回)
    or a port's, is usually enforced there, not by a city or county department.
    """
    for m in _HIGHER.finditer(text):
        phrase = m.group(0)
        level = reader.level(phrase) or "port"
        if level != "port" and _rank(concept("exercise-level", level)) <= dept_rank:
            continue
        if {iris.domain(d) for d in reader.domains(phrase)} & domains:
            return phrase
    return None


def omissions(data: Snapshot, prof: DepartmentProfile, lex: Lexicon) -> list[Omission]:
    """Candidate omissions of one department, best first, each with why it is there and what weighs against it."""
    domains = set(prof.domains)
    if not domains:
        return []
    powers = [data.powers[p] for p in prof.powers]
    cited = {a for p in powers for a in p.articles}
    statutes = enforced_statutes(prof, lex) | {data.articles[a].statute for a in cited if a in data.articles}
    current = data.current_versions()
    dept_rank = _rank(prof.level)
    reader = AuthorityReader(lex)
    evidence = list_evidence(data, prof)
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
        arts = by_statute[art.statute]
        types = {t for g in grants for t in g.types if t in TYPE_WEIGHT}
        cover = _covering(data, prof, art.text, types)
        conduct = covered_by(data, prof, article, types, evidence)
        n_cited = sum(a in cited for a in arts)
        matter = "\n".join([art.text, *(data.articles[a].text for a in _breached(art) if a in data.articles)])
        judged = _judge(art, grants, domains, dept_rank, lex, n_cited, len(arts), cover, conduct, reader, matter)
        if judged is None:
            continue
        best = max(grants, key=lambda g: SOURCE_WEIGHT.get(g.source.rsplit("/", 1)[-1], 0.5))
        source = best.source.rsplit("/", 1)[-1]
        score = (
            SOURCE_WEIGHT.get(source, 0.5)
            * max(TYPE_WEIGHT[t] for t in types)
            * (0.6 + 0.4 * coverage[art.statute])
            * judged.factor
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
                judged.reasons,
                [c for c, _ in judged.caveats],
                judged.factor <= HELD_BACK_AT,
            )
        )
    found.sort(key=lambda o: (o.held_back, -o.score, o.statute, data.articles[o.article].order))
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
            if cited and cited.end and cited.end <= today and c.cited != c.resolved:  # superseded by then
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


PARTS = ("basis", "grants", "articles", "citations", "versions", "functions")


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
                    "domain_evidence": [asdict(e) for e in d.evidence],
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
                "理由 reasons",
                "存疑 caveats",
                "条文 text",
                "IRI",
            ],
            [],
            wide=(11, 12, 13),
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
                    "\n".join(o.reasons),
                    "\n".join(o.caveats),
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


# ---------------------------------------------------------------- authority phrases


@dataclass
class UnmappedAuthority:
    authority: str  # as the statutes write it ("" when the article names none and the statute says nothing)
    grants: int
    articles: list[str]  # labels of up to five articles where it confers a power


@dataclass
class AuthorityReport:
    """How many of the store's power grants the lexicon maps to a domain, and the authorities it does not.

    A grant without a domain is matched to no department, so it can never be a candidate omission: add its
    phrase to ``lexicon/authorities.tsv`` (or a local lexicon) when it names an authority of government.
    """

    grants: int
    with_domain: int
    unmapped: list[UnmappedAuthority]

    @property
    def coverage(self) -> float:
        return self.with_domain / self.grants if self.grants else 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "grants": self.grants,
            "grants_with_domain": self.with_domain,
            "coverage": round(self.coverage, 4),
            "unmapped": [asdict(u) for u in self.unmapped],
        }

    def sheets(self) -> list[Sheet]:
        return [
            Sheet(
                "authorities 未映射主体",
                ["主管部门 authority", "授权数 grants", "条款 articles"],
                [[u.authority, u.grants, "、".join(u.articles)] for u in self.unmapped],
            )
        ]


def authority_report(store: Store, step=None) -> AuthorityReport:
    """Coverage of the loaded statutes' power grants by the lexicon, and the unmapped authority phrases."""
    data = read_snapshot(store, ("grants", "articles"), step)
    total = with_domain = 0
    unmapped: dict[str, UnmappedAuthority] = {}
    for article, grants in data.grants.items():
        for g in grants:
            total += 1
            if g.domains:
                with_domain += 1
                continue
            entry = unmapped.setdefault(g.authority, UnmappedAuthority(g.authority, 0, []))
            entry.grants += 1
            label = data.articles[article].label if article in data.articles else article
            if len(entry.articles) < 5 and label not in entry.articles:
                entry.articles.append(label)
    found = sorted(unmapped.values(), key=lambda u: (-u.grants, u.authority))
    return AuthorityReport(total, with_domain, found)
