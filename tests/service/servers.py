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
class Oxigraph(Running):
    @property
    def query(self) -> str:
        return self.url + "/query"

    @property
    def update(self) -> str:
        return self.url + "/update"

    @property
    def gsp(self) -> str:
        return self.url + "/store"

    def store_args(self, write: str = "update") -> list[str]:
        args = ["--endpoint", self.query]
        if write == "update":
            args += ["--update-endpoint", self.update]
        elif write == "gsp":
            args += ["--gsp", self.gsp]
        return args


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
