#!/usr/bin/env bash
# Set everything up and run the app on the bundled corpus: a line per step, the index built (with its
# progress bar) before the server starts on a first run, then the address to open.
# Extra arguments go to `streamlit run` (e.g. --server.port 8502). ARCHIVE_INDEX and ARCHIVE_SOURCE
# choose another index folder and source (a folder, an export or a website's address).
set -euo pipefail
cd "$(dirname "$0")"
say() { echo "Archive Search: $*"; }
say "checking the Python packages (.venv)..."
scripts/setup.sh runtime
say "checking Tesseract, which reads scanned pages (OCR), and Apertium, which translates queries..."
scripts/system_packages.sh runtime || say "Tesseract or Apertium could not be installed; scanned pages will not be read (OCR) or queries translated" >&2
index="${ARCHIVE_INDEX:-var/index}"
if [ ! -e "$index" ]; then
  say "building the index of ${ARCHIVE_SOURCE:-corpus/} into $index (first run only)..."
  if [ -n "${ARCHIVE_SOURCE:-}" ]; then
    .venv/bin/python -m indexer build "$ARCHIVE_SOURCE" --index "$index"
  else
    .venv/bin/python -m indexer build --index "$index"  # corpus/archive.toml's [[sources]], else corpus/
  fi
fi
say "starting the app: open the Local URL printed below (http://localhost:8501 unless you chose a port); the same address answers /api/search and /feeds/search.atom"
exec .venv/bin/python -m streamlit run serve.py --browser.gatherUsageStats false "$@"
