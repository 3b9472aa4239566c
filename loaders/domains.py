"""The functional domains as a graph: concepts, the department names and the statutes of each.

The lexicon files are data a user edits; writing them into the store with
every load (like the ontology) lets SPARQL queries find a department's
domain by its name and the statutes the domain enforces, so that the gap
analysis can be asked as a query too.
"""

from __future__ import annotations

from . import iris
from .document import LoadedDocument
from .lexicon.files import Lexicon, lexicon
from .ntriples import GraphWriter
from .statute_model import short_title
from .vocab import QZ, RDFS, SKOS

GRAPH = iris.GRAPH_BASE + "reference/domains"


def domain_document(lex: Lexicon | None = None) -> LoadedDocument:
    """The reference graph of the domains, from the lexicon files."""
    lex = lex or lexicon()
    g = GraphWriter(GRAPH)
    scheme = iris.domain_scheme()
    g.type(scheme, SKOS.ConceptScheme)
    g.text(scheme, SKOS.prefLabel, "职能领域")
    g.text(scheme, SKOS.prefLabel, "functional domains", lang="en")
    for d in lex.domains.values():
        iri = iris.domain(d.id)
        g.type(iri, QZ.FunctionalDomain)
        g.type(iri, SKOS.Concept)
        g.iri(iri, SKOS.inScheme, scheme)
        g.plain(iri, SKOS.notation, d.id)
        g.text(iri, SKOS.prefLabel, d.label)
        g.text(iri, SKOS.prefLabel, d.label_en, lang="en")
        g.text(iri, RDFS.label, d.label)
    for phrase in lex.departments:
        for ident in phrase.domains:
            g.plain(iris.domain(ident), QZ.departmentName, phrase.text)
    for ident, titles in lex.enforcement.items():
        for title in titles:
            g.iri(iris.domain(ident), QZ.enforcesStatute, iris.statute(short_title(title)))
    return LoadedDocument(
        path=lex.sources.get("domains.tsv", ""),
        kind="reference",
        graph=GRAPH,
        subject=scheme,
        label="functional domains",
        data=g.finish(),
        statements=len(g),
    )
