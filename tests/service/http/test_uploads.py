"""Loading lists through the API (admin), and validating one without loading it."""

from __future__ import annotations

import io
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from quanze.service.http import uploads
from quanze.service.http.analyses import VALIDATION_MEDIA
from quanze.service.http.errors import ApiError
from quanze.service.http.settings import Settings
from quanze.service.http.uploads import authorise
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate
from quanze.service.validation.context import findings
from quanze.service.validation.formats import as_json

from tests.service.conftest import TOKEN, Service
from tests.service.servers import SAMPLE, quanze

TRANSPORT = SAMPLE / "lists" / "青禾市交通运输局权责清单.xls"
CITY = SAMPLE / "lists" / "青禾市城市管理局权责清单.csv"
STATUTE = next((SAMPLE / "statutes").glob("青禾市特种设备安全管理条例*.md"))
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


def put(service: Service, list_id: str, data: bytes, headers: dict | None = None, **params: str) -> httpx.Response:
    return httpx.put(
        f"{service.url}/api/lists/{quote(list_id)}",
        content=data,
        headers=headers or {},
        params=params,
        timeout=120,
    )


def status(service: Service) -> dict:
    return httpx.get(service.url + "/api/status", timeout=30).json()


def names_in(service: Service, list_id: str) -> set[str]:
    answer = httpx.get(service.url + "/api/responsible", params={"q": "的", "limit": 200}, timeout=30).json()
    return {
        m["power"]["name"]
        for m in answer["matches"]
        if m["power"]["power_list"] and m["power"]["power_list"]["iri"].endswith("/list/" + list_id)
    }


def test_loading_and_replacing_a_list(writable_service: Service) -> None:
    service = writable_service
    before = status(service)

    assert put(service, "上传清单", TRANSPORT.read_bytes()).status_code == 401
    assert put(service, "上传清单", TRANSPORT.read_bytes(), {"Authorization": "Bearer wrong"}).status_code == 401
    assert status(service)["statements"] == before["statements"]

    created = put(service, "上传清单", TRANSPORT.read_bytes(), ADMIN, filename=TRANSPORT.name)
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["created"] is True and report["file"] == TRANSPORT.name
    assert report["graph"].endswith("/graph/list/上传清单") and report["counts"]["powers"] > 0
    after = status(service)
    assert after["graphs"] == before["graphs"] + 1 and after["generation"] == before["generation"] + 1
    transport_names = names_in(service, "上传清单")
    assert transport_names and all("运" in n or "车" in n or "道路" in n for n in transport_names)

    replaced = put(service, "上传清单", CITY.read_bytes(), ADMIN, filename=CITY.name)
    assert replaced.status_code == 200 and replaced.json()["created"] is False
    city_names = names_in(service, "上传清单")
    assert city_names and not city_names & transport_names
    assert status(service)["graphs"] == before["graphs"] + 1

    sparql = httpx.post(
        service.url + "/sparql",
        timeout=30,
        headers={"Content-Type": "application/sparql-query"},
        content="ASK { GRAPH <https://w3id.org/quanze/graph/list/上传清单> { ?s ?p ?o } }".encode(),
    )
    assert sparql.json()["boolean"] is True


def test_an_upload_that_is_not_a_list_changes_nothing(writable_service: Service) -> None:
    service = writable_service
    before = status(service)
    for data, name in (
        (STATUTE.read_bytes(), STATUTE.name),
        (b"PK\x03\x04broken zip", "坏.xlsx"),
        (b"", "empty.csv"),
    ):
        r = put(service, "坏清单", data, ADMIN, filename=name)
        assert r.status_code == 422, (name, r.text)
        body = r.json()
        assert body["error"] == "not-a-list" and body["details"]["file"] == name and body["message"]
    after = status(service)
    assert (after["statements"], after["graphs"]) == (before["statements"], before["graphs"])


def test_a_list_id_must_be_one_segment(writable_service: Service) -> None:
    r = put(writable_service, "a b", CITY.read_bytes(), ADMIN)
    assert r.status_code == 422 and "one path segment" in r.json()["message"]


def test_without_a_configured_token_writing_is_disabled() -> None:
    with pytest.raises(ApiError) as refused:
        authorise(Settings(admin_token=None), f"Bearer {TOKEN}")
    assert refused.value.status == 403 and "read-only" in refused.value.message


def finding_keys(report: dict) -> set[tuple]:
    return {(r["severity"], r["shape"], r["component"], r["focus"], r["path"], r["row"]) for r in report["results"]}


def test_an_uploaded_list_is_reviewed_as_if_loaded_and_nothing_is_written(
    service: Service, sample_store: EmbeddedStore
) -> None:
    """The sample store holds the same file: its review there is what the upload must get."""
    before = status(service)
    r = httpx.post(
        service.url + "/api/validate", content=CITY.read_bytes(), params={"filename": CITY.name}, timeout=120
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    loaded = validate(sample_store, list=CITY.name)
    expected = as_json(loaded, findings(sample_store, loaded))
    assert expected["results"] and finding_keys(answer) == finding_keys(expected)
    assert answer["violations"] == expected["violations"] > 0 and answer["conforms"] is False
    assert all(x["file"] == CITY.name and x["row"] for x in answer["results"] if x["power"])
    assert status(service)["statements"] == before["statements"]


def test_an_uploaded_list_gets_the_workbook_the_office_sends_back(service: Service) -> None:
    r = httpx.post(
        service.url + "/api/validate",
        content=CITY.read_bytes(),
        params={"filename": CITY.name, "format": "xlsx"},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == VALIDATION_MEDIA["xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(book.sheetnames) >= 2  # a summary and one sheet per department
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert CITY.name in cells


def test_an_unknown_report_format_is_refused_with_the_known_ones(service: Service) -> None:
    r = httpx.post(service.url + "/api/validate", content=CITY.read_bytes(), params={"format": "pdf"}, timeout=120)
    assert r.status_code == 400, r.text
    assert "pdf" in r.json()["message"] and "xlsx" in r.json()["message"]


def test_the_scratch_store_holds_the_list_and_the_statutes_it_cites(sample_store) -> None:
    before = len(sample_store)
    doc = uploads.read_list(sample_store, CITY.read_bytes(), CITY.name, None)
    scratch = uploads.scratch_store(sample_store, doc)
    graphs = scratch.named_graphs()
    assert doc.graph in graphs
    assert any("/graph/statute/青禾市市容和环境卫生管理条例/" in g for g in graphs)
    assert any("/graph/ontology/" in g for g in graphs)
    assert not any("特种设备安全管理条例" in g for g in graphs)  # not cited by this list
    assert len(sample_store) == before


@pytest.mark.parametrize("writable_service", ["embedded"], indirect=True)
def test_the_command_line_cannot_write_under_a_running_service(writable_service: Service) -> None:
    """The service holds the store folder: loading goes through PUT /api/lists/{id} meanwhile."""
    failed = quanze("load", *writable_service.store.args, str(CITY), check=False)
    assert failed.returncode == 3
    assert "cannot open the store" in failed.stderr
