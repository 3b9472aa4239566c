"""End to end in Chromium: search for a power and open it, see its flowchart, follow an article link and back,
download a department's list; screenshots of the main pages (desktop, phone, print) in tests/artifacts/.

The service is ``quanze serve`` started here on 127.0.0.1 over the shipped sample; with the shared data
present, the market-regulation bureau's real pages are photographed too.
"""

from __future__ import annotations

import base64
import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from quanze.service.store.embedded import EmbeddedStore

from ..servers import SAMPLE, Running, quanze, start_quanze, stop
from .conftest import ARTIFACTS, screenshot, set_width

MARKET = "克拉玛依市市场监督管理局"


def serve(folder: Path, *sources: Path, jurisdiction: str | None = None) -> Running:
    store = folder / "store"
    extra = ["--jurisdiction", jurisdiction] if jurisdiction else []
    quanze("load", "--quiet", "--store", str(store), *extra, *(str(s) for s in sources), timeout=600)
    return start_quanze(["--store", str(store)], folder / "serve.log", "--workers", "2")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    running = serve(tmp_path_factory.mktemp("browser-sample"), SAMPLE)
    yield running
    stop(running)


def wait_for(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the browser did not get there in time")


def test_search_open_flowchart_article_and_back(sample_site: Running, browser: object) -> None:
    from selenium.webdriver.common.by import By

    set_width(browser, 1280)
    browser.get(sample_site.url + "/")
    assert "权责清单公示" in browser.title
    screenshot(browser, "home")
    box = browser.find_element(By.ID, "q-main")
    box.send_keys("特种设备使用")
    box.submit()
    wait_for(lambda: "/search" in browser.current_url)
    result = browser.find_element(By.LINK_TEXT, "特种设备使用登记")
    result.click()
    wait_for(lambda: "QH-SJ-XK-001" in unquote(browser.current_url))
    power_url = browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "特种设备使用登记"
    flow = browser.find_element(By.CSS_SELECTOR, "svg.flowchart")
    assert flow.is_displayed() and flow.size["height"] > 200 and flow.size["width"] > 300
    steps = [t.text for t in flow.find_elements(By.CSS_SELECTOR, "text.flow-title")]
    assert steps == ["受理", "审查", "决定", "送达"]
    browser.execute_script("document.getElementById('procedure').scrollIntoView()")
    screenshot(browser, "power-with-flowchart")
    browser.find_element(By.LINK_TEXT, "青禾市特种设备安全管理条例第四条").click()
    wait_for(lambda: "/art_4" in browser.current_url)
    assert "第四条" in browser.find_element(By.TAG_NAME, "h1").text
    assert "特种设备使用单位应当在特种设备投入使用前" in browser.find_element(By.CSS_SELECTOR, ".article-text").text
    screenshot(browser, "article")
    browser.find_element(By.LINK_TEXT, "特种设备使用登记")  # the reverse lookup links back …
    browser.back()  # … and the browser's own way back works too
    wait_for(lambda: browser.current_url == power_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "特种设备使用登记"


def test_download_a_departments_list(
    sample_site: Running, browser: object, tmp_path: Path, sample_store: EmbeddedStore
) -> None:
    from selenium.webdriver.common.by import By

    set_width(browser, 1280)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(sample_site.url + "/" + quote("id/org/青禾市市场监督管理局"))
    screenshot(browser, "department")
    browser.find_element(By.LINK_TEXT, "CSV").click()
    target = tmp_path / "青禾市市场监督管理局.csv"
    wait_for(target.exists)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    from .test_downloads import department_powers

    assert {r["IRI"] for r in rows} == department_powers(sample_store, "青禾市市场监督管理局")


def test_phone_and_print(sample_site: Running, browser: object) -> None:
    from selenium.webdriver.common.by import By

    url = sample_site.url + "/" + quote("id/list/青禾市市场监督管理局2025年权责清单/power/QH-SJ-XK-001")
    set_width(browser, 390, 844)
    browser.get(url)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a phone"
    flow = browser.find_element(By.CSS_SELECTOR, "svg.flowchart")
    assert flow.size["width"] <= 390
    title = flow.find_element(By.CSS_SELECTOR, "text.flow-title")
    assert title.size["height"] >= 11, "flowchart text too small to read on a phone"
    screenshot(browser, "phone-power")
    set_width(browser, 1280)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.get(url)
        assert not browser.find_element(By.CSS_SELECTOR, "header.site nav").is_displayed()
        screenshot(browser, "print-power")
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
        (ARTIFACTS / "print-power.pdf").write_bytes(base64.b64decode(pdf["data"]))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_real_pages_of_the_market_regulation_bureau(
    shared: Path, browser: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The shared data's largest department and one of its powers, as a person sees them."""
    from selenium.webdriver.common.by import By

    running = serve(
        tmp_path_factory.mktemp("browser-shared"), shared / "laws", shared / "powerlists", jurisdiction="克拉玛依市"
    )
    try:
        set_width(browser, 1280)
        browser.get(running.url + "/")
        chart = browser.find_element(By.CSS_SELECTOR, "svg.chart")
        assert chart.size["height"] > 300
        screenshot(browser, "home-shared")
        browser.get(running.url + "/" + quote("id/org/" + MARKET))
        groups = browser.find_elements(By.CSS_SELECTOR, "section.type-group")
        assert sum(len(g.find_elements(By.CSS_SELECTOR, "tbody tr")) for g in groups) == 442
        screenshot(browser, "department-shared", max_height=4000)
        browser.find_element(By.PARTIAL_LINK_TEXT, "发现重大违法行为或者特种设备存在严重事故隐患时").click()
        wait_for(lambda: "/power/" in browser.current_url)
        assert "清单未载明办理流程" in browser.find_element(By.ID, "procedure").text
        assert browser.find_element(By.CSS_SELECTOR, "svg.flowchart").is_displayed()  # the duties' stages
        screenshot(browser, "power-shared")
    finally:
        stop(running)
