#!/usr/bin/env bash
# The whole test suite again on the maintained Whoosh fork (whoosh3, newest in the registry) and
# Python 3.13, in a venv of its own (.venv-canary): the project runs on whoosh 2.7.4, and this run
# says as soon as the next Whoosh or Python breaks something. Run by .ci/run after test.sh; a
# failure here fails CI. Usage: scripts/canary.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
python=""
# a pyenv shim may exist without the version being active, so each candidate is run, not just found
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 /usr/bin/python3.13 python3.13; do
  if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then
    python=$(command -v "$candidate")
    break
  fi
done
if [ -z "$python" ]; then
  echo "canary: Python 3.13 is needed (install python3.13, or pyenv install 3.13)" >&2
  exit 1
fi
[ -x .venv-canary/bin/python ] || "$python" -m venv .venv-canary
requirements=$(mktemp -d)
trap 'rm -rf "$requirements"' EXIT
# the same pins, except whoosh -> whoosh3 (unpinned: the newest, which is the point of a canary)
sed 's/^whoosh==.*/whoosh3/' requirements.txt >"$requirements/requirements.txt"
sed 's#^-r requirements.txt#-r '"$requirements"'/requirements.txt#' requirements-dev.txt >"$requirements/requirements-dev.txt"
if ! .venv-canary/bin/python -m pip install -q --disable-pip-version-check --upgrade -r "$requirements/requirements-dev.txt" >.venv-canary/pip.log 2>&1; then
  cat .venv-canary/pip.log
  exit 1
fi
.venv-canary/bin/python -m playwright --version >/dev/null
export STREAMLIT_SERVER_HEADLESS=true STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
echo "canary: $(.venv-canary/bin/python --version), $(.venv-canary/bin/pip show whoosh3 | grep -i '^version' | tr -d '\n')"
.venv-canary/bin/python -m pytest -q -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" --dist worksteal "$@"
