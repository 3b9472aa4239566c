"""RDF terms across two libraries: Oxigraph's (the store), rdflib's (shapes, pySHACL, reports).

Blank nodes keep their identifier in both directions, so a test case parsed
once by rdflib and loaded into Oxigraph reports the same blank nodes back.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

NUMERIC = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.negativeInteger,
    XSD.nonPositiveInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)  # rdflib writes RDF 1.1 simple literals without a datatype
    # As written: rdflib would otherwise rewrite an ill-formed "2011-01-01"^^xsd:dateTime as a valid one.
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sparql_term(term: Node) -> str:
    """The term written in SPARQL; blank nodes cannot be named in a query, so they are refused."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        escaped = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    raise ValueError(f"a blank node ({term}) cannot be named in a SPARQL query")


def key(term: Node | None) -> str:
    """A text that identifies the term (N-Triples form), for comparing results.

    Numbers are keyed by value: Oxigraph stores them in canonical form
    ("4.0"^^xsd:decimal comes back as "4"), rdflib keeps them as written.
    """
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term)).n3()
    if isinstance(term, Literal) and term.datatype in NUMERIC and term.ill_typed is False:
        value = term.toPython()
        text = format(value.normalize(), "f") if isinstance(value, Decimal) else repr(value)
        return f'"{text}"^^<{term.datatype}>'
    return term.n3()
