"""The lexical checks made before a query is evaluated."""

from __future__ import annotations

import pytest
from quanze.service.sparql.guard import MAX_NESTING, QueryRefused, analyse, check_dataset


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://ex/> BASE <http://b/> ask { ?s ex:p ?o }", "ASK"),
        ("# a comment with SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x>", "DESCRIBE"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "SELECT"),
        ("this is not SPARQL", None),
    ],
)
def test_form(query: str, form: str | None) -> None:
    assert analyse(query).form == form


def test_dataset_with_prefixes_and_base() -> None:
    shape = analyse(
        "BASE <http://example.org/base/>\nPREFIX g: <http://example.org/g/>\n"
        "SELECT * FROM g:one FROM <two> FROM NAMED <http://x/three> FROM NAMED g:f\\.our WHERE {}"
    )
    assert shape.default_graphs == ("http://example.org/g/one", "http://example.org/base/two")
    assert shape.named_graphs == ("http://x/three", "http://example.org/g/f.our")
    assert shape.has_dataset


def test_no_dataset() -> None:
    shape = analyse('SELECT * WHERE { ?s ?p "FROM <http://x>" }')
    assert not shape.has_dataset


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://x/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused(query: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        analyse(query)
    assert refused.value.code == "service-refused" and refused.value.status == 400
    assert "column" in refused.value.message


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://x>",
        "INSERT DATA { <a> <b> <c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <g>",
        "CREATE GRAPH <g>",
        "COPY <a> TO <b>",
        "MOVE <a> TO <b>",
        "ADD <a> TO <b>",
        "PREFIX ex: <http://ex/> WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(update: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        analyse(update)
    assert refused.value.status == 403 and refused.value.code == "update-refused"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { BIND("SERVICE" AS ?x) }',
        "SELECT ?x WHERE { BIND('''LOAD\nDROP''' AS ?x) }",
        "SELECT ?x WHERE { ?x <http://example.org/SERVICE#load> ?y } # SERVICE <http://x>",
        "SELECT ?service ?load WHERE { ?service ex:drop ?load }",
        'SELECT ?x WHERE { BIND("x"@add AS ?x) }',
        'SELECT ?x WHERE { BIND("a \\" SERVICE" AS ?x) }',
    ],
)
def test_keywords_that_are_not_keywords(query: str) -> None:
    assert analyse(query).form == "SELECT"


def test_nesting_limit() -> None:
    ok = "SELECT * WHERE " + "{" * (MAX_NESTING - 1) + "}" * (MAX_NESTING - 1)
    assert analyse(ok).form == "SELECT"
    with pytest.raises(QueryRefused, match="nests"):
        analyse("SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1))


def test_unknown_graphs_are_refused() -> None:
    check_dataset(["http://a"], {"http://a", "http://b"})
    with pytest.raises(QueryRefused, match="does not fetch remote data") as refused:
        check_dataset(["http://a", "http://c"], {"http://a"})
    assert "<http://c>" in refused.value.message and "<http://a>" not in refused.value.message


def test_without_dataset_drops_from_and_from_named_only() -> None:
    from quanze.service.sparql.guard import without_dataset

    query = (
        "PREFIX ex: <http://ex/>\nSELECT ?s FROM <http://a> FROM NAMED ex:b\n"
        'WHERE { ?s ?p "FROM <http://c>" . GRAPH ?g { ?s ?p ?o } }'
    )
    stripped = without_dataset(query)
    assert "<http://a>" not in stripped and "ex:b" not in stripped
    assert '"FROM <http://c>"' in stripped  # a literal is not a clause
    assert stripped.startswith("PREFIX ex: <http://ex/>\nSELECT ?s")
