"""The JSON API over HTTP, on the embedded store and on a remote Oxigraph server alike."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from quanze.service.lookup.accountable import accountability_chain
from quanze.service.store.embedded import EmbeddedStore

from tests.service.conftest import Service

POWER = "青禾市市场监督管理局2025年权责清单/power/QH-SJ-XK-001"


def get(service: Service, path: str, **params: object) -> httpx.Response:
    return httpx.get(service.url + path, params=params, timeout=30)


def ok(response: httpx.Response) -> dict | list:
    assert response.status_code == 200, response.text
    return response.json()


def test_who_is_responsible_by_name(service: Service) -> None:
    answer = ok(get(service, "/api/responsible", q="特种设备使用登记"))
    assert answer["total"] == 1
    match = answer["matches"][0]
    assert match["matched_by"] == "name"
    power = match["power"]
    assert power["name"] == "特种设备使用登记"
    assert power["type"] == "行政许可"
    assert power["department"]["name"] == "青禾市市场监督管理局"
    assert [u["name"] for u in power["units"]] == ["特种设备安全监察科"]
    assert [p["name"] for p in power["responsible_posts"]] == ["特种设备安全监察科具体承办人"]
    basis = {b["label"]: b for b in power["basis"]}
    assert set(basis) == {
        "青禾市特种设备安全管理条例第四条",
        "青禾市特种设备安全管理条例第五条第一款",
    }
    article = basis["青禾市特种设备安全管理条例第四条"]
    assert article["statute"] == "青禾市特种设备安全管理条例" and article["version_date"] == "2022-06-01"
    assert article["text"].startswith("特种设备使用单位应当在特种设备投入使用前")
    assert [d["stage"] for d in power["duties"]][:4] == ["受理", "审查", "决定", "送达"]
    assert len(power["accountability"]) == 5 and "不作为" in power["accountability"][0]["kinds"]
    limits = {t["kind"]: (t["amount"], t["unit"]) for t in power["time_limits"]}
    assert limits == {"statutory": (15.0, "working-day"), "committed": (5.0, "working-day")}
    assert [s["name"] for s in power["procedure"]] == ["受理", "审查", "决定", "送达"]
    assert power["procedure"][1]["time_limit"]["amount"] == 3.0
    assert "行政复议" in power["remedy_channels"][0]
    assert power["source"]["file"] == "青禾市市场监督管理局2025年权责清单.xlsx" and power["source"]["row"] >= 1
    assert any(c["status"] == "法律规范未收录" for c in power["citations"])


def test_ranking_puts_the_exact_code_first(service: Service) -> None:
    answer = ok(get(service, "/api/responsible", q="QH-SJ-XK-001"))
    assert answer["matches"][0]["matched_by"] == "code"
    assert answer["matches"][0]["power"]["name"] == "特种设备使用登记"


def test_ranking_by_name_then_containing(service: Service) -> None:
    answer = ok(get(service, "/api/responsible", q="特种设备", limit=50))
    kinds = [m["matched_by"] for m in answer["matches"]]
    assert kinds == sorted(kinds, key=["name-prefix", "name-contains"].index)
    assert all("特种设备" in m["power"]["name"] for m in answer["matches"])
    assert answer["total"] == len(answer["matches"]) >= 4


def test_who_is_responsible_for_an_article(service: Service) -> None:
    for q in ("青禾市特种设备安全管理条例第四条", "《青禾市特种设备安全管理条例》第4条"):
        answer = ok(get(service, "/api/responsible", q=q))
        assert answer["article"] == "青禾市特种设备安全管理条例第四条"
        assert answer["matches"], q
        assert all(m["matched_by"] == "article" for m in answer["matches"])
        assert "特种设备使用登记" in [m["power"]["name"] for m in answer["matches"]]


def test_sub_items_are_found(service: Service) -> None:
    answer = ok(get(service, "/api/responsible", q="变更登记", limit=50))
    kinds = {m["power"]["kind"] for m in answer["matches"]}
    assert "sub-item" in kinds
    sub = next(m["power"] for m in answer["matches"] if m["power"]["kind"] == "sub-item")
    assert sub["parent"]["name"] == "特种设备变更登记"


def test_paging(service: Service) -> None:
    everything = ok(get(service, "/api/responsible", q="处罚", limit=200))
    page = ok(get(service, "/api/responsible", q="处罚", limit=2, offset=1))
    assert page["total"] == everything["total"] > 3
    assert [m["power"]["iri"] for m in page["matches"]] == [m["power"]["iri"] for m in everything["matches"][1:3]]


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "x", "limit": 0}, {"q": "x", "limit": 10_000}, {}, {"q": "x", "offset": -1}],
)
def test_bad_parameters_are_400(service: Service, params: dict) -> None:
    r = get(service, "/api/responsible", **params)
    assert r.status_code == 400
    assert r.json()["error"] == "bad-parameter" and r.json()["message"]


def test_a_power_by_id(service: Service) -> None:
    power = ok(get(service, "/api/powers/" + quote(POWER)))
    assert power["name"] == "特种设备使用登记" and power["id"] == POWER
    assert power["href"] == "/api/powers/" + quote(POWER)
    assert ok(httpx.get(service.url + power["department"]["href"], timeout=30))["name"] == "青禾市市场监督管理局"


def test_unknown_ids_are_404(service: Service) -> None:
    for path in (
        "/api/powers/青禾市没有的清单/power/1",
        "/api/departments/不存在的局",
        "/api/articles/不存在法第一条",
        "/api/articles/不存在法/2020-01-01/art_1",
        "/api/queries/no-such-query",
        "/api/nothing",
    ):
        r = get(service, path)
        assert r.status_code == 404, path
        assert r.json()["error"] == "not-found" and r.json()["message"], path


def test_departments(service: Service) -> None:
    found = ok(get(service, "/api/departments"))
    names = [d["name"] for d in found]
    assert names[:1] == ["青禾市市场监督管理局"]
    assert set(names) >= {"青禾市市场监督管理局", "青禾市城市管理局", "青禾市交通运输局"}
    market = found[0]
    assert market["powers"] > 5
    page = ok(httpx.get(service.url + market["href"], timeout=30))
    assert page["name"] == "青禾市市场监督管理局"
    assert "特种设备安全监察科" in [u["name"] for u in page["units"]]
    assert sum(page["powers_by_type"].values()) == market["powers"] == len(page["powers"])
    assert page["lists"] and page["posts"]


def test_articles_by_label_and_by_id(service: Service) -> None:
    answer = ok(get(service, "/api/articles/" + quote("青禾市特种设备安全管理条例第四条")))
    [article] = answer["articles"]
    assert article["statute"] == "青禾市特种设备安全管理条例"
    assert "特种设备使用登记" in [p["name"] for p in article["powers"]]
    by_id = ok(httpx.get(service.url + article["href"], timeout=30))
    assert by_id["articles"][0]["iri"] == article["iri"]
    assert by_id["articles"][0]["powers"] == article["powers"]


def test_an_article_no_power_rests_on_is_found_with_no_powers(service: Service) -> None:
    answer = ok(get(service, "/api/articles/" + quote("青禾市特种设备安全管理条例第一条")))
    assert answer["articles"][0]["powers"] == []


def test_named_queries_are_listed_with_parameters(service: Service) -> None:
    listed = {q["name"]: q for q in ok(get(service, "/api/queries"))}
    assert {"responsible", "stats", "power-detail", "article-powers", "departments"} <= set(listed)
    assert [p["name"] for p in listed["responsible"]["params"]] == ["q", "limit"]
    assert listed["responsible"]["params"][0]["required"] is True
    described = ok(get(service, "/api/queries/responsible", describe="true"))
    assert "SELECT" in described["sparql"]


def test_running_a_named_query(service: Service, sample_powers: int) -> None:
    rows = ok(get(service, "/api/queries/responsible", q="特种设备使用登记"))
    assert rows["columns"][:3] == ["power", "kind", "name"]
    assert [r["name"] for r in rows["rows"]] == ["特种设备使用登记"]
    csv = httpx.get(service.url + "/api/queries/stats", headers={"Accept": "text/csv"}, timeout=30)
    assert csv.headers["content-type"].startswith("text/csv")
    assert f"powers,{sample_powers}" in csv.text.replace("\r", "")


def test_named_query_parameter_errors_are_400(service: Service) -> None:
    missing = get(service, "/api/queries/responsible")
    assert missing.status_code == 400 and "q" in missing.json()["message"]
    wrong = get(service, "/api/queries/responsible", q="x", limit="many")
    assert wrong.status_code == 400 and "integer" in wrong.json()["message"]
    unknown = get(service, "/api/queries/stats", nonsense="1")
    assert unknown.status_code == 400 and "nonsense" in unknown.json()["message"]


def test_graphs_and_status(service: Service) -> None:
    graphs = ok(get(service, "/api/graphs"))
    assert any("/graph/list/" in g for g in graphs) and any("/graph/statute/" in g for g in graphs)
    status = ok(get(service, "/api/status"))
    assert status["backend"] == service.kind
    assert status["graphs"] == len(graphs) and status["statements"] > 5000
    assert status["timeout_seconds"] == 3.0 and status["writable"] is True


def test_overlaps_as_the_command_line_finds_them(service: Service) -> None:
    findings = ok(get(service, "/api/overlaps"))
    assert findings, "the sample has seeded overlaps"
    assert {f["kind"] for f in findings} <= {"cross", "near", "internal", "vertical"}
    assert all(f["members"] and f["severity"] for f in findings)
    cross = ok(get(service, "/api/overlaps", kinds="cross"))
    assert cross and {f["kind"] for f in cross} == {"cross"}
    assert cross == [f for f in findings if f["kind"] == "cross"]
    department = cross[0]["members"][0]["department_name"]
    mine = ok(get(service, "/api/overlaps", department=department))
    assert mine and all(any(m["department_name"] == department for m in f["members"]) for f in mine)
    bad = get(service, "/api/overlaps", kinds="cross,sideways")
    assert bad.status_code == 400 and "sideways" in bad.json()["message"]


def test_gaps_as_the_command_line_finds_them(service: Service) -> None:
    report = ok(get(service, "/api/gaps"))
    assert set(report) >= {"departments", "omissions", "basis_problems"}
    assert report["departments"] and report["basis_problems"]
    one = ok(get(service, "/api/gaps", department="青禾市城市管理局"))
    assert [d["name"] for d in one["departments"]] == ["青禾市城市管理局"]
    missing = get(service, "/api/gaps", department="不存在的局")
    assert missing.status_code == 404 and missing.json()["message"]


def test_accountability_chain_as_the_command_line_finds_it(service: Service, sample_store: EmbeddedStore) -> None:
    answer = ok(get(service, "/api/accountable", power="QH-CG-CF-001", failure="撤销"))
    expected = [c.as_dict() for c in accountability_chain(sample_store, "QH-CG-CF-001", "撤销")]
    assert answer == expected and len(answer) == 1
    [chain] = answer
    assert chain["name"] == "对擅自设置户外广告设施的处罚" and chain["liable_posts"] and chain["situations"]
    assert all(link["basis"] for link in chain["liable_posts"])  # every link says where it comes from
    bad = get(service, "/api/accountable", power="QH-CG-CF-001", failure="迟到早退")
    assert bad.status_code == 400 and "迟到早退" in bad.json()["message"]


def test_openapi_describes_every_route_with_examples(service: Service) -> None:
    spec = ok(get(service, "/openapi.json"))
    paths = spec["paths"]
    for route in (
        "/sparql",
        "/api/responsible",
        "/api/powers/{power_id}",
        "/api/departments",
        "/api/departments/{department_id}",
        "/api/articles/{article_id}",
        "/api/overlaps",
        "/api/gaps",
        "/api/accountable",
        "/api/validate",
        "/api/queries",
        "/api/queries/{name}",
        "/api/lists/{list_id}",
    ):
        assert route in paths, route
    assert set(paths["/sparql"]) == {"get", "post"}
    q = next(p for p in paths["/api/responsible"]["get"]["parameters"] if p["name"] == "q")
    assert q["examples"] or q.get("example")
    assert "put" in paths["/api/lists/{list_id}"]
    assert "ErrorBody" in spec["components"]["schemas"]
    assert httpx.get(service.url + "/docs", timeout=30).status_code == 200
