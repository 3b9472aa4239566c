"""Bulk downloads: the whole graph as gzipped N-Triples and TriG, each department's list as CSV and XLSX."""

from __future__ import annotations

import csv
import gzip
import io
from urllib.parse import quote

import httpx
import openpyxl
import pyoxigraph as ox
from quanze.loaders.vocab import QZ
from quanze.service.store.embedded import EmbeddedStore

from ..conftest import Service

DEPARTMENT = "青禾市市场监督管理局"


def department_powers(store: EmbeddedStore, name: str) -> set[str]:
    """The department's powers and sub-items, counted from the statements themselves."""
    dept = ox.NamedNode("https://w3id.org/quanze/id/org/" + name)
    return {q.subject.value for q in store._store.quads_for_pattern(None, ox.NamedNode(QZ.department), dept)}


def test_whole_graph_as_gzipped_ntriples_and_trig(service: Service) -> None:
    statements = httpx.get(service.url + "/api/status", timeout=30).json()["statements"]
    nt = httpx.get(service.url + "/download/quanze.nt.gz", timeout=120)
    trig = httpx.get(service.url + "/download/quanze.trig.gz", timeout=120)
    assert nt.status_code == trig.status_code == 200
    assert nt.headers["content-type"] == "application/gzip"
    quads = list(ox.parse(gzip.decompress(trig.content), format=ox.RdfFormat.TRIG))
    triples = list(ox.parse(gzip.decompress(nt.content), format=ox.RdfFormat.N_TRIPLES))
    assert len(quads) == statements
    assert {q.graph_name for q in quads} >= {ox.NamedNode(g) for g in httpx.get(service.url + "/api/graphs").json()}
    assert len(triples) == len({q.triple for q in quads})


def test_department_list_as_csv_and_xlsx(service: Service, sample_store: EmbeddedStore) -> None:
    expected = department_powers(sample_store, DEPARTMENT)
    r = httpx.get(service.url + "/download/departments/" + quote(DEPARTMENT) + ".csv", timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheet programs
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["IRI"] for row in rows} == expected
    licence = next(row for row in rows if row["职权名称"] == "特种设备使用登记")
    assert licence["职权类型"] == "行政许可" and licence["事项编码"] == "QH-SJ-XK-001"
    assert licence["承办机构"] == "特种设备安全监察科" and licence["法定期限"] == "15个工作日"
    assert "青禾市特种设备安全管理条例第四条" in licence["依据法条（已解析）"]
    assert licence["来源文件"] == "青禾市市场监督管理局2025年权责清单.xlsx"
    x = httpx.get(service.url + "/download/departments/" + quote(DEPARTMENT) + ".xlsx", timeout=60)
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:4] == ["序号", "事项编码", "职权类型", "职权名称"]
    assert [r[-1] for r in table[1:]] == [row["IRI"] for row in rows]


def test_unknown_department_file_is_404(service: Service) -> None:
    for name in ("不存在的局.csv", quote(DEPARTMENT) + ".pdf"):
        r = httpx.get(service.url + "/download/departments/" + name, timeout=30)
        assert r.status_code == 404, name
