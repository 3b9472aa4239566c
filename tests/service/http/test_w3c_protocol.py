"""The W3C SPARQL 1.1 Protocol test suite, query side, against /sparql (embedded and remote).

The manifest's requests are sent as written, their ``/sparql/`` prefix mapped
to the service's ``/sparql``; the graphs the tests name are in the store under
their IRIs (see conftest). The update side asks the endpoint to change data,
which this read-only endpoint refuses: each of those requests must get a 4xx
and leave the store as it was.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.collection import Collection

from tests.service.conftest import W3C, Service

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
MANIFEST = W3C / "manifest.ttl"
TABULAR = (
    "application/sparql-results+xml",
    "application/sparql-results+json",
    "text/csv",
    "text/tab-separated-values",
)
RDF_MEDIA = (
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "text/plain",
    "application/xhtml+xml",
)


@dataclass
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # acceptable hundreds: 2, 3, 4
    fmt: str | None = None
    boolean: bool | None = None


@dataclass
class ProtocolTest:
    name: str
    title: str
    requests: list[ProtocolRequest] = field(default_factory=list)


def load_tests() -> list[ProtocolTest]:
    if not MANIFEST.is_file():
        return []
    g = rdflib.Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(rdflib.RDF.type, MF.Manifest))
    tests = []
    for node in Collection(g, g.value(manifest, MF.entries)):
        test = ProtocolTest(str(node).rsplit("#", 1)[1], str(g.value(node, MF.name)))
        action = g.value(node, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            if g.value(req, HT.headers) is not None:
                for h in Collection(g, g.value(req, HT.headers)):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
            resp = g.value(req, HT.resp)
            statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in g.objects(resp, MF.expectedStatus)}
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            test.requests.append(
                ProtocolRequest(
                    str(g.value(req, HT.methodName)),
                    str(g.value(req, HT.absolutePath)),
                    headers,
                    body,
                    statuses,
                    str(fmt) if fmt else None,
                    boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(test)
    return tests


TESTS = load_tests()
QUERY_SIDE = [t for t in TESTS if t.name.startswith(("query_", "bad_query_")) or t.name == "bad_multiple_queries"]
UPDATE_SIDE = [t for t in TESTS if t not in QUERY_SIDE]


def send(service: Service, request: ProtocolRequest) -> httpx.Response:
    assert request.path.startswith("/sparql/")
    url = service.sparql + request.path.removeprefix("/sparql/")
    return httpx.request(request.method, url, headers=request.headers, content=request.body, timeout=30)


def check_format(request: ProtocolRequest, response: httpx.Response) -> None:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if request.fmt == "boolean":
        if media == "application/sparql-results+json":
            value = json.loads(response.content)["boolean"]
        else:
            assert media == "application/sparql-results+xml", media
            found = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            value = found.text == "true"
        if request.boolean is not None:
            assert value is request.boolean
    elif request.fmt == "tabular":
        assert media in TABULAR, media
    elif request.fmt == "RDF":
        assert media in RDF_MEDIA, media
        rdflib.Graph().parse(data=response.content, format={"application/rdf+xml": "xml"}.get(media, "turtle"))


def test_the_manifest_has_the_query_side_tests(w3c: Path) -> None:
    assert len(TESTS) == 34
    assert len(QUERY_SIDE) == 20
    assert all("update" in t.name for t in UPDATE_SIDE)


@pytest.mark.parametrize("test", QUERY_SIDE, ids=lambda t: t.name)
def test_query_side(service: Service, test: ProtocolTest, w3c: Path) -> None:
    for request in test.requests:
        response = send(service, request)
        assert response.status_code // 100 in request.statuses, (
            test.title,
            response.status_code,
            response.text,
        )
        if response.status_code // 100 == 2:
            check_format(request, response)


@pytest.mark.parametrize("test", UPDATE_SIDE, ids=lambda t: t.name)
def test_update_side_is_refused(service: Service, test: ProtocolTest, w3c: Path) -> None:
    """A read-only endpoint: every request that would change data is refused; nothing changes."""
    before = httpx.get(service.url + "/api/status", timeout=30).json()["statements"]
    for request in test.requests:
        if request.body is not None and request.headers.get("content-type") == "application/sparql-query":
            continue  # the test's follow-up ASK, checking what the update did
        response = send(service, request)
        assert 400 <= response.status_code < 500, (test.title, response.status_code, response.text)
    after = httpx.get(service.url + "/api/status", timeout=30).json()["statements"]
    assert after == before
