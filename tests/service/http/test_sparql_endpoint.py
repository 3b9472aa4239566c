"""/sparql over HTTP, on the embedded store and on a remote Oxigraph server alike."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from tests.service.conftest import KASEI, Service
from tests.service.servers import listening

PREFIXES = "PREFIX qz: <https://w3id.org/quanze/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
POWERS = PREFIXES + "SELECT ?power ?name WHERE { ?power a qz:Power ; rdfs:label ?name } ORDER BY ?name"
COUNT_POWERS = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a qz:Power }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def post(service: Service, query: str, accept: str | None = None, **kw) -> httpx.Response:
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return httpx.post(service.sparql, content=query.encode(), headers=headers, timeout=30, **kw)


def json_rows(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_get_post_form_and_post_direct_agree(service: Service) -> None:
    by_get = httpx.get(service.sparql, params={"query": POWERS}, timeout=30)
    by_form = httpx.post(service.sparql, data={"query": POWERS}, timeout=30)
    by_direct = post(service, POWERS)
    names = [r["name"] for r in json_rows(by_get)]
    assert "特种设备使用登记" in names
    assert json_rows(by_form) == json_rows(by_get) == json_rows(by_direct)
    assert by_get.headers["content-type"].startswith("application/sparql-results+json")


def test_select_in_every_results_format(service: Service) -> None:
    expected = {r["name"] for r in json_rows(post(service, POWERS))}
    xml = post(service, POWERS, "application/sparql-results+xml")
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    literals = {e.text for e in ET.fromstring(xml.content).iter(SPARQL_RESULTS + "literal")}
    assert literals == expected
    for media, delimiter in (("text/csv", ","), ("text/tab-separated-values", "\t")):
        r = post(service, POWERS, media)
        assert r.headers["content-type"].startswith(media), media
        table = list(csv.reader(io.StringIO(r.content.decode("utf-8")), delimiter=delimiter))
        names = {row[1].strip('"').removesuffix("@zh").strip('"') for row in table[1:]}
        assert names == expected, media


def test_ask_answers_boolean_and_refuses_csv(service: Service) -> None:
    r = post(service, PREFIXES + "ASK { ?p a qz:Power }")
    assert r.json()["boolean"] is True
    xml = post(service, PREFIXES + "ASK { ?p a qz:Nothing }", "application/sparql-results+xml")
    assert ET.fromstring(xml.content).find(SPARQL_RESULTS + "boolean").text == "false"
    refused = post(service, "ASK {}", "text/csv")
    assert refused.status_code == 406
    assert "application/sparql-results+json" in refused.json()["message"]


@pytest.mark.parametrize(
    ("media", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_in_every_rdf_format(service: Service, media: str, fmt: str) -> None:
    query = PREFIXES + "CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a qz:Power ; rdfs:label ?name }"
    r = post(service, query, media)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=r.content, format=fmt)
    assert rdflib.Literal("特种设备使用登记", lang="zh") in set(graph.objects())
    assert len(graph) == len(json_rows(post(service, POWERS)))


def test_describe_is_turtle_by_default(service: Service) -> None:
    r = post(service, "DESCRIBE <https://w3id.org/quanze/id/org/青禾市城市管理局>")
    assert r.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=r.content, format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/quanze/id/org/青禾市城市管理局"),
        rdflib.RDFS.label,
        rdflib.Literal("青禾市城市管理局", lang="zh"),
    ) in graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/*;q=0.8, application/sparql-results+json;q=0.2", "text/csv"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_accept_with_q_values(service: Service, accept: str, expected: str) -> None:
    r = post(service, COUNT_POWERS, accept)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(expected)


def test_accept_nothing_offered_is_406(service: Service) -> None:
    r = post(service, COUNT_POWERS, "image/png, text/turtle")
    assert r.status_code == 406
    assert r.json()["error"] == "not-acceptable"


def test_malformed_query_is_400_with_position(service: Service) -> None:
    r = post(service, "SELECT * WHERE {\n  ?s ?p \n}")
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "malformed-query"
    assert "3:1" in body["message"] or "2:" in body["message"], body["message"]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "LOAD <http://example.org/x>",
        "DROP ALL",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused(service: Service, update: str, sample_powers: int) -> None:
    as_query = post(service, update)
    assert as_query.status_code == 403
    assert as_query.json()["error"] == "update-refused"
    as_update = httpx.post(
        service.sparql,
        content=update.encode(),
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    assert as_update.status_code == 403
    as_form = httpx.post(service.sparql, data={"update": update}, timeout=30)
    assert as_form.status_code == 403
    assert json_rows(post(service, COUNT_POWERS)) == [{"n": str(sample_powers)}]


def test_service_is_refused_before_evaluation(service: Service) -> None:
    hits: list[str] = []
    with listening(hits) as url:
        r = post(service, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        silent = post(service, f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == silent.status_code == 400
    assert r.json()["error"] == "service-refused"
    assert hits == []


def test_keywords_inside_strings_iris_and_comments_are_not_refused(service: Service) -> None:
    query = (
        'SELECT ?x WHERE { BIND("SERVICE LOAD DROP" AS ?x) # INSERT SERVICE\n'
        " FILTER(?x != <http://example.org/SERVICE>) }"
    )
    assert json_rows(post(service, query)) == [{"x": "SERVICE LOAD DROP"}]


def test_from_a_graph_not_in_the_store_is_refused(service: Service) -> None:
    r = post(service, "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }")
    assert r.status_code == 400
    assert r.json()["error"] == "unknown-graph"
    by_protocol = httpx.get(
        service.sparql,
        params={"query": "ASK {}", "default-graph-uri": "http://example.org/x"},
        timeout=30,
    )
    assert by_protocol.status_code == 400


def test_default_graph_is_the_union_and_from_selects(service: Service) -> None:
    graphs = httpx.get(service.url + "/api/graphs", timeout=30).json()
    transport = next(g for g in graphs if "交通运输局" in g)
    everything = json_rows(post(service, COUNT_POWERS))[0]["n"]
    only = json_rows(
        post(
            service,
            PREFIXES + f"SELECT (COUNT(DISTINCT ?p) AS ?n) FROM <{transport}> WHERE {{ ?p a qz:Power }}",
        )
    )[0]["n"]
    assert int(only) < int(everything) and int(only) > 0
    named = json_rows(
        post(
            service,
            f"SELECT DISTINCT ?g FROM NAMED <{transport}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        )
    )
    assert named == [{"g": transport}]


def test_protocol_dataset_overrides_from(service: Service, w3c: Path) -> None:
    query = f"SELECT ?s FROM <{KASEI}data3.rdf> WHERE {{ ?s a ?type }}"
    r = httpx.post(
        service.sparql,
        content=query.encode(),
        params={"default-graph-uri": f"{KASEI}data1.rdf"},
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert json_rows(r) == [{"s": f"{KASEI}data1.rdf"}]


def test_oversize_query_is_400(service: Service) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    r = post(service, huge)
    assert r.status_code == 400
    assert r.json()["error"] == "query-too-large"


def test_result_over_the_cap_is_400(service: Service) -> None:
    r = post(service, "SELECT * WHERE { ?s ?p ?o }")  # the sample is about 2 MB of results; the cap is 1 MB
    assert r.status_code == 400
    assert r.json()["error"] == "result-too-large"


def test_deep_nesting_is_refused(service: Service) -> None:
    r = post(service, "SELECT * WHERE " + "{" * 500 + "?s ?p ?o" + "}" * 500)
    assert r.status_code == 400
    assert r.json()["error"] == "query-too-complex"


def test_pathological_query_times_out_and_the_service_goes_on(service: Service, sample_powers: int) -> None:
    started = time.monotonic()
    r = post(service, SLOW)
    elapsed = time.monotonic() - started
    assert r.status_code == 503
    assert r.json()["error"] == "timeout"
    assert elapsed < 3 + 5
    for _ in range(3):
        assert json_rows(post(service, COUNT_POWERS)) == [{"n": str(sample_powers)}]


def test_a_slow_query_does_not_stall_other_clients(service: Service, sample_powers: int) -> None:
    slow: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: slow.append(post(service, SLOW)))
    thread.start()
    time.sleep(0.5)
    quick_times = []
    for _ in range(5):
        started = time.monotonic()
        assert json_rows(post(service, COUNT_POWERS)) == [{"n": str(sample_powers)}]
        quick_times.append(time.monotonic() - started)
    still_running = thread.is_alive()
    thread.join()
    assert still_running, "the slow query should still be running while the quick ones were answered"
    assert slow[0].status_code == 503
    assert max(quick_times) < 1.5


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("PUT", {"params": {"query": "ASK {}"}}, 405),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        (
            "POST",
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
        ),
        ("GET", {}, 400),
    ],
)
def test_protocol_errors(service: Service, method: str, kwargs: dict, status: int) -> None:
    r = httpx.request(method, service.sparql, timeout=30, **kwargs)
    assert r.status_code == status
    body = r.json()
    assert body["message"], body


def test_results_parse_with_pyoxigraph(service: Service, sample_powers: int) -> None:
    r = post(service, COUNT_POWERS, "application/sparql-results+xml")
    results = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.XML)
    assert [s["n"].value for s in results] == [str(sample_powers)]


def test_json_results_are_utf8(service: Service) -> None:
    r = post(service, POWERS)
    assert "特种设备使用登记".encode() in r.content
    json.loads(r.content.decode("utf-8"))
