#!/usr/bin/env bash
# Set everything up and run the app on the bundled corpus (the index is built on first run).
# Open http://localhost:8501 afterwards. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh runtime
scripts/system_packages.sh runtime || echo "note: Tesseract could not be installed; scanned pages will not be read (OCR)" >&2
exec .venv/bin/python -m streamlit run serve.py --browser.gatherUsageStats false "$@"
