"""The review analyses as named SPARQL queries, on the sample: researchers can ask their own variants."""

import pytest
from quanze.loaders import iris
from quanze.service.sparql.queries import get


def select(store, name: str, **params: str) -> list[dict[str, str]]:
    rows = store.select(get(name).bind(params))
    return [{k: (v.value if v is not None else "") for k, v in r.items()} for r in rows]


def test_conferrals_filters(sample_store):
    rows = select(sample_store, "conferrals", statute="青禾市特种设备安全管理条例")
    assert {r["articleLabel"] for r in rows} == {f"青禾市特种设备安全管理条例第{n}条" for n in "四五七八九"}
    penalties = select(sample_store, "conferrals", statute="青禾市特种设备安全管理条例", type="penalty")
    assert {r["articleLabel"][-3:] for r in penalties} == {"第八条", "第九条"}
    assert {r["acts"] for r in penalties} == {"责令改正、罚款"} or all("罚款" in r["acts"] for r in penalties)
    city = select(sample_store, "conferrals", domain="urban-management")
    assert city and all("urban-management" in r["domains"] for r in city)


def test_department_domains(sample_store):
    rows = select(sample_store, "department-domains")
    assert {(r["name"], r["domainId"]) for r in rows} == {
        ("青禾市城市管理局", "urban-management"),
        ("青禾市市场监督管理局", "market-regulation"),
        ("青禾市交通运输局", "transport"),
    }


def test_cross_department_cluster(sample_store):
    rows = select(sample_store, "overlaps-cross-department")
    assert [(r["articleLabel"], r["departments"]) for r in rows] == [("青禾市市容和环境卫生管理条例第九条", "2")]
    assert select(sample_store, "overlaps-cross-department", powerType="licensing") == []


def test_internal_and_vertical_and_near(sample_store):
    (row,) = select(sample_store, "overlaps-internal")
    assert row["name"] == "对特种设备未办理使用登记擅自投入使用的处罚" and row["units"] == "2"
    assert select(sample_store, "overlaps-vertical") == []
    (near,) = select(sample_store, "overlaps-near-duplicates")  # the same name, in two departments
    assert near["core"] == "未按照批准内容设置户外广告设施"
    assert {near["departmentName"], near["otherDepartmentName"]} == {"青禾市城市管理局", "青禾市市场监督管理局"}


def test_gaps_queries(sample_store):
    city = iris.department("青禾市城市管理局")
    omitted = {r["articleLabel"] for r in select(sample_store, "gaps-omissions", department=city)}
    assert omitted == {"青禾市市容和环境卫生管理条例第三条", "青禾市户外广告设置管理办法第二条"}
    problems = select(sample_store, "gaps-unfounded", department=city)
    assert {(r["name"], r["problem"]) for r in problems} == {
        ("对建筑物外立面不整洁的处罚", "article does not exist"),
        ("对建筑物外立面不整洁的处罚", "no resolvable basis"),
    }


def test_required_parameter(sample_store):
    with pytest.raises(ValueError, match="department"):
        get("gaps-omissions").bind({})
