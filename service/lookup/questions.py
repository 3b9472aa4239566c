"""Who is responsible, asked in plain words: ranked departments for a citizen's or a hotline's question.

People do not ask in the words of the lists: they write 拖欠工资 where the
list says 克扣或者无故拖欠劳动者工资报酬, 噪音 where the statute says 噪声,
饭店后厨卫生太差找哪个部门 where the powers speak of 餐饮服务 and 食品安全.
:class:`QuestionIndex` answers such questions from everything the graph says
of each power — item and sub-item names, the department's functions (部门职责),
duties, accountability situations, the text of the articles the power rests
on — and from the articles that confer powers on a department's domain
(qz:PowerConferral), with maintained parts rather than hand-made scoring:

- OpenCC (``t2s``) turns traditional characters into simplified ones;
- rjieba (jieba's Rust port) segments, with the plain and statutory phrases
  of ``lexicon/plain.tsv``, the acts and authority phrases of the lexicon and
  the terms the loaded statutes define (本法所称…，是指) added to its dictionary;
- ``lexicon/plain.tsv`` widens the question with the statutory phrase of
  every plain phrase it contains (拖欠工资 → 拖欠劳动者工资报酬);
- bm25s ranks powers and articles (BM25).

The answer is departments, not rows: each with the units and responsible
posts of its matched powers, the powers, and why (the words matched, the
field they matched in, the article's text when matched through an article).
Departments scoring within :data:`CLOSE` of the first are flagged as a
close call: where two departments both seem responsible, 推诿扯皮 happens.

The index is built once per version of the store (the service keeps it with
its other caches); nothing is downloaded at run time.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote

import bm25s
import numpy as np
import opencc
import rjieba
from quanze.loaders.lexicon.files import PlainPair, lexicon
from quanze.service.lookup import ids
from quanze.service.lookup.models import (
    ArticleHit,
    CloseCall,
    DepartmentHit,
    FieldMatch,
    OverlapRef,
    PowerHit,
    PowerSummary,
    QuestionReading,
    Ref,
    StatutoryWords,
)
from quanze.service.sparql.queries import get, system_query
from quanze.service.store.base import Store

#: Longest question the plain search reads (a pasted complaint letter is cut, not refused).
MAX_QUESTION = 500
#: Departments scoring at least CLOSE of the first one's score, or half of that with a power scoring at least
#: CLOSE_POWER of the best power's, are a close call.
CLOSE = 0.8
CLOSE_POWER = 0.9
#: Field weights: a word in an item's name says more than one in its duties.
WEIGHTS = {"name": 4, "parent": 2, "function": 1, "duty": 1, "accountability": 1}
#: The characters of names are indexed too (as CHAR + character), searched for the characters of
#: question words the index does not know (掺了 finds 掺杂、掺假).
CHAR = "\x01"
CHAR_FIELDS = ("name", "parent")
#: A character says less than a word: its score counts this much.
CHAR_WEIGHT = 0.3
#: How much a power gains from an article it rests on, and a department from an article conferring
#: powers on its domain, relative to a direct match.
THROUGH_BASIS = 0.5
THROUGH_CONFERRAL = 0.35
#: A department's score: its best powers, each counting less (a department with many matching
#: powers is more likely the one, but one strong match beats many weak ones).
DECAY = (1.0, 0.3, 0.15)
#: How much a department gains when its own name holds a word of the question (档案查询 → 市档案局),
#: relative to the first department's score: a name says what a department is for.
THROUGH_NAME = 0.35
# A department's name less its place and its kind of body says what it is for: 市档案局 → 档案.
_BODY = re.compile(r"(?:委员会|办公室|中心|[局委厅部办署所站])$")
_PLACE_PREFIX = re.compile(r"^[市县区旗]")  # of an alias in brackets: （市档案局）
_PARTY_PREFIX = re.compile(r"^委(?=..)")  # of the party's offices: 克拉玛依市委宣传部
_CONJUNCTION = re.compile(r"[和与及、]")
#: The statutory words a plain phrase was widened with count this many times (they are the lists' own words).
EXPANDED = 2
TOP_DOCUMENTS = 300  # best-scoring documents aggregated into departments
FIELD_NAMES = {
    "name": "事项名称",
    "parent": "主项名称",
    "function": "部门职责",
    "duty": "责任事项",
    "accountability": "追责情形",
    "article": "依据条文",
    "conferral": "授权条文",
}
_DEFINED = re.compile(r"(?:本法|本条例|本办法|本规定)所称([^，。；：、\s]{2,8})[，,]是指")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_LATIN = re.compile(r"^[A-Za-z0-9]+$")


class _Converter:
    """OpenCC t2s, one per process (its dictionaries ship with the package)."""

    def __init__(self) -> None:
        self._cc = opencc.OpenCC("t2s")
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        with self._lock:
            return self._cc.convert(text)


@cache
def simplified() -> _Converter:
    return _Converter()


class Segmenter:
    """rjieba with the legal and plain vocabulary added, and the words of asking left out."""

    def __init__(self, words: Iterable[str], asking: frozenset[str]) -> None:
        self._jieba = rjieba.Jieba()
        for word in sorted(set(words)):
            if 2 <= len(word) <= 8 and not re.search(r"\s", word):
                self._jieba.add_word(word, None, None)
        self.asking = asking

    def words(self, text: str, search: bool = True) -> list[str]:
        """The searchable words of ``text``, lower-cased: with the sub-words of long words (search mode,
        as documents are indexed), or without (a statutory phrase searched as the lists write it:
        建筑垃圾 must not find 建筑物)."""
        out = []
        for token in self._jieba.cut_for_search(text) if search else self._jieba.cut(text, False):
            token = token.strip().lower()
            if not token or token in self.asking or not _WORD.search(token):
                continue
            if _LATIN.match(token) and len(token) < 2:
                continue
            out.append(token)
        return out


@dataclass
class _Power:
    iri: str
    kind: str
    name: str
    code: str | None = None
    type: str | None = None
    parent: str | None = None
    department: str | None = None
    units: list[tuple[str, str]] = field(default_factory=list)  # (iri, name), lead unit first
    posts: list[tuple[str, str]] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # field → texts
    basis: list[int] = field(default_factory=list)  # article document numbers


@dataclass
class _Article:
    iri: str
    label: str
    text: str
    domains: set[str] = field(default_factory=set)
    powers: list[int] = field(default_factory=list)  # power numbers resting on it


@dataclass
class _Department:
    iri: str
    name: str
    domains: set[str] = field(default_factory=set)
    area: str | None = None
    purposes: tuple[str, ...] = ()  # what its name says it is for (档案; 住房, 城乡建设), without place or 局


@dataclass(frozen=True)
class _Scored:
    """A matching department before it is described: its score relative to the first, its best power's."""

    iri: str
    score: float
    best: float


@dataclass(frozen=True)
class Terms:
    """The question's words the index knows, and the characters searched for the words it does not."""

    words: set[str]
    chars: set[str]
    text: str = ""  # the question as read (simplified)


@dataclass
class Reading:
    """How a question was read: simplified, its words, and the statutory words it was widened with."""

    text: str
    converted: bool
    words: list[str]
    expansions: list[PlainPair]
    extra: list[str]  # the words of the statutory phrases
    cut: bool = False


class QuestionIndex:
    """Every power and article of one store version, segmented and indexed for BM25."""

    def __init__(
        self,
        powers: list[_Power],
        articles: list[_Article],
        departments: dict[str, _Department],
        segmenter: Segmenter,
        pairs: list[PlainPair],
    ) -> None:
        self.powers = powers
        self.articles = articles
        self.departments = departments
        self.segmenter = segmenter
        self.pairs = sorted(pairs, key=lambda p: (-len(p.plain), p.line))
        self._numbers = {p.iri: i for i, p in enumerate(powers)}
        for d in departments.values():
            d.purposes = _purposes(d.name, d.area)
        self._by_domain: dict[str, list[str]] = defaultdict(list)
        for d in departments.values():
            for domain in d.domains:
                self._by_domain[domain].append(d.iri)
        segmented: dict[str, list[str]] = {}
        same: dict[tuple[tuple[str, ...], ...], list[str]] = {}  # a province republishes the same items
        corpus = [self._power_words(p, segmented, same) for p in powers] + [segmenter.words(a.text) for a in articles]
        del segmented, same
        self._documents = range(len(corpus))
        self.vocabulary = {w for doc in corpus for w in doc}
        self._bm25 = bm25s.BM25()
        self._bm25.index(self._tokenized(corpus), show_progress=False)

    # ------------------------------------------------------------------ building

    def _power_words(
        self, p: _Power, segmented: dict[str, list[str]], same: dict[tuple[tuple[str, ...], ...], list[str]]
    ) -> list[str]:
        """The words of a power's document, each field's repeated by its weight; one list per distinct document."""
        key = tuple(tuple(p.texts.get(name, ())) for name in WEIGHTS)
        if key in same:
            return same[key]
        words: list[str] = []
        for name, weight in WEIGHTS.items():
            for text in p.texts.get(name, ()):
                if text not in segmented:  # duties and accountability repeat across powers: segmented once
                    segmented[text] = self.segmenter.words(text)
                words.extend(segmented[text] * weight)
        chars = {c for name in CHAR_FIELDS for text in p.texts.get(name, ()) for c in _CJK.findall(text)}
        words.extend(CHAR + c for c in sorted(chars))
        same[key] = words or ["\x00"]  # an empty document still takes its place
        return same[key]

    @staticmethod
    def _tokenized(corpus: list[list[str]]) -> bm25s.tokenization.Tokenized:
        vocab: dict[str, int] = {}
        converted: dict[int, list[int]] = {}  # the same document list is converted once and shared
        ids_ = []
        for doc in corpus:
            if id(doc) not in converted:
                converted[id(doc)] = [vocab.setdefault(w, len(vocab)) for w in doc]
            ids_.append(converted[id(doc)])
        return bm25s.tokenization.Tokenized(ids=ids_, vocab=vocab)

    @classmethod
    def build(cls, store: Store) -> QuestionIndex:
        """Read powers, articles and department domains with the system queries and index them."""
        lex = lexicon()
        powers: dict[str, _Power] = {}
        departments: dict[str, _Department] = {}
        basis: dict[str, list[str]] = defaultdict(list)
        shared: dict[str, str] = {}  # one str object per distinct text: duties repeat across powers
        for r in store.select(system_query("question-powers").text):
            iri = r["power"].value
            what = r["field"].value
            node = r["node"].value if r.get("node") is not None else None
            value = r["value"].value if r.get("value") is not None else ""
            p = powers.setdefault(iri, _Power(iri, "power", ""))
            if what == "name":
                p.name = value
                if node and node.endswith("#SubItem"):  # a sub-item's name comes once per type, in any order
                    p.kind = "sub-item"
                p.texts["name"].append(value)
            elif what == "parent":
                p.parent = value
                p.texts["parent"].append(value)
            elif what == "department" and node:
                p.department = node
                departments.setdefault(node, _Department(node, value))
            elif what == "code":
                p.code = value
            elif what == "type":
                p.type = value
            elif what in ("unit", "lead unit") and node:
                entry = (node, value)
                if entry in p.units:
                    p.units.remove(entry)
                p.units.insert(0, entry) if what == "lead unit" else p.units.append(entry)
            elif what == "post" and node and (node, value) not in p.posts:
                p.posts.append((node, value))
            elif what == "basis" and node:
                basis[iri].append(node)
            elif what in WEIGHTS:
                p.texts[what].append(shared.setdefault(value, value))
        powers = {k: v for k, v in powers.items() if v.name}
        for r in store.select(get("department-domains").text):
            d = departments.get(r["department"].value)
            if d is not None:
                d.domains.add(r["domainId"].value)
        for r in store.select(system_query("department-areas").text):
            d = departments.get(r["department"].value)
            if d is not None:
                d.area = r["area"].value
        articles: dict[str, _Article] = {}
        for r in store.select(system_query("question-articles").text):
            iri = r["subdivision"].value
            a = articles.setdefault(
                iri, _Article(iri, r["label"].value, r["text"].value if r.get("text") is not None else "")
            )
            if r.get("domain") is not None:
                a.domains.add(r["domain"].value)
        power_list = sorted(powers.values(), key=lambda p: p.iri)
        article_list = sorted(articles.values(), key=lambda a: a.iri)
        number = {a.iri: i for i, a in enumerate(article_list)}
        for i, p in enumerate(power_list):
            for node in basis.get(p.iri, ()):
                if node in number:
                    p.basis.append(number[node])
                    article_list[number[node]].powers.append(i)
        segmenter = Segmenter(_vocabulary(lex, article_list), lex.asking)
        return cls(power_list, article_list, departments, segmenter, lex.plain)

    def export(self) -> dict[str, object]:
        """The index as plain data for a search without a server (``quanze publish``'s static site).

        The BM25 weight of every word in every document as computed here, so a
        client only adds them up: its ranking is this one's, less the segmenter
        (it looks words up in the vocabulary instead) and OpenCC (a character map).
        """
        scores = self._bm25.scores
        postings: dict[str, list[list[float]]] = {}
        indptr = scores["indptr"]
        for word, column in self._bm25.vocab_dict.items():
            if not word or column + 1 >= len(indptr):  # bm25s adds an empty word of its own
                continue
            start, end = int(indptr[column]), int(indptr[column + 1])
            if start < end:
                docs = scores["indices"][start:end].tolist()
                weights = scores["data"][start:end].tolist()
                postings[word] = [[d, round(w, 3)] for d, w in zip(docs, weights, strict=True)]
        departments = sorted(self.departments)
        number = {d: i for i, d in enumerate(departments)}
        convert = simplified()
        t2s = {c: t for c in map(chr, range(0x3400, 0xA000)) if (t := convert(c)) != c and len(t) == 1}
        return {
            "params": {
                "decay": DECAY,
                "through_basis": THROUGH_BASIS,
                "through_conferral": THROUGH_CONFERRAL,
                "through_name": THROUGH_NAME,
                "char": CHAR,
                "char_weight": CHAR_WEIGHT,
                "expanded": EXPANDED,
                "close": CLOSE,
                "top": TOP_DOCUMENTS,
            },
            "pairs": [[p.plain, p.statutory, self.segmenter.words(p.statutory, search=False)] for p in self.pairs],
            "asking": sorted(self.segmenter.asking),
            "t2s": t2s,
            "words": postings,
            "departments": [
                [self._name(d), d, self.departments[d].area, list(self.departments[d].purposes)] for d in departments
            ],
            "powers": [
                [
                    p.name,
                    p.iri,
                    number.get(p.department, -1),
                    p.type,
                    [u for _, u in p.units],
                    [x for _, x in p.posts],
                    p.basis,
                ]
                for p in self.powers
            ],
            "articles": [
                [a.label, a.iri, a.text, sorted({number[d] for dom in a.domains for d in self._by_domain.get(dom, ())})]
                for a in self.articles
            ],
        }

    # ------------------------------------------------------------------ asking

    def read(self, question: str) -> Reading:
        """The question simplified, cut to MAX_QUESTION, segmented and widened through plain.tsv."""
        text = simplified()(question.strip())
        cut = len(text) > MAX_QUESTION
        text = text[:MAX_QUESTION]
        words = self.segmenter.words(text)
        expansions, extra = [], []
        for pair in self.pairs:
            if pair.plain in text:
                expansions.append(pair)
                extra.extend(w for w in self.segmenter.words(pair.statutory, search=False) if w not in extra)
        return Reading(text, text != question.strip()[:MAX_QUESTION], words, expansions, extra, cut)

    def ask(self, question: str, limit: int = 5, overlaps: Callable[[], list[dict]] | None = None) -> Answer:
        """The departments answering ``question``, best first, with their powers and reasons.

        A question that cannot match anything is no error: the answer has no
        department and says why (only punctuation, one character, no known word).
        """
        reading = self.read(question)
        terms = list(dict.fromkeys(reading.words + reading.extra))
        known = [t for t in terms if t in self.vocabulary]
        chars = [  # the question's own words only: a statutory phrase the lists do not use is no clue
            CHAR + c
            for t in reading.words
            if t not in self.vocabulary
            for c in _CJK.findall(t)
            if c not in self.segmenter.asking and CHAR + c in self.vocabulary
        ]
        reason = _why_not(reading, terms, known or chars)
        if reason:
            return Answer(reading, [], None, reason)
        statutory = [t for t in reading.extra if t in self.vocabulary] * (EXPANDED - 1)
        scores = self._bm25.get_scores(known + statutory) if known else np.zeros(len(self._documents))
        if chars:
            scores = scores + CHAR_WEIGHT * self._bm25.get_scores(chars)
        terms = Terms(set(known), {c.removeprefix(CHAR) for c in chars}, reading.text)
        hits, scored = self._departments(scores, terms, limit)
        if not hits:
            return Answer(reading, [], None, "no power, duty or article matches the words of the question")
        return Answer(reading, hits, self._close_call(scored, overlaps), None)

    def _departments(self, scores: np.ndarray, terms: Terms, limit: int) -> tuple[list[DepartmentHit], list[_Scored]]:
        """The first ``limit`` departments in full, and every matching department's scores."""
        n = len(self.powers)
        k = min(TOP_DOCUMENTS, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]  # linear: a province has 100,000 documents
        best = best[scores[best] > 0]
        power_score: dict[int, float] = defaultdict(float)
        through: dict[int, tuple[float, int]] = {}  # power → (gain, article) of its best-matching basis
        conferral: dict[str, tuple[float, int]] = {}  # department → (score, article)
        for doc in best.tolist():
            s = float(scores[doc])
            if doc < n:
                power_score[doc] += s
                continue
            a = doc - n
            for i in self.articles[a].powers:
                if i not in through or through[i][0] < s * THROUGH_BASIS:
                    through[i] = (s * THROUGH_BASIS, a)
            for domain in self.articles[a].domains:
                for d in self._by_domain.get(domain, ()):
                    if d not in conferral or conferral[d][0] < s:
                        conferral[d] = (s, a)
        for i, (gain, _) in through.items():
            power_score[i] += gain
        via_article = {i: a for i, (_, a) in through.items()}
        by_department: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for i, s in power_score.items():
            d = self.powers[i].department
            if d is not None:
                by_department[d].append((s, i))
        totals: dict[str, float] = {}
        for d in set(by_department) | set(conferral):
            ranked = sorted(by_department.get(d, []), reverse=True)
            total = sum(w * s for w, (s, _) in zip(DECAY, ranked, strict=False))
            totals[d] = total + conferral.get(d, (0.0, 0))[0] * THROUGH_CONFERRAL
        first = max(totals.values(), default=0.0)
        for d in totals:
            if self._named(d, terms):
                totals[d] += THROUGH_NAME * first
        order = sorted(totals, key=lambda d: (-totals[d], self._name(d)))
        top = totals[order[0]] if order else 1.0
        scored = [
            _Scored(d, totals[d] / top, max((s for s, _ in by_department.get(d, [])), default=0.0)) for d in order
        ]
        hits = []  # models only for the departments shown: a province has thousands matching a little
        for d in order[:limit]:
            ranked = sorted(by_department.get(d, []), reverse=True)[:3]
            powers = [(i, s, self._matches(i, via_article.get(i), terms)) for s, i in ranked]
            hits.append(self.department_hit(d, totals[d] / top, powers, conferral.get(d), terms))
        return hits, scored

    def _named(self, d: str, terms: Terms) -> list[str]:
        """What department ``d``'s own name says it is for and the question names (档案 of 市档案局)."""
        dept = self.departments.get(d)
        return [p for p in dept.purposes if p in terms.text] if dept else []

    def _name(self, d: str) -> str:
        return self.departments[d].name if d in self.departments else d

    def number(self, power: str) -> int | None:
        """The power's place in the index (None for a power this version does not hold)."""
        return self._numbers.get(power)

    def department_hit(
        self,
        d: str,
        score: float,
        powers: list[tuple[int, float, list[FieldMatch]]],
        conferral: tuple[float, int] | None = None,
        terms: Terms | None = None,
    ) -> DepartmentHit:
        """A department with its matched powers (number, score, where each matched), their units and posts."""
        dept = self.departments.get(d)
        units: list[Ref] = []
        posts: list[Ref] = []
        for i, _, _ in powers:
            p = self.powers[i]
            units.extend(_ref(None, iri, name) for iri, name in p.units if iri not in {u.iri for u in units})
            posts.extend(_ref(None, iri, name) for iri, name in p.posts if iri not in {x.iri for x in posts})
        articles = []
        if conferral is not None:
            a = self.articles[conferral[1]]
            articles.append(
                _article_hit(
                    a,
                    _found(terms.words if terms else set(), a.text),
                    sorted(a.domains & (dept.domains if dept else set())),
                )
            )
        hits = [self._power_hit(i, s, matched) for i, s, matched in powers]
        words = {w for h in hits for m in h.matched for w in m.words} | {w for a in articles for w in a.words}
        return DepartmentHit(
            department=_ref("department", d, dept.name if dept else d),
            score=round(score, 4),
            units=units,
            posts=posts,
            powers=hits,
            articles=articles,
            words=sorted(words),
            named=self._named(d, terms) if terms else [],
            note=None
            if hits
            else "只通过授权条文匹配：本部门清单中没有列出依据该条的职权 / matched only through an article "
            "conferring powers on the department's domain; its list has no power resting on it",
        )

    def _matches(self, i: int, article: int | None, terms: Terms) -> list[FieldMatch]:
        """Where power ``i`` matched the question's words: its fields, and the article it rests on."""
        p = self.powers[i]
        matched = []
        for name in WEIGHTS:
            for text in p.texts.get(name, ()):
                found = _found(terms.words | (terms.chars if name in CHAR_FIELDS else set()), text)
                if found:
                    matched.append(FieldMatch(field=name, label=FIELD_NAMES[name], words=found, text=text))
                    break
        if article is not None:
            a = self.articles[article]
            found = _found(terms.words, a.text)
            if found:
                matched.append(
                    FieldMatch(
                        field="article",
                        label=FIELD_NAMES["article"],
                        words=found,
                        text=a.text,
                        article=_article_hit(a, found),
                    )
                )
        return matched

    def _power_hit(self, i: int, score: float, matched: list[FieldMatch]) -> PowerHit:
        p = self.powers[i]
        return PowerHit(
            power=PowerSummary(
                iri=p.iri,
                id=ids.local_id("power", p.iri),
                href=ids.href("power", p.iri),
                kind=p.kind,
                name=p.name,
                code=p.code,
                type=p.type,
            ),
            score=round(score, 4),
            matched=matched,
        )

    def close_call_of(self, hits: list[DepartmentHit], overlaps: Callable[[], list[dict]] | None) -> CloseCall | None:
        """A close call among already ranked departments (those of exact matches)."""
        scored = [_Scored(h.department.iri, h.score, h.powers[0].score if h.powers else 0.0) for h in hits]
        return self._close_call(scored, overlaps)

    def _close_call(self, scored: list[_Scored], overlaps: Callable[[], list[dict]] | None) -> CloseCall | None:
        """Departments of the first one's area, near its score or holding a power matching (almost) as well
        as the best one does: where a citizen may be sent from one to the other."""
        if not scored:
            return None
        area = self.departments[scored[0].iri].area if scored[0].iri in self.departments else None
        best = max(h.best for h in scored)
        close = [
            h
            for h in scored
            if (area is None or self.departments.get(h.iri, _Department("", "")).area in (area, None))
            and (h.score >= CLOSE or (h.score >= CLOSE / 2 and h.best >= CLOSE_POWER * best))
        ]
        if len(close) < 2:
            return None
        names = [self._name(h.iri) for h in close]
        found: list[OverlapRef] = []
        for f in overlaps() if overlaps is not None else []:
            if len(set(f.get("departments", [])) & set(names)) >= 2:
                department = ids.local_id("department", close[0].iri) or ""
                found.append(
                    OverlapRef(
                        id=f["id"],
                        kind=f["kind"],
                        summary=f["summary"],
                        href=f"/api/overlaps?kinds={f['kind']}&department={quote(department)}",
                    )
                )
        return CloseCall(
            departments=names,
            message=f"{len(names)}个部门得分接近（不低于第一名的{int(CLOSE * 100)}%），职责可能交叉，"
            "存在推诿扯皮风险 / departments score closely: responsibility may be shared or disputed",
            overlaps=found,
        )


@dataclass
class Answer:
    reading: Reading
    departments: list[DepartmentHit]
    close_call: CloseCall | None
    reason: str | None  # why nothing matched

    def reading_model(self) -> QuestionReading:
        r = self.reading
        return QuestionReading(
            text=r.text,
            converted=r.converted,
            cut=r.cut,
            words=r.words,
            statutory=[StatutoryWords(plain=p.plain, statutory=p.statutory, where=p.where) for p in r.expansions],
            reason=self.reason,
        )


def _article_hit(a: _Article, words: list[str], domains: list[str] | None = None) -> ArticleHit:
    return ArticleHit(
        iri=a.iri,
        label=a.label,
        text=a.text,
        id=ids.local_id("article", a.iri),
        href=ids.href("article", a.iri),
        words=words,
        domains=domains or [],
    )


def _ref(kind: str | None, iri: str, name: str) -> Ref:
    if kind is None:  # units and posts have no page of their own in the API
        return Ref(iri=iri, name=name)
    return Ref(iri=iri, name=name, id=ids.local_id(kind, iri), href=ids.href(kind, iri))


def _why_not(reading: Reading, terms: list[str], searchable: list[str]) -> str | None:
    """Why a question cannot match anything, or None when it can be searched."""
    if not _WORD.search(reading.text):
        return "the question has no words: only punctuation, symbols or emoji"
    if len(reading.text) < 2:
        return "the question is one character: say in a few words what happened"
    if not terms:
        return "the question has only words of asking (找哪个部门, 怎么办): say what happened"
    if not searchable:
        latin = "" if _CJK.search(reading.text) else " (the lists and statutes are in Chinese)"
        return f"no word of the question occurs in any power, duty or article{latin}"
    return None


def _found(terms: set[str], text: str) -> list[str]:
    """The query words ``text`` contains, longest first, none inside a longer one found."""
    found: list[str] = []
    for t in sorted(terms, key=len, reverse=True):
        if t in text and not any(t in f for f in found):
            found.append(t)
    return found


def _vocabulary(lex, articles: list[_Article]) -> list[str]:
    """Words for the segmenter's dictionary: plain.tsv, the lexicon's acts and authorities, defined terms."""
    words = [p.plain for p in lex.plain] + [p.statutory for p in lex.plain]
    words += [a.name for a in lex.acts] + [p.text for p in lex.phrases]
    for a in articles:
        words.extend(_DEFINED.findall(a.text))
    return words


def _purposes(name: str, area: str | None) -> tuple[str, ...]:
    """What a department's name says it is for, in phrases of two characters or more: each part of
    the name (an alias in brackets is a part) less its place and its kind of body, cut at 和
    (克拉玛依市委办公室（市档案局） → 档案; 克拉玛依市住房和城乡建设局 → 住房, 城乡建设)."""
    found: list[str] = []
    for k, part in enumerate(p for p in re.split(r"[（）()]", name) if p.strip()):
        part = part.strip().replace(area, "") if area else part.strip()
        part = _PARTY_PREFIX.sub("", _PLACE_PREFIX.sub("", part) if k else part)
        part = _BODY.sub("", part)
        found.extend(p for p in _CONJUNCTION.split(part) if len(p) >= 2 and p not in found)
    return tuple(found)
