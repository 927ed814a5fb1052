#!/usr/bin/env bash
# Runs the integration suites (test/integration) against real services, installing what they need
# into project-local folders first:
#   - .venv: scikit-learn reference for the parity suite (scripts/setup-python.sh);
#   - .services/hadolint: the Dockerfile linter (scripts/setup-hadolint.sh);
#   - MLflow, fake-gcs-server and Prometheus/promtool, started on 127.0.0.1 (scripts/services.sh);
#   - a Kubernetes control plane built from the Go module proxy (scripts/kube/, started per suite), the
#     CRDs its suites install (monitoring, Gateway API: also from the Go module proxy), the
#     model-server image's local base (scripts/image/build-base.sh, podman) and the MLflow server
#     image's Debian base (scripts/image/build-debian-base.sh).
# Extra arguments go to jest, e.g. `npm run test:integration -- sklearn-parity`.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() { # name, command…: runs it and prints how long it took
  local name=$1 t0
  shift
  t0=$(date +%s)
  echo "== $name" >&2
  "$@"
  echo "== $name: $(($(date +%s) - t0)) s" >&2
}

bash scripts/setup-python.sh
HADOLINT_BIN="$(bash scripts/setup-hadolint.sh)"
export HADOLINT_BIN
# Cached outside the checkout, keyed by version: slow only on a machine that never built them.
stage "kube-apiserver, kube-controller-manager, kube-scheduler, kwok (scripts/kube/build.sh)" \
  bash scripts/kube/build.sh >/dev/null
stage "monitoring CRDs (scripts/kube/crds.sh)" bash scripts/kube/crds.sh >/dev/null
stage "Gateway API CRDs (scripts/kube/gateway-crds.sh)" bash scripts/kube/gateway-crds.sh >/dev/null
# The podman store persists between runs: containers left by an interrupted run and the store of a storage
# driver no longer used go first (space before building), then every image the current bases do not need.
stage "podman store: leftovers (scripts/image/prune.sh)" bash scripts/image/prune.sh
stage "image base from Debian packages and the npm Node binary (scripts/image/build-base.sh)" \
  bash scripts/image/build-base.sh >/dev/null
stage "MLflow image base from Debian packages (scripts/image/build-debian-base.sh)" \
  bash scripts/image/build-debian-base.sh >/dev/null
stage "podman store: images the current bases do not need (scripts/image/prune.sh)" \
  bash scripts/image/prune.sh "$(bash scripts/image/build-base.sh)" "$(bash scripts/image/build-debian-base.sh)"
exec bash scripts/services.sh run -- npx jest -c jest.integration.config.ts --ci "$@"
