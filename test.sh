#!/usr/bin/env bash
# Set up a virtual environment with the test tools and run every check: ruff, then pytest.
# Usage: ./test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e '.[test]'
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/pytest "$@"
