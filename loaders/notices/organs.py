"""The organisations a notice names: organs by role (监察机关) and named bodies (市监察局).

Generic mentions are concepts of the organ-role vocabulary, found by their
labels, longest first, so that 政府法制机构 is the legal affairs office and
not a government. A list such as 政府法制、编制、监察、人事等部门 shares its
last word and is read as four organs. Named bodies are found by shape (a
place, then a name, then 局/委/办/厅 …); a name that starts with a bare 市 or
省 is the issuer's city or province (市监察局 of a Dalian notice is 大连市监察局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..concepts import scheme

_SUFFIX = r"(?:办公厅|办公室|委员会|政府|局|委|办|厅|署)"
_NAMED = re.compile(
    r"(?:国务院|(?:[\u4e00-\u9fa5]{2,7}?(?:省|自治区))?[\u4e00-\u9fa5]{2,7}?(?:市|自治州|州|盟)|[省市])"
    r"(?:人民)?(?:政府)?[\u4e00-\u9fa5]{0,8}" + _SUFFIX
)
# Words that run into a place name before 市/省 (业经市人民政府同意, 报请省政府批准): dropped when
# what follows them is a name by itself, so that 自贡市 and 和田地区 keep their first character.
_LEADING_WORD = re.compile(
    r"^(?:业经|经由|报请|提请|会同|按照|依照|根据|经|由|报|请|按|依|据|向|对|在|将|并|及|和|与|同|自|从)"
)
_NOT_A_NAME = re.compile(r"[各等和及、的有关相直属所属全本该其]|区市县|市县|县区|市直|全市|本市")
_LIST = re.compile(r"((?:[\u4e00-\u9fa5]{2,4}、)+[\u4e00-\u9fa5]{2,4}?)等?(部门|机关|机构)")
_PLACE = re.compile(
    r"^(?:(?P<province>[\u4e00-\u9fa5]{2,7}?(?:省|自治区)))?(?P<city>[\u4e00-\u9fa5]{2,7}?(?:市|自治州|州|盟|地区))?"
)


@dataclass(frozen=True)
class OrganMention:
    start: int
    end: int
    role: str  # organ-role concept IRI
    written: str


@dataclass(frozen=True)
class NamedBody:
    start: int
    end: int
    written: str
    name: str  # qualified with the issuer's place
    role: str | None


@dataclass(frozen=True)
class Place:
    province: str | None
    city: str | None

    @property
    def name(self) -> str | None:
        return self.city or self.province


def place_of(issuer: str) -> Place:
    """The province and city an issuer's name starts with (辽宁省大连市人民政府办公厅)."""
    if issuer.startswith("国务院") or issuer.startswith("中共中央"):
        return Place(None, None)
    m = _PLACE.match(issuer)
    return Place(m.group("province"), m.group("city")) if m else Place(None, None)


def organ_mentions(text: str) -> list[OrganMention]:
    """Generic organ mentions, longest label first, not overlapping; lists like 法制、编制等部门 expanded."""
    roles = scheme("organ-role")
    found: list[OrganMention] = []
    taken: list[tuple[int, int]] = []
    for m in _LIST.finditer(text):
        suffix = m.group(2)
        for item in m.group(1).split("、"):
            full = item if item.endswith(suffix) else item + suffix
            role = roles.lookup(full) or role_of_name(full)
            if role:
                found.append(OrganMention(m.start(), m.end(), role, full))
        if any(f.start == m.start() for f in found):
            taken.append((m.start(), m.end()))
    for keyword, role in roles.keywords():
        for m in re.finditer(re.escape(keyword), text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(OrganMention(m.start(), m.end(), role, keyword))
    return sorted(found, key=lambda f: f.start)


def role_of_name(text: str) -> str | None:
    """The organ role a name or phrase contains (大连市监察局 → the supervision organ), if any."""
    for keyword, role in scheme("organ-role").keywords():
        if keyword in text:
            return role
    return None


def qualify(name: str, place: Place) -> str:
    """市监察局 → 大连市监察局, 省政府 → 辽宁省政府; names with their own place stay as they are."""
    if name.startswith("市") and place.city and not name.startswith("市场"):
        return place.city + name[1:]
    if name.startswith("省") and place.province:
        return place.province + name[1:]
    return name


def named_bodies(text: str, place: Place) -> list[NamedBody]:
    found = []
    for m in _NAMED.finditer(text):
        written, start = m.group(), m.start()
        lead = _LEADING_WORD.match(written)
        if lead and _NAMED.fullmatch(written[lead.end() :]):
            written, start = written[lead.end() :], start + lead.end()
        if _NOT_A_NAME.search(written) or len(written) < 3:
            continue
        found.append(NamedBody(start, m.end(), written, qualify(written, place), role_of_name(written)))
    return found
