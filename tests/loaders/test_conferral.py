"""Power-conferring articles read from statute texts: authority, domain, level, acts and type."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from quanze.loaders.conferral import ALLOCATION_ACT, COERCION, LICENSING, PENALTY, authority_coverage, extract
from quanze.loaders.statutes import load_statute, parse_statute
from quanze.loaders.vocab import QZ

from tests.conftest import SAMPLE

SPECIAL = SAMPLE / "statutes" / "青禾市特种设备安全管理条例(2022-06-01).md"
HEAD = (
    "# 中华人民共和国示例法\n\n2020年1月1日 第十三届全国人民代表大会常务委员会第十五次会议通过\n\n<!-- INFO END -->\n\n"
)


def statute(body: str, head: str = HEAD):
    return parse_statute(head + body, "示例法(2020-01-01).md")


def grants_of(st) -> dict[int, list]:
    return {c.article.number: c.grants for c in extract(st)}


def test_sample_statute_confers_licences_a_coercive_measure_and_penalties():
    st = parse_statute(SPECIAL.read_text(encoding="utf-8"), str(SPECIAL))
    found = grants_of(st)
    assert sorted(found) == [4, 5, 7, 8, 9]
    assert [g.types for g in found[4]] == [[LICENSING]]
    assert [g.types for g in found[7]] == [[COERCION]]
    (g8,) = found[8]
    assert g8.types == [PENALTY] and g8.domains == ("market-regulation",) and g8.source == "named"
    assert g8.acts == ["责令改正", "罚款"]
    assert 10 not in found  # 工作人员…依法给予处分: discipline of officials, no enforcement power


def test_authority_after_you_with_level_and_several_domains():
    st = statute(
        "## 第一章 总则\n\n第一条 本法适用于示例。\n\n## 第二章 法律责任\n\n"
        "第二条 违反本法规定，生产经营假种子的，由县级以上人民政府农业农村、林业草原主管部门责令停止生产经营，"
        "没收违法所得，并处二万元以上二十万元以下罚款；情节严重的，吊销种子生产经营许可证。\n"
    )
    (g,) = grants_of(st)[2]
    assert g.authority == "县级以上人民政府农业农村、林业草原主管部门"
    assert g.domains == ("agriculture", "forestry-grassland")
    assert g.level == "county"
    assert g.acts == ["没收违法所得", "罚款", "吊销许可证件"]  # 责令停止生产经营 is an order, not listed as a penalty


def test_names_from_before_2018_map_to_market_regulation():
    st = statute(
        "## 第一章 法律责任\n\n第一条 违反本法规定，无照经营的，由工商行政管理部门责令停止经营，"
        "没收违法所得，并处罚款。\n"
    )
    (g,) = grants_of(st)[1]
    assert g.domains == ("market-regulation",)


def test_allocation_article_gives_the_authority_of_articles_that_name_none():
    st = statute(
        "## 第一章 总则\n\n第一条 国务院建设行政主管部门对全国的建设工程质量实施统一监督管理。\n\n"
        "## 第二章 罚则\n\n第二条 违反本法规定，建设单位将建设工程肢解发包的，责令改正，"
        "处工程合同价款0.5%以上1%以下的罚款。\n\n"
        "第三条 本法规定的行政处罚，由颁发资质证书的机关决定；其他行政处罚，"
        "由建设行政主管部门依照法定职权决定。\n"
    )
    found = grants_of(st)
    (g,) = found[2]
    assert g.domains == ("housing-construction",) and g.source == "allocated" and g.authority == ""
    assert any(ALLOCATION_ACT in g.acts for g in found[3])


def test_generic_authority_with_others_adds_the_statutes_competent_authorities_as_a_grant_of_its_own():
    st = statute(
        "## 第一章 总则\n\n第一条 地方人民政府生态环境主管部门对本行政区域土壤污染防治工作实施统一监督管理；"
        "地方人民政府农业农村、自然资源主管部门在各自职责范围内对土壤污染防治工作实施监督管理。\n\n"
        "## 第二章 法律责任\n\n第二条 违反本法规定，未按照规定实施后期管理的，"
        "由地方人民政府生态环境主管部门或者"
        "其他负有土壤污染防治监督管理职责的部门责令改正，处一万元以上五万元以下的罚款。\n"
    )
    named, implied = grants_of(st)[2]
    assert named.domains == ("ecology-environment",) and named.source == "named"
    assert set(implied.domains) == {"agriculture", "natural-resources"} and implied.source == "statute-default"


def test_a_statute_with_no_liability_chapter_confers_no_penalty():
    st = statute(
        "## 第一章 总则\n\n第一条 违反本法规定的，由县级以上人民政府市场监督管理部门处一万元罚款。\n\n"
        "## 第二章 附则\n\n第二条 本法自公布之日起施行。\n"
    )
    assert all(PENALTY not in g.types for gs in grants_of(st).values() for g in gs)


def test_a_statute_without_chapters_is_read_whole():
    st = statute(
        "第一条 违反本规定，经营者不明码标价的，由县级以上人民政府价格主管部门责令改正，没收违法所得，"
        "可以并处5000元以下的罚款。\n\n第二条 本规定自公布之日起施行。\n"
    )
    (g,) = grants_of(st)[1]
    assert g.types == [PENALTY] and set(g.domains) == {"market-regulation", "development-reform"}


@pytest.mark.parametrize(
    "text",
    [
        "第一条 本法规定的罚款和没收的违法所得，必须全部上缴国库。",  # no sanction clause
        "第一条 经营者违反本法规定，有主动消除违法行为危害后果等法定情形的，依法从轻或者减轻行政处罚。",  # mitigation
        "第一条 市场监督管理部门工作人员违反本法规定，滥用职权的，由其上级机关责令改正，对直接负责的主管人员依法给予处分。",  # noqa: E501
        # regression: 警告 as a disciplinary sanction, and a penalty named only as an exception
        "第一条 复议机构不履行复议职责的，对直接负责的主管人员和其他直接责任人员依法给予警告、记过、记大过的处分。",
        "第一条 监测机构弄虚作假，对造成的污染负有责任的，除依照有关法律法规规定予以处罚外，还应当承担连带责任。",
    ],
)
def test_sentences_that_only_mention_penalties_confer_none(text):
    st = statute("## 第一章 法律责任\n\n" + text + "\n")
    assert grants_of(st) == {}


def test_a_coercive_measure_of_a_supervising_authority_outside_the_liability_chapter():
    st = statute(
        "## 第一章 监督检查\n\n第一条 负责特种设备安全监督管理的部门在依法履行监督检查职责时，"
        "可以行使下列职权：\n\n"
        "（一）进入现场进行检查；\n\n（二）对存在严重事故隐患的特种设备实施查封、扣押。\n\n"
        "## 第二章 法律责任\n\n第二条 违反本法规定的，由负责特种设备安全监督管理的部门处罚款。\n"
    )
    (g,) = grants_of(st)[1]
    assert g.types == [COERCION] and g.domains == ("market-regulation",) and g.acts == ["查封", "扣押"]


def test_conferrals_are_written_into_the_statutes_graph():
    _, doc = load_statute(SPECIAL)
    quads = list(ox.parse(doc.nquads(), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {doc.graph}
    conferrals = {q.subject.value for q in quads if q.object.value == QZ.PowerConferral}
    assert len(conferrals) == doc.counts["conferrals"] == 5
    art8 = next(c for c in conferrals if c.endswith("/art_8/conferral"))
    props = {(q.predicate.value, q.object.value) for q in quads if q.subject.value == art8}
    assert (QZ.conferringArticle, art8.removesuffix("/conferral")) in props
    assert (QZ.conferredType, PENALTY) in props
    assert any(p == QZ.authorityDomain and o.endswith("/id/domain/market-regulation") for p, o in props)
    assert {o for p, o in props if p == QZ.act} == {"责令改正", "罚款"}


def test_real_food_safety_law(shared: Path):
    path = next((shared / "laws").rglob("食品安全法(*.md"))
    st = parse_statute(path.read_text(encoding="utf-8"), str(path))
    found = grants_of(st)
    penalties = [n for n, gs in found.items() if any(PENALTY in g.types for g in gs)]
    assert 122 in penalties and len(penalties) >= 18
    g122 = [g for g in found[122] if PENALTY in g.types]
    assert all(g.domains == ("market-regulation",) for g in g122)
    assert any(g.level == "county" for g in g122)
    # 由公安机关…拘留: the same law gives detention to public security.
    assert any("public-security" in g.domains for gs in found.values() for g in gs)


def test_authority_coverage_of_the_shared_statutes(shared: Path):
    """Every grant of the 112 statutes but three has a domain (the three name people's congresses and
    国家机关 in general: no department of government); the unmapped phrases are listed."""
    laws = sorted((shared / "laws").rglob("*.md"))
    coverage = authority_coverage([parse_statute(p.read_text(encoding="utf-8"), str(p)) for p in laws])
    assert (coverage.grants_with_domain, coverage.grants) == (1890, 1893)
    assert coverage.share >= 0.98
    unmapped = {p.text for p in coverage.unmapped()}
    assert "国家机关" in unmapped and coverage.phrases["国家机关"].count == 13
    assert "海事管理机构" not in unmapped and "市场监督管理部门" not in unmapped
    assert coverage.phrases["县级以上人民政府市场监督管理部门"].domains == ("market-regulation",)


def test_vertical_transport_agencies_are_not_the_transport_domain():
    """海事管理机构 and 民用航空 confer on the State Council's vertical agencies, not on a city's 交通运输局."""
    st = statute(
        "## 第一章 法律责任\n\n"
        "第一条 违反本法规定，船舶未按规定排放污水的，由海事管理机构处一万元以上十万元以下的罚款。\n\n"
        "第二条 违反本法规定，港口经营人未按规定配备设施的，"
        "由县级以上地方人民政府交通运输主管部门责令改正，处二万元以下的罚款。\n"
    )
    found = grants_of(st)
    assert [g.domains for g in found[1]] == [("maritime",)]
    assert [g.domains for g in found[2]] == [("transport",)]


def test_internal_sign_off_and_cards_shown_are_no_licences():
    st = statute(
        "第一条 对情况复杂的，经劳动保障行政部门负责人批准，可以延长30个工作日；"
        "经县级以上人民政府财政部门、审计机关的负责人批准，可以查询存款。\n\n"
        "第二条 统计人员进行统计调查时，应当出示县级以上人民政府统计机构颁发的工作证件。\n\n"
        "第三条 从事动物诊疗活动的机构，应当向县级以上地方人民政府农业农村主管部门申请动物诊疗许可证。\n"
    )
    found = grants_of(st)
    assert sorted(found) == [3]
    assert [g.types for g in found[3]] == [[LICENSING]]


def test_a_generic_phrase_means_the_authority_its_article_names():
    """由建设主管部门责令改正…由颁发资质证书的部门降低资质等级: the same (housing) authority,
    not the statute's main one."""
    st = statute(
        "## 第一章 总则\n\n第一条 县级以上人民政府管理节能工作的部门负责本行政区域内的节能监督管理工作。\n\n"
        "## 第二章 法律责任\n\n"
        "第二条 设计单位违反建筑节能标准的，由建设主管部门责令改正，处十万元以上五十万元以下罚款；"
        "情节严重的，由颁发资质证书的部门降低资质等级或者吊销资质证书。\n\n"
        "第三条 检测机构出具虚假报告的，由颁发资质证书的部门吊销资质证书。\n\n"
        "第四条 拒绝、阻碍调查的，由监督检查部门责令改正，处五千元以下的罚款；"
        "构成违反治安管理行为的，由公安机关依法给予治安管理处罚。\n"
    )
    found = grants_of(st)
    assert {d for g in found[2] for d in g.domains} == {"housing-construction"}
    assert "development-reform" in {d for g in found[3] for d in g.domains}  # none named here: the statute's
    fine = [g for g in found[4] if "罚款" in g.acts]
    assert fine and fine[0].domains != ("public-security",)  # 公安机关 comes after: the statute's authority
