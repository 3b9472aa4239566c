"""Hostile text in the data (HTML in a cell) is shown as text everywhere: pages, charts, static site, browser.

A real list is written with openpyxl whose cells hold ``<script>`` and
``<img onerror>``, loaded by the real loader next to the sample's statutes,
served by ``quanze serve`` and published by ``quanze publish``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import openpyxl
import pytest
from quanze.loaders import iris

from ..servers import SAMPLE, Running, quanze, start_quanze, stop
from .conftest import screenshot, set_width
from .html_tools import Page, parse

SCRIPT = '<script>alert("x")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
DEPARTMENT = "青禾市<b>恶意</b>局"
LIST_ID = "青禾市恶意局权责清单"
HEADER = [
    "序号",
    "事项编码",
    "事项名称",
    "权力类型",
    "实施依据",
    "行使主体",
    "承办机构",
    "责任事项",
    "追责情形",
    "办理流程",
    "法定期限",
    "承诺期限",
    "救济途径",
]
BROWSER = {"Accept": "text/html"}


def hostile_list(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"清单{IMAGE}"[:31]
    ws.append([f"{DEPARTMENT}权责清单"])
    ws.append(HEADER)
    ws.append(
        [
            "1",
            "EVIL-1",
            f"对{IMAGE}的处罚{SCRIPT}",
            "行政处罚",
            f"《青禾市特种设备安全管理条例》第四条{SCRIPT}",
            DEPARTMENT,
            f"执法科{SCRIPT}",
            f"1.受理责任：{SCRIPT}\n2.决定责任：{IMAGE}",
            f"1.{IMAGE}不作为的；\n2.{SCRIPT}的；",
            f"1.受理{SCRIPT}（1个工作日）\n2.决定{IMAGE}（2个工作日）",
            "20个工作日",
            "10个工作日",
            f"行政复议{IMAGE}",
        ]
    )
    ws.append(
        [
            "2",
            '=HYPERLINK("http://x","y")',
            f"{SCRIPT}登记",
            "行政许可",
            "《青禾市特种设备安全管理条例》第五条",
            DEPARTMENT,
            f"审批科{IMAGE}",
            f"1.审查责任：{IMAGE}",
            f"1.{SCRIPT}",
            "",
            "",
            "",
            "",
        ]
    )
    ws["B4"].data_type = "s"  # a code cell that is text beginning with "=", not a formula
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, Path]]:
    folder = tmp_path_factory.mktemp("hostile")
    store = folder / "store"
    quanze("load", "--quiet", "--store", str(store), str(SAMPLE / "statutes"))
    quanze("load", "--quiet", "--store", str(store), "--id", LIST_ID, str(hostile_list(folder / "恶意清单.xlsx")))
    running = start_quanze(["--store", str(store)], folder / "serve.log", "--workers", "2")
    yield running, store
    stop(running)


#: IRIs of the store are already percent-encoded (青禾市%3Cb%3E…): their "%" is kept, not encoded again.
IRI_SAFE = "/%"


def clean(page: Page, html: str, where: str) -> None:
    """No element or event handler came from the data, and the data is there, as text."""
    assert "<script" not in html.lower() and "<img" not in html.lower(), where
    assert not page.all("script") and not page.all("img") and not page.all("b"), where
    for el in page.elements:
        assert not any(name.startswith("on") for name in el.attrs), (where, el)


def test_pages_show_html_in_cells_as_text(hostile: tuple[Running, Path]) -> None:
    running, _ = hostile
    found = httpx.get(running.url + "/api/responsible", params={"q": "处罚"}, timeout=30).json()
    power = next(m["power"] for m in found["matches"] if m["power"]["code"] == "EVIL-1")
    # The loader keeps the text as written: the space inside the tag, the slash of the closing tag.
    assert power["name"] == f"对{IMAGE}的处罚{SCRIPT}"
    assert [u["name"] for u in power["units"]] == [f"执法科{SCRIPT}"]
    local = power["iri"].split("https://w3id.org/quanze/", 1)[1]
    unit = power["units"][0]["iri"].split("https://w3id.org/quanze/", 1)[1]
    dept = power["department"]["iri"].split("https://w3id.org/quanze/", 1)[1]
    paths = [
        "/",
        "/departments",
        "/" + quote(dept, safe=IRI_SAFE),
        "/" + quote(local, safe=IRI_SAFE),
        "/" + quote(unit, safe=IRI_SAFE),
        "/" + quote(unit + "/post/handler", safe=IRI_SAFE),
        "/" + quote(f"id/list/{LIST_ID}"),
        "/" + quote(local + "/duty/1", safe=IRI_SAFE),
        "/search?q=" + quote("处罚"),
        "/search?q=" + quote(SCRIPT),
        "/" + quote("eli/cn/青禾市特种设备安全管理条例/2022-06-01/art_4"),
        "/" + quote("eli/cn/青禾市特种设备安全管理条例/2022-06-01"),
        "/queries/responsible?run=1&q=" + quote(SCRIPT),
        "/id/org/" + quote(SCRIPT),
        "/download/",
    ]
    missing = {"/id/org/" + quote(SCRIPT)}  # no such organisation: its name is only a query
    shown = ""
    for path in paths:
        r = httpx.get(running.url + path, headers=BROWSER, timeout=60)
        expected = 404 if path in missing else 200  # only a page of nothing is missing
        assert r.status_code == expected, (path, r.status_code)
        page = parse(r.text)
        clean(page, r.text, path)
        shown += page.text
    assert SCRIPT in shown and IMAGE in shown and DEPARTMENT in shown
    power_page = parse(httpx.get(running.url + "/" + quote(local, safe=IRI_SAFE), headers=BROWSER, timeout=30).text)
    [flow] = power_page.all("svg", class_="flowchart")
    assert "受理<script>alert" in flow.text  # the step's name, drawn as text in the SVG
    r = httpx.post(
        running.url + "/sparql", data={"query": f'SELECT * WHERE {{ ?s ?p "{SCRIPT}" }}'}, headers=BROWSER, timeout=30
    )
    clean(parse(r.text), r.text, "/sparql")


def test_downloads_keep_the_text_as_text(hostile: tuple[Running, Path]) -> None:
    running, _ = hostile
    name = quote(iris.segment(DEPARTMENT), safe="%")  # its IRI's segment: <, > and / escaped
    x = httpx.get(running.url + f"/download/departments/{name}.xlsx", timeout=60)
    assert x.status_code == 200, x.text
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x","y")' in values  # text behind the apostrophe, not a formula
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value)


def test_a_browser_runs_nothing_from_the_data(hostile: tuple[Running, Path], browser: object) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    running, _ = hostile
    set_width(browser, 1280)
    found = httpx.get(running.url + "/api/responsible", params={"q": "EVIL-1"}, timeout=30).json()
    local = found["matches"][0]["power"]["iri"].split("https://w3id.org/quanze/", 1)[1]
    browser.get(running.url + "/" + quote(local))
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert SCRIPT in browser.find_element("tag name", "h1").text
    screenshot(browser, "hostile-power")


def test_static_site_escapes_too(hostile: tuple[Running, Path], tmp_path: Path) -> None:
    running, store = hostile
    stop(running)  # the service holds the store folder; publish opens it itself (so this test comes last)
    site = tmp_path / "site"
    quanze("publish", "--quiet", "--store", str(store), str(site))
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    # The powers page's plain-question search is quanze's own two scripts, by src, nothing inline;
    # the data reaches the browser only as JSON in search-index.js, shown there with textContent.
    ours = ['<script src="search-index.js"></script>', '<script src="../static/search.js"></script>']
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path == site / "powers" / "index.html":
            assert all(tag in text for tag in ours)
            for tag in ours:
                text = text.replace(tag, "")
        clean(parse(text), text, str(path))
    index = (site / "powers" / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.QUANZE_SEARCH = {")
    data = json.loads(index[len("window.QUANZE_SEARCH = ") :].rstrip().rstrip(";"))
    assert any(SCRIPT in p[0] for p in data["powers"])  # kept as text, as every page keeps it
    assert "textContent" in (site / "static" / "search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in (site / "static" / "search.js").read_text(encoding="utf-8")
