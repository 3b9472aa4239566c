"""How the service is configured: the admin token, the jurisdiction of uploaded lists, limits, the IRI base."""

from __future__ import annotations

from dataclasses import dataclass

from quanze.loaders import iris


@dataclass
class Settings:
    admin_token: str | None = None
    jurisdiction: str | None = None
    max_upload_bytes: int = 50 * 1024 * 1024
    #: POST /api/validate: seconds, heap (MB) and validations at once (service/http/bounded.py).
    validate_timeout: float = 120.0
    validate_memory_mb: int = 2048
    validate_concurrency: int = 1
    #: The base of the IRIs the store holds: request paths are read as IRIs under it.
    base: str = iris.BASE
