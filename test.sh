#!/usr/bin/env bash
# Set everything up and run all the tests (lint, types, unit, index, CLI, AppTest and real-browser tests).
# Installs Debian's chromium, tesseract-ocr (English, Spanish), apertium (English-Spanish) and DejaVu fonts when missing
# (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
scripts/system_packages.sh dev
export STREAMLIT_SERVER_HEADLESS=true STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
.venv/bin/ruff check .
.venv/bin/python -m mypy  # the files and settings: pyproject.toml [tool.mypy]
# two worker processes (pytest-xdist), tests handed out as workers free up; PYTEST_WORKERS=0 runs in one
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist worksteal "$@"
