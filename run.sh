#!/usr/bin/env bash
# Set up (first time) and start the kiosk app. Extra arguments go to main.py, e.g. ./run.sh --kiosk
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/bootstrap.sh"
exec "$root/.venv/bin/python" "$root/main.py" "$@"
