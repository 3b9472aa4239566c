#!/usr/bin/env bash
# Set up quanze and run its main job on the sample shipped in the repository:
# load the fictional city of 青禾市 (statutes and power lists) into ./quanze-store,
# show what the graph holds, and ask who is responsible for 特种设备使用登记.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .
rm -rf quanze-store
.venv/bin/quanze load --store quanze-store samples/qinghe
.venv/bin/quanze stats --store quanze-store
.venv/bin/quanze responsible --store quanze-store 特种设备使用登记
