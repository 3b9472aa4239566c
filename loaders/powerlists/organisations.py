"""Departments, units and posts named in list cells.

Lists name the exercising body generically (地州市农业农村局, 市统计局) or in
full (克拉玛依市市场监督管理局), and put several units in one cell
(农业科（农产品质量安全监管科)、畜牧兽医科（渔政管理科）). This module turns
those cells into stable names: generic names of the list's own department
resolve to it; a jurisdiction given by the user qualifies names that lack
one.
"""

from __future__ import annotations

import re
from pathlib import Path

_SPACE = re.compile(r"[\s\u3000\xa0]+")
# Prefixes that stand for "the city of this list" rather than naming one.
_GENERIC_PREFIX = re.compile(r"^(?:各?地[（(]?州[、，,]?市[）)]?级?|地州市级?|地市级?|市级|本级|地区|[省市区县]本级)")
_ORG_SUFFIX = re.compile(r"(?:局|委员会|委|厅|部|办公室|办|中心|院|队|站|所|会|政府|署|处)$")
# A leading place name: …省, …自治区, …市, …州, …县, …区, …旗, …盟 (at most 12 characters).
_PLACE = re.compile(r"^(.{2,12}?(?:自治区|省|市|自治州|州|地区|盟|县|旗|区))")
_LIST_NAME_NOISE = re.compile(r"^(?:附件\d*[:：]?\s*)|\s*[（(]\d+[）)]\s*$|\s+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")
# Role marks around a unit's name: 乙科（牵头）, 牵头：乙科, 甲科（配合）.
_ROLE_MARK = re.compile(
    r"[（(](?:牵头|主办|配合|协办)[）)]|^(?:牵头|主办|配合|协办)(?:单位|科室|处室)?[:：]|(?<=.)牵头$"
)


def _wrap_or_space(m: re.Match[str]) -> str:
    """A space between two ASCII characters is a word space (ISO 9001); any other is a wrapped cell's."""
    text, start, end = m.string, m.start(), m.end()
    between_ascii = start > 0 and end < len(text) and text[start - 1].isascii() and text[end].isascii()
    return " " if between_ascii else ""


def unwrap(text: str) -> str:
    """Chinese carries no whitespace, so cells wrapped by narrow columns are joined; Latin words keep one space."""
    return _SPACE.sub(_wrap_or_space, text).strip()


def clean(text: str) -> str:
    """A name as one line, without the trailing punctuation cells carry."""
    return unwrap(text).strip("。.;；,，").strip()


def list_identity(file_name: str) -> str:
    """A list's identity from its file name: 附件：X(1).xls → X."""
    stem = Path(file_name).stem
    return _LIST_NAME_NOISE.sub("", stem)


def list_year(*texts: str) -> str | None:
    for text in texts:
        m = _YEAR.search(text)
        if m:
            return m.group(1)
    return None


def department_in_title(title: str) -> str | None:
    """The department a title or file name names: '克拉玛依市市场监督管理局2024年权责清单' → the bureau."""
    text = clean(title)
    text = _YEAR.sub("", text)
    text = re.sub(r"(?:权责清单|权力清单|责任清单|权责事项|清单|目录|指导目录).*$", "", text)
    text = re.sub(r"^\d+", "", text)
    text = re.sub(r"[（(][^）)]*[）)]$", lambda m: m.group(0) if _ORG_SUFFIX.search(m.group(0)[1:-1]) else "", text)
    return text if text and _ORG_SUFFIX.search(re.sub(r"[（(][^）)]*[）)]$", "", text)) else None


def place_of(name: str) -> str | None:
    """The leading place name of a department name, if it has one (克拉玛依市)."""
    if _GENERIC_PREFIX.match(name) or name.startswith(("市", "县", "区", "省")):
        return None
    m = _PLACE.match(name)
    return m.group(1) if m else None


def is_generic(name: str) -> bool:
    return bool(_GENERIC_PREFIX.match(name)) or (name.startswith("市") and not name.startswith("市场"))


def core_name(name: str) -> str:
    """The name without its place or generic prefix, for matching (市场监督管理局)."""
    name = _GENERIC_PREFIX.sub("", name)
    place = place_of(name)
    if place:
        name = name[len(place) :]
    if name.startswith("市") and not name.startswith("市场"):
        name = name[1:]  # 市统计局, 市市场监督管理局: the city left unnamed
    return name


def qualify(name: str, jurisdiction: str | None) -> str:
    """Give a city-less name the jurisdiction's: 市统计局 → 克拉玛依市统计局."""
    if not jurisdiction or place_of(name):
        return name
    core = core_name(name)
    if is_generic(name) or name.startswith("市"):
        return jurisdiction + core if jurisdiction.endswith(("市", "州", "盟", "地区")) else jurisdiction + "市" + core
    return name


# Bodies of another level named generically: 县市区…, 区县…, 乡镇…, 自治区…, 省….
_OTHER_LEVEL = re.compile(r"^(?:县|区县|乡|镇|街道|自治区|省)")
_GENERIC_SUFFIX = re.compile(r"(?:主管部门|行政部门|管理部门|部门|委员会|办公室|管理局|局|委|厅|部|办|处)$")
_BRACKETED = re.compile(r"[（(]([^）)]*)[）)]")


def _keys(name: str) -> list[str]:
    """The distinctive words of a name and of what it says in brackets: 市委办公室（市档案局） → 委办公, 档案."""
    parts = [_BRACKETED.sub("", name), *_BRACKETED.findall(name)]
    keys = []
    for part in parts:
        for piece in re.split(r"[、，,]", part):
            key = _GENERIC_SUFFIX.sub("", core_name(clean(piece)))
            if len(key) >= 2:
                keys.append(key)
    return keys


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def same_body(a: str, b: str) -> bool:
    """Whether two names denote the same department as lists write them.

    科技局 and 科学技术局, 地州市商务主管部门 and 克拉玛依市商务局, 档案局 and 市委办公室（市档案局）:
    one name's distinctive word appears, in order, in the other's.
    """
    if clean(a) == clean(b):
        return True
    if bool(_OTHER_LEVEL.match(clean(a))) != bool(_OTHER_LEVEL.match(clean(b))):
        return False  # 县市区农业农村局 or 自治区农业农村厅 is not the city's bureau
    if core_name(clean(a)) == core_name(clean(b)):
        return True
    place_a, place_b = place_of(clean(a)), place_of(clean(b))
    if place_a and place_b and place_a != place_b:
        return False
    return any(_subsequence(ka, kb) or _subsequence(kb, ka) for ka in _keys(a) for kb in _keys(b))


def choose_publisher(from_title: str | None, written: list[str], jurisdiction: str | None) -> str | None:
    """The list's department: the body its rows name most often when that is the body its title names.

    Rows name it more exactly (克拉玛依市委办公室（市档案局） where the file says 档案局), so
    their name wins when the two agree; otherwise the title's.
    """
    counts: dict[str, int] = {}
    for w in written:
        name = clean(w)
        if name:
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts, key=lambda n: -counts[n])
    if from_title is None:
        return qualify(ranked[0], jurisdiction) if ranked else None
    title_name = qualify(clean(from_title), jurisdiction)
    for name in ranked[:1]:
        if same_body(name, title_name) and not is_generic(name) and "主管部门" not in name:
            return qualify(name, jurisdiction)
    return title_name


def resolve_department(written: str, publisher: str | None, jurisdiction: str | None) -> str:
    """The department a 行使主体 cell names, in a stable form; the list's own department when it is one."""
    name = clean(written)
    if not name:
        return publisher or ""
    if publisher and same_body(name, publisher):
        return publisher
    return qualify(name, jurisdiction)


def is_local_department(written: str, publisher: str | None, jurisdiction: str | None) -> bool:
    """Whether a 行使主体 names a department of this list's jurisdiction (not 自治区… or 县市区…)."""
    name = clean(written)
    if publisher and core_name(name) == core_name(publisher):
        return is_generic(name) or place_of(name) in (None, place_of(publisher)) or name == publisher
    if re.match(r"^(?:自治区|省|县|区|乡|镇|县市区|县（市、区）)", name):
        return False
    place = place_of(name)
    return place is None or place == jurisdiction or (publisher is not None and place == place_of(publisher))


def _between_chinese(text: str, i: int) -> bool:
    """A slash separates units between Chinese names (法规科/执法科), not inside Latin text (</script>)."""
    return 0 < i < len(text) - 1 and not text[i - 1].isascii() and not text[i + 1].isascii()


def split_units(cell: str) -> list[str]:
    """Units named in one cell, split on 、，,；; (and / between Chinese names) outside brackets.

    Line breaks separate units only in a cell that has no other separator:
    narrow columns wrap names (政策法\n规科 、\n社会经\n济统计科).
    """
    if re.search(r"[、，,；;/]", cell):
        cell = unwrap(cell)
    units: list[str] = []
    depth = 0
    current: list[str] = []
    for i, ch in enumerate(cell):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in "、，,；;\n" or (ch == "/" and _between_chinese(cell, i))):
            units.append("".join(current))
            current = []
        else:
            current.append(ch)
    units.append("".join(current))
    seen: list[str] = []
    for u in units:
        name = _ROLE_MARK.sub("", clean(u))
        if name and name not in seen:
            seen.append(name)
    return seen


def lead_unit(cell: str, units: list[str]) -> str | None:
    """The unit a cell marks as lead: 乙科（牵头）, 牵头：乙科, 乙科牵头."""
    text = clean(cell)
    for u in units:
        name = re.escape(u)
        if re.search(rf"{name}[（(]?牵头", text) or re.search(rf"牵头(?:单位|科室|处室)?[:：]?{name}", text):
            return u
    return None
