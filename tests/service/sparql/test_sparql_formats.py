"""Choosing the result format from the Accept header."""

from __future__ import annotations

import pytest
from quanze.service.sparql.formats import (
    GRAPH_FORMATS,
    NotAcceptable,
    choose,
    offered_for,
    parse_accept,
)


@pytest.mark.parametrize(
    ("accept", "form", "key"),
    [
        (None, "SELECT", "json"),
        ("", "CONSTRUCT", "ttl"),
        ("*/*", "DESCRIBE", "ttl"),
        ("application/sparql-results+xml", "SELECT", "xml"),
        ("text/csv; charset=utf-8", "SELECT", "csv"),
        ("text/csv;q=0.4, text/tab-separated-values;q=0.5", "SELECT", "tsv"),
        ("application/rdf+xml;q=0.9, application/n-triples", "CONSTRUCT", "nt"),
        ("application/ld+json", "CONSTRUCT", "jsonld"),
        ("application/json", "CONSTRUCT", "jsonld"),
        ("application/json", "SELECT", "json"),
        ("application/xml", "ASK", "xml"),
        ("text/*, application/sparql-results+json;q=0.9", "SELECT", "csv"),
        ("text/turtle;q=0, */*", "CONSTRUCT", "nt"),
        ("application/sparql-results+xml, application/sparql-results+json", "SELECT", "xml"),
        ("nonsense, text/csv", "SELECT", "csv"),
    ],
)
def test_choice(accept: str | None, form: str, key: str) -> None:
    assert choose(accept, offered_for(form)).key == key


@pytest.mark.parametrize(
    ("accept", "form"),
    [
        ("text/csv", "ASK"),
        ("text/turtle", "SELECT"),
        ("application/sparql-results+json", "CONSTRUCT"),
        ("*/*;q=0", "SELECT"),
    ],
)
def test_not_acceptable(accept: str, form: str) -> None:
    with pytest.raises(NotAcceptable) as refused:
        choose(accept, offered_for(form))
    assert offered_for(form)[0].media_type in str(refused.value)


def test_q_values_are_read_and_bounded() -> None:
    ranges = parse_accept("a/b;q=0.3, c/d;level=1;q=2, e/f;q=x")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("a", "b", 0.3),
        ("c", "d", 1.0),
        ("e", "f", 0.0),
    ]


def test_text_formats_say_utf8() -> None:
    assert GRAPH_FORMATS[0].content_type == "text/turtle; charset=utf-8"
    assert GRAPH_FORMATS[1].content_type == "application/n-triples"
