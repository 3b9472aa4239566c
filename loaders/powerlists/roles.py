"""Which column holds which role, from its header words and from its cells.

Portals name the same column in many ways (事项名称, 职权名称, 权力事项, 清单事项 …)
and new names keep appearing, but the cells say what a column is: power
types (行政许可, 行政处罚), 《…》 citations, department names ending in 局/委/厅,
numbered duty stages (1.受理责任：…), day counts (20个工作日), 追责 phrasing.
Every column is scored both ways:

* a header that is a listed name (``columns.tsv``) decides the role;
* a header that only contains a listed name decides it unless the cells say
  unambiguously that the column is something else;
* a weak word of :data:`HEADER_WORDS` (权力事项 → 事项) counts only when the
  cells bear it out;
* any other column takes the role its cells show, when one does clearly.

The evidence is data (:data:`CELL_TESTS`, :data:`HEADER_WORDS`); each choice
records how it was made, so the load summary can show it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..concepts import scheme
from .organisations import split_units
from .timelimits import parse_limit

#: Strength of a header match: a listed name, a name containing a listed one, a weak word.
HEADER_EXACT, HEADER_CONTAINS, HEADER_WORD = 1.0, 0.8, 0.5
#: Share of a column's cells that must show a role for the content to decide it.
CONTENT_MIN = 0.6
#: Share from which content overrides a weak header, when no other role comes close.
CONTENT_STRONG = 0.8
#: Share of cells that must bear out a weak header word.
HEADER_SUPPORT = 0.3
#: Longer cells are not lists of organisations (and are costly to split).
ORG_CELL_MAX = 200
#: Rows of data read to score a column.
SAMPLE_ROWS = 300

# A section heading inside the table (一、行政许可, 第二部分 行政强制): shared with the record reader.
SECTION_NUMBER = re.compile(r"^[\s\u3000]*(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+(?:部分|类))")
_SPACE = re.compile(r"[\s\u3000]+")


def type_of(text: str) -> str | None:
    """The power type a cell or heading names: a label, or a label it starts with (行政处罚类, 行政许可事项)."""
    types = scheme("power-type")
    found = types.lookup(text)
    if found:
        return found
    flat = _SPACE.sub("", SECTION_NUMBER.sub("", text))
    for label, concept_iri in types.keywords():
        if len(label) >= 4 and flat.startswith(label):
            return concept_iri
    return None


def type_named_in(title: str) -> str | None:
    """The one power type a list's title or file name names (某局行政处罚事项清单), or None when it
    names none or several (行政许可、行政处罚事项清单)."""
    flat = _SPACE.sub("", title)
    found = {iri for label, iri in scheme("power-type").keywords() if len(label) >= 4 and label in flat}
    return found.pop() if len(found) == 1 else None


def _level(flat: str) -> bool:
    levels = scheme("exercise-level")
    head = re.split(r"[。；;，,:：]", flat, maxsplit=1)[0]
    return levels.lookup(head) is not None


_CITATION = re.compile(r"《[^》]{2,60}》")
# A basis rather than a name: 【法律】《…》, 《…》第十条 (names may quote a title: 对执行《植物检疫条例》有功的奖励).
_QUOTED_BASIS = re.compile(r"【[^】]{1,10}】|》[（(]?[^》]{0,40}第[〇零一二三四五六七八九十百千0-9]+条")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ORG_TAIL = r"(?:[（(][^）)]{1,20}[）)])?$"
_DEPARTMENT = re.compile(rf"^[^《》]{{2,40}}?(?:局|委员会|委|厅|政府|部|部门|机关|署|办公室|办){_ORG_TAIL}")
_UNIT = re.compile(rf"^[^《》]{{1,30}}?(?:科|处|室|股|中心|大队|支队|队|站|所|组){_ORG_TAIL}")
_ENUMERATED = r"(?:^|[：:；;。])(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[.．、)）]?"
_ENUMERATION = re.compile(rf"{_ENUMERATED}(?=\S)")
_DUTY_STAGE = re.compile(rf"{_ENUMERATED}[^：:；;。]{{1,8}}?(?:责任|阶段|环节)[:：]|直接实施责任|指导监督责任")
_ACCOUNTABILITY = re.compile(
    r"下列情形|不正确履行|不履行或|追究[^。]{0,20}责任|承担相应[^。]{0,6}责任|予以问责|的[；;].{2,}的[；;]|"
    r"滥用职权|玩忽职守|徇私舞弊|未依法|不依法|违反法定"
)
_LEADING_CITATION = re.compile(r"^(?:【[^】]{1,12}】)?《")
_LIABLE = re.compile(r"承办人|经办人|负责人|分管领导|法定代表人|主要领导|工作人员|责任人")
_REMEDY = re.compile(r"行政复议|行政诉讼|复议|诉讼|投诉|举报|申诉|监督电话|热线|12345|信访")
_CODE = re.compile(r"^(?=[A-Za-z0-9\-_.]*(?:[A-Za-z]|\d{5}|-))[A-Za-z0-9][A-Za-z0-9\-_.]{3,39}$")
_SERIAL = re.compile(r"^[0-9０-９]{1,4}[.、．]?$")
# What items are called: 对…的处罚, …许可, …登记, …核准 (the verbs of the power types and their kin).
_ITEM = re.compile(
    r"^对.{2,}的|许可|审批|审查|审核|核准|核发|登记|备案|处罚|检查|抽查|征收|征缴|确认|认定|奖励|表彰|裁决|给付|"
    r"补贴|救助|强制|查封|扣押|鉴定|验收|评定|评审|监督|撤销|注销|吊销|颁发|发放|批准|调解|考核|管理|办理|"
    r"出具|授予|收取|决定|处理|查处|核查|指导|调查|统计"
)


def _item_name(flat: str) -> bool:
    """A label, not a sentence: short, no numbered list, no 《…》第X条 basis, no organisation or type."""
    return (
        3 <= len(flat) <= 80
        and bool(_HAN.search(flat))
        and not _QUOTED_BASIS.search(flat)
        and not _DUTY_STAGE.search(flat)
        and len(_ENUMERATION.findall(flat)) < 2
        and not re.search(r"[。；;]", flat.rstrip("。；;"))
        and not flat.startswith("负责")
        and not _DEPARTMENT.match(flat)
        and not _UNIT.match(flat)
        and type_of(flat) is None
        and parse_limit(flat) is None
        and (len(flat) >= 6 or bool(_ITEM.search(flat)))
    )


def _accountability(flat: str) -> bool:
    """追责 phrasing in a cell that does not open with a citation (a basis quoting 违反… is a basis)."""
    return not _LEADING_CITATION.match(flat) and bool(_ACCOUNTABILITY.search(flat))


def _duties(flat: str) -> bool:
    """Duty stages (1.受理责任：…) or a numbered list of what to do that is not an accountability clause."""
    if _DUTY_STAGE.search(flat):
        return True
    return (
        len(flat) >= 10
        and len(_ENUMERATION.findall(flat)) >= 2
        and not _ACCOUNTABILITY.search(flat)
        and not _LIABLE.search(flat[:40])
    )


def _organisations(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Every name of the cell (split as lists separate them, wrapped lines joined) fits ``pattern``."""

    def test(cell: str) -> bool:
        if len(cell) > ORG_CELL_MAX:
            return False
        names = split_units(cell)
        return bool(names) and all(pattern.match(n) for n in names)

    return test


def _short(test: Callable[[str], bool], limit: int) -> Callable[[str], bool]:
    return lambda flat: len(flat) <= limit and test(flat)


@dataclass(frozen=True)
class CellTest:
    """One kind of content evidence: cells that pass ``test`` point to ``kind``."""

    kind: str  # a role, or a family of roles told apart by position (citation, limit, item)
    label: str  # the evidence, as the summary shows it
    test: Callable[[str], bool]  # given the cell without whitespace (cells wrap words anywhere) …
    raw: bool = False  # … or as written


#: Content evidence, in order of precedence when two kinds score the same.
CELL_TESTS: tuple[CellTest, ...] = (
    CellTest("type", "power types (行政许可, 行政处罚 …)", lambda c: type_of(c) is not None),
    CellTest("level", "levels (地州市级, 县市区级 …)", _short(_level, 60)),
    CellTest("serial", "serial numbers", lambda c: bool(_SERIAL.match(c))),
    CellTest("code", "item codes", lambda c: bool(_CODE.match(c))),
    CellTest("duties", "numbered duties (1.受理责任：…)", _duties),
    CellTest("accountability", "追责 situations (有下列情形…, 追究…责任)", _accountability),
    CellTest("citation", "statute citations 《…》", lambda c: bool(_CITATION.search(c))),
    CellTest("limit", "time limits (20个工作日, 即办)", _short(lambda c: parse_limit(c) is not None, 24)),
    CellTest("liable", "liable persons (承办人, 负责人 …)", _short(lambda c: bool(_LIABLE.search(c)), 120)),
    CellTest("remedy", "remedy channels (行政复议, 投诉 …)", lambda c: bool(_REMEDY.search(c))),
    CellTest("department", "department names (…局, …委, …厅)", _organisations(_DEPARTMENT), raw=True),
    CellTest("unit", "unit names (…科, …处, …室)", _organisations(_UNIT), raw=True),
    CellTest("charge", "charges (负责本级…)", lambda c: c.startswith("负责")),
    CellTest("item", "item names (short labels: 对…的处罚, …许可, …登记)", _item_name),
)

#: Weak header words: a header containing one names the role unless the cells say otherwise.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    # Specific words first: 责任事项 is the duties, not the name; 追责对象 the liable, not the situations.
    "serial": ("序号",),
    "code": ("编码", "代码", "识别码", "编号"),
    "type": ("类型", "类别", "性质", "种类", "分类"),
    "subitem": ("子项",),
    "duty_basis": ("责任依据",),
    "duties": ("责任事项", "职责内容", "履职", "责任内容"),
    "liable": ("追责对象", "问责对象", "对象", "人员"),
    "accountability": ("追责", "问责"),
    "statutory_limit": ("法定时", "法定期", "法定办", "时限", "办理期限", "办结期限"),
    "committed_limit": ("承诺",),
    "remedy": ("渠道", "救济", "投诉", "监督电话"),
    "level": ("层级", "级别"),
    "basis": ("依据", "法规", "法律", "条款"),
    "department": ("主体", "部门", "机关"),
    "unit": ("机构", "处室", "科室", "承办", "单位"),
    "name": ("名称", "事项", "职权", "权力"),
}

#: Roles a content kind can fill, tried in this order (position decides among them, see ``_place``).
KIND_ROLES: dict[str, tuple[str, ...]] = {
    "citation": ("basis", "duty_basis", "accountability_basis"),
    "limit": ("statutory_limit", "committed_limit"),
    "item": ("name", "subitem"),
    "charge": ("scope", "function"),
}


@dataclass(frozen=True)
class Choice:
    """The role chosen for one column and how."""

    column: int
    header: str
    role: str
    how: str  # "header", "content" or "columns file"
    score: float
    evidence: str

    def as_dict(self) -> dict[str, object]:
        return {
            "column": column_letter(self.column),
            "header": self.header,
            "role": self.role,
            "how": self.how,
            "score": round(self.score, 2),
            "evidence": self.evidence,
        }


def column_letter(c: int) -> str:
    """0 → A, 26 → AA, as spreadsheet programs name columns."""
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def header_words(header: str) -> tuple[str, float] | None:
    """(role, strength) from a weak header word, or None."""
    flat = _SPACE.sub("", header)
    for role, words in HEADER_WORDS.items():
        if any(w in flat for w in words):
            return role, HEADER_WORD
    return None


def content_scores(cells: list[str]) -> dict[str, tuple[float, str]]:
    """Kind → (share of the non-empty cells showing it, evidence label)."""
    counts = Counter(c for c in cells if c.strip())  # merged cells repeat: test each text once
    total = sum(counts.values())
    if not total:
        return {}
    flat = {c: _SPACE.sub("", c) for c in counts}
    scores: dict[str, tuple[float, str]] = {}
    for t in CELL_TESTS:
        hits = sum(n for c, n in counts.items() if t.test(c if t.raw else flat[c]))
        if hits >= min(2, total):
            scores[t.kind] = (hits / total, t.label)
    return scores


def _best_kind(scores: dict[str, tuple[float, str]]) -> tuple[str, float, str] | None:
    """The kind the cells show clearly: the top share, at least CONTENT_MIN, ahead of the next by 0.2."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1][0])  # stable: CELL_TESTS order breaks ties
    if not ranked or ranked[0][1][0] < CONTENT_MIN:
        return None
    kind, (share, label) = ranked[0]
    if len(ranked) > 1 and ranked[1][1][0] > share - 0.2 and not _compatible(kind, ranked[1][0]):
        return None
    return kind, share, label


# Kinds whose evidence overlaps by nature: the first wins without ambiguity.
_COMPATIBLE = {
    ("accountability", "citation"),
    ("accountability", "remedy"),
    ("accountability", "liable"),
    ("duties", "citation"),
    ("duties", "accountability"),
    ("duties", "remedy"),
    ("duties", "liable"),
    ("department", "unit"),
    ("unit", "department"),
    ("serial", "code"),
    ("type", "item"),
    ("level", "item"),
    ("liable", "accountability"),
    ("remedy", "limit"),
    ("citation", "accountability"),
    ("citation", "remedy"),
    ("remedy", "item"),
    ("charge", "item"),
}


def _compatible(first: str, second: str) -> bool:
    return (first, second) in _COMPATIBLE


def choose_roles(
    headers: dict[int, str],
    columns: dict[int, list[str]],
    header_role: Callable[[str], tuple[str, float] | None],
    fixed: dict[int, str] | None = None,
) -> list[Choice]:
    """The role of each column: ``fixed`` (a columns file) first, then listed headers, then content.

    ``headers`` maps column → header text, ``columns`` column → its data
    cells; ``header_role`` says what a header names and how strongly.
    """
    chosen: dict[int, Choice] = {}
    for c, role in (fixed or {}).items():
        chosen[c] = Choice(c, headers.get(c, ""), role, "columns file", 1.0, "named in the columns file")
    weak: dict[int, tuple[str, float]] = {}
    for c in sorted(set(headers) | set(columns)):
        if c in chosen:
            continue
        named = header_role(headers.get(c, ""))
        if named is None:
            continue
        role, strength = named
        if strength >= HEADER_EXACT:
            chosen[c] = Choice(c, headers[c], role, "header", strength, "listed column name")
        else:
            weak[c] = (role, strength)
    taken = {ch.role for ch in chosen.values()}
    # Only the columns no listed header decided are scored: most lists cost nothing here.
    scores = {c: content_scores(cells) for c, cells in columns.items() if c not in chosen}
    # Content for the rest; a weak header yields to strong, unambiguous content of a role not yet taken.
    for c in sorted(set(columns) | set(weak)):
        if c in chosen:
            continue
        best = _best_kind(scores.get(c, {}))
        role_by_header = weak.get(c)
        if role_by_header:
            role, strength = role_by_header
            own = scores.get(c, {}).get(_kind_of_role(role))
            contains = strength >= HEADER_CONTAINS
            overridden = best and best[1] >= CONTENT_STRONG and best[0] != _kind_of_role(role) and own is None
            if contains and not (overridden and _free_role(best[0], taken)):
                chosen[c] = Choice(c, headers[c], role, "header", strength, "contains a listed column name")
                taken.add(role)
                continue
            if not contains and own is not None and own[0] >= HEADER_SUPPORT and role not in taken:
                # A weak header word the cells bear out (权力事项 over item names).
                chosen[c] = Choice(c, headers[c], role, "header word and content", own[0], own[1])
                taken.add(role)
                continue
            if not best:
                continue
            kind, share, label = best
        elif best:
            kind, share, label = best
        else:
            continue
        chosen[c] = Choice(c, headers.get(c, ""), kind, "content", share, label)
    return _repeated(_place(chosen, columns), headers)


def _repeated(choices: list[Choice], headers: dict[int, str]) -> list[Choice]:
    """A header written again further right (a second 责任事项依据, a merged 实施层级及权限) names the same role.

    The column takes the role of the first column with that header, unless a
    header or columns file named its own.
    """
    first: dict[str, Choice] = {}
    for ch in sorted(choices, key=lambda ch: ch.column):
        first.setdefault(_SPACE.sub("", ch.header), ch)
    own = {ch.column: ch for ch in choices}
    result = []
    for c in sorted(set(headers) | set(own)):
        text = _SPACE.sub("", headers.get(c, ""))
        earlier = first.get(text) if text else None
        ch = own.get(c)
        if earlier is not None and earlier.column < c and (ch is None or ch.how == "content"):
            evidence = f"same header as column {column_letter(earlier.column)}"
            ch = Choice(c, headers[c], earlier.role, earlier.how, earlier.score, evidence)
        if ch is not None:
            result.append(ch)
    return result


def _kind_of_role(role: str) -> str:
    for kind, roles in KIND_ROLES.items():
        if role in roles:
            return kind
    return role


def _free_role(kind: str, taken: set[str]) -> bool:
    return any(r not in taken for r in KIND_ROLES.get(kind, (kind,)))


def _place(chosen: dict[int, Choice], columns: dict[int, list[str]]) -> list[Choice]:
    """Turn content kinds into roles by position, one column per role (the best) for content choices.

    Citations left of the duties are the basis, right of them the duty
    basis, right of the accountability its basis; the first limit is the
    statutory one, the next the committed one; the leftmost item column is
    the name, one right of it before the type, basis or department the
    sub-item; a 负责… column is the scope or the department function.
    """
    by_header = {ch.role for ch in chosen.values() if ch.how != "content"}
    result = [ch for ch in chosen.values() if ch.how != "content"]
    content = sorted((ch for ch in chosen.values() if ch.how == "content"), key=lambda ch: ch.column)
    anchors = {ch.role: ch.column for ch in result}
    for ch in content:
        if ch.role in ("duties", "accountability", "level"):
            anchors.setdefault(ch.role, ch.column)
    taken = set(by_header)

    items = [ch for ch in content if ch.role == "item"]
    name_column = anchors.get("name")
    if items and "name" not in taken:
        name = items[0]  # lists put the name left of every other text column
        result.append(_as(name, "name"))
        taken.add("name")
        name_column = name.column
    # A sub-item column sits right of the names, before the type, basis or department.
    right = [c for r, c in anchors.items() if r in _AFTER_NAME and name_column is not None and c > name_column]
    right += [
        ch.column
        for ch in content
        if ch.role in _AFTER_NAME_KINDS and name_column is not None and ch.column > name_column
    ]
    bound = min(right, default=10**6)
    subs = [ch for ch in items if name_column is not None and name_column < ch.column < bound]
    if subs and "subitem" not in taken:
        result.append(_as(subs[0], "subitem"))
        taken.add("subitem")
    for ch in content:
        if ch.role == "item":
            continue
        if ch.role == "citation":
            role = _citation_role(ch.column, anchors, taken)
        elif ch.role == "limit":
            role = next((r for r in KIND_ROLES["limit"] if r not in taken), None)
        elif ch.role == "charge":
            role = _charge_role(ch.column, anchors, taken, columns)
        else:
            role = ch.role if ch.role not in taken else None
        if role is None:
            continue
        result.append(_as(ch, role))
        taken.add(role)
    return sorted(result, key=lambda ch: ch.column)


_AFTER_NAME = {"type", "basis", "department", "unit", "level", "duties"}
_AFTER_NAME_KINDS = {"type", "citation", "department", "unit", "level", "duties"}


def _citation_role(c: int, anchors: dict[str, int], taken: set[str]) -> str | None:
    """Citations right of the duties are their basis, right of the accountability its basis, else the basis."""
    left = [r for r in ("duties", "accountability") if r in anchors and anchors[r] < c]
    if left:
        nearest = max(left, key=lambda r: anchors[r])
        role = "duty_basis" if nearest == "duties" else "accountability_basis"
        return role if role not in taken else None
    return "basis" if "basis" not in taken else None


def _charge_role(c: int, anchors: dict[str, int], taken: set[str], columns: dict[int, list[str]]) -> str | None:
    """负责… right of the level (or the first such column of a list without one) is the scope, else the function.

    A level column whose cells go on after the level (地州市级。负责…) holds the scope itself.
    """
    level = anchors.get("level")
    scoped = level is not None and _long_share(columns.get(level, []), 10) >= 0.5
    if "scope" not in taken and not scoped and (level is None or c - 1 == level):
        return "scope"
    return "function" if "function" not in taken else None


def _long_share(cells: list[str], length: int) -> float:
    filled = [_SPACE.sub("", c) for c in cells if c.strip()]
    return sum(1 for c in filled if len(c) > length) / len(filled) if filled else 0.0


def _as(ch: Choice, role: str) -> Choice:
    return Choice(ch.column, ch.header, role, ch.how, ch.score, ch.evidence)
