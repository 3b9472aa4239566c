"""Benchmark: overlap detection and gap analysis, on the real lists and on a synthetic graph of 100,000 powers.

The peer is the obvious way: a plain SPARQL all-pairs join for overlaps
(``bench/peer-cross-department.rq``), every pair of names compared for
near-duplicates, and the plain SPARQL query ``queries/gaps-omissions.rq`` run
for each department for the gap analysis. Both sides run in this process, on
the same store, one after the other; the table gives both times and the ratio.

The synthetic graph is the 112 real statutes (with the power-conferring
articles read from them) plus generated lists: areas of government, each
with its departments (one per functional domain), whose powers rest on the
real articles that confer powers on their domain. A few percent are seeded
overlaps: a power copied to another department of the area, a name reworded,
a power repeated at county level, units with no lead.

Usage (from the repository root)::

    python bench/review_bench.py                    # real lists + 100,000 synthetic powers
    python bench/review_bench.py --powers 10000     # a smaller synthetic graph
    python bench/review_bench.py --skip-real --peer-timeout 300

Needs ../shared/data (or $QUANZE_SHARED/data). Prints a table; run it once,
the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from quanze.loaders import iris
from quanze.loaders.lexicon.files import lexicon
from quanze.loaders.ntriples import GraphWriter
from quanze.loaders.vocab import DCT, PROV, QZ, RDFS, concept
from quanze.service.analysis.gaps import analyse_gaps
from quanze.service.analysis.nearduplicates import Entry, all_pairs, similar_pairs
from quanze.service.analysis.overlaps import find_overlaps
from quanze.service.analysis.snapshot import read_snapshot
from quanze.service.sparql.queries import get, parse_query_file
from quanze.service.store import loading
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.tables import render

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PT = "https://w3id.org/quanze/vocab/power-type/"
TYPES = [("penalty", 0.6), ("licensing", 0.15), ("coercion", 0.1), ("inspection", 0.1), ("other", 0.05)]
OBJECTS = [
    "食品",
    "药品",
    "医疗器械",
    "化妆品",
    "特种设备",
    "电梯",
    "锅炉",
    "压力容器",
    "计量器具",
    "广告",
    "商标",
    "种子",
    "农药",
    "兽药",
    "饲料",
    "肥料",
    "畜禽",
    "水产品",
    "渔具",
    "野生动物",
    "林木",
    "草原",
    "建设工程",
    "建筑材料",
    "预拌混凝土",
    "燃气",
    "供水设施",
    "排水设施",
    "房地产",
    "物业",
    "施工现场",
    "危险化学品",
    "烟花爆竹",
    "矿山",
    "机动车",
    "道路运输",
    "客运车辆",
    "货运车辆",
    "港口",
    "船舶",
    "排污口",
    "废气",
    "废水",
    "固体废物",
    "噪声",
    "土壤",
    "土地",
    "矿产",
    "测绘成果",
    "水土保持设施",
    "河道",
    "取水",
    "校舍",
    "民办学校",
    "文物",
    "旅游团",
    "演出",
    "网吧",
    "出版物",
    "印刷品",
    "烟草制品",
    "邮件",
    "快递",
    "统计资料",
    "会计账簿",
    "社会保险基金",
    "劳动合同",
    "职业培训",
    "价格",
    "收费",
    "网络平台",
    "个人信息",
    "数据",
    "消防设施",
    "疫苗",
]
VERBS = [
    "未经许可擅自生产",
    "未经许可擅自经营",
    "销售不合格",
    "伪造、变造",
    "出租、出借",
    "未按规定登记",
    "未按规定备案",
    "未按规定检验",
    "擅自改变用途",
    "未建立台账",
    "拒绝监督检查",
    "虚假宣传",
    "未取得资质从事",
    "超范围经营",
    "未按规定标识",
    "使用不合格",
    "违规储存",
    "违规运输",
    "非法占用",
    "擅自拆除",
    "未落实安全措施",
    "隐瞒事故",
    "未按规定报告",
    "违规收费",
    "非法转让",
    "冒用证书",
    "未按规定公示",
    "违法排放",
    "违规处置",
    "未编制应急预案",
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shared_data() -> Path:
    root = Path(os.environ.get("QUANZE_SHARED", REPO.parent / "shared"))
    data = root / "data"
    if not (data / "laws").is_dir():
        sys.exit(f"shared data not found at {data}: set QUANZE_SHARED to the folder that contains data/")
    return data


def timed(fn, *args, **kwargs):
    started = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - started


def with_timeout(fn, seconds: float):
    """(result, seconds) or (None, None) when ``fn`` takes longer than ``seconds`` (it runs on, in a thread)."""
    box: dict[str, object] = {}

    def run() -> None:
        box["result"], box["time"] = timed(fn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        return None, None
    return box["result"], box["time"]


PEER = parse_query_file((HERE / "peer-cross-department.rq").read_text(encoding="utf-8"), "peer-cross-department.rq")


def peer_cross(store: EmbeddedStore) -> int:
    return len(store.select(PEER.text))


def peer_gaps(store: EmbeddedStore, departments: list[str]) -> int:
    query = get("gaps-omissions")
    return sum(len(store.select(query.bind({"department": d}))) for d in departments)


def names_and_blocks(store: EmbeddedStore) -> list[Entry]:
    data = read_snapshot(store, ())
    return [Entry(p.iri, p.department, (p.area, p.type), p.name) for p in data.powers.values() if p.name]


# ---------------------------------------------------------------- the synthetic graph


def conferring_targets(store: EmbeddedStore) -> dict[tuple[str, str], list[str]]:
    """(domain id, power-type slug) → paragraphs and articles that confer it, from the loaded statutes."""
    data = read_snapshot(store, ("grants",))
    pools: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article, grants in data.grants.items():
        for g in grants:
            for d in g.domains:
                for t in g.types:
                    pools[(d.rsplit("/", 1)[-1], t.rsplit("/", 1)[-1])].append(g.subdivision or article)
                    pools[(d.rsplit("/", 1)[-1], "any")].append(article)
    return pools


def synthetic_lists(n_powers: int, pools: dict[tuple[str, str], list[str]], seed: int = 4) -> tuple[bytes, int]:
    """N-Quads of generated lists: (data, number of lists)."""
    rng = random.Random(seed)
    lex = lexicon()
    kinds = []  # (department name suffix, domain id) with conferring articles
    for phrase in lex.departments:
        d = phrase.domains[0]
        if phrase.text.endswith("局") and (d, "penalty") in pools and d not in {k[1] for k in kinds}:
            kinds.append((phrase.text, d))
    per_list = max(50, n_powers // (len(kinds) * 20))
    n_lists = max(1, n_powers // per_list)
    areas = max(1, n_lists // len(kinds))
    out: list[bytes] = []
    made = 0
    history: dict[tuple[int, str], list[tuple[str, str, list[str]]]] = defaultdict(list)  # (area, type) → powers
    county_of = {a: a % 5 == 4 for a in range(areas)}
    for lst in range(n_lists):
        area = lst % areas
        kind, domain = kinds[(lst // areas) % len(kinds)]
        place = f"合成{area}{'县' if county_of[area] else '市'}"
        dept_name = f"{place}{kind}"
        list_iri = iris.power_list(f"{dept_name}权责清单{lst}")
        g = GraphWriter(iris.graph("list", f"synthetic-{lst}"))
        g.type(list_iri, QZ.PowerList)
        g.text(list_iri, DCT.title, f"{dept_name}权责清单")
        dept = iris.department(dept_name)
        g.type(dept, QZ.Department)
        g.text(dept, RDFS.label, dept_name)
        area_iri = iris.area(place)
        units = [iris.unit(dept, f"第{k}科") for k in range(1, 6)]
        for k, u in enumerate(units, start=1):
            g.type(u, QZ.Unit)
            g.text(u, RDFS.label, f"第{k}科")
        level = concept("exercise-level", "county" if county_of[area] else "prefecture")
        for k in range(per_list):
            if made >= n_powers:
                break
            made += 1
            power = iris.power(list_iri, str(k + 1))
            ptype = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
            pool = pools.get((domain, ptype)) or pools.get((domain, "any")) or []
            frame = "处罚" if ptype == "penalty" else "管理"
            name = f"对{rng.choice(OBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}的{frame}"
            targets = rng.sample(pool, min(len(pool), rng.randint(1, 3))) if pool and rng.random() > 0.05 else []
            seeded = rng.random()
            earlier = history[(area, ptype)]
            if earlier and seeded < 0.03:  # the same power in another department of the area
                _, name, targets = rng.choice(earlier)
            elif earlier and seeded < 0.04:  # reworded
                name = rng.choice(earlier)[1].replace("的处罚", "行为的处罚")
            history[(area, ptype)].append((dept, name, targets))
            if county_of[area] and seeded > 0.97 and history.get((area - 1, ptype)):
                name = rng.choice(history[(area - 1, ptype)])[1]  # the prefecture's power again, at county level
            g.type(power, QZ.Power)
            g.text(power, RDFS.label, name)
            g.iri(power, QZ.inList, list_iri)
            g.iri(power, QZ.powerType, PT + ptype)
            g.iri(power, QZ.department, dept)
            g.iri(power, DCT.spatial, area_iri)
            g.iri(power, QZ.exerciseLevel, level)
            if rng.random() < 0.5:
                g.text(power, QZ.authorityScope, f"负责本级{name[:6]}")
            chosen = rng.sample(units, 1 if rng.random() < 0.85 else rng.randint(2, 3))
            for u in chosen:
                g.iri(power, QZ.unit, u)
                g.iri(power, QZ.responsiblePost, iris.post(u, "handler"))
            if len(chosen) > 1 and rng.random() < 0.5:
                g.iri(power, QZ.leadUnit, chosen[0])
            g.plain(power, QZ.basisText, "依据")
            source = f"{power}/source"
            g.type(source, QZ.SourceRecord)
            g.plain(source, QZ.sheetName, "Sheet1")
            g.integer(source, QZ.rowNumber, k + 3)
            g.iri(power, PROV.wasDerivedFrom, source)
            for j, t in enumerate(targets, start=1):
                g.iri(power, QZ.hasLegalBasis, t)
                c = f"{power}/basis/{j}"
                g.type(c, QZ.Citation)
                g.iri(power, QZ.hasBasisCitation, c)
                g.iri(c, QZ.resolutionStatus, concept("citation-status", "resolved"))
                g.iri(c, QZ.citesSubdivision, t)
            if not targets:
                c = f"{power}/basis/1"
                g.type(c, QZ.Citation)
                g.iri(power, QZ.hasBasisCitation, c)
                g.iri(c, QZ.resolutionStatus, concept("citation-status", "unknown-statute"))
        out.append(g.finish().read())
    return b"".join(out), n_lists


# ---------------------------------------------------------------- runs


def bench_store(
    label: str, store: EmbeddedStore, peer_timeout: float, gap_sample: int, near_sample: int
) -> list[list[object]]:
    """quanze first, then the peers, the slowest last: a peer stopped at its timeout runs on in a thread
    (pyoxigraph cannot be interrupted) and would slow down whatever came after it."""
    found, ours = timed(find_overlaps, store)
    cross = sum(1 for f in found if f.kind == "cross")
    entries = names_and_blocks(store)
    pairs, join = timed(similar_pairs, entries, 0.75)
    sample = entries if len(entries) <= near_sample else random.Random(1).sample(entries, near_sample)
    _, join_sample = timed(similar_pairs, sample, 0.75)
    _, naive = timed(all_pairs, sample, 0.75)
    scale = (len(entries) / len(sample)) ** 2
    report, ours_gaps = timed(analyse_gaps, store)
    departments = [d.iri for d in report.departments]
    chosen = departments if len(departments) <= gap_sample else random.Random(2).sample(departments, gap_sample)
    ours_chosen = sum(1 for o in report.omissions if o.department in set(chosen))
    omitted, peer_some = with_timeout(lambda: peer_gaps(store, chosen), peer_timeout)
    count, peer = with_timeout(lambda: peer_cross(store), peer_timeout)

    rows: list[list[object]] = []
    rows.append(
        [
            label,
            "overlaps, all four kinds (quanze) vs cross-department pairs (SPARQL join)",
            f"{ours:.1f} s",
            f"{peer:.1f} s" if peer is not None else f"> {peer_timeout:.0f} s (stopped)",
            f"{peer / ours:.1f}×" if peer else f"> {peer_timeout / ours:.0f}×",
            f"{len(found)} findings ({cross} cross) / {count if count is not None else '?'} pairs",
        ]
    )
    rows.append(
        [
            label,
            f"near-duplicate names: prefix-filtered join vs every pair compared ({len(entries)} names)",
            f"{join:.2f} s",
            f"{naive * scale:.1f} s" + (" (extrapolated)" if scale > 1 else ""),
            f"{naive * scale / join:.0f}×",
            f"{len(pairs)} pairs ≥ 0.75; on {len(sample)} names: {join_sample:.2f} s vs {naive:.2f} s",
        ]
    )
    if peer_some is None:
        peer_text, ratio = f"> {peer_timeout:.0f} s (stopped)", "—"
    else:
        peer_all = peer_some * len(departments) / len(chosen)
        peer_text = f"{peer_all:.1f} s" + (" (extrapolated)" if len(chosen) < len(departments) else "")
        ratio = f"{peer_all / ours_gaps:.1f}×"
    rows.append(
        [
            label,
            f"gap analysis, {len(departments)} departments (quanze) vs gaps-omissions.rq per department",
            f"{ours_gaps:.1f} s",
            peer_text,
            ratio,
            f"{len(report.omissions)} omissions, {len(report.problems)} basis problems; on {len(chosen)} "
            f"departments: quanze {ours_chosen}, SPARQL {omitted if omitted is not None else '?'} omissions",
        ]
    )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--powers", type=int, default=100_000)
    ap.add_argument("--skip-real", action="store_true")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--peer-timeout", type=float, default=600.0, help="stop waiting for a peer after this long")
    ap.add_argument("--gap-sample", type=int, default=10, help="departments the SPARQL gap peer runs for")
    ap.add_argument("--near-sample", type=int, default=5000, help="names the all-pairs peer compares")
    args = ap.parse_args()
    data = shared_data()
    rows: list[list[object]] = []
    notes: list[str] = []
    if not args.skip_real:
        store = EmbeddedStore()
        _, load = timed(loading.load, store, [data / "laws", data / "powerlists"], jurisdiction="克拉玛依市")
        notes.append(f"real lists: loaded 112 statutes and 13 lists in {load:.1f} s ({len(store)} statements)")
        rows += bench_store("real (1,331 powers)", store, args.peer_timeout, args.gap_sample, args.near_sample)
        del store
    if not args.skip_synthetic:
        store = EmbeddedStore()
        _, load = timed(loading.load, store, [data / "laws"])
        quads, n_lists = synthetic_lists(args.powers, conferring_targets(store))
        _, bulk = timed(store.replace_graphs, {iris.graph("synthetic", "all"): quads})
        notes.append(
            f"synthetic: statutes loaded in {load:.1f} s; {args.powers} powers in {n_lists} lists "
            f"generated and loaded in {bulk:.1f} s ({len(store)} statements)"
        )
        rows += bench_store(
            f"synthetic ({args.powers:,} powers)", store, args.peer_timeout, args.gap_sample, args.near_sample
        )
    print(render(["data", "workload", "quanze", "peer", "peer / quanze", "result"], rows, max_width=90))
    for n in notes:
        print(n)
    print(f"peak memory (RSS): {rss_mb():.0f} MB; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
