"""The docs: the CLI reference generated from the parser and complete, a short linked README, decisions indexed."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from quanze.service.cli.docs import render, subcommands
from quanze.service.cli.main import build_parser

REPO = Path(__file__).resolve().parents[3]
CONTRACT = [
    "load",
    "stats",
    "query",
    "responsible",
    "accountable",
    "export",
    "validate",
    "overlaps",
    "gaps",
    "evaluate",
    "serve",
    "publish",
]


def test_cli_md_is_generated_from_the_parser():
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render(), "docs/cli.md is stale: run python -m quanze.service.cli.docs > docs/cli.md"


def test_every_command_and_flag_is_documented():
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = subcommands(build_parser())
    assert sorted(commands) == sorted(CONTRACT)
    for name, (help_, sub) in commands.items():
        assert f"## quanze {name}" in text
        assert help_, f"quanze {name} has no help text"
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for flag in action.option_strings:
                assert f"`{flag}`" in text, f"{name} {flag} missing from docs/cli.md"
            assert action.help, f"quanze {name} {action.option_strings or action.dest} has no help text"


def test_readme_lists_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in CONTRACT:
        assert f"quanze {name}" in readme
    assert "docs/cli.md" in readme


def test_readme_stays_short_and_its_links_resolve():
    """The README is the front door (≤ 150 lines); every relative link in it and in docs/ points at a file."""
    readme = REPO / "README.md"
    assert len(readme.read_text(encoding="utf-8").splitlines()) <= 150
    broken = []
    for page in [readme, REPO / "CHANGELOG.md", *(REPO / "docs").rglob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} → {target}")
    assert not broken, broken


def test_every_decision_record_is_indexed():
    """Each record in docs/decisions/ is listed in its README and in architecture.md's Decisions."""
    records = sorted(p.name for p in (REPO / "docs" / "decisions").glob("[0-9][0-9][0-9][0-9]-*.md"))
    index = (REPO / "docs" / "decisions" / "README.md").read_text(encoding="utf-8")
    architecture = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert records
    assert [r for r in records if f"({r})" not in index] == []
    assert [r for r in records if f"(decisions/{r})" not in architecture] == []
