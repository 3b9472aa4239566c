"""Overlapping and duplicated powers on real spreadsheets made for each case, on the sample and on the real lists."""

import math
import random
from collections import Counter
from pathlib import Path

import pytest
from quanze.service.analysis.nearduplicates import Entry, all_pairs, bigrams, dice, normalise, similar_pairs
from quanze.service.analysis.overlaps import find_overlaps
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore

from tests.conftest import SAMPLE
from tests.service.listmaker import CITY_RULES, SPECIAL, Row, write_list

CITY = "青禾市城市管理局"
MARKET = "青禾市市场监督管理局"
TRANSPORT = "青禾市交通运输局"
COUNTY = "青禾县城市管理局"
NOT_LOADED = "【地方政府规章】《青禾市摊点管理办法》（2020年1月1日公布）\n第三条：禁止擅自占用公共场所摆摊设点。"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    folder = tmp_path_factory.mktemp("lists")
    write_list(
        folder / "city.xlsx",
        f"{CITY}权责清单",
        [
            Row("对擅自占用公共场所堆放物料的处罚", f"{CITY_RULES}\n第八条", CITY),
            Row("对擅自设置户外广告设施的处罚", f"{CITY_RULES}\n第九条第一款", CITY),
            Row("特种设备改造移装登记", f"{SPECIAL}\n第六条第（一）项", CITY, type="行政许可"),
            Row("对车辆泄漏遗撒的处罚", f"{CITY_RULES}\n第十条", CITY),
            Row("对擅自占用公共场所摆摊设点行为的处罚", NOT_LOADED, CITY),
            Row("户外广告设施设置许可", f"{CITY_RULES}\n第四条", CITY, type="行政许可", units="市容科、执法科"),
            Row(
                "市容和环境卫生监督检查",
                f"{CITY_RULES}\n第二条",
                CITY,
                type="行政检查",
                units="市容科（牵头）、执法科",
                scope="负责市区范围内的检查",
            ),
            Row("对擅自占用公共场所堆放物料的处罚", f"{CITY_RULES}\n第八条", CITY),
        ],
    )
    write_list(
        folder / "market.xlsx",
        f"{MARKET}权责清单",
        [
            Row("对占用公共场所堆放物料的处罚", f"{CITY_RULES}\n第八条", MARKET),
            Row("对未按照批准内容设置户外广告设施的处罚", f"{CITY_RULES}\n第九条第二款", MARKET),
            Row("特种设备变更登记", f"{SPECIAL}\n第六条", MARKET, type="行政许可"),
        ],
    )
    write_list(
        folder / "transport.xlsx",
        f"{TRANSPORT}权责清单",
        [
            Row("对在道路上堆放物料的处罚", f"{CITY_RULES}\n第八条", TRANSPORT),
            Row("对擅自占用公共场所摆摊设点的处罚", NOT_LOADED, TRANSPORT),
        ],
    )
    write_list(
        folder / "county.xlsx",
        f"{COUNTY}权责清单",
        [
            Row("对车辆泄漏遗撒散体物料的处罚", f"{CITY_RULES}\n第十条", COUNTY, level="县市区级"),
            Row("户外广告设施设置许可", f"{CITY_RULES}\n第四条", COUNTY, type="行政许可", level="县市区级"),
            Row(
                "市容和环境卫生监督检查",
                f"{CITY_RULES}\n第二条",
                COUNTY,
                type="行政检查",
                level="县市区级",
                scope="负责本县范围内的检查",
            ),
        ],
    )
    s = EmbeddedStore()
    loading.load(s, [SAMPLE / "statutes", folder])
    return s


@pytest.fixture(scope="module")
def findings(store):
    return find_overlaps(store)


def by_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_three_departments_on_one_article_are_one_finding(findings):
    cross = [f for f in by_kind(findings, "cross") if f.subject_label.endswith("第八条")]
    assert len(cross) == 1
    (f,) = cross
    assert set(f.departments) == {CITY, MARKET, TRANSPORT}
    assert len(f.members) == 4  # the city lists it twice
    assert f.severity == "high"
    assert any("not the authority the law names" in e and MARKET in e and TRANSPORT in e for e in f.evidence)


def test_different_paragraphs_do_not_overlap_but_a_whole_article_covers_its_items(findings):
    cross = by_kind(findings, "cross")
    assert not [f for f in cross if f.subject_label.endswith("第九条")]  # 第一款 and 第二款
    (f,) = [f for f in cross if f.subject_label.endswith("第六条")]  # 第六条 covers 第六条第（一）项
    assert set(f.departments) == {CITY, MARKET}
    assert any("one citation covers the other" in e for e in f.evidence)


def test_departments_at_different_levels_are_not_cross_department(findings):
    assert not [f for f in by_kind(findings, "cross") if f.subject_label.endswith("第十条")]


def test_near_duplicate_names_of_different_departments(findings):
    near = by_kind(findings, "near")
    stalls = [
        f
        for f in near
        if {m.name for m in f.members} == {"对擅自占用公共场所摆摊设点行为的处罚", "对擅自占用公共场所摆摊设点的处罚"}
    ]
    assert len(stalls) == 1 and stalls[0].score == 1.0
    # names that share an article are already a cross-department finding, not a near-duplicate one
    assert not [f for f in near if "堆放物料" in f.subject]


def test_internal_shared_units_without_lead_and_items_listed_twice(findings):
    internal = by_kind(findings, "internal")
    shared = [f for f in internal if "未明确牵头" in f.summary]
    assert [m.name for f in shared for m in f.members] == ["户外广告设施设置许可"]  # the one with 牵头 is fine
    twice = [f for f in internal if "重复列出" in f.summary]
    assert len(twice) == 1 and len(twice[0].members) == 2 and twice[0].severity == "medium"


def test_vertical_same_power_at_two_levels_without_division(findings):
    vertical = by_kind(findings, "vertical")
    assert [f.subject_label for f in vertical] == ["户外广告设施设置许可"]
    assert vertical[0].severity == "high"  # no scope at either level
    assert {m.department_name for m in vertical[0].members} == {CITY, COUNTY}


def test_kind_and_department_filters(store):
    only = find_overlaps(store, kinds=("internal",), department=MARKET)
    assert only == []
    assert {f.kind for f in find_overlaps(store, kinds=("cross",))} == {"cross"}
    with pytest.raises(ValueError, match="unknown overlap kind"):
        find_overlaps(store, kinds=("sideways",))


def test_sample_seeded_defects(sample_store):
    found = find_overlaps(sample_store)
    (cross,) = by_kind(found, "cross")
    assert set(cross.departments) == {"青禾市城市管理局", "青禾市市场监督管理局"}
    assert cross.subject_label == "青禾市市容和环境卫生管理条例第九条" and cross.severity == "high"
    (internal,) = by_kind(found, "internal")
    assert internal.members[0].name == "对特种设备未办理使用登记擅自投入使用的处罚"


def test_real_lists(shared_store):
    found = find_overlaps(shared_store)
    cross = by_kind(found, "cross")
    pension = [f for f in cross if f.subject_label == "社会保险法第八十七条"]
    assert len(pension) == 1
    assert set(pension[0].departments) == {"克拉玛依市医疗保障局", "克拉玛依市人力资源和社会保障局"}
    # one authority of the law (社会保险行政部门), two departments since the 2018 reform: agree the division
    assert pension[0].severity == "medium" and any("now several departments" in e for e in pension[0].evidence)
    assert by_kind(found, "internal")


# ---------------------------------------------------------------- the similarity join


def test_prefix_filtered_join_finds_what_all_pairs_finds():
    rng = random.Random(7)
    words = [
        "未经许可",
        "擅自",
        "从事",
        "经营",
        "食品",
        "药品",
        "广告",
        "设施",
        "设置",
        "户外",
        "占用",
        "道路",
        "销售",
        "生产",
        "不合格",
        "产品",
        "特种设备",
        "使用",
        "登记",
        "运输",
        "车辆",
    ]
    entries = []
    for k in range(400):
        name = "对" + "".join(rng.choice(words) for _ in range(rng.randint(2, 5))) + "的处罚"
        entries.append(Entry(k, rng.randint(0, 5), rng.randint(0, 1), name))
    for threshold in (0.5, 0.7, 0.9):
        fast = {(i, j) for i, j, _ in similar_pairs(entries, threshold)}
        slow = {(i, j) for i, j, _ in all_pairs(entries, threshold)}
        assert fast == slow and slow


def _probing_join(entries: list[Entry], threshold: float) -> list[tuple[int, int, float]]:
    """The join as it was before names were indexed under their shorter indexing prefix: every name
    indexed under its whole probing prefix. Its pairs' order decides the clusters of near findings."""
    grams = [bigrams(normalise(e.name)) for e in entries]
    df = Counter(g for gs in grams for g in gs)
    ordered = [sorted(gs, key=lambda g: (df[g], g)) for gs in grams]
    jaccard = threshold / (2 - threshold)
    index: dict[object, dict[str, list[int]]] = {}
    pairs = []
    for i in sorted(range(len(entries)), key=lambda i: len(ordered[i])):
        size = len(ordered[i])
        if not size:
            continue
        postings = index.setdefault(entries[i].block, {})
        seen: set[int] = set()
        for g in ordered[i][: size - math.ceil(jaccard * size - 1e-9) + 1]:
            for j in postings.get(g, ()):
                if j in seen:
                    continue
                seen.add(j)
                if len(ordered[j]) < jaccard * size or entries[j].group == entries[i].group:
                    continue
                score = dice(grams[i], grams[j])
                if score >= threshold:
                    pairs.append((min(i, j), max(i, j), score))
            postings.setdefault(g, []).append(i)
    return pairs


def test_the_join_gives_its_pairs_in_the_order_it_always_did():
    """Same pairs, same order (ties of score included): the near findings' clusters stay the same."""
    rng = random.Random(11)
    words = ["食品", "药品", "广告", "占用", "道路", "车辆", "燃气", "供水", "档案", "消防", "未经许可", "擅自"]
    for trial in range(5):
        entries = []
        for k in range(600):
            name = (
                "对"
                + "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
                + rng.choice(("的处罚", "行为的处理"))
            )
            entries.append(Entry(k, rng.randint(0, 8), rng.randint(0, 2), name))
        for threshold in (0.6, 0.75, 0.9):
            now = similar_pairs(entries, threshold)
            assert now == _probing_join(entries, threshold) and now, (trial, threshold)


def test_names_lose_their_frame():
    assert normalise("对擅自占用公共场所摆摊设点行为的处罚") == normalise("对擅自占用公共场所摆摊设点的处罚")
    assert normalise("对认证活动的监督检查") == "认证"


def test_threshold_must_be_a_share():
    with pytest.raises(ValueError):
        similar_pairs([], 0)


def test_the_sample_is_where_conftest_says(sample_store):
    assert Path(SAMPLE).is_dir()
