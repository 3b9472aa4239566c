"""How the service is configured: the admin token, the jurisdiction of uploaded lists, limits, the IRI base."""

from __future__ import annotations

from dataclasses import dataclass

from quanze.loaders import iris


@dataclass
class Settings:
    admin_token: str | None = None
    jurisdiction: str | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    #: The base of the IRIs the store holds: request paths are read as IRIs under it.
    base: str = iris.BASE
