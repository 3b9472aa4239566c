import io
from collections import defaultdict
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest
from quanze.loaders.catalogue import StatuteCatalogue
from quanze.loaders.errors import SourceError
from quanze.loaders.powerlists.powerlist import load_powerlist
from quanze.loaders.statutes import load_statute
from quanze.loaders.vocab import ORG, QZ, RDFS, TIME, concept

from tests.conftest import JURISDICTION, SAMPLE

HEADER = [
    "序号",
    "事项名称",
    "子项名称",
    "权力类型",
    "实施依据",
    "行使主体",
    "承办机构",
    "实施层级及权限",
    "",
    "责任事项内容",
    "追责对象范围",
    "追责情形",
    "法定期限",
    "承诺期限",
    "救济渠道",
]
BASIS = "【地方性法规】《青禾市特种设备安全管理条例》（2022年6月1日修正）\n    第八条：违反本条例第四条规定…"


class Graph:
    """The statements of one loaded document, for assertions."""

    def __init__(self, nquads: bytes) -> None:
        self.by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            self.by_subject[q.subject.value][q.predicate.value].append(q.object.value)

    def values(self, s: str, p: str) -> list[str]:
        return sorted(self.by_subject[s][p])

    def one(self, s: str, p: str) -> str:
        [v] = self.by_subject[s][p]
        return v

    def of_type(self, cls: str) -> list[str]:
        return sorted(
            s
            for s, props in self.by_subject.items()
            if cls in props.get(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type").value, [])
        )


@pytest.fixture(scope="module")
def sample_catalogue() -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((SAMPLE / "statutes").glob("*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


def workbook(sheets: dict[str, list[list[str]]], merges: dict[str, list[str]] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for m in (merges or {}).get(name, []):
            ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


DUTIES = "1.立案责任：…\n2.调查责任：…\n3.决定责任：…"
LIABLE = "1.具体承办人；\n2.内设机构负责人；\n3.单位法定代表人或分管领导。"
ACCOUNTABILITY = "因不履行…：\n1.没有法定的行政处罚依据的；\n2.超过法定期限作出决定的；"


def row(
    serial,
    name,
    sub="",
    ptype="行政处罚",
    dept="地州市市场监督管理局",
    unit="执法科",
    level="地州市级",
    scope="负责本级",
    duties=DUTIES,
    liable=LIABLE,
    acc=ACCOUNTABILITY,
    stat="90日",
    com="60日",
    remedy="申请行政复议",
):
    return [serial, name, sub, ptype, BASIS, dept, unit, level, scope, duties, liable, acc, stat, com, remedy]


def test_a_realistic_sheet(sample_catalogue):
    rows = [
        ["某市市场监督管理局2025年权责清单"],
        ["部门名称：市市场监督管理局"],
        HEADER,
        row("1", "对未办理使用登记的处罚"),
        row("2", "建设类企业资质审批", "1.房地产估价机构资质核准", "行政许可", unit="甲科、乙科（牵头）"),
        row("", "", "2.建筑业企业资质审批", ""),
        ["备注：本清单包括市、区两级事项。"],
    ]
    data = workbook({"清单": rows}, {"清单": ["A5:A6", "B5:B6", "D5:D6", "A7:O7"]})
    doc = load_powerlist(
        "某市市场监督管理局2025年权责清单.xlsx", data, catalogue=sample_catalogue, jurisdiction="青禾市"
    )
    assert doc.counts["powers"] == 2 and doc.counts["items"] == 1 and doc.counts["subitems"] == 2
    assert any("footnote" in n for n in doc.notes)
    g = Graph(doc.nquads())
    lst = doc.subject
    p1, p2 = f"{lst}/power/1", f"{lst}/power/2"
    dept = "https://w3id.org/quanze/id/org/青禾市市场监督管理局"
    assert g.one(p1, QZ.department) == dept  # the generic 地州市… resolves to the list's department
    assert g.one(p1, QZ.powerType) == concept("power-type", "penalty")
    assert g.one(p1, QZ.exerciseLevel) == concept("exercise-level", "prefecture")
    assert g.one(p1, QZ.authorityScope) == "负责本级"
    assert g.one(p1, QZ.responsiblePost) == f"{dept}/unit/执法科/post/handler"
    assert g.one(f"{dept}/unit/执法科", ORG.unitOf) == dept
    assert g.values(p1, QZ.hasLegalBasis) == [
        "https://w3id.org/quanze/eli/cn/青禾市特种设备安全管理条例/2022-06-01/art_8"
    ]
    stages = [g.one(d, QZ.dutyStage).rsplit("/", 1)[1] for d in g.values(p1, QZ.hasDuty)]
    assert stages == ["filing", "investigation", "decision"]
    roles = [g.one(x, QZ.liableRole).rsplit("/", 1)[1] for x in g.values(p1, QZ.hasLiableParty)]
    assert roles == ["handler", "unit-head", "department-head"]
    kinds = {k.rsplit("/", 1)[1] for s in g.values(p1, QZ.hasAccountability) for k in g.values(s, QZ.failureKind)}
    assert {"no-legal-basis", "exceeding-time-limit"} <= kinds
    proc = g.one(p1, QZ.hasProcedure)
    limit = g.one(proc, QZ.statutoryTimeLimit)
    assert (g.one(limit, TIME.numericDuration), g.one(limit, TIME.unitType)) == ("90.0", TIME.unitDay)
    source = g.one(p1, "http://www.w3.org/ns/prov#wasDerivedFrom")
    assert (g.one(source, QZ.sheetName), g.one(source, QZ.rowNumber)) == ("清单", "4")
    # Sub-items, with the lead unit named in the cell.
    subs = g.values(p2, QZ.hasSubItem)
    assert [g.one(s, RDFS.label) for s in subs] == ["房地产估价机构资质核准", "建筑业企业资质审批"]
    assert g.one(subs[0], QZ.powerType) == concept("power-type", "licensing")
    assert g.one(subs[1], QZ.powerType) == concept("power-type", "licensing")  # from the merged type cell
    assert g.one(subs[0], QZ.leadUnit) == f"{dept}/unit/乙科"
    assert len(g.values(subs[0], QZ.unit)) == 2


def test_two_row_header_and_other_column_names(sample_catalogue):
    top = ["职权编码", "职权名称", "职权类型", "设定依据", "实施主体", "责任处室", "实施层级及权限", "", "办理时限", ""]
    sub = ["", "", "", "", "", "", "层级", "权限", "法定期限", "承诺期限"]
    data = [
        [
            "A-1",
            "户外广告设施设置许可",
            "许可",
            BASIS,
            "青禾市城市管理局",
            "市容科",
            "市级",
            "全市",
            "二十个工作日",
            "5个工作日",
        ]
    ]
    blob = workbook({"Sheet1": [top, sub, *data]}, {"Sheet1": ["G1:H1", "I1:J1"] + [f"{c}1:{c}2" for c in "ABCDEF"]})
    doc = load_powerlist("城管.xlsx", blob, catalogue=sample_catalogue)
    g = Graph(doc.nquads())
    [power] = g.of_type(QZ.Power)
    assert power.endswith("/power/A-1")  # the item code names the power
    assert g.one(power, QZ.powerType) == concept("power-type", "licensing")  # 许可 is a synonym
    proc = g.one(power, QZ.hasProcedure)
    stat, com = g.one(proc, QZ.statutoryTimeLimit), g.one(proc, QZ.committedTimeLimit)
    assert (g.one(stat, TIME.numericDuration), g.one(stat, TIME.unitType)) == ("20.0", QZ.unitWorkingDay)
    assert g.one(com, TIME.numericDuration) == "5.0"
    assert g.one(power, QZ.authorityScope) == "全市"


@pytest.mark.parametrize(
    ("cell", "statutory", "committed"),
    [
        ("法定20个工作日，承诺10个工作日", ("20.0", QZ.unitWorkingDay), ("10.0", QZ.unitWorkingDay)),
        ("法定时限：60日；承诺时限：30日", ("60.0", TIME.unitDay), ("30.0", TIME.unitDay)),
        ("法定期限二十日（承诺即办）", ("20.0", TIME.unitDay), ("0.0", TIME.unitDay)),
        ("承诺5个工作日", None, ("5.0", QZ.unitWorkingDay)),
        ("20个工作日", ("20.0", QZ.unitWorkingDay), None),  # unlabelled: the column says which
    ],
)
def test_one_time_limit_cell_labelling_both_limits(sample_catalogue, cell, statutory, committed):
    """A single 办理时限 column: each limit the cell labels (法定 …, 承诺 …) is its own, with its own text."""
    header = ["序号", "事项名称", "权力类型", "实施依据", "行使主体", "承办机构", "办理时限"]
    data = ["1", "户外广告设施设置许可", "行政许可", BASIS, "青禾市城市管理局", "市容科", cell]
    blob = workbook({"表1": [header, data]})
    g = Graph(load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue).nquads())
    [power] = g.of_type(QZ.Power)
    proc = g.one(power, QZ.hasProcedure)
    texts = set()
    for prop, expected in ((QZ.statutoryTimeLimit, statutory), (QZ.committedTimeLimit, committed)):
        limits = g.values(proc, prop)
        got = [(g.one(x, TIME.numericDuration), g.one(x, TIME.unitType)) for x in limits]
        assert got == ([expected] if expected else []), prop
        texts |= {g.one(x, QZ.text) for x in limits}
    assert all(t in cell for t in texts) and (len(texts) < 2 or cell not in texts)


def test_a_power_type_that_is_no_type_names_sheet_row_and_column(sample_catalogue):
    blob = workbook({"表1": [HEADER, row("1", "某事项", ptype="2024年3月起按新标准执行")]})
    with pytest.raises(SourceError) as err:
        load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)
    e = err.value
    assert (e.file, e.sheet, e.row, e.column) == ("清单.xlsx", "表1", 2, 3)
    assert "2024年3月起按新标准执行" in str(e) and "column D" in str(e) and "行政许可" in str(e)


def test_a_list_of_one_type_says_it_in_its_title_or_file_name(sample_catalogue):
    header = ["序号", "事项名称", "实施依据", "行使主体", "承办机构"]
    rows = [["1", "对擅自设置户外广告设施的处罚", BASIS, "青禾市城市管理局", "市容科"]]
    titled = workbook({"Sheet1": [["青禾市城市管理局行政处罚事项清单"], header, *rows]})
    named = workbook({"Sheet1": [header, *rows]})
    for name, blob in (("清单.xlsx", titled), ("青禾市城市管理局行政处罚事项.xlsx", named)):
        g = Graph(load_powerlist(name, blob, catalogue=sample_catalogue).nquads())
        [power] = g.of_type(QZ.Power)
        assert g.one(power, QZ.powerType) == concept("power-type", "penalty"), name
    both = workbook({"Sheet1": [["青禾市城市管理局行政许可、行政处罚事项清单"], header, *rows]})
    with pytest.raises(SourceError, match="neither the sheet's name, its title nor the file name gives the type"):
        load_powerlist("清单.xlsx", both, catalogue=sample_catalogue)


def test_an_attachment_named_by_its_number_is_known_by_its_title(sample_catalogue):
    """附件2.xlsx names no list: its title does; without one, the file's own name is kept (never an empty IRI)."""
    rows = [HEADER, row("1", "甲事项", ptype="行政许可")]
    titled = load_powerlist("附件2.xlsx", workbook({"表1": [["青禾市城市管理局权责清单（2025.1版）"], *rows]}))
    assert titled.subject.endswith("/list/青禾市城市管理局权责清单（2025.1版）")
    bare = load_powerlist("附件2.xlsx", workbook({"表1": rows}), catalogue=sample_catalogue)
    assert bare.subject.endswith("/list/附件2") and bare.label == "附件2"


def test_a_category_of_another_scheme_is_other_with_its_words_kept(sample_catalogue):
    """公共服务 and 行政备案 are none of the ten types: 其他行政权力, written as the list wrote them, noted."""
    rows = [
        HEADER,
        row("1", "甲事项", ptype="公共服务"),
        row("2", "乙事项", ptype="行政备案"),
        row("3", "丙事项", ptype="公共服务"),
    ]
    doc = load_powerlist("清单.xlsx", workbook({"表1": rows}), catalogue=sample_catalogue)
    g = Graph(doc.nquads())
    powers = [f"{doc.subject}/power/{n}" for n in (1, 2, 3)]
    assert {g.one(p, QZ.powerType) for p in powers} == {concept("power-type", "other")}
    assert [g.one(p, QZ.powerTypeAsWritten) for p in powers] == ["公共服务", "行政备案", "公共服务"]
    assert any(n.startswith("'公共服务' (rows 2, 4) is none of the ten power types") for n in doc.notes)
    assert any(n.startswith("'行政备案' (rows 3)") for n in doc.notes)


def test_missing_required_column(sample_catalogue):
    blob = workbook({"表1": [["序号", "权力类型", "实施依据", "行使主体"], ["1", "行政处罚", BASIS, "局"]]})
    with pytest.raises(SourceError, match="no sheet has a power-list header"):
        load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)


def test_new_item_without_a_name(sample_catalogue):
    blob = workbook({"表1": [HEADER, row("1", "甲"), row("2", "")]})
    with pytest.raises(SourceError) as err:
        load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)
    assert err.value.row == 3 and "事项名称" in str(err.value)


def test_type_from_the_sheet_name_when_the_cell_is_empty(sample_catalogue):
    blob = workbook({"行政强制（2项）": [HEADER, row("1", "查封", ptype="")]})
    doc = load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)
    g = Graph(doc.nquads())
    assert g.one(g.of_type(QZ.Power)[0], QZ.powerType) == concept("power-type", "coercion")


def test_same_file_same_graph_and_iris(sample_catalogue):
    blob = workbook({"表1": [HEADER, row("1", "甲"), row("2", "乙")]})
    a = load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)
    b = load_powerlist("清单.xlsx", blob, catalogue=sample_catalogue)
    assert a.nquads() == b.nquads() and a.graph == b.graph


def test_sample_lists_in_every_format(sample_store):
    rows = sample_store.select(
        "PREFIX qz: <https://w3id.org/quanze/ontology#> "
        "SELECT ?list (COUNT(?p) AS ?n) WHERE { ?p a qz:Power ; qz:inList ?list } GROUP BY ?list"
    )
    counts = {r["list"].value.rsplit("/", 1)[1]: int(r["n"].value) for r in rows}
    assert counts == {
        "青禾市市场监督管理局2025年权责清单": 11,
        "青禾市城市管理局权责清单": 7,
        "青禾市交通运输局权责清单": 2,
    }


# ---------------------------------------------------------------- the real lists


def _manifest(shared: Path) -> dict[str, int]:
    lines = (shared / "powerlists" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[0]: int(line.split("\t")[3]) for line in lines}


@pytest.fixture(scope="module")
def real_catalogue(shared: Path) -> StatuteCatalogue:
    cat = StatuteCatalogue()
    for f in sorted((shared / "laws").glob("*/*.md")):
        cat.add_statute(load_statute(f)[0])
    return cat


@pytest.fixture(scope="module")
def real_lists(shared, real_catalogue):
    return {
        path: load_powerlist(shared / "powerlists" / path, catalogue=real_catalogue, jurisdiction=JURISDICTION)
        for path in _manifest(shared)
    }


def test_every_real_list_has_the_number_of_items_it_publishes(shared, real_lists):
    for path, expected in _manifest(shared).items():
        doc = real_lists[path]
        items = doc.counts.get("items", 0) + doc.counts.get("subitems", 0)
        assert items == expected, path


def test_citations_of_loaded_statutes_resolve(real_lists):
    citing = sum(d.counts.get("powers_citing_known_statutes", 0) for d in real_lists.values())
    resolved = sum(d.counts.get("powers_fully_resolved", 0) for d in real_lists.values())
    assert citing > 400
    assert resolved / citing >= 0.95
    # What did not resolve is reported with a reason, never dropped.
    for doc in real_lists.values():
        assert all(u.reason for u in doc.unresolved)


def test_real_departments_units_and_levels(real_lists):
    doc = real_lists["karamay/2024年市农业农村局权责清单.xls"]
    g = Graph(doc.nquads())
    depts = g.of_type(QZ.Department)
    assert "https://w3id.org/quanze/id/org/克拉玛依市农业农村局" in depts
    levy = [p for p in g.of_type(QZ.Power) if g.one(p, RDFS.label) == "对渔业资源增殖保护费的征收"]
    [p] = levy
    # Listed at three levels: the list's own (地州市级) is the power's, the others are assignments.
    assert g.one(p, QZ.exerciseLevel) == concept("exercise-level", "prefecture")
    others = {g.one(a, QZ.exerciseLevel).rsplit("/", 1)[1] for a in g.values(p, QZ.levelAssignment)}
    assert others == {"provincial", "county"}


def test_section_headings_repeated_headers_and_type_prefixes(sample_catalogue):
    header = ["序号", "事项名称", "权力类型", "实施依据", "行使主体", "承办机构"]
    rows = [
        header,
        ["一、行政许可（1项）"],
        ["1", "特种设备使用登记", "", BASIS, "青禾市市场监督管理局", "特种设备安全监察科"],
        header,  # the header printed again on the next page
        ["二、行政处罚类"],
        ["2", "对未办理使用登记的处罚", "行政处罚类", BASIS, "青禾市市场监督管理局", "执法科"],
    ]
    doc = load_powerlist("清单.xlsx", workbook({"Sheet1": rows}), catalogue=sample_catalogue)
    g = Graph(doc.nquads())
    types = {g.one(p, RDFS.label): g.one(p, QZ.powerType).rsplit("/", 1)[1] for p in g.of_type(QZ.Power)}
    assert types == {"特种设备使用登记": "licensing", "对未办理使用登记的处罚": "penalty"}
    assert sorted(n.split(": ")[1] for n in doc.notes) == [
        "repeated header row, skipped",
        "section heading '一、行政许可（1项）', skipped",
        "section heading '二、行政处罚类', skipped",
    ]


def test_a_list_without_a_type_column(sample_catalogue):
    rows = [["序号", "事项名称", "实施依据", "行使主体"], ["1", "某事项", BASIS, "青禾市市场监督管理局"]]
    with pytest.raises(SourceError) as err:
        load_powerlist("清单.xlsx", workbook({"Sheet1": rows}), catalogue=sample_catalogue)
    assert err.value.sheet == "Sheet1" and err.value.row == 1 and "权力类型" in str(err.value)


def test_units_wrapped_in_a_narrow_column():
    from quanze.loaders.powerlists.organisations import split_units

    assert split_units("政策法\n规科 、\n社会经\n济统计\n科 、社\n会经济\n普查科\n、综合\n核算科") == [
        "政策法规科",
        "社会经济统计科",
        "社会经济普查科",
        "综合核算科",
    ]
    assert split_units("登记注册科\n执法稽查科") == ["登记注册科", "执法稽查科"]
    assert split_units("农业科（农产品质量安全监管科)、畜牧兽医科（渔政管理科）") == [
        "农业科（农产品质量安全监管科)",
        "畜牧兽医科（渔政管理科）",
    ]


def test_a_slash_separates_chinese_units_not_latin_text():
    """Regression: a unit named ``</script>`` (the hostile-input page test) came out as two units."""
    from quanze.loaders.powerlists.organisations import split_units

    assert split_units("法规科/执法科") == ["法规科", "执法科"]
    assert split_units("法规科 / 执法科") == ["法规科", "执法科"]
    assert split_units("</script>科") == ["</script>科"]
    assert split_units("ISO 9001认证科、法规科") == ["ISO 9001认证科", "法规科"]


def test_wrapped_names_are_joined_and_latin_words_keep_their_space():
    """Regression: ``<img src=x`` in a power name came out as ``<imgsrc=x``."""
    from quanze.loaders.powerlists.organisations import clean

    assert clean("对特种设备\n未办理使用登记的处罚。") == "对特种设备未办理使用登记的处罚"
    assert clean("对 <img src=x onerror=alert(1)> 的处罚") == "对<img src=x onerror=alert(1)>的处罚"
    assert clean("GB  18030 标准\u3000执行") == "GB 18030标准执行"


def test_department_names_as_lists_write_them():
    from quanze.loaders.powerlists.organisations import choose_publisher, resolve_department, same_body

    assert same_body("科技局", "克拉玛依市科学技术局")
    assert same_body("地州市商务主管部门", "克拉玛依市商务局")
    assert same_body("克拉玛依市委办公室（市档案局）", "克拉玛依市档案局")
    assert not same_body("县市区农业农村局", "克拉玛依市农业农村局")
    assert not same_body("自治区农业农村厅", "克拉玛依市农业农村局")
    assert not same_body("市人民政府", "克拉玛依市科学技术局")
    # The rows' more exact name wins over the file's when they agree.
    exact = "克拉玛依市委办公室（市档案局）"
    assert choose_publisher("克拉玛依市档案局", [exact] * 3, None) == exact
    assert choose_publisher("市农业农村局", ["地州市农业农村局"] * 3, JURISDICTION) == "克拉玛依市农业农村局"
    assert resolve_department("市人民政府", "克拉玛依市科学技术局", JURISDICTION) == "克拉玛依市人民政府"


PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PROCEDURE = "1.受理：当场受理；\n2.审查：5个工作日；\n3.决定：10个工作日"


def _list_with(header_extra: list[str], extra: list[str], catalogue) -> tuple[Graph, str]:
    rows = [[*HEADER, "办理流程", *header_extra], [*row("1", "对未办理使用登记的处罚"), PROCEDURE, *extra]]
    doc = load_powerlist("青禾市市场监督管理局权责清单.xlsx", workbook({"清单": rows}), catalogue=catalogue)
    return Graph(doc.nquads()), f"{doc.subject}/power/1"


def test_a_list_naming_no_post_gets_inferred_posts_that_say_so(sample_catalogue):
    """Nothing invented: the unit's handler is marked inferred, from the unit, and no step is given a post."""
    g, power = _list_with([], [], sample_catalogue)
    unit = "https://w3id.org/quanze/id/org/青禾市市场监督管理局/unit/执法科"
    [post] = g.values(power, QZ.responsiblePost)
    assert QZ.InferredPost in g.values(post, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert g.one(post, PROV_DERIVED) == unit
    assert any("推定" in reason for reason in g.values(post, QZ.inferenceReason))
    every_post = g.of_type(QZ.Post)
    assert every_post and every_post == g.of_type(QZ.InferredPost)
    steps = g.values(g.one(power, QZ.hasProcedure), QZ.hasStep)
    assert len(steps) == 3 and all(g.values(s, QZ.handlingPost) == [] for s in steps)


def test_posts_a_list_names_are_stated_and_handle_the_steps(sample_catalogue):
    g, power = _list_with(["承办岗位"], ["执法岗"], sample_catalogue)
    [post] = g.values(power, QZ.responsiblePost)
    assert post.endswith("/unit/执法科/post/执法岗")
    assert QZ.InferredPost not in g.values(post, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert g.values(post, PROV_DERIVED) == []
    steps = g.values(g.one(power, QZ.hasProcedure), QZ.hasStep)
    assert [g.values(s, QZ.handlingPost) for s in steps] == [[post]] * 3
