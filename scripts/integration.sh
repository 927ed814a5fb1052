#!/usr/bin/env bash
# Runs the integration suites (test/integration) against real services, installing what they need
# into project-local folders first:
#   - .venv: scikit-learn reference for the parity suite (scripts/setup-python.sh);
#   - .services/hadolint: the Dockerfile linter (scripts/setup-hadolint.sh);
#   - MLflow, fake-gcs-server and Prometheus/promtool, started on 127.0.0.1 (scripts/services.sh).
# Extra arguments go to jest, e.g. `npm run test:integration -- sklearn-parity`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-python.sh
HADOLINT_BIN="$(bash scripts/setup-hadolint.sh)"
export HADOLINT_BIN
exec bash scripts/services.sh run -- npx jest -c jest.integration.config.ts --ci "$@"
