"""Power-conferring articles: which authority a statute empowers to do what, read from its text.

Statutes confer enforcement powers in articles of a regular shape::

    违反本法第X条规定，…的，由县级以上人民政府市场监督管理部门责令改正，给予警告，
    没收违法所得，并处…罚款；情节严重的，吊销许可证。

The phrase after 由 names the competent authority by function and level; the
verbs name the acts, and the acts the power type. This module finds, for
every article, its *grants*: an authority (as written, mapped to functional
domains through ``lexicon/authorities.tsv``), the level of government it
names, the acts (``lexicon/acts.tsv``) and the power types they confer.

Where an article names no authority, or only a generic one (有关主管部门,
原发证机关), the statute's own allocation article (本条例规定的行政处罚，由建设
行政主管部门…决定) decides, and failing that the domain the statute's text names
most. Penalties count only in sanction clauses (after a condition "…的，") of
a liability chapter (法律责任, 罚则, …处罚), or anywhere in a statute with no
chapters; a statute without one has no penalty-conferring article.
Coercive measures and licences count in any chapter where an authority is
named as the one acting.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import iris
from .lexicon.files import STATUTE, Lexicon, lexicon
from .ntriples import GraphWriter
from .vocab import QZ, RDFS, concept

if TYPE_CHECKING:  # statutes.py calls this module: no import at run time
    from .statute_model import Article, Statute

# 法律责任, 罚则, 违反治安管理的行为和处罚 — not 行政处罚的决定 (a chapter of 行政处罚法 on procedure).
LIABILITY_HEADING = re.compile(r"法律责任|罚则|(?<!行政)处罚$")
_AUTHORITY_END = re.compile(
    r"部门|机关|机构|人民政府|政府|局|委员会|厅|办公室|支队|大队|所(?![得有在述以谓需称属])|站|海关"
)
# 由 that introduces an authority (not 自由, 理由, 由于, 由此 …).
_BY = re.compile(r"(?<![自理事缘经来])由(?![于此])")
# What may follow the authority's name after 由: a verb or a connective.
_AFTER_AUTHORITY = re.compile(
    r"^(?:依法|依照|依据|按照|根据|责令|处|给予|没收|吊销|暂扣|予以|决定|实施|对|责成|收缴|撤销|取消|查封|扣押|"
    r"采取|强制|进行|作出|通报|提请|报请|审查|审批|批准|核准|颁发|核发|发给|登记|在|组织|按|以|商|负责|将|记入|"
    r"公告|公布|依|限期|降低|拘留|罚|并|追缴|收回|注销|认定|确定|裁决|指定|会同|统一|分别|共同|各自|$)"
)
_CLAUSE_END = re.compile(r"[，,；;。：:\n]")
_SENTENCE = re.compile(r"[^。\n]+[。\n]?")
# A sanction follows a clause that states the violation: "…的，由…罚款", "…者，处…" …
_CONDITION = re.compile(r"的[，,：:]|者[，,]")
# … or, in an article about a violation or an event (发生事故，对负有责任的单位…处以罚款),
# the act is the object of a sanctioning verb in its own clause.
_SANCTIONING = re.compile(r"(?:处以?|并处|给予|予以)[^，,；;：:]*$")
_SITUATION = re.compile(r"违反|发生|有下列")
_CLAUSE_MARKS = "，,；;。：:\n"
_SANCTION_WORDS = re.compile(r"罚款|吊销|没收|警告|责令|拘留|处罚")
_NEGATION = re.compile(r"(?:不得|禁止|不予|无权|不能)[^，；。]{0,6}$")
_SUBJECT_LEAD = re.compile(
    r"^(?:由|向|经|报|对|在|将|并|和|与|或者|以及|及其|及|按照|依照|会同|其他|应当|可以|有权|负责|本级|上级|"
    r"其|所在地|当地|的)+"
)
# Words after which a new name begins: the authority is what follows the last of them.
_NAME_BREAK = re.compile(
    r".*(?:对(?!外)|向|经(?!济|营|信)|由|将|被|报|请求|告知|通知|委托|应当|可以|有权|建立|设立|加强|督促|指导|协助|"
    r"配合|根据|按照|依照|提请|发现|接到|为|与|从|是|予以|未|不(?!动产))"
)
_SPAN_STOP = "，,；;。：:\n（）()“”《》"
# An authority that grants a licence: 向X申请…, 经X批准, 由X审批, X颁发…证.
_LICENSING_BEFORE = re.compile(r"(?:向|经|报|由|报请|报经)$")
_LICENSING_AFTER = {
    "向": re.compile(r"^(?:提出|提交|书面)?[^，；。]{0,4}?(?:申请|办理)[^；。]{0,40}?(?:许可|批准|核准|审批|登记|证)"),
    "经": re.compile(r"^(?:审查|审核|依法)?[^，；。]{0,4}?(?:批准|核准|许可|审批|同意|登记)"),
    "报": re.compile(r"^(?:审查|审核|依法)?[^，；。]{0,4}?(?:批准|核准|许可|审批)"),
    "由": re.compile(r"^(?:依法)?[^，；。]{0,4}?(?:审批|批准|核准|颁发|核发|发给|登记|许可)"),
    "": re.compile(
        r"^(?:负责[^，；。]{0,30}?(?:审批|许可|批准|核准|登记)"
        r"|(?:应当|可以|依法)*[^。]{0,40}?(?:颁发|核发|发给|换发)[^，；。]{0,12}?(?:许可证|证书|执照|证件)"
        r"|(?:应当|可以|依法)*[^，；。]{0,24}?(?:准予(?:许可|登记|注册)|作出[^，；。]{0,8}?(?:许可|批准|核准|登记)(?:的)?决定))"
    ),
}
# 出示/持有 X 颁发的证件: the holder shows a card X issued, X is not granting a licence here.
_HOLDING = re.compile(r"出示|持有")
# 经…部门（的）负责人批准: an internal sign-off.
_SIGN_OFF = re.compile(r"的?(?:主要)?负责人")
# "…或者其他负有…监督管理职责的部门", "…等有关部门": the statute's other authorities as well.
_OTHERS = re.compile(r"其他|有关|相关|行使[^，；。]*权的")
# A supervision article: "…主管部门负责…监督管理", "…负责…许可证的颁发和管理".
_COMPETENCE = re.compile(r"(?:负责|实施|主管|职责)[^。]{0,60}?(?:管理|监督|检查)")
_ALLOCATION = re.compile(
    r"(?:本(?:法|条例|办法|规定|细则|章)|前款|依照本(?:法|条例))[^。；]{0,80}?(?:行政处罚|处罚)[^。；]{0,40}?由"
)
# The lowest level of government an authority phrase names, tried from the lowest.
_LEVELS = (
    ("township", re.compile(r"乡、镇|乡镇|乡级|镇人民政府|乡、民族乡、镇")),
    ("county", re.compile(r"县级|县、自治县|县（市、区）|县、市|区、县|区（县）|县人民政府|县级以上|^(?:县|区)")),
    ("prefecture", re.compile(r"设区的市|地级|地区|自治州|市级以上|(?<!直辖)市人民政府|^市(?!场|容|政)")),
    ("provincial", re.compile(r"省、自治区、直辖市|省级|省人民政府|自治区人民政府")),
    ("national", re.compile(r"^国务院|国家")),
)
NAMED, ALLOCATED, BY_STATUTE = "named", "allocated", "statute-default"
#: The act of an allocation article (本法规定的行政处罚，由…决定).
ALLOCATION_ACT = "决定行政处罚"


@dataclass
class Grant:
    """One authority empowered, in one paragraph of an article, to perform some acts."""

    paragraph: int
    authority: str  # as written ("" when the article names none)
    domains: tuple[str, ...]  # domain ids
    source: str  # NAMED, ALLOCATED or BY_STATUTE
    level: str | None  # exercise-level slug: the lowest level the phrase names
    acts: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # power-type IRIs


@dataclass
class Conferral:
    """A power-conferring article and its grants."""

    article: Article
    grants: list[Grant]

    @property
    def types(self) -> list[str]:
        return _unique(t for g in self.grants for t in g.types)

    @property
    def domains(self) -> list[str]:
        return _unique(d for g in self.grants for d in g.domains)

    @property
    def acts(self) -> list[str]:
        return _unique(a for g in self.grants for a in g.acts)


def _unique(values) -> list:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------- authority phrases


@dataclass(frozen=True)
class Reading:
    """What the lexicon finds in an authority phrase."""

    specific: tuple[str, ...]  # domains named
    generic: bool  # a generic phrase (有关主管部门, 原发证机关) is part of it
    fallback: tuple[str, ...]  # domains that count only alone (人民政府)
    others: bool  # "…或者其他有关部门": the statute's other competent authorities too


class AuthorityReader:
    """Authority phrases → domains and level, through the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self._by_text = {p.text: p for p in lex.phrases}
        alternatives = "|".join(re.escape(p.text) for p in lex.phrases)  # longest first
        self._pattern = re.compile(alternatives) if alternatives else re.compile(r"(?!)")
        self._readings: dict[str, Reading] = {}  # statutes name the same few authorities again and again

    def read(self, phrase: str) -> Reading:
        reading = self._readings.get(phrase)
        if reading is None:
            reading = self._readings[phrase] = self._read(phrase)
        return reading

    def _read(self, phrase: str) -> Reading:
        specific: list[str] = []
        generic = False
        fallback: list[str] = []
        for m in self._pattern.finditer(phrase):
            entry = self._by_text[m.group(0)]
            if entry.domains == (STATUTE,):
                generic = True
            elif entry.fallback:
                fallback.extend(entry.domains)
            else:
                specific.extend(entry.domains)
        return Reading(
            tuple(_unique(specific)), generic, tuple(_unique(fallback)), generic and bool(_OTHERS.search(phrase))
        )

    def domains(self, phrase: str) -> tuple[str, ...]:
        """The specific domains a phrase names, else its fallbacks (no statute context)."""
        reading = self.read(phrase)
        return reading.specific or reading.fallback

    @staticmethod
    def level(phrase: str) -> str | None:
        for slug, pattern in _LEVELS:
            if pattern.search(phrase):
                return slug
        return None

    def is_authority(self, phrase: str) -> bool:
        reading = self.read(phrase)
        return bool(reading.specific or reading.generic or reading.fallback) or self.level(phrase) is not None


def authority_after_by(text: str, start: int) -> str | None:
    """The authority named right after a 由 ending at ``start``: the longest name followed by a verb."""
    clause = _CLAUSE_END.search(text, start)
    segment = text[start : clause.start() if clause else min(len(text), start + 80)][:80]
    ends = [m.end() for m in _AUTHORITY_END.finditer(segment)]
    if not ends:
        return None
    followed = [e for e in ends if _AFTER_AUTHORITY.match(segment[e:])]
    return segment[: (followed or ends)[-1]]


def authority_spans(text: str, reader: AuthorityReader) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of every authority named in ``text`` (subjects and objects alike)."""
    spans: list[tuple[int, int, str]] = []
    for m in _AUTHORITY_END.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1] not in _SPAN_STOP and m.end() - start < 40:
            start -= 1
        phrase = text[start : m.end()]
        cut = _NAME_BREAK.match(phrase)
        if cut and cut.end() < len(phrase):
            start += cut.end()
            phrase = phrase[cut.end() :]
        lead = _SUBJECT_LEAD.match(phrase)
        if lead:
            start += lead.end()
            phrase = phrase[lead.end() :]
        if phrase and reader.is_authority(phrase):
            spans.append((start, m.end(), phrase))
    # Keep the longest of spans ending inside one another (公安机关 inside 公安机关交通管理部门).
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


# ---------------------------------------------------------------- the statute's own authority


def _liability_articles(statute: Statute) -> set[int]:
    """ids of the articles where penalties are conferred."""
    if not statute.divisions:
        return {id(a) for a in statute.articles}
    found = set()
    for art in statute.articles:
        div = art.division
        while div is not None:
            if LIABILITY_HEADING.search(div.heading):
                found.add(id(art))
                break
            div = div.parent
    return found


@dataclass
class StatuteAuthority:
    """Whom a statute empowers when an article does not say (or says only 有关主管部门)."""

    allocated: tuple[str, ...]  # from 本法规定的行政处罚，由…决定
    allocation_generic: bool  # an allocation article names only a generic authority
    competent: tuple[str, ...]  # the authorities its supervision articles name (…主管部门…负责…监督管理)
    dominant: tuple[str, ...]  # the domains its text names most

    def default(self) -> tuple[tuple[str, ...], str]:
        """When an article names no authority: the allocated one, else the statute's main one."""
        if self.allocated:
            return self.allocated, ALLOCATED
        if self.allocation_generic:  # 本条例规定的行政处罚，由安全生产许可证颁发管理机关决定
            return self.competent, ALLOCATED
        return self.dominant, BY_STATUTE

    def resolve(
        self, phrase: str | None, reader: AuthorityReader, local: tuple[str, ...] = ()
    ) -> list[tuple[tuple[str, ...], str]]:
        """(domains, source) of an authority phrase, or of none: one pair, or two when the phrase
        names some authorities and implies others (生态环境主管部门或者其他负有…监督管理职责的部门).

        ``local``: the one authority the article itself names; a generic phrase of the same article
        (由建设主管部门责令改正…由颁发资质证书的部门降低资质等级) means it rather than the statute's."""
        if not phrase:
            return [self.default()]
        reading = reader.read(phrase)
        if reading.generic and not reading.specific and not reading.others and local:
            return [(local, BY_STATUTE)]
        if reading.others:  # …或者其他负有…职责的部门, 有关部门: the statute's competent authorities
            implied = tuple(d for d in self.competent if d not in reading.specific)
            pairs = [(reading.specific, NAMED)] if reading.specific else []
            return pairs + ([(implied, BY_STATUTE)] if implied else [])
        if reading.specific:
            return [(reading.specific, NAMED)]
        if reading.generic:
            return [self.default()]
        return [(reading.fallback, NAMED)]


def statute_authority(statute: Statute, reader: AuthorityReader) -> StatuteAuthority:
    allocated: list[str] = []
    allocation_generic = False
    competent: list[str] = []
    counts: Counter[str] = Counter()
    fallbacks: Counter[str] = Counter()
    liability = _liability_articles(statute)
    for art in statute.articles:
        text = art.text()
        for m in _ALLOCATION.finditer(text):
            _, sentence = _sentence_at(text, m.start())
            for phrase in _phrases_after_by(sentence):
                reading = reader.read(phrase)
                allocated.extend(reading.specific)
                allocation_generic |= reading.generic
        for start, _, phrase in authority_spans(text, reader):
            reading = reader.read(phrase)
            counts.update(reading.specific)
            fallbacks.update(reading.fallback)
            supervision = not (statute.divisions and id(art) in liability)
            if supervision and _COMPETENCE.search(_sentence_at(text, start)[1]):
                competent.extend(reading.specific)
    counts = counts or fallbacks  # the government itself only when no department is named
    top = counts.most_common(1)[0][1] if counts else 0
    dominant = tuple(d for d, n in counts.most_common() if n * 2 >= top)
    return StatuteAuthority(
        tuple(_unique(allocated)), allocation_generic, tuple(_unique(competent)) or dominant, dominant
    )


def _phrases_after_by(text: str) -> list[str]:
    return [p for m in _BY.finditer(text) if (p := authority_after_by(text, m.end()))]


# ---------------------------------------------------------------- one article


@dataclass
class _Found:
    pos: int
    end: int
    name: str
    power_type: str | None


def _acts_in(text: str, lex: Lexicon) -> list[_Found]:
    """Acts in file order; a later act may not overlap the words of an earlier one."""
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    for act in lex.acts:
        for m in act.pattern.finditer(text):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(_Found(m.start(), m.end(), act.name, act.power_type))
    return sorted(found, key=lambda f: f.pos)


def _sentence_at(text: str, pos: int) -> tuple[int, str]:
    for m in _SENTENCE.finditer(text):
        if m.start() <= pos < m.end():
            return m.start(), m.group(0)
    return 0, text


PENALTY = concept("power-type", "penalty")
COERCION = concept("power-type", "coercion")
LICENSING = concept("power-type", "licensing")


def article_grants(
    art: Article, in_liability: bool, reader: AuthorityReader, authority: StatuteAuthority, chaptered: bool = True
) -> list[Grant]:
    """The grants of one article (empty when it confers no power).

    ``in_liability``: penalties may be conferred here (a liability chapter, or a
    statute without chapters, ``chaptered`` False).
    """
    paragraphs = [p.full_text() for p in art.paragraphs]
    text = "\n".join(paragraphs)
    starts, offset = [], 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p) + 1
    by = [(m.end(), phrase) for m in _BY.finditer(text) if (phrase := authority_after_by(text, m.end()))]
    subjects = authority_spans(text, reader)
    grants: dict[tuple[int, str, str], Grant] = {}

    def grant(pos: int, named: str | None, act: str, ptype: str) -> None:
        paragraph = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= pos) + 1
        # The one authority the article names before this act (not 由公安机关 of a trailing clause).
        earlier = {reader.read(p).specific for e, p in by if e <= pos and reader.read(p).specific}
        local = next(iter(earlier)) if len(earlier) == 1 else ()
        for domains, source in authority.resolve(named, reader, local):
            key = (paragraph, named or "", source)
            found = grants.get(key)
            if found is None:
                found = grants[key] = Grant(
                    paragraph, named or "", domains, source, reader.level(named) if named else None
                )
            if act not in found.acts:
                found.acts.append(act)
            if ptype and ptype not in found.types:
                found.types.append(ptype)

    for act in _acts_in(text, reader.lex):
        s_start, sentence = _sentence_at(text, act.pos)
        p_start = next(st for st in reversed(starts) if st <= act.pos)
        before = sentence[: act.pos - s_start]
        if _NEGATION.search(before) or _not_a_grant(text, act):
            continue
        named = next((p for e, p in reversed(by) if e <= act.pos), None)
        ptype = act.power_type
        if ptype in (PENALTY, None):
            if not in_liability or not _sanction(before, text) or _official_violator(before, reader):
                continue
        elif ptype == LICENSING:
            # Licences named in sanctions (吊销许可证, 未取得许可的) are the violation, not a grant.
            sanction = in_liability and (chaptered or _SANCTION_WORDS.search(sentence))
            named = None if sanction else _licensing_frame(text, subjects, s_start, s_start + len(sentence))
            if named is None:
                continue
        else:  # coercion and any other type: an authority must be the one acting
            named = named or _subject_before(subjects, act.pos, p_start)
            if named is None and not (in_liability and _sanction(before, text)):
                continue
        grant(act.pos, named, act.name, ptype or "")
    if in_liability:
        # 本法规定的行政处罚，由…决定: the article confers the power to decide every penalty of the statute.
        for m in _ALLOCATION.finditer(text):
            s_start, sentence = _sentence_at(text, m.start())
            for by_end in (b.end() for b in _BY.finditer(sentence)):
                phrase = authority_after_by(sentence, by_end)
                if phrase:
                    grant(s_start + by_end, phrase, ALLOCATION_ACT, PENALTY)
    # Orders alone (责令改正) confer no power of their own (行政处罚法 art. 28).
    return [g for g in grants.values() if g.types]


def _not_a_grant(text: str, act: _Found) -> bool:
    """给予警告、记过…处分 (discipline of officials) and 除依照…予以处罚外 (an exception) grant nothing."""
    start = max((text.rfind(c, 0, act.pos) for c in _CLAUSE_MARKS), default=-1) + 1
    ends = [i for i in (text.find(c, act.end) for c in _CLAUSE_MARKS) if i >= 0]
    clause = text[start : min(ends) if ends else len(text)]
    return "处分" in clause[act.pos - start :] or (clause.startswith("除") and "外" in clause[act.end - start :])


def _sanction(before: str, article_text: str) -> bool:
    """Whether an act written after ``before`` (its sentence so far) is imposed as a sanction."""
    return bool(_CONDITION.search(before) or (_SANCTIONING.search(before) and _SITUATION.search(article_text)))


def _official_violator(before: str, reader: AuthorityReader) -> bool:
    """Whether the violator is a public body or its staff (监察机构及其工作人员违反本法…): supervision of
    the administration, not a power over the public."""
    subject = re.split(r"[，,：:；;]|违反|有下列", before, maxsplit=1)[0]  # the first clause names the violator
    if "工作人员" in subject or "国家机关" in subject:
        return True
    # A department or organ of government; an institution (检测机构, 疾病预防控制机构) may well be the one sanctioned.
    return any(
        start == 0 and p.endswith(("部门", "机关", "人民政府")) and reader.read(p).specific
        for start, _, p in authority_spans(subject, reader)
    )


def _subject_before(subjects: list[tuple[int, int, str]], pos: int, start: int) -> str | None:
    """The last authority named in the paragraph before ``pos`` (the one acting; items share their header)."""
    found = [p for s, e, p in subjects if start <= s and e <= pos]
    return found[-1] if found else None


def _licensing_frame(text: str, subjects: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The authority that grants in text[start:end] (向X申请…许可, 经X批准, X颁发…证), if any."""
    for s, e, phrase in subjects:
        if (
            not start <= s < end
            or _SIGN_OFF.match(text, e)
            or _HOLDING.search(text[max(start, s - 2) : s] + phrase[:2])
        ):
            continue  # 经…部门负责人批准 is an internal sign-off; 出示…颁发的证件 shows a card, it grants nothing
        lead = _LICENSING_BEFORE.search(text[max(start, s - 2) : s])
        word = lead.group(0)[0] if lead else ""
        if _LICENSING_AFTER[word].match(text[e:end]):
            return phrase
    return None


def extract(statute: Statute, lex: Lexicon | None = None) -> list[Conferral]:
    """Every power-conferring article of a parsed statute, in order."""
    reader = AuthorityReader(lex or lexicon())
    liability = _liability_articles(statute)
    authority = statute_authority(statute, reader)
    found = []
    for art in statute.articles:
        grants = article_grants(art, id(art) in liability, reader, authority, bool(statute.divisions))
        if grants:
            found.append(Conferral(art, grants))
    return found


# ---------------------------------------------------------------- RDF


def write_conferrals(g: GraphWriter, statute: Statute, conferrals: list[Conferral]) -> None:
    """One qz:PowerConferral per article, with one qz:PowerGrant per authority and paragraph."""
    short = statute.short_title
    version = statute.version_iri
    for c in conferrals:
        a_iri = iris.article(version, c.article.number, c.article.suffix)
        c_iri = f"{a_iri}/conferral"
        g.type(c_iri, QZ.PowerConferral)
        g.iri(c_iri, QZ.conferringArticle, a_iri)
        g.text(c_iri, RDFS.label, f"{short}{c.article.number_text}（授权条款）")
        for t in c.types:
            g.iri(c_iri, QZ.conferredType, t)
        for d in c.domains:
            g.iri(c_iri, QZ.authorityDomain, iris.domain(d))
        for act in c.acts:
            g.text(c_iri, QZ.act, act)
        for k, grant in enumerate(c.grants, start=1):
            gr = f"{c_iri}/grant/{k}"
            g.type(gr, QZ.PowerGrant)
            g.iri(c_iri, QZ.hasGrant, gr)
            g.integer(gr, QZ.order, k)
            g.iri(gr, QZ.conferringSubdivision, iris.paragraph(a_iri, grant.paragraph))
            g.text(gr, QZ.authorityText, grant.authority)
            for d in grant.domains:
                g.iri(gr, QZ.authorityDomain, iris.domain(d))
            g.iri(gr, QZ.authoritySource, concept("authority-source", grant.source))
            if grant.level:
                g.iri(gr, QZ.authorityLevel, concept("exercise-level", grant.level))
            for act in grant.acts:
                g.text(gr, QZ.act, act)
            for t in grant.types:
                g.iri(gr, QZ.conferredType, t)


# ---------------------------------------------------------------- coverage of the lexicon


@dataclass
class PhraseUse:
    """An authority phrase found in the liability chapters, and what the lexicon makes of it."""

    text: str
    domains: tuple[str, ...]  # specific domains, else fallbacks; empty when generic or unmapped
    generic: bool  # a generic phrase (有关主管部门): the statute's own authority decides
    count: int = 0
    statutes: list[str] = field(default_factory=list)

    @property
    def mapped(self) -> bool:
        return bool(self.domains) or self.generic


@dataclass
class AuthorityCoverage:
    """How much of the statutes' authority wording the lexicon understands.

    ``grants``/``grants_with_domain`` measure what matters to the gap analysis (a
    grant without a domain cannot be matched to any department); ``phrases`` lists
    every authority phrase of a liability chapter, mapped or not, so that the
    unmapped ones can be added to ``authorities.tsv``.
    """

    phrases: dict[str, PhraseUse]
    grants: int
    grants_with_domain: int

    @property
    def share(self) -> float:
        return self.grants_with_domain / self.grants if self.grants else 1.0

    def unmapped(self) -> list[PhraseUse]:
        return sorted((p for p in self.phrases.values() if not p.mapped), key=lambda p: (-p.count, p.text))


def authority_coverage(statutes: list[Statute], lex: Lexicon | None = None) -> AuthorityCoverage:
    """Every authority phrase of the statutes' liability chapters, and the share of grants given a domain."""
    reader = AuthorityReader(lex or lexicon())
    phrases: dict[str, PhraseUse] = {}
    grants = with_domain = 0
    for statute in statutes:
        liability = _liability_articles(statute)
        for art in statute.articles:
            if id(art) not in liability:
                continue
            for _, _, text in authority_spans(art.text(), reader):
                use = phrases.get(text)
                if use is None:
                    reading = reader.read(text)
                    use = phrases[text] = PhraseUse(text, reading.specific or reading.fallback, reading.generic)
                use.count += 1
                if statute.short_title not in use.statutes:
                    use.statutes.append(statute.short_title)
        for c in extract(statute, reader.lex):
            grants += len(c.grants)
            with_domain += sum(bool(g.domains) for g in c.grants)
    return AuthorityCoverage(phrases, grants, with_domain)
