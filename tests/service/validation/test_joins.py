"""The hash-joined form of a SPARQL-based constraint (joins.py): what it rewrites, what it leaves, same rows."""

from __future__ import annotations

import random
import re
from collections import Counter

import pyoxigraph as ox
import pytest
from quanze.service.validation.joins import hash_joined

PREFIX = "PREFIX ex: <http://example.org/>\n"
WRAPPED = re.compile(r"\{ SELECT \* WHERE \{ (.*?) \} \}")


def wrapped(query: str) -> list[str]:
    return WRAPPED.findall(hash_joined(query))


def test_each_triple_pattern_of_a_block_gets_a_subquery_of_its_own() -> None:
    query = PREFIX + 'SELECT ?s WHERE { ?s ex:p ?o ; ex:q ?x , "a}b"@zh . ?o a ex:C . FILTER (?x != 1) }'
    assert wrapped(query) == ["?s ex:p ?o", "?s ex:q ?x", '?s ex:q "a}b"@zh', "?o a ex:C"]
    assert "FILTER (?x != 1)" in hash_joined(query)


def test_groups_evaluated_on_their_own_are_rewritten_too() -> None:
    query = PREFIX + (
        "SELECT * WHERE { { ?s ex:p ?o } UNION { ?s ex:q ?o } OPTIONAL { ?o ex:r ?r } MINUS { ?s ex:u ?u } }"
    )
    assert wrapped(query) == ["?s ex:p ?o", "?s ex:q ?o", "?o ex:r ?r", "?s ex:u ?u"]


@pytest.mark.parametrize(
    "where",
    [
        "FILTER EXISTS { ?s ex:p ?o }",  # evaluated per solution: a scan would read the predicate per row
        "FILTER (NOT EXISTS { ?s ex:p ?o } || BOUND(?s))",
        "BIND (EXISTS { ?s ex:p ?o } AS ?e)",
        "LATERAL { ?s ex:p ?o }",  # evaluated per solution too
        "GRAPH ?g { ?s ex:p ?o }",  # Oxigraph leaves ?g unbound for a subquery in GRAPH
        "?s ex:p [ ex:q ?o ]",  # a blank node joins patterns of its block only: the block stays whole
        "?s ex:p _:b . _:b ex:q ?o",
        "?s ex:p/ex:q ?o",  # property paths
        "?s ex:p* ?o",
        "?s ex:p ( 1 2 )",  # a collection
        "ex:a ex:p ?o",  # a known subject: one lookup either way
        "?s ?p ?o",  # a variable predicate would read the whole store
        "VALUES ?s { ex:a } SERVICE <http://example.org/sparql> { ?s ex:p ?o }",
    ],
)
def test_left_as_written(where: str) -> None:
    query = PREFIX + f"SELECT * WHERE {{ OPTIONAL {{ ?x ex:z ?y }} {where} }}"
    assert wrapped(query) == ["?x ex:z ?y"]
    assert where.replace(" ", "") in hash_joined(query).replace(" ", "")


def test_a_subquery_s_group_is_rewritten_its_projection_and_modifiers_kept() -> None:
    query = PREFIX + "SELECT ?s WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s LIMIT 3 } }"
    assert wrapped(query) == ["?s ex:p ?o"]
    assert "(COUNT(*) AS ?n) WHERE" in hash_joined(query) and "GROUP BY ?s LIMIT 3 }" in hash_joined(query)


# ------------------------------------------------------------ EXISTS as a semi-join

FOUND = re.compile(r"OPTIONAL \{ SELECT DISTINCT ((?:\?\w+ )+)\(true AS (\?_qzFound\d+)\) WHERE")


def semijoins(query: str) -> list[tuple[str, str]]:
    """(shared variables, the variable saying "found") of each EXISTS the rewrite read once."""
    return [(shared.strip(), found) for shared, found in FOUND.findall(hash_joined(query))]


def test_an_exists_on_variables_every_solution_binds_is_read_once() -> None:
    query = PREFIX + "SELECT ?s WHERE { ?s ex:q ?q . FILTER (NOT EXISTS { ?s ex:p ?o } && EXISTS { ?s ex:r ?q }) }"
    joined = hash_joined(query)
    assert semijoins(query) == [("?s", "?_qzFound1"), ("?q ?s", "?_qzFound2")]
    assert "FILTER (!BOUND(?_qzFound1) && BOUND(?_qzFound2))" in joined
    assert "EXISTS" not in joined


def test_the_variable_saying_found_is_not_one_of_the_query_s_own() -> None:
    query = PREFIX + "SELECT ?s ?_qzFound1 WHERE { ?s ex:q ?_qzFound1 . FILTER NOT EXISTS { ?s ex:p ?o } }"
    assert semijoins(query) == [("?s", "?_qzFound2")]


def test_filter_exists_alone_gets_the_brackets_the_grammar_wants() -> None:
    query = PREFIX + "SELECT ?s WHERE { ?s ex:q ?q FILTER NOT EXISTS { ?s ex:p ?o } }"
    assert "FILTER (!BOUND(?_qzFound1))" in hash_joined(query)


def test_an_exists_read_once_has_its_own_exists_read_once_too() -> None:
    """The group read once is evaluated on its own: its EXISTS see its solutions, not the outer ones."""
    query = PREFIX + "SELECT ?s WHERE { ?s ex:q ?q . FILTER NOT EXISTS { ?s ex:p ?o . FILTER EXISTS { ?o a ex:C } } }"
    assert semijoins(query) == [("?s", "?_qzFound1"), ("?o", "?_qzFound2")]


@pytest.mark.parametrize(
    "where",
    [
        "?s ex:q ?q . FILTER EXISTS { ?s ex:p ?o . FILTER (?o != ?q) }",  # ?q: substituted, not bound by X
        "?s ex:q ?q . OPTIONAL { ?s ex:r ?r } FILTER EXISTS { ?r ex:p ?o }",  # ?r: not in every solution
        "VALUES ?s { ex:a UNDEF } FILTER EXISTS { ?s ex:p ?o }",  # UNDEF
        "?s ex:q ?q . OPTIONAL { ?s ex:r ?r FILTER NOT EXISTS { ?s ex:p ?q } }",  # sees the solution it extends
        "?s ex:q ?q . MINUS { ?s ex:r ?r FILTER NOT EXISTS { ?s ex:p ?r } }",
        "?s ex:q ?q . FILTER EXISTS { ?s ?p ?o }",  # read once, a variable predicate reads the whole store
        "?s ex:q ?q . FILTER EXISTS { ?a ex:p ?b }",  # shares nothing
        "?s ex:q ?q . FILTER EXISTS { { ?s ex:p ?o } UNION { ?s ex:r ?o } }",  # more than triples and FILTERs
        "?s ex:q ?q . FILTER EXISTS { ?s ex:p ?o OPTIONAL { ?o ex:r ?r } }",
        "?s ex:q ?q . FILTER EXISTS { GRAPH ?g { ?s ex:p ?o } }",
        "?s ex:q ?q . FILTER EXISTS { ?s ex:p ?o BIND (1 AS ?one) }",
        "?s ex:q ?q . FILTER EXISTS { { SELECT ?s WHERE { ?s ex:p ?o } } }",
        "?s ex:q ?q . BIND (EXISTS { ?s ex:p ?o } AS ?e)",  # BIND: at its place in the group
        "?s ex:q ?q . LATERAL { ?s ex:r ?r FILTER EXISTS { ?s ex:p ?r } }",
    ],
)
def test_exists_left_as_written(where: str) -> None:
    query = PREFIX + f"SELECT ?s WHERE {{ {where} }}"
    assert semijoins(query) == []
    assert "EXISTS" in hash_joined(query)


def test_no_semi_join_under_select_star() -> None:
    """``SELECT *`` would project the variable that says "found"."""
    query = PREFIX + "SELECT * WHERE { ?s ex:q ?q FILTER EXISTS { ?s ex:p ?o } }"
    assert semijoins(query) == []
    inner = PREFIX + "SELECT ?s WHERE { { SELECT * WHERE { ?s ex:q ?q FILTER EXISTS { ?s ex:p ?o } } } }"
    assert semijoins(inner) == []


def test_an_unreadable_query_comes_back_unchanged() -> None:
    for query in ["SELECT * WHERE { ?s ex:p ?o § }", "SELECT * WHERE { ?s ex:p ?o "]:
        assert hash_joined(query) == query


def test_a_rewrite_oxigraph_would_not_parse_gives_the_query_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    from quanze.service.validation import joins

    query = PREFIX + "SELECT * WHERE { ?s ex:p ?o }"
    assert hash_joined(query) != query
    monkeypatch.setattr(joins, "_spread", lambda block: "?s ex:p (")  # a faulty rewrite
    assert hash_joined(query) == query


def test_blanks_and_comments_are_kept_where_they_matter() -> None:
    """Oxigraph refuses ``CONCAT (`` and ``COALESCE (`` with a blank before the parenthesis, so the
    text around the rewritten patterns is kept as written; a comment keeps its line break (a rewritten
    block's own comments go: they said nothing to the engine)."""
    query = PREFIX + 'SELECT ?c WHERE { ?s ex:p ?o # gone\n BIND (CONCAT("a", STR(?o)) # kept\n AS ?c) }'
    joined = hash_joined(query)
    assert wrapped(query) == ["?s ex:p ?o"]
    assert 'CONCAT("a", STR(?o)) # kept\n AS ?c)' in joined and "gone" not in joined
    ox.Store().query(joined)


# ------------------------------------------------------------ same rows on random data

QUERIES = [
    "SELECT ?s ?o WHERE { ?s ex:p ?o ; ex:q ?q . FILTER (?q > 2) }",
    "SELECT ?s ?r WHERE { ?s ex:p ?o . OPTIONAL { ?o ex:r ?r } FILTER (!BOUND(?r) || ?r != 1) }",
    "SELECT ?s WHERE { { ?s ex:p ?o } UNION { ?s ex:q ?o . ?o ex:r 1 } }",
    "SELECT ?s ?x WHERE { ?s ex:q ?q . BIND (?q * 2 AS ?x) ?s ex:p ?o . FILTER NOT EXISTS { ?o ex:r ?q } }",
    "SELECT ?s ?g WHERE { ?s ex:q ?q . GRAPH ?g { ?s ex:p ?o . ?o ex:p ?s } }",
    "SELECT ?s WHERE { ?s ex:q ?q . MINUS { ?s ex:p ?o . ?o ex:r ?r } }",
    "SELECT DISTINCT ?s WHERE { ?s a ex:C ; ex:p ?o , ?o2 . FILTER (?o != ?o2) OPTIONAL { ?o2 ex:q ?x } }",
    "SELECT ?s WHERE { ?s ex:p ?o . { SELECT ?o WHERE { ?o ex:q 3 } } }",
    # EXISTS read once (semi-joins), and EXISTS beside them that must stay as written
    "SELECT ?s ?q WHERE { ?s ex:q ?q . FILTER (NOT EXISTS { ?s ex:p ?o } || ?q > 3) }",
    "SELECT ?s WHERE { ?s ex:p ?o . FILTER EXISTS { ?o ex:q ?q . FILTER NOT EXISTS { ?o ex:r ?q } } }",
    "SELECT ?s ?o WHERE { ?s ex:p ?o . OPTIONAL { ?o ex:q ?q } "
    "FILTER (!EXISTS { ?q ex:r ?r } && EXISTS { ?s a ex:C }) }",
    "SELECT ?s WHERE { { ?s ex:p ?o FILTER EXISTS { ?o ex:p ?s } } "
    "UNION { ?s ex:q ?q FILTER NOT EXISTS { ?s ex:r ?q } } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ex:p ?o , ?o2 . FILTER EXISTS { ?o2 ex:q ?x . ?s ex:q ?x } }",
    "SELECT ?s ?r WHERE { ?s ex:q ?q . OPTIONAL { ?s ex:r ?r FILTER NOT EXISTS { ?s ex:q ?r } } }",
    "SELECT ?s ?g WHERE { GRAPH ?g { ?s ex:p ?o } FILTER EXISTS { ?o ex:q ?q } }",
    "SELECT ?s WHERE { ?s ex:q ?q . FILTER (?q < 4 && NOT EXISTS { ?s ex:p ?o . FILTER (?o != ?s) }) }",
]


def _random_store(seed: int) -> ox.Store:
    rng = random.Random(seed)
    ex = "http://example.org/"
    nodes = [ox.NamedNode(f"{ex}n{i}") for i in range(25)]
    store = ox.Store()
    for _ in range(160):
        g = ox.NamedNode(f"{ex}g{rng.randrange(3)}")
        s = rng.choice(nodes)
        kind = rng.randrange(4)
        if kind == 0:
            store.add(ox.Quad(s, ox.NamedNode(ex + "p"), rng.choice(nodes), g))
        elif kind == 1:
            store.add(ox.Quad(s, ox.NamedNode(ex + "q"), ox.Literal(str(rng.randrange(5)), datatype=_INT), g))
        elif kind == 2:
            store.add(ox.Quad(s, ox.NamedNode(ex + "r"), ox.Literal(str(rng.randrange(3)), datatype=_INT), g))
        else:
            store.add(ox.Quad(s, ox.NamedNode(_TYPE), ox.NamedNode(ex + "C"), g))
    return store


_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("query", QUERIES)
def test_the_same_rows_as_written(query: str, seed: int) -> None:
    store = _random_store(seed)
    text = PREFIX + query
    joined = hash_joined(text)
    assert joined != text

    def rows(q: str) -> Counter:
        return Counter(tuple(str(v) for v in row) for row in store.query(q, use_default_graph_as_union=True))

    assert rows(joined) == rows(text)
