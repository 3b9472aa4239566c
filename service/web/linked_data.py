"""Linked data: what a resource's IRI answers, in the format the client asks for.

Every IRI the graph mints resolves under the service. Its description is
what the graph says about it and about the nodes it owns: the duties,
citations, procedure and steps of a power (IRIs under the power's), the units
and posts of a department, the articles and paragraphs of a statute version
(its parts, by ``eli:is_part_of`` or ``qz:inVersion``). Links to other
resources (the department of a power, the list it is in) stay links: each of
those resolves to its own description.

Formats by ``Accept`` (with q-values) or by suffix (``.ttl``, ``.nt``,
``.jsonld``, ``.rdf``, ``.html``): HTML for browsers and by default, Turtle,
N-Triples, JSON-LD and RDF/XML. A type the service does not produce is a 406.
"""

from __future__ import annotations

import pyoxigraph as ox
from quanze.loaders.vocab import DCT, ELI, PREFIXES, PROV, QZ
from quanze.service.sparql.formats import GRAPH_FORMATS, Format, choose
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Store

HTML = Format("html", "text/html", ("text/html", "application/xhtml+xml"))
OFFERED: tuple[Format, ...] = (HTML, *GRAPH_FORMATS)
SUFFIXES = {".html": HTML, **{f".{f.key}": f for f in GRAPH_FORMATS if f.key != "rdfxml"}, ".rdf": GRAPH_FORMATS[2]}
OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: Links that make the subject a part of the resource it points to.
PART_OF = {
    ELI.is_part_of,
    QZ.inVersion,
    QZ.subItemOf,
    "http://www.w3.org/ns/org#unitOf",
    "http://www.w3.org/ns/org#postIn",
}
#: Links from nodes under a resource's IRI that do not make them its parts: a list's powers are
#: resources of their own, and so are the source rows of the list.
NOT_PART_OF = {QZ.inList, DCT.isPartOf, PROV.wasDerivedFrom}
MAX_NODES = 50_000  # a description is a document: a whole statute at most, never the whole graph
MAX_DEPTH = 8
BATCH = 200


def negotiate(accept: str | None) -> Format:
    """The format to answer in (HTML when the client does not say); raises NotAcceptable."""
    return choose(accept, OFFERED)


def split_suffix(path: str) -> tuple[str, Format | None]:
    """``id/org/X.ttl`` → (``id/org/X``, Turtle); a path without a known suffix is returned whole."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def _batches(nodes: list[str]) -> list[list[str]]:
    return [nodes[i : i + BATCH] for i in range(0, len(nodes), BATCH)]


def _owned(node: str, root: str) -> bool:
    return node.startswith(root + "/")


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """The statements of the resource and of the nodes it owns (empty when the graph does not know it).

    Owned are the nodes under its IRI that it links to (a power's duties), and
    its parts: the nodes under its IRI linking to it, and those linking to it
    by a part-of property (the articles of a chapter), with their own parts in
    turn. A version reached as a link of its statute brings its dates, not its
    text: only the resource itself and its parts bring their parts.
    """
    triples: list[ox.Triple] = []
    seen = {iri}
    frontier = [iri]
    with_parts = {iri}
    depth = 0
    while frontier and depth < MAX_DEPTH and len(seen) < MAX_NODES:
        depth += 1
        found: list[str] = []
        for batch in _batches(frontier):
            for r in store.select(system_query("resource-out").bind_each("node", batch)):
                s, p, o = r["node"], r["p"], r["o"]
                if s is None or p is None or o is None:
                    continue
                triples.append(ox.Triple(s, p, o))
                if isinstance(o, ox.NamedNode) and _owned(o.value, iri) and o.value not in seen:
                    seen.add(o.value)
                    found.append(o.value)
            parents = [n for n in batch if n in with_parts]
            if not parents:
                continue
            for r in store.select(system_query("resource-in").bind_each("node", parents)):
                s, p = r["s"], r["p"]
                if not isinstance(s, ox.NamedNode) or p is None or s.value in seen or p.value in NOT_PART_OF:
                    continue
                if p.value in PART_OF or _owned(s.value, iri):
                    seen.add(s.value)
                    with_parts.add(s.value)
                    found.append(s.value)
        frontier = found
    return triples


def serialize(triples: list[ox.Triple], fmt: Format, base: str) -> bytes:
    prefixes = dict(PREFIXES)
    prefixes["eli-cn"] = base + "eli/cn/"
    prefixes["id"] = base + "id/"
    if fmt.key == "jsonld" or fmt.key == "nt":
        return ox.serialize(triples, format=OX_FORMATS[fmt.key])
    return ox.serialize(triples, format=OX_FORMATS[fmt.key], prefixes=prefixes)


def labels(store: Store, iris: list[str]) -> dict[str, str]:
    """A name for each IRI that has one: the Chinese label first, then any."""
    found: dict[str, tuple[int, str]] = {}
    for batch in _batches(sorted(set(iris))):
        for r in store.select(system_query("labels").bind_each("node", batch)):
            node, label = r["node"], r["label"]
            if node is None or not isinstance(label, ox.Literal):
                continue
            rank = {"zh": 0, None: 1}.get(label.language, 2)
            if node.value not in found or rank < found[node.value][0]:
                found[node.value] = (rank, label.value)
    return {k: v for k, (_, v) in found.items()}
