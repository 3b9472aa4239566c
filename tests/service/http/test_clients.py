"""The endpoint as researchers meet it: through SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

from urllib.error import HTTPError

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.service.conftest import Service

QZ = rdflib.Namespace("https://w3id.org/quanze/ontology#")
PREFIXES = "PREFIX qz: <https://w3id.org/quanze/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
WHO = (
    PREFIXES
    + """SELECT ?name ?department WHERE {
  ?power a qz:Power ; rdfs:label ?name ; qz:department/rdfs:label ?department .
  FILTER(CONTAINS(?name, "特种设备"))
} ORDER BY ?name"""
)


def wrapper(service: Service, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    sw = SPARQLWrapper(service.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    return sw


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_json(service: Service, method: str | None) -> None:
    result = wrapper(service, WHO, JSON, method).queryAndConvert()
    rows = [(b["name"]["value"], b["department"]["value"]) for b in result["results"]["bindings"]]
    assert ("特种设备使用登记", "青禾市市场监督管理局") in rows
    assert all("特种设备" in name for name, _ in rows)


def test_sparqlwrapper_xml_and_csv_agree_with_json(service: Service) -> None:
    as_json = wrapper(service, WHO, JSON).queryAndConvert()
    names = [b["name"]["value"] for b in as_json["results"]["bindings"]]
    as_xml = wrapper(service, WHO, XML).queryAndConvert()
    xml_names = [n.firstChild.data for n in as_xml.getElementsByTagName("literal")][::2]
    assert xml_names == names
    as_csv = wrapper(service, WHO, CSV).queryAndConvert().decode("utf-8").splitlines()
    assert [line.split(",")[0] for line in as_csv[1:]] == names


def test_sparqlwrapper_construct_turtle(service: Service) -> None:
    query = PREFIXES + "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a qz:Power ; rdfs:label ?n }"
    graph = wrapper(service, query, TURTLE).queryAndConvert()
    if isinstance(graph, bytes):
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert rdflib.Literal("特种设备使用登记", lang="zh") in set(graph.objects(None, rdflib.RDFS.label))


def test_sparqlwrapper_ask(service: Service) -> None:
    assert wrapper(service, PREFIXES + "ASK { ?p a qz:Power }", JSON).queryAndConvert()["boolean"] is True


def test_sparqlwrapper_sees_a_malformed_query_as_such(service: Service) -> None:
    with pytest.raises(QueryBadFormed, match="malformed"):
        wrapper(service, "SELECT * WHERE { ?s ?p }", JSON).query()


def test_rdflib_sparqlstore_graph_api(service: Service, sample_powers: int) -> None:
    graph = rdflib.Graph(store=SPARQLStore(service.sparql), identifier=rdflib.URIRef("urn:x-rdflib:default"))
    powers = set(graph.subjects(rdflib.RDF.type, QZ.Power))
    assert len(powers) == sample_powers
    names = {str(graph.value(p, rdflib.RDFS.label)) for p in powers}
    assert "特种设备使用登记" in names


def test_rdflib_sparqlstore_query(service: Service) -> None:
    graph = rdflib.Graph(store=SPARQLStore(service.sparql))
    rows = list(graph.query(WHO))
    assert (
        rdflib.Literal("特种设备使用登记", lang="zh"),
        rdflib.Literal("青禾市市场监督管理局", lang="zh"),
    ) in [(r.name, r.department) for r in rows]


def test_rdflib_update_store_is_refused(service: Service) -> None:
    store = SPARQLUpdateStore(query_endpoint=service.sparql, update_endpoint=service.sparql)
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef("urn:x-test"))
    with pytest.raises(HTTPError) as refused:
        graph.add((rdflib.URIRef("urn:a"), rdflib.URIRef("urn:b"), rdflib.URIRef("urn:c")))
    assert refused.value.code == 403
    assert not rdflib.Graph(store=SPARQLStore(service.sparql)).query("ASK { <urn:a> ?p ?o }").askAnswer
