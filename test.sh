#!/usr/bin/env bash
# Set everything up and run all the tests (lint, unit, index, CLI, AppTest and real-browser tests).
# Installs Debian's chromium for the browser tests when it is missing (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
if [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export STREAMLIT_SERVER_HEADLESS=true STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
