"""The static site's plain-question search: the index quanze publish writes, and the script asking it in Chromium."""

from __future__ import annotations

import json
import posixpath
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from quanze.service.lookup.questions import QuestionIndex

from ..servers import SAMPLE, quanze


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish-search")
    quanze("load", "--quiet", "--store", str(folder / "store"), str(SAMPLE))
    quanze("publish", "--store", str(folder / "store"), str(folder / "site"))
    return folder / "site"


def read_index(site: Path) -> dict:
    body = (site / "powers" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.QUANZE_SEARCH = "
    assert body.startswith(prefix)
    return json.loads(body[len(prefix) :].rstrip().rstrip(";"))


def test_the_index_holds_the_services_weights(site: Path, sample_store) -> None:
    data = read_index(site)
    index = QuestionIndex.build(sample_store)
    scores = index._bm25.get_scores(["摆摊设点"])
    postings = dict((int(d), w) for d, w in data["words"]["摆摊设点"])
    assert postings and all(abs(postings[d] - scores[d]) < 1e-3 for d in postings)
    assert sum(1 for s in scores if s > 0) == len(postings)
    assert data["t2s"]["牆"] == "墙" and data["pairs"][[p[0] for p in data["pairs"]].index("摆地摊")][:2] == [
        "摆地摊",
        "摆摊设点",
    ]


def test_every_link_of_the_index_leads_to_a_written_page(site: Path) -> None:
    data = read_index(site)
    rows = [*data["departments"], *data["powers"], *data["articles"]]
    assert rows
    for row in rows:
        href = unquote(row[1]).split("#")[0]
        assert not href.startswith(("http", "/")), row
        target = site / posixpath.normpath(posixpath.join("powers", href))
        assert (target / "index.html").exists() or target.exists(), row


def test_asking_in_chromium_from_disk(site: Path, browser: object) -> None:
    from selenium.webdriver.common.by import By

    browser.get((site / "powers" / "index.html").as_uri())
    box = browser.find_element(By.ID, "question")
    box.send_keys("外牆瓷砖髒得发黑，找哪个部门")
    box.submit()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not browser.find_elements(By.CSS_SELECTOR, "#question-answer h3"):
        time.sleep(0.1)
    answer = browser.find_element(By.ID, "question-answer")
    assert answer.find_elements(By.CSS_SELECTOR, "h3")[0].text.startswith("青禾市城市管理局")
    assert "按简体查找" in answer.text and "责任岗位" in answer.text
    answer.find_element(By.LINK_TEXT, "对建筑物外立面不整洁的处罚").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "对建筑物外立面不整洁的处罚"


def test_the_script_ranks_as_the_service_does(site: Path, browser: object, sample_store) -> None:
    """The first department and what each one's name says, asked in Chromium and of the service (the
    script looks words up instead of segmenting, so a weak match further down may differ)."""
    index = QuestionIndex.build(sample_store)
    browser.get((site / "powers" / "index.html").as_uri())
    for question in ("城市管理部门管不管门口乱摆地摊", "锅炉没有登记就用上了", "交通运输局管不管超载的大货车"):
        script = {
            d["dep"][0]: d["named"]
            for d in browser.execute_script("return window.quanzeAsk(arguments[0]);", question)["departments"]
        }
        service = {d.department.name: d.named for d in index.ask(question).departments}
        assert next(iter(script)) == next(iter(service)), question
        assert {d: script[d] for d in service if d in script} == {d: n for d, n in service.items() if d in script}
    assert service["青禾市交通运输局"] == ["交通运输"]
