#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) with the pinned scikit-learn/numpy/scipy from
# scripts/requirements.txt, used as the reference by `npm run test:integration` (sklearn parity), and one
# venv per scripts/requirements-sklearn-<minor>.txt in .venv/sklearn-<minor> (the import suite's other
# supported scikit-learn versions).
# Idempotent: re-running only installs what is missing or differs from the pins.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "setup-python: '$PYTHON' not found; install Python 3.11+ (or set PYTHON=/path/to/python3)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "setup-python: Python 3.11+ required, found $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --disable-pip-version-check --quiet --require-virtualenv -r scripts/requirements.txt
.venv/bin/python -c 'import sklearn, numpy, scipy; print("sklearn", sklearn.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__)'
for req in scripts/requirements-sklearn-*.txt; do
  minor=${req#scripts/requirements-sklearn-}
  venv=.venv/sklearn-${minor%.txt}
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --require-virtualenv -r "$req"
  "$venv/bin/python" -c 'import sklearn, skops; print("sklearn", sklearn.__version__, "skops", skops.__version__, "in '"$venv"'")'
done
