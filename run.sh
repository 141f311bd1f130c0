#!/usr/bin/env bash
# Set everything up and run the app on the bundled corpus (the index is built on first run).
# Open http://localhost:8501 afterwards. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh runtime
exec .venv/bin/python -m streamlit run app.py --browser.gatherUsageStats false "$@"
