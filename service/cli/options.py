"""What every command shares: where the store is (``--store`` or a remote server) and JSON output.

Every command takes ``--store DIR`` (or ``$QUANZE_STORE``; default
``./quanze-store``) and ``--json`` for machine-readable output, or
``--endpoint URL`` (or ``$QUANZE_ENDPOINT``) to work on a remote SPARQL 1.1
server, with ``--update-endpoint URL`` or ``--gsp URL`` to write to it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from quanze.service.store.base import Store
from quanze.service.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    from quanze.service.store.remote import RemoteStore

DEFAULT_STORE = "quanze-store"


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"embedded store folder (default: $QUANZE_STORE or ./{DEFAULT_STORE})",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    common.add_argument(
        "--endpoint",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="a remote SPARQL 1.1 query endpoint instead of --store (or $QUANZE_ENDPOINT)",
    )
    common.add_argument(
        "--update-endpoint",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="its SPARQL 1.1 Update endpoint, to load (or $QUANZE_UPDATE_ENDPOINT)",
    )
    common.add_argument(
        "--gsp",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="its Graph Store Protocol endpoint, to load without Update (or $QUANZE_GSP)",
    )
    return common


def store_path(args: argparse.Namespace) -> str:
    return getattr(args, "store", None) or os.environ.get("QUANZE_STORE") or DEFAULT_STORE


def remote_store(args: argparse.Namespace) -> RemoteStore | None:
    """The remote store the arguments or the environment name, or None for the embedded one."""
    endpoint = getattr(args, "endpoint", None) or os.environ.get("QUANZE_ENDPOINT")
    if not endpoint:
        return None
    from quanze.service.store.remote import RemoteStore  # HTTP clients are imported only when a remote store is used

    return RemoteStore(
        endpoint,
        update_endpoint=getattr(args, "update_endpoint", None) or os.environ.get("QUANZE_UPDATE_ENDPOINT"),
        gsp_endpoint=getattr(args, "gsp", None) or os.environ.get("QUANZE_GSP"),
        user=os.environ.get("QUANZE_ENDPOINT_USER"),
        password=os.environ.get("QUANZE_ENDPOINT_PASSWORD"),
    )


def open_store(args: argparse.Namespace) -> Store:
    remote = remote_store(args)
    if remote is not None:
        remote.check()
        return remote
    return EmbeddedStore(store_path(args))


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))
