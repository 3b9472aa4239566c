"""A deployment that mints its IRIs under its own base serves them at the same paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from ..servers import SAMPLE, quanze_command, start_quanze, stop
from .html_tools import parse

OWN = "http://data.example.gov.cn/kb/"


def test_iris_under_another_base_resolve(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {**os.environ, "QUANZE_BASE": OWN}
    subprocess.run(
        quanze_command("load", "--quiet", "--store", str(store), str(SAMPLE)),
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    running = start_quanze(["--store", str(store)], tmp_path / "serve.log", "--workers", "2", "--base", OWN)
    try:
        path = "/" + quote("id/org/青禾市市场监督管理局")
        r = httpx.get(running.url + path, headers={"Accept": "text/turtle"}, timeout=30)
        assert r.status_code == 200, r.text
        subjects = {q.subject.value for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)}
        assert OWN + "id/org/青禾市市场监督管理局" in subjects
        assert all(s.startswith(OWN) for s in subjects)
        page = parse(httpx.get(running.url + path, headers={"Accept": "text/html"}, timeout=30).text)
        powers = [href for href, _ in page.links() if href.startswith("/id/list/")]
        assert powers, "the department's powers link to their paths under this service"
        assert httpx.get(running.url + powers[0], headers={"Accept": "text/html"}, timeout=30).status_code == 200
        assert OWN in page.text  # the footer names the IRI
    finally:
        stop(running)
