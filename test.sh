#!/usr/bin/env bash
# Set up (first time) and run the test suite offscreen. Extra arguments go to pytest.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/bootstrap.sh"
cd "$root"
QT_QPA_PLATFORM=offscreen exec "$root/.venv/bin/python" -m pytest "$@"
