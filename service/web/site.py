"""The public site's data in the service: what pages read, kept per version of the store.

The catalogue, the overlap analysis, each department's validation status and table,
each statute version's text and the bulk files are built once per store
generation (:meth:`backends.Backend.kept`) and warmed in the background
when the service starts (after the indexes questions need), so that a page costs a lookup and the queries of
its own resource (a power's details), not a read of the whole graph.

Over a remote store, whose other writers the service cannot see, caches are
built again after ``--refresh`` seconds. The whole-store analyses take
minutes at a province's scale: rebuilt in the request, every visit after the
first minute would pay for them again. So once one is built for the store
version, a request gets it at once and the next one is built in the background.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from quanze.loaders import iris
from quanze.service.analysis.findings import Finding
from quanze.service.analysis.gaps import GapReport, analyse_gaps
from quanze.service.analysis.overlaps import DEFAULT_MIN_SCORE, KINDS, find_overlaps
from quanze.service.http.backends import Backend
from quanze.service.validation import Report
from quanze.service.validation.context import Finding as ValidationFinding
from quanze.service.validation.run import validate_and_locate
from quanze.service.web import downloads, views
from quanze.service.web.catalogue import Catalogue

log = logging.getLogger("quanze.service")
T = TypeVar("T")


class Site:
    def __init__(self, backend: Backend, base: str | None = None) -> None:
        self.backend = backend
        self.base = base or iris.BASE
        if not self.base.endswith("/"):
            self.base += "/"
        self.folder = Path(tempfile.mkdtemp(prefix="quanze-site-"))
        self._files_lock = threading.Lock()

    def _kept(self, key: str, build: Callable[[], T]) -> T:
        return self.backend.kept(key, build)

    def catalogue(self) -> Catalogue:
        return self._kept("site:catalogue", lambda: self.backend.reading(Catalogue.build))

    def overlaps(self) -> list[Finding] | str:
        """Every overlap finding, or why there are none to show."""

        def build() -> list[Finding] | str:
            try:
                return self.backend.reading(lambda s: find_overlaps(s, KINDS, DEFAULT_MIN_SCORE, None))
            except Exception as exc:  # the department page says so and stays readable
                log.warning("the overlap analysis failed: %s", exc)
                return f"{type(exc).__name__}: {exc}"

        return self._kept("site:overlaps", build)

    def gaps(self) -> GapReport | str:
        """Candidate omissions of every department (once per store version), or why there are none."""

        def build() -> GapReport | str:
            try:
                report = self.backend.reading(lambda s: analyse_gaps(s))
            except Exception as exc:  # the department page says so and stays readable
                log.warning("the gap analysis failed: %s", exc)
                return f"{type(exc).__name__}: {exc}"
            report.problems = []  # the pages show the validation's basis findings instead
            return report

        return self._kept("site:gaps", build)

    def validation(self) -> tuple[Report, list[ValidationFinding]] | str:
        """The validation of every list (once per store version), or why it could not run."""

        def build() -> tuple[Report, list[ValidationFinding]] | str:
            try:
                return self.backend.reading(validate_and_locate)
            except Exception as exc:  # the department page says so and stays readable
                log.warning("the validation failed: %s", exc)
                return f"{type(exc).__name__}: {exc}"

        return self._kept("site:review", build)

    def validation_status(self, department: str) -> views.ValidationStatus:
        return views.validation_status(self.validation(), self.catalogue(), department)

    def version_text(self, iri: str) -> views.VersionText | None:
        cat = self.catalogue()
        return self.backend.cached(f"site:version:{iri}", lambda: views.version_text(self.backend.store, cat, iri))

    def department_file(self, department: str, suffix: str) -> bytes:
        cat = self.catalogue()

        def build() -> list[list[str]]:
            return downloads.department_table(self.backend.store, cat, department)

        table = self.backend.cached(f"site:table:{department}", build)
        title = cat.label(department)
        return downloads.csv_bytes(table) if suffix == ".csv" else downloads.xlsx_bytes(table, title)

    def graph_file(self, name: str) -> Path:
        """``quanze.nt.gz`` or ``quanze.trig.gz`` of the store's current version, written once."""

        def build() -> dict[str, Path]:
            with self._files_lock:
                target = self.folder / str(self.backend.generation)
                written = downloads.write_graph(self.backend.store, target)
                for old in self.folder.iterdir():
                    if old != target:
                        shutil.rmtree(old, ignore_errors=True)
                return written

        return self.backend.cached("site:graph-files", build)[name]

    def prepare(self) -> None:
        """Build the catalogue, the overlaps and the validation, for the first visitors."""
        self.catalogue()
        self.overlaps()
        self.gaps()
        self.validation()

    def warm(self) -> None:
        """Prepare in the backend's one warm-up, after the indexes questions need, and again after writes."""
        self.backend.add_warmer(self.prepare)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
