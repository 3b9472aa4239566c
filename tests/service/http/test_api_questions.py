"""/api/responsible answering plain questions, and every kind of bad input answered without a 500."""

from __future__ import annotations

import http.client
from urllib.parse import quote

import httpx
import pytest

from tests.service.conftest import Service


def get(service: Service, **params: object) -> httpx.Response:
    return httpx.get(service.url + "/api/responsible", params=params, timeout=60)


def test_a_plain_question_gets_departments_posts_and_reasons(service: Service) -> None:
    r = get(service, q="有人在马路边乱摆地摊，谁来管？")
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["total"] == 0 and answer["matches"] == []
    top = answer["departments"][0]
    assert top["department"]["name"] == "青禾市城市管理局"
    assert top["department"]["href"].startswith("/api/departments/")
    assert top["units"] and top["posts"] and top["powers"]
    assert any("摆摊设点" in m["words"] for p in top["powers"] for m in p["matched"])
    assert {"plain": "摆地摊", "statutory": "摆摊设点"}.items() <= answer["reading"]["statutory"][0].items()


def test_exact_names_still_rank_first(service: Service) -> None:
    answer = get(service, q="特种设备使用登记").json()
    assert answer["matches"][0]["matched_by"] == "name"
    assert answer["departments"][0]["department"]["name"] == "青禾市市场监督管理局"


def test_close_call_over_http(service: Service) -> None:
    answer = get(service, q="货车拉的沙子洒了一路").json()
    assert set(answer["close_call"]["departments"]) >= {"青禾市交通运输局", "青禾市城市管理局"}


def test_departments_parameter(service: Service) -> None:
    answer = get(service, q="广告牌不牢固", departments=1).json()
    assert len(answer["departments"]) == 1
    assert get(service, q="广告牌", departments=0).status_code == 400


@pytest.mark.parametrize(
    ("q", "reason"),
    [
        ("？！。，……", "no words"),
        ("😀😡🙏", "no words"),
        ("鱼", "one character"),
        ("who handles noise complaints", "in Chinese"),
    ],
)
def test_input_that_cannot_match_is_answered_with_the_reason(service: Service, q: str, reason: str) -> None:
    r = get(service, q=q)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["departments"] == [] and reason in answer["reading"]["reason"]


@pytest.mark.parametrize("q", ["", "   ", "n" * 10_000, "噪音" * 3_000])
def test_empty_or_too_long_is_400_with_a_message(service: Service, q: str) -> None:
    r = get(service, q=q)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "bad-parameter" and r.json()["message"]


def test_ten_thousand_chinese_characters_are_refused_not_failed(service: Service) -> None:
    """90 kB of percent-encoded query: the server refuses the request line itself, never with a 500."""
    url = httpx.URL(service.url)
    connection = http.client.HTTPConnection(url.host, url.port, timeout=60)
    try:
        connection.request("GET", "/api/responsible?q=" + quote("噪" * 10_000))
        status = connection.getresponse().status
    finally:
        connection.close()
    assert 400 <= status < 500


def test_mixed_traditional_and_simplified_over_http(service: Service) -> None:
    answer = get(service, q="外牆瓷砖髒得发黑").json()
    assert answer["reading"]["converted"] and answer["reading"]["text"] == "外墙瓷砖脏得发黑"
    assert answer["departments"][0]["department"]["name"] == "青禾市城市管理局"


def test_openapi_describes_the_answer(service: Service) -> None:
    schema = httpx.get(service.url + "/openapi.json", timeout=30).json()
    answer = schema["components"]["schemas"]["ResponsibleAnswer"]["properties"]
    assert {"departments", "close_call", "reading"} <= set(answer)
    assert {"DepartmentHit", "CloseCall", "QuestionReading", "FieldMatch"} <= set(schema["components"]["schemas"])


def test_the_search_page_names_the_departments(service: Service) -> None:
    r = httpx.get(service.url + "/search", params={"q": "外牆瓷砖髒得发黑"}, timeout=60)
    assert r.status_code == 200
    assert "负责的部门" in r.text and "青禾市城市管理局" in r.text and "按简体查找" in r.text
    r = httpx.get(service.url + "/search", params={"q": "😀"}, timeout=60)
    assert r.status_code == 200 and "没有找到负责的部门" in r.text
