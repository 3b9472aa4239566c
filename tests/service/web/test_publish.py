"""``quanze publish``: the pages as a static site whose relative links all lead to files it wrote."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from quanze.service.store.embedded import EmbeddedStore

from ..servers import SAMPLE, quanze
from .html_tools import parse


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    quanze("load", "--quiet", "--store", str(folder / "store"), str(SAMPLE))
    done = quanze("publish", "--store", str(folder / "store"), str(folder / "site"))
    assert "Wrote" in done.stdout
    return folder / "site"


def test_every_power_department_and_article_has_a_page(site: Path, sample_store: EmbeddedStore) -> None:
    power = site / "id/list/青禾市市场监督管理局2025年权责清单/power/QH-SJ-XK-001/index.html"
    page = parse(power.read_text(encoding="utf-8"))
    assert page.all("h1")[0].text == "特种设备使用登记"
    assert page.all("svg", class_="flowchart")
    assert (site / "id/org/青禾市市场监督管理局/index.html").exists()
    assert (site / "eli/cn/青禾市特种设备安全管理条例/2022-06-01/art_4/index.html").exists()
    powers = {
        q.subject.value
        for q in sample_store._store.quads_for_pattern(None, None, None)
        if q.predicate.value.endswith("#powerType")
    }
    written = {str(p.parent.relative_to(site)) for p in (site / "id/list").rglob("index.html")}
    assert {p.split("/quanze/", 1)[1] for p in powers} <= written
    for name in (
        "index.html",
        "powers/index.html",
        "ontology/index.html",
        "static/quanze.css",
        "download/quanze.nt.gz",
        "download/quanze.trig.gz",
        "download/departments/青禾市市场监督管理局.csv",
        "download/departments/青禾市市场监督管理局.xlsx",
        "queries/responsible/index.html",
    ):
        assert (site / name).exists(), name


def test_links_are_relative_and_lead_to_files(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    checked = 0
    for path in [*pages[:: max(1, len(pages) // 60)], site / "index.html"]:
        for href, _ in parse(path.read_text(encoding="utf-8")).links():
            if href.startswith(("http://", "https://")) or href.startswith("#"):
                continue
            assert not href.startswith("/"), (path, href)
            target = (path.parent / unquote(href.split("#", 1)[0])).resolve()
            assert target.exists(), (path, href)
            checked += 1
    assert checked > 100
    home = parse((site / "index.html").read_text(encoding="utf-8"))
    assert not home.all("form")  # no server to search: the index of all powers instead
    assert home.link("全部职权索引") == "powers/index.html"


def test_publish_refuses_a_folder_it_did_not_write(tmp_path: Path, site: Path) -> None:
    other = tmp_path / "documents"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    done = quanze("publish", "--store", str(site.parent / "store"), str(other), check=False)
    assert done.returncode == 2 and "not empty" in done.stderr
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"
