"""Processes of the benchmark: the servers under test, wrk, and memory readings from /proc."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    base: str  # http://127.0.0.1:port
    sparql_path: str  # where SPARQL queries go

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(
    name: str,
    command: list[str],
    base: str,
    probe: str,
    sparql_path: str,
    log: Path,
    timeout: float = 900,
) -> Server:
    process = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    server = Server(name, process, base, sparql_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), urllib.request.urlopen(base + probe, timeout=5) as r:
            if r.status < 500:
                return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not start in {timeout} s")


def quanze_server(store: Path, log: Path, *extra: str) -> Server:
    port = free_port()
    return start(
        "quanze",
        [str(BIN / "quanze"), "serve", "--store", str(store), "--port", str(port), *extra],
        f"http://127.0.0.1:{port}",
        "/api/status",
        "/sparql",
        log,
    )


def oxigraph_server(store: Path, log: Path) -> Server:
    port = free_port()
    return start(
        "oxigraph",
        [
            str(BIN / "oxigraph"),
            "serve",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        f"http://127.0.0.1:{port}",
        "/query?query=ASK%7B%7D",
        "/query",
        log,
    )


def rdflib_server(dump: Path, log: Path) -> Server:
    port = free_port()
    return start(
        "rdflib-endpoint",
        [sys.executable, str(Path(__file__).with_name("peer_rdflib.py")), str(dump), str(port)],
        f"http://127.0.0.1:{port}",
        "/sparql?query=ASK%7B%7D",
        "/sparql",
        log,
        timeout=3600,
    )


# ------------------------------------------------------------------ wrk

LUA = r"""
local reqs = {}
local n = 0
init = function(args)
%(requests)s
end
request = function()
  n = n %% #reqs + 1
  return reqs[n]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%%d,"duration_us":%%d,"connect":%%d,' ..
    '"read":%%d,"write":%%d,' ..
    '"status":%%d,"timeout":%%d,"p50":%%d,"p90":%%d,"p99":%%d,"mean":%%f,"max":%%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def _lua_string(text: str) -> str:
    level = "=" * 4
    while f"]{level}]" in text:
        level += "="
    return f"[{level}[{text}]{level}]"


@dataclass
class Request:
    method: str
    path: str
    body: str | None = None
    content_type: str | None = None
    accept: str | None = None


def sparql_request(server: Server, query: str, accept: str = "application/sparql-results+json") -> Request:
    """A SPARQL query as a URL-encoded POST, which all three servers accept."""
    return Request(
        "POST",
        server.sparql_path,
        urllib.parse.urlencode({"query": query}),
        "application/x-www-form-urlencoded",
        accept,
    )


def wrk(
    base: str,
    requests: list[Request],
    connections: int,
    seconds: float,
    threads: int = 1,
    timeout_s: int = 60,
) -> dict:
    """Run wrk against ``base`` cycling through ``requests``; latencies in milliseconds."""
    lines = []
    for r in requests:
        headers = []
        if r.content_type:
            headers.append(f'["Content-Type"]={_lua_string(r.content_type)}')
        if r.accept:
            headers.append(f'["Accept"]={_lua_string(r.accept)}')
        body = _lua_string(r.body) if r.body is not None else "nil"
        lines.append(
            f"  reqs[#reqs + 1] = wrk.format({_lua_string(r.method)}, {_lua_string(r.path)}, "
            f"{{{', '.join(headers)}}}, {body})"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
        f.write(LUA % {"requests": "\n".join(lines)})
        script = f.name
    try:
        done = subprocess.run(
            [
                shutil.which("wrk") or "wrk",
                "-t",
                str(min(threads, connections)),
                "-c",
                str(connections),
                "-d",
                f"{seconds:g}s",
                "--timeout",
                f"{timeout_s}s",
                "-s",
                script,
                base,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + timeout_s + 60,
        )
    finally:
        os.unlink(script)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    raw = json.loads(line[len("WRKJSON ") :])
    seconds_run = raw["duration_us"] / 1e6
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds_run if seconds_run else 0.0,
        "errors": errors,
        "non_2xx": raw["status"],
        "timeouts": raw["timeout"],
        "p50_ms": raw["p50"] / 1000,
        "p90_ms": raw["p90"] / 1000,
        "p99_ms": raw["p99"] / 1000,
        "mean_ms": raw["mean"] / 1000,
        "max_ms": raw["max"] / 1000,
    }


# ------------------------------------------------------------------ memory


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the query workers of quanze serve)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024
