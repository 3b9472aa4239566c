"""Start and stop the real servers the service tests use: Oxigraph's server and ``quanze serve``.

Both run as separate processes on 127.0.0.1 with a free port, as a user
would run them; the tests reach them over HTTP only.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "qinghe"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Running:
    process: subprocess.Popen
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


def wait_until_up(running: Running, probe: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"{running.url} exited with {running.process.returncode}:\n{running.output()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(probe, timeout=2).status_code < 500:
                return
        time.sleep(0.1)
    stop(running)
    raise RuntimeError(f"{running.url} did not come up in {timeout} s:\n{running.output()}")


def stop(running: Running) -> None:
    if running.process.poll() is None:
        running.process.terminate()
        try:
            running.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[test]' installs it")
    return found


@dataclass
class SparqlServer(Running):
    """A SPARQL server under test: its query, update and Graph Store endpoints."""

    query_path: str = "/query"
    update_path: str = "/update"
    gsp_path: str = "/store"

    @property
    def query(self) -> str:
        return self.url + self.query_path

    @property
    def update(self) -> str:
        return self.url + self.update_path

    @property
    def gsp(self) -> str:
        return self.url + self.gsp_path

    def store_args(self, write: str = "update") -> list[str]:
        """The store options of the quanze command: write through SPARQL Update, the Graph Store, or not at all."""
        args = ["--endpoint", self.query]
        if write == "update":
            args += ["--update-endpoint", self.update]
        elif write == "gsp":
            args += ["--gsp", self.gsp]
        return args

    def stop(self) -> None:
        stop(self)


@dataclass
class Oxigraph(SparqlServer):
    """Oxigraph's server: /query, /update, /store."""


def start_oxigraph(location: Path, timeout_s: int = 3) -> Oxigraph:
    """Oxigraph's server on an on-disk store, with the union default graph quanze expects."""
    location.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = location.with_suffix(".log")
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(timeout_s),
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Oxigraph(process, f"http://127.0.0.1:{port}", log)
    wait_until_up(server, server.query + "?query=ASK%7B%7D")
    return server


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
MaxClientConnections = 20

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 20
MaxClientConnections = 20
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = 0
"""


class VirtuosoMissing(RuntimeError):
    """Debian's virtuoso-opensource is not installed (``.ci/run`` installs it)."""


def virtuoso_binaries() -> tuple[str, str]:
    """The server and its SQL client, from Debian's virtuoso-opensource package."""
    server, client = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if server is None or client is None:
        raise VirtuosoMissing("Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does)")
    return server, client


@dataclass
class Virtuoso(SparqlServer):
    """Virtuoso: SPARQL and SPARQL Update both at /sparql, the Graph Store at /sparql-graph-crud."""

    folder: Path = Path()
    sql_port: int = 0
    query_path: str = "/sparql"
    update_path: str = "/sparql"
    gsp_path: str = "/sparql-graph-crud"

    def stop(self) -> None:
        stop_virtuoso(self)

    def sql(self, statements: str) -> str:
        """Run SQL as the database administrator through Virtuoso's own client (isql)."""
        _, client = virtuoso_binaries()
        done = subprocess.run(
            [client, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed on {statements!r}:\n{done.stdout}\n{done.stderr}")
        return done.stdout


def start_virtuoso(folder: Path, timeout_s: int = 3, memory_gb: float = 0.5) -> Virtuoso:
    """A private Virtuoso: its own database folder and ini, SQL and HTTP ports on 127.0.0.1.

    The SPARQL user may update (``GRANT SPARQL_UPDATE``) and write every graph,
    so ``/sparql`` takes SPARQL Update and ``/sparql-graph-crud`` the Graph
    Store Protocol without authentication: acceptable only because the server
    listens on 127.0.0.1 and lives as long as the tests. Each buffer is 8 KB;
    ``memory_gb`` sizes them as Virtuoso's guide advises (about 2/3 of it).
    """
    server_binary, _ = virtuoso_binaries()
    folder.mkdir(parents=True, exist_ok=True)
    buffers = int(memory_gb * 1024**3 * 2 / 3 / 8192)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder.resolve(),
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
            timeout_s=timeout_s,
        ),
        encoding="utf-8",
    )
    log = folder / "console.log"
    process = subprocess.Popen(
        [server_binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Virtuoso(process, f"http://127.0.0.1:{http_port}", log, folder=folder, sql_port=sql_port)
    wait_until_up(server, server.query + "?query=ASK%7B%7D", timeout=120)
    try:
        server.sql("GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")
    except RuntimeError:
        stop_virtuoso(server)
        raise
    return server


def stop_virtuoso(server: Virtuoso) -> None:
    """Stop the server (SIGTERM: Virtuoso checkpoints and exits) and remove its database folder."""
    stop(server)
    shutil.rmtree(server.folder, ignore_errors=True)


SERVERS = {"remote": start_oxigraph, "virtuoso": start_virtuoso}


def start_sparql_server(kind: str, folder: Path, timeout_s: int = 3) -> SparqlServer:
    """The SPARQL server of a backend's name: ``remote`` is Oxigraph's server, ``virtuoso`` Virtuoso.

    Virtuoso's time limit also stops updates (a batched load's requests) and cuts queries short
    with partial results: it gets a minute, and the tests of time limits use the client's."""
    if kind == "virtuoso":
        timeout_s = max(timeout_s, 60)
    return SERVERS[kind](folder / kind, timeout_s=timeout_s)


def quanze_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "quanze.service.cli.main", *args]


def quanze(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the quanze command line in its own process, as a user would."""
    done = subprocess.run(
        quanze_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    if check and done.returncode != 0:
        raise AssertionError(f"quanze {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start_quanze(store_args: list[str], log: Path, *extra: str) -> Running:
    """``quanze serve`` on a free port."""
    port = free_port()
    process = subprocess.Popen(
        quanze_command("serve", *store_args, "--port", str(port), *extra),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    running = Running(process, f"http://127.0.0.1:{port}", log)
    wait_until_up(running, running.url + "/api/status")
    return running


@contextlib.contextmanager
def listening(hits: list[str]) -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 that records the path of every request reaching it (and fails it)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            """Quiet: the test reads ``hits``."""

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
