#!/usr/bin/env bash
# Create .venv and install the pinned dependencies. Usage: scripts/setup.sh [runtime|dev]
# Idempotent: re-running only installs what changed. Needs Python 3.11+ (tomllib).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
[ -x .venv/bin/python ] || python3 -m venv .venv
requirements=requirements.txt
[ "${1:-runtime}" = "dev" ] && requirements=requirements-dev.txt
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements" >.venv/pip.log 2>&1; then
  cat .venv/pip.log
  exit 1
fi
