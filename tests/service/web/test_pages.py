"""The public pages over HTTP, on the embedded store and on a remote Oxigraph server alike."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin

import httpx
import pyoxigraph as ox
from quanze.loaders.vocab import QZ, RDFS
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import validate
from quanze.service.validation.context import findings
from quanze.service.validation.formats import as_json

from ..conftest import Service
from .html_tools import parse

BASE = "https://w3id.org/quanze/"
POWER = "id/list/青禾市市场监督管理局2025年权责清单/power/QH-SJ-XK-001"
DEPARTMENT = "id/org/青禾市市场监督管理局"
ARTICLE = "eli/cn/青禾市特种设备安全管理条例/2022-06-01/art_4"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def page(service: Service, path: str, status: int = 200, **params: str) -> tuple[httpx.Response, object]:
    r = httpx.get(service.url + "/" + quote(path.lstrip("/"), safe="/?=&%"), params=params, headers=BROWSER, timeout=60)
    assert r.status_code == status, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r, parse(r.text)


def test_home_lists_departments_with_counts_and_draws_the_chart(service: Service) -> None:
    departments = httpx.get(service.url + "/api/departments", timeout=30).json()
    _, home = page(service, "/")
    assert home.all("form", role="search") and home.all("input", name="q")
    [chart] = home.all("svg", class_="chart")
    assert "各部门职权数量" in chart.text
    for d in departments:
        if d["powers"]:
            assert d["name"] in home.text
            row = next(r for r in home.all("tr") if d["name"] in r.text)
            assert str(d["powers"]) in row.text
    assert not home.all("script"), "the pages need no JavaScript"
    assert all(not href.startswith(("http://", "https://")) or "w3id.org" in href for href, _ in home.links())
    assert all(not link.attrs["href"].startswith("http") for link in home.all("link"))


def test_power_page_shows_everything_the_list_gives(service: Service) -> None:
    _, p = page(service, POWER)
    assert p.all("h1")[0].text == "特种设备使用登记"
    text = p.text
    for expected in (
        "行政许可",
        "QH-SJ-XK-001",
        "青禾市市场监督管理局",
        "特种设备安全监察科",
        "特种设备安全监察科具体承办人",
        "青禾市特种设备安全管理条例第四条",
        "特种设备使用单位应当在特种设备投入使用前",
        "不作为",
        "行政复议",
    ):
        assert expected in text, expected
    [flow] = p.all("svg", class_="flowchart")
    for step in ("受理", "审查", "决定", "送达", "启动", "办结"):
        assert step in flow.text
    assert "3个工作日" in flow.text  # the review step's own limit
    [limits] = p.all("svg", class_="limits")
    assert "15个工作日" in limits.text and "5个工作日" in limits.text
    article = p.link("青禾市特种设备安全管理条例第四条")
    assert article == "/" + quote(ARTICLE)
    assert p.link("青禾市市场监督管理局") == "/" + quote(DEPARTMENT)


def test_a_power_without_procedure_says_what_is_missing(service: Service) -> None:
    found = httpx.get(service.url + "/api/responsible", params={"q": "检查", "limit": 200}, timeout=30).json()
    bare = next(m["power"] for m in found["matches"] if not m["power"]["procedure"] and m["power"]["duties"])
    _, p = page(service, bare["iri"][len(BASE) :])
    assert "清单未载明办理流程" in p.text
    if not bare["time_limits"]:
        assert "清单未载明法定期限" in p.text and "清单未载明承诺期限" in p.text
    [flow] = p.all("svg", class_="flowchart")  # drawn from the duties' stages
    assert bare["duties"][0]["stage"] in flow.text


def test_committed_limit_longer_than_statutory_is_pointed_out(service: Service) -> None:
    _, p = page(service, "id/list/青禾市市场监督管理局2025年权责清单/power/QH-SJ-CF-002")
    [problem] = p.all("ul", class_="problems")
    assert "承诺期限（100日）长于法定期限（90日）" in problem.text


def test_department_page(service: Service) -> None:
    api = httpx.get(service.url + "/api/departments/" + quote("青禾市市场监督管理局"), timeout=30).json()
    _, d = page(service, DEPARTMENT)
    assert d.all("h1")[0].text == "青禾市市场监督管理局"
    for unit in api["units"]:
        assert unit["name"] in d.text
    for post in api["posts"]:
        assert post["name"] in d.text
    powers = {
        a.attrs["href"]
        for table in d.all("table", class_="powers")
        for a in d.all("a")
        if a.attrs.get("href", "").startswith("/id/list/")
    }
    assert {"/" + quote(p["iri"][len(BASE) :]) for p in api["powers"]} <= powers
    for type_label, count in api["powers_by_type"].items():
        heading = next(h for h in d.all("h3") if type_label in h.text)
        assert f"{count} 项" in heading.text
    overlaps = next(s for s in d.all("section") if s.attrs.get("id") == "overlaps")
    assert "交叉重复" in overlaps.text
    csv = d.link("CSV")
    assert csv.startswith("/download/departments/")


def test_department_page_shows_its_review(service: Service, sample_store: EmbeddedStore) -> None:
    """The department's own list reviewed by the validator: the same counts, each finding with its row."""
    report = validate(sample_store, department="青禾市市场监督管理局")
    expected = as_json(report, findings(sample_store, report))
    r, _ = page(service, DEPARTMENT)
    section = r.text[r.text.index('<section id="review">') :]
    review = parse(section[: section.index("</section>")])
    for severity in ("Violation", "Warning"):
        assert f"{severity}：{expected[severity.lower() + 's']}" in review.text
    rows = [parse(row) for row in section[: section.index("</section>")].split("<tr>")[2:]]
    counted = sum(int(m.group(1)) if (m := re.search(r"（(\d+) 处", row.text)) else 1 for row in rows)
    assert counted == len(expected["results"]) > 0
    assert len(rows) < counted  # the same finding on each step of one procedure is one row, counted
    limit = next(row for row in rows if "承诺期限「100日」长于法定期限「90日」" in row.text)
    assert "对未办理特种设备变更登记的处罚" in limit.text and "青禾市市场监督管理局2025年权责清单.xlsx" in limit.text
    assert any(a.attrs.get("href", "").endswith("QH-SJ-CF-002") for a in limit.all("a"))


def test_article_page_links_back_to_the_powers_resting_on_it(service: Service) -> None:
    _, a = page(service, ARTICLE)
    assert "第四条" in a.all("h1")[0].text
    assert "特种设备使用单位应当在特种设备投入使用前" in a.text
    assert a.link("特种设备使用登记") == "/" + quote(POWER)
    assert "青禾市市场监督管理局" in a.text
    assert a.link("第五条").endswith("/art_5")


def test_statute_and_version_pages(service: Service) -> None:
    _, s = page(service, "eli/cn/青禾市特种设备安全管理条例")
    version = s.link("全文")
    assert version.endswith(quote("/2022-06-01"))
    _, v = page(service, version)
    articles = v.all("section", class_="article")
    assert len(articles) > 5 and articles[3].attrs["id"] == "art_4"
    assert "特种设备使用登记" in articles[3].text  # the reverse lookup, on the full text
    _, listing = page(service, "/statutes")
    assert "青禾市特种设备安全管理条例" in listing.text


def test_paragraphs_and_concepts_redirect_to_where_they_are_shown(service: Service) -> None:
    r = httpx.get(service.url + "/" + quote(ARTICLE + "/par_1"), headers=BROWSER, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/" + quote(ARTICLE) + "#par_1"
    r = httpx.get(service.url + "/vocab/power-type/penalty", headers=BROWSER, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/ontology#vocab-power-type-penalty"


def test_units_posts_lists_and_other_resources_resolve(service: Service) -> None:
    _, unit = page(service, DEPARTMENT + "/unit/特种设备安全监察科")
    assert "特种设备使用登记" in unit.text
    _, post = page(service, DEPARTMENT + "/unit/特种设备安全监察科/post/handler")
    assert "特种设备使用登记" in post.text
    _, listing = page(service, "id/list/青禾市市场监督管理局2025年权责清单")
    assert "特种设备使用登记" in listing.text
    _, duty = page(service, POWER + "/duty/1")  # any node the graph mints: its statements
    assert "受理" in duty.text


def test_search(service: Service) -> None:
    _, s = page(service, "/search", q="特种设备")
    results = s.all("li", class_="result")
    assert results and all("特种设备" in r.text for r in results)
    assert s.link("特种设备使用登记") == "/" + quote(POWER)
    _, by_article = page(service, "/search", q="《青禾市特种设备安全管理条例》第4条")
    assert "特种设备使用登记" in by_article.text


def test_unknown_ids_get_a_404_page_with_a_search_box(service: Service) -> None:
    for path in (
        "id/list/青禾市没有的清单/power/1",
        "id/org/不存在的局",
        "eli/cn/不存在法/2020-01-01/art_1",
        "no/such/page",
    ):
        _, p = page(service, path, status=404)
        assert p.all("form", role="search") and "未找到" in p.text, path
    r = httpx.get(service.url + "/id/org/nope", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 404


def test_linked_data_by_accept_and_by_suffix(service: Service) -> None:
    iri = BASE + POWER
    url = service.url + "/" + quote(POWER)
    label = ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDFS.label), ox.Literal("特种设备使用登记", language="zh"))
    for accept, suffix, fmt in (
        ("text/turtle", ".ttl", ox.RdfFormat.TURTLE),
        ("application/n-triples", ".nt", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ".jsonld", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ".rdf", ox.RdfFormat.RDF_XML),
    ):
        for r in (httpx.get(url, headers={"Accept": accept}, timeout=30), httpx.get(url + suffix, timeout=30)):
            assert r.status_code == 200 and r.headers["content-type"].startswith(accept.split(";")[0]), r.text
            triples = [q.triple for q in ox.parse(r.content, format=fmt)]
            assert label in triples
            # the power's own nodes come with it: its duties, with their text
            duties = {t.object.value for t in triples if t.predicate.value == QZ.hasDuty}
            assert duties and all(any(t.subject.value == d for t in triples) for d in duties)
    weighted = httpx.get(url, headers={"Accept": "text/html;q=0.5, text/turtle;q=0.9"}, timeout=30)
    assert weighted.headers["content-type"].startswith("text/turtle")
    assert httpx.get(url, headers={"Accept": "application/pdf"}, timeout=30).status_code == 406
    assert httpx.get(url, headers={"Accept": "image/png, application/pdf;q=0.5"}, timeout=30).status_code == 406


def test_a_statute_version_describes_its_articles(service: Service) -> None:
    version = "eli/cn/青禾市特种设备安全管理条例/2022-06-01"
    r = httpx.get(service.url + "/" + quote(version) + ".nt", timeout=30)
    triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)]
    article = ox.NamedNode(BASE + ARTICLE)
    assert any(t.subject == article and t.predicate.value == QZ.inVersion for t in triples)
    assert any(t.subject.value.startswith(BASE + ARTICLE + "/par_") for t in triples)


def test_named_query_pages_run_with_their_form(service: Service) -> None:
    _, listing = page(service, "/queries")
    assert "/queries/departments" in [href for href, _ in listing.links()]
    _, form = page(service, "/queries/departments")
    assert form.all("form", class_="query-form")
    _, ran = page(service, "/queries/responsible", q="特种设备", run="1")
    [table] = ran.all("table", class_="results-table")
    assert "特种设备使用登记" in table.text
    _, bad = page(service, "/queries/responsible", status=400, run="1")  # q is required
    assert bad.all("p", class_="error")


def test_sparql_page_for_people_and_the_protocol_for_programs(service: Service) -> None:
    _, form = page(service, "/sparql")
    [textarea] = form.all("textarea")
    assert "SELECT" in textarea.text and form.all("form", class_="sparql-form")[0].attrs["method"] == "post"
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        'SELECT ?l WHERE { ?s rdfs:label "特种设备使用登记"@zh ; rdfs:label ?l }'
    )
    action = form.all("form", class_="sparql-form")[0].attrs["action"]
    assert action == "/sparql?ui=html"
    r = httpx.post(service.url + action, data={"query": query}, headers=BROWSER, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "特种设备使用登记" in parse(r.text).all("table", class_="results-table")[0].text
    bad = httpx.post(service.url + action, data={"query": "SELEC nothing"}, headers=BROWSER, timeout=30)
    assert bad.status_code == 400 and parse(bad.text).all("p", class_="error")
    # programs, browsers' Accept headers included, get the protocol's formats as before
    for accept, expected in (
        ("*/*", "json"),
        (None, "json"),
        ("application/sparql-results+json", "json"),
        (BROWSER["Accept"], "xml"),
    ):  # application/xml;q=0.9 is the best the protocol offers
        r = httpx.post(service.sparql, data={"query": query}, headers={"Accept": accept} if accept else {}, timeout=30)
        assert r.headers["content-type"].startswith("application/sparql-results+" + expected), accept


def test_ontology_documents_every_class_and_property(service: Service) -> None:
    from quanze.loaders.ontology import ontology_files

    declared = set()
    with ontology_files()[0].open("rb") as fh:
        for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
            if (
                t.predicate.value.endswith("#type")
                and t.object.value.rsplit("#", 1)[-1] in ("Class", "ObjectProperty", "DatatypeProperty")
                and t.subject.value.startswith(str(QZ))
            ):
                declared.add(t.subject.value[len(str(QZ)) :])
    _, doc = page(service, "/ontology")
    anchors = {e.attrs["id"] for e in doc.elements if "id" in e.attrs}
    assert declared and declared <= anchors
    power = next(e for e in doc.all("div", class_="term") if e.attrs["id"] == "Power")
    assert "行政职权" in power.text and "power" in power.text and "特种设备使用登记" in power.text  # zh, en, example
    assert "vocab-power-type-penalty" in anchors
    ttl = httpx.get(service.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=30)
    assert any(t.subject.value == str(QZ) + "Power" for t in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))


def test_every_link_of_the_main_pages_leads_somewhere(service: Service) -> None:
    seen: set[str] = set()
    for path in ("/", POWER, DEPARTMENT, ARTICLE, "/departments", "/statutes", "/download/"):
        _, p = page(service, path)
        for href, _ in p.links():
            target = urljoin(service.url + "/", href.split("#", 1)[0])
            if not target.startswith(service.url) or target in seen or target.endswith((".gz", ".xlsx")):
                continue
            seen.add(target)
            r = httpx.get(target, headers=BROWSER, timeout=60, follow_redirects=True)
            assert r.status_code == 200, (path, href, r.status_code)
