#!/usr/bin/env bash
# Create .venv and install the pinned dependencies. Usage: scripts/setup.sh [runtime|dev]
# Idempotent and quick when nothing changed: the requirements' hash is kept in .venv, and pip runs
# only when it differs (a pip run that installs nothing still takes seconds). Needs Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
[ -x .venv/bin/python ] || python3 -m venv .venv
requirements=requirements.txt
[ "${1:-runtime}" = "dev" ] && requirements=requirements-dev.txt
stamp=".venv/.installed-${requirements%.txt}"
wanted=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
echo "Installing the Python packages of $requirements into .venv (the first time takes a few minutes)..."
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements" >.venv/pip.log 2>&1; then
  cat .venv/pip.log
  exit 1
fi
echo "$wanted" >"$stamp"
