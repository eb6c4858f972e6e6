#!/usr/bin/env bash
# Create .venv when missing and install the project (with the test extra) when pyproject.toml changed.
# Idempotent: a second run installs nothing. Sourced by ./run.sh and ./test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null 2>&1 || python=python3
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip
fi
stamp="$venv/.installed-$(sha256sum "$root/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  # torch first, pinned: on the project's build machines these wheels lie on local disk; elsewhere PyPI's.
  "$venv/bin/python" -m pip install -q "torch==2.14.1" "torchvision==0.29.1"
  "$venv/bin/python" -m pip install -q -e "$root[test]"
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
