"""A SPARQL 1.1 server as quanze's store: Oxigraph's server, Virtuoso, GraphDB, QLever, Fuseki …

Queries go through SPARQLWrapper to the query endpoint. Loading needs a way
to write, one of:

- a SPARQL 1.1 Update endpoint (``--update-endpoint``): ``DROP SILENT GRAPH
  <g> ; INSERT DATA { GRAPH <g> {…} }`` for each graph, in one request when
  the load is small, else in requests small enough for Virtuoso; the graphs
  being replaced are read first and put back if a request fails (the
  standard asks a server to apply a request atomically, but Virtuoso commits
  each operation on its own). This is the way to prefer.
- a Graph Store Protocol endpoint (``--gsp``): the protocol has no
  transaction, so each graph is replaced by one ``PUT`` (atomic per graph),
  after reading the current content of every graph it will replace; if a
  ``PUT`` fails, the graphs already replaced are put back as they were. A
  crash of this process in the middle can still leave some graphs new and
  some old: documented in docs/remote-stores.md.

quanze's queries expect the default graph to be the union of the named graphs,
as the embedded store has it; configure the server so (Oxigraph:
``--union-default-graph``; Virtuoso, GraphDB and QLever do it by default).
"""

from __future__ import annotations

import ast
import contextlib
import socket
import urllib.error
from collections.abc import Iterable, Iterator, Mapping

import httpx
import pyoxigraph as ox
from quanze.service.sparql.errors import QueryFailed, QueryTimeout, result_too_large
from quanze.service.sparql.guard import analyse, tokens
from quanze.service.sparql.queries import system_query
from quanze.service.store.base import Payload, Row, StoreError, boolean, solutions
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

JSON_RESULTS = "application/sparql-results+json"
NT = ox.RdfFormat.N_TRIPLES
#: Graphs a server keeps for itself, not quanze's: left out of the list of graphs, the count and
#: the export. Virtuoso 7's, as a fresh installation of Debian's virtuoso-opensource has them.
SERVER_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    }
)
#: Statements per INSERT DATA operation, and statements and bytes per request, of a load. Virtuoso
#: 7.2 compiles a request to SQL and refuses one over 10,000 lines of it ("the length of generated
#: SQL text has exceeded 10000 lines"), which 2,000 statements with long texts (a statute) already
#: reach; it also runs out of parser stack near 5,000 statements in one operation and refuses a
#: request over 10 MB. 1,000 statements and 500 kB a request kept under all three on every load tried.
OPERATION_STATEMENTS = 1_000
REQUEST_STATEMENTS = 1_000
REQUEST_BYTES = 500_000


class RemoteStore:
    """The :class:`store.Store` protocol over the SPARQL 1.1 Protocol, Update and Graph Store."""

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        timeout: float = 60.0,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.gsp_endpoint = gsp_endpoint
        self.timeout = timeout
        self.credentials = (user, password) if user else None

    def with_timeout(self, seconds: float) -> RemoteStore:
        """The same server, with another time limit (the service's own long reads)."""
        return RemoteStore(
            self.endpoint, self.update_endpoint, self.gsp_endpoint, seconds, *(self.credentials or (None, None))
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # -------------------------------------------------------------- queries

    def _wrapper(self, url: str, timeout: float | None) -> SPARQLWrapper:
        sw = SPARQLWrapper(url)
        sw.setMethod(POST)
        sw.setTimeout(int(max(1, round(timeout or self.timeout))))
        if self.credentials:
            sw.setCredentials(*self.credentials)
        return sw

    def request(
        self,
        query: str,
        accept: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        base_iri: str | None = None,
    ) -> bytes:
        """The raw answer to a query, asked for in ``accept``; at most ``max_bytes`` bytes.

        ``base_iri``, the IRI relative IRIs of the query resolve against, is sent as the query's own
        ``BASE`` declaration, unless the query has its own: a server left to choose keeps them relative
        (Virtuoso 7.2 answered ``CONSTRUCT { <s> <p> 1 } WHERE {}`` with ``<s> <p> 1 .``, which no Turtle
        reader takes without a base), and Virtuoso refuses a second ``BASE`` (SP030, though SPARQL allows it).
        """
        sw = self._wrapper(self.endpoint, timeout)
        own_base = any(t.kind == "word" and t.text.upper() == "BASE" for t in tokens(query))
        sent = query if base_iri is None or own_base else f"BASE <{_checked_base(base_iri)}>\n{query}"
        _set_query(sw, sent, analyse(query).form or "SELECT")
        sw.setReturnFormat(TURTLE if accept == "text/turtle" else JSON)
        sw.addCustomHttpHeader("Accept", accept)
        for g in default_graph or []:
            sw.addDefaultGraph(g)
        for g in named_graphs or []:
            sw.addNamedGraph(g)
        try:
            response = sw.query().response
            if response.headers.get("X-SQL-State") == "S1TAT":
                # Virtuoso's "anytime" answer: the partial results of a query its time limit cut short
                raise TimeoutError
            body = response.read(max_bytes + 1) if max_bytes else response.read()
        except QueryBadFormed as exc:
            raise QueryFailed(
                f"the query is malformed: {_where_malformed(query) or f'(so says {self.endpoint}) {_message(exc)}'}",
                code="malformed-query",
            ) from exc
        except SPARQLWrapperException as exc:
            raise QueryFailed(
                f"the SPARQL endpoint {self.endpoint} failed on the query: {_message(exc)}",
                status=502,
                code="bad-upstream",
            ) from exc
        except TimeoutError as exc:
            raise QueryTimeout(timeout or self.timeout) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise QueryTimeout(timeout or self.timeout) from exc
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {exc.reason}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {exc}") from exc
        if max_bytes and len(body) > max_bytes:
            raise result_too_large(max_bytes)
        return body

    def _results(self, query: str) -> ox.QuerySolutions | ox.QueryBoolean:
        body = self.request(query, JSON_RESULTS)
        try:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.endpoint} answered with malformed JSON results: {exc}"
            ) from exc

    def select(self, query: str) -> list[Row]:
        return [{k: _canonical(v) for k, v in row.items()} for row in solutions(self._results(query))]

    def ask(self, query: str) -> bool:
        return boolean(self._results(query))

    def construct(self, query: str) -> list[ox.Triple]:
        body = self.request(query, "text/turtle")
        return [
            ox.Triple(t.subject, t.predicate, _canonical(t.object))  # type: ignore[arg-type]
            for t in ox.parse(body, format=ox.RdfFormat.TURTLE)
        ]

    def check(self) -> None:
        """Raise StoreError unless the endpoint answers a trivial query."""
        self.ask("ASK {}")

    def named_graphs(self) -> list[str]:
        """The named graphs, without the server's own (``SERVER_GRAPHS``).

        ``GRAPH ?g {}`` is the cheap way; Virtuoso 7 answers it with one row that binds
        nothing, and then the graphs are those that hold statements."""
        found = self.select(system_query("named-graphs").text)
        if any(not isinstance(r.get("graph"), ox.NamedNode) for r in found):
            return sorted(self._graph_sizes())
        return sorted(g for r in found if (g := r["graph"].value) not in SERVER_GRAPHS)

    def _graph_sizes(self) -> dict[str, int]:
        """Statements per named graph, the server's own graphs left out."""
        return {
            r["graph"].value: int(r["count"].value)
            for r in self.select(system_query("graph-statements").text)
            if isinstance(r.get("graph"), ox.NamedNode) and r["graph"].value not in SERVER_GRAPHS
        }

    def __len__(self) -> int:
        return sum(self._graph_sizes().values())

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
        """One graph, or everything: datasets keep the graphs, triple formats merge them."""
        if graph is not None:
            triples = self.construct(system_query("graph-triples").bind({"graph": graph}))
            if fmt.supports_datasets:
                g = ox.NamedNode(graph)
                return ox.serialize([ox.Quad(t.subject, t.predicate, t.object, g) for t in triples], format=fmt)
            return ox.serialize(triples, format=fmt)
        quads = [
            ox.Quad(r["s"], r["p"], r["o"], r["g"])
            for r in self.select(system_query("all-quads").text)
            if r["g"].value not in SERVER_GRAPHS
        ]
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt)
        return ox.serialize({q.triple for q in quads}, format=fmt)

    # -------------------------------------------------------------- writes

    def replace_graphs(self, graphs: Mapping[str, Payload]) -> None:
        if not graphs:
            return
        for g in graphs:
            _check_iri(g)
        if self.update_endpoint:
            self._batched_replace({g: _ntriples(data) for g, data in graphs.items()})
        elif self.gsp_endpoint:
            self._gsp_replace({g: _ntriples(data) for g, data in graphs.items()})
        else:
            raise StoreError(
                f"the store at {self.endpoint} is read-only here: give --update-endpoint "
                "(SPARQL 1.1 Update) or --gsp (Graph Store Protocol) to write to it"
            )

    def replace_graphs_streamed(self, graphs: Iterable[tuple[str, Payload]]) -> None:
        """Every graph is produced before any is sent: a server write cannot be rolled back here."""
        self.replace_graphs(dict(graphs))

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        names = list(graphs)
        if not names:
            return
        if self.update_endpoint:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in names))
        elif self.gsp_endpoint:
            self._gsp_replace(dict.fromkeys(names, b""))
        else:
            raise StoreError(f"the store at {self.endpoint} is read-only here: give --update-endpoint or --gsp")

    def _batched_replace(self, graphs: Mapping[str, bytes]) -> None:
        """Replace graphs through SPARQL Update in requests a server takes, putting back on failure.

        A small load is one request (``DROP SILENT GRAPH`` then ``INSERT DATA`` per graph). A large
        one goes in several (``_requests``): Virtuoso refuses requests over 10 MB and operations
        over about 5,000 statements. Not counting on a request being atomic either (Virtuoso
        commits each operation on its own, measured on 7.2), the graphs that exist are read
        first; if a request fails, every graph it or an earlier one touched is put back as it
        was (or dropped, if new). A crash of this process between two requests can still leave
        a graph half written: run the same load again."""
        existing = set(self.named_graphs())
        saved = {g: self._ntriples_of(g) for g in graphs if g in existing}
        touched: list[str] = []
        try:
            for request, first in _requests(graphs):
                touched.extend(first)
                self._update(request)
        except StoreError as exc:
            with contextlib.suppress(StoreError):
                for request, _ in _requests({g: saved.get(g, b"") for g in touched}):
                    self._update(request)
            raise StoreError(f"{exc} (the {len(touched)} graphs it had begun to replace were put back)") from exc

    def _ntriples_of(self, graph: str) -> bytes:
        return ox.serialize(self.construct(system_query("graph-triples").bind({"graph": graph})), format=NT)

    def _update(self, text: str) -> None:
        assert self.update_endpoint is not None
        sw = self._wrapper(self.update_endpoint, max(self.timeout, 600))
        sw.setRequestMethod(POSTDIRECTLY)
        _set_query(sw, text, "INSERT")
        try:
            sw.query()
        except SPARQLWrapperException as exc:
            raise StoreError(
                f"the update endpoint {self.update_endpoint} refused the load (nothing was written): {_message(exc)}"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot reach the update endpoint {self.update_endpoint}: {exc}") from exc

    def _gsp(self) -> httpx.Client:
        return httpx.Client(timeout=max(self.timeout, 600), auth=self.credentials)

    def _gsp_replace(self, graphs: Mapping[str, bytes]) -> None:
        """PUT (DELETE for empty data) each graph; on failure put back those already replaced."""
        assert self.gsp_endpoint is not None
        with self._gsp() as client:
            saved: dict[str, bytes | None] = {g: self._gsp_get(client, g) for g in graphs}
            done: list[str] = []
            try:
                for g, data in graphs.items():
                    self._gsp_put(client, g, data)
                    done.append(g)
            except (httpx.HTTPError, StoreError) as exc:
                for g in done:
                    self._gsp_put(client, g, saved[g] or b"")
                raise StoreError(
                    f"the Graph Store at {self.gsp_endpoint} failed while replacing graphs; "
                    f"the {len(done)} graphs replaced before were put back: {exc}"
                ) from exc

    def _gsp_get(self, client: httpx.Client, graph: str) -> bytes | None:
        r = client.get(self.gsp_endpoint, params={"graph": graph}, headers={"Accept": "application/n-triples"})
        if r.status_code == 404:
            return None
        if r.status_code >= 400:
            raise StoreError(
                f"the Graph Store at {self.gsp_endpoint} answered {r.status_code} for <{graph}>: {r.text[:300]}"
            )
        return r.content

    def _gsp_put(self, client: httpx.Client, graph: str, data: bytes) -> None:
        if data.strip():
            r = client.put(
                self.gsp_endpoint,
                params={"graph": graph},
                content=data,
                headers={"Content-Type": "application/n-triples"},
            )
        else:
            r = client.delete(self.gsp_endpoint, params={"graph": graph})
            if r.status_code == 404:
                return
        if r.status_code >= 400:
            raise StoreError(
                f"the Graph Store at {self.gsp_endpoint} answered {r.status_code} for <{graph}>: {r.text[:300]}"
            )

    def close(self) -> None:
        """Every request opens and closes its own connection: nothing stays open."""


def _set_query(sw: SPARQLWrapper, text: str, form: str) -> None:
    """Give SPARQLWrapper the query and its form, which it would otherwise guess.

    Its guess is a regular expression over the text that takes a comment
    mentioning "loaded" for a LOAD (and so sends a SELECT as an update), and
    that would scan every byte of a large INSERT DATA. quanze knows the form.
    """
    sw.queryString = text
    sw.queryType = form


def _ntriples(nquads: Payload) -> bytes:
    """The triples of N-Quads (the graph term dropped), as N-Triples."""
    if isinstance(nquads, bytes) and not nquads.strip():
        return b""
    return ox.serialize(
        (q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)),
        format=ox.RdfFormat.N_TRIPLES,
    )


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_BOOLEANS = {"1": ox.Literal("true", datatype=_BOOLEAN), "0": ox.Literal("false", datatype=_BOOLEAN)}


def _canonical(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """A term as it was written: Virtuoso stores booleans as numbers and answers "1"^^xsd:boolean
    for "true"^^xsd:boolean (the same value, another form), which would change exports and pages."""
    if isinstance(term, ox.Literal) and term.datatype == _BOOLEAN:
        return _BOOLEANS.get(term.value, term)
    return term


def _checked_base(iri: str) -> str:
    """The base IRI as it may stand in ``BASE <…>``: an absolute IRI (so ``>`` cannot end it early)."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as exc:
        raise QueryFailed(f"the base IRI {iri!r} is not an absolute IRI: {exc}", code="bad-parameter") from exc


def _check_iri(graph: str) -> None:
    """A graph name must be an IRI: some servers (Virtuoso's Graph Store) would take any text."""
    try:
        ox.NamedNode(graph)
    except ValueError as exc:
        raise StoreError(f"<{graph}> is not an IRI, so it cannot name a graph (nothing was written): {exc}") from exc


def _requests(graphs: Mapping[str, bytes]) -> Iterator[tuple[str, list[str]]]:
    """SPARQL Update requests replacing ``graphs`` (N-Triples, empty to remove), within the limits
    above, each with the graphs it is the first to touch. A graph's first operation drops it; a
    graph with blank nodes stays in one operation, so that each label names one node."""
    operations: list[str] = []
    first: list[str] = []
    statements = size = 0
    for graph, ntriples in graphs.items():
        lines = ntriples.decode("utf-8").splitlines(keepends=True)
        step = len(lines) or 1 if "_:" in ntriples.decode("utf-8") else OPERATION_STATEMENTS
        chunks = [lines[i : i + step] for i in range(0, len(lines), step)] or [[]]
        for n, chunk in enumerate(chunks):
            text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(chunk)}}} }}" if chunk else ""
            if n == 0:
                text = f"DROP SILENT GRAPH <{graph}>" + (f" ;\n{text}" if text else "")
            if operations and (statements + len(chunk) > REQUEST_STATEMENTS or size + len(text) > REQUEST_BYTES):
                yield " ;\n".join(operations), first
                operations, first, statements, size = [], [], 0, 0
            operations.append(text)
            if n == 0:
                first.append(graph)
            statements += len(chunk)
            size += len(text)
    if operations:
        yield " ;\n".join(operations), first


def _message(exc: SPARQLWrapperException) -> str:
    """The server's own words, which SPARQLWrapper keeps only as a bytes repr in its message."""
    text = str(exc)
    _, found, raw = text.partition("Response:\n")
    if found:
        with contextlib.suppress(ValueError, SyntaxError):
            response = ast.literal_eval(raw.strip())
            if isinstance(response, bytes):
                return response.decode("utf-8", errors="replace").strip()
    return text


def _where_malformed(query: str) -> str | None:
    """Oxigraph's parser's message for a query the server refused as malformed: it names the line and column
    of the text the user sent, where a server may name those of its own rewriting (Virtuoso). None when
    Oxigraph reads the query (the server refuses something of its own); asked only after a refusal."""
    try:
        ox.Store().query(query)
    except SyntaxError as exc:
        return str(exc)
    except Exception:  # parsed, then failed on an empty store: the server's reason stands
        return None
    return None
