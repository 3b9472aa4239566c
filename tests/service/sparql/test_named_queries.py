"""Parameters of named queries: the ``text`` type and binding several IRIs at once."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from quanze.service.sparql.guard import analyse
from quanze.service.sparql.queries import QueryError, get, named_queries, parse_query_file

POWER = "https://w3id.org/quanze/id/list/青禾市市场监督管理局2025年权责清单/power/QH-SJ-XK-001"


def test_text_parameters_are_chinese_tagged_literals() -> None:
    text = get("article-powers").bind({"article": '行政处罚法第三十二条"'})
    assert '"行政处罚法第三十二条\\""@zh' in text


SAMPLE_VALUES = {
    "string": "x",
    "text": "x",
    "integer": "1",
    "decimal": "1.5",
    "boolean": "true",
    "date": "2024-01-01",
    "iri": "http://example.org/x",
}


def test_every_named_query_parses_with_its_parameters_bound() -> None:
    for q in named_queries().values():
        text = q.bind({p.name: SAMPLE_VALUES[p.type] for p in q.params if p.required})
        assert analyse(text).form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), q.name
        ox.Store().query(text)


def test_bind_each_projects_the_parameter(sample_store) -> None:
    other = "https://w3id.org/quanze/id/list/青禾市城市管理局权责清单/power/QH-CG-XK-001"
    text = get("power-detail").bind_each("power", [POWER, other])
    rows = sample_store.select(text)
    names = {(r["power"].value, r["value"].value) for r in rows if r["field"].value == "name"}
    assert names == {(POWER, "特种设备使用登记"), (other, "户外广告设施设置许可")}
    single = sample_store.select(get("power-detail").bind({"power": POWER}))
    assert len(single) == sum(1 for r in rows if r["power"].value == POWER)


def test_bind_each_needs_an_iri_parameter() -> None:
    with pytest.raises(QueryError):
        get("responsible").bind_each("q", ["x"])
    with pytest.raises(QueryError, match="SELECT"):
        parse_query_file("# name: c\n# param: g (iri, required): g\nCONSTRUCT WHERE { $g ?p ?o }", "c.rq").bind_each(
            "g", ["http://x"]
        )
