"""The ``quanze`` command line: the parser, and how failures become exit codes.

Commands and flags are a contract with scripts outside the repository: add,
never rename. Each group of commands has its module here (``load``,
``store``, ``lookup``, ``outcomes``, ``validate``, ``analysis``, ``publish``,
``serve``), which declares its arguments and the function that runs it;
what the commands do lives in the library packages beside this one.
``docs/cli.md`` is generated from this parser (:mod:`docs`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from quanze.loaders.errors import SourceError
from quanze.service.cli import analysis, load, lookup, outcomes, publish, serve, store, validate
from quanze.service.cli.options import common_options, open_store, print_json
from quanze.service.sparql import queries
from quanze.service.sparql.errors import QueryTimeout
from quanze.service.store.base import StoreError

#: Exit codes: the check passed, found problems, the input or usage was bad, the store could not be used.
OK, FOUND, BAD_INPUT, STORE_UNUSABLE = 0, 1, 2, 3


class IntermixedParser(argparse.ArgumentParser):
    """A command's parser that takes options anywhere: ``quanze load A --kind list B``.

    argparse stops filling a ``nargs="+"`` positional at the first option;
    intermixed parsing collects the positionals around the options first.
    """

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]  # argparse's signature
        if self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="quanze",
        description="权责 — a knowledge graph of powers and responsibilities of Chinese public administration.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=IntermixedParser)
    load.add_parser(sub, common)
    store.add_parsers(sub, common)
    lookup.add_parsers(sub, common)
    outcomes.add_parser(sub, common)
    validate.add_parser(sub, common)
    store.add_export_parser(sub, common)
    analysis.add_parsers(sub, common)
    publish.add_parser(sub, common)
    serve.add_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        opened = None if getattr(args, "opens_store", False) else open_store(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return STORE_UNUSABLE
    try:
        return args.run(args, opened)
    except (StoreError, QueryTimeout) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return STORE_UNUSABLE
    except SourceError as exc:
        if getattr(args, "json", False):
            print_json({"error": exc.as_dict()})
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing was written: the store is as it was before this command.", file=sys.stderr)
        return BAD_INPUT
    except (queries.QueryError, SyntaxError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT
    finally:
        # Released now, not when the collector gets to it: a store on disk is locked while open, and
        # scripts (and tests) run the next command on it in the same process.
        if opened is not None:
            opened.close()


if __name__ == "__main__":
    sys.exit(main())
