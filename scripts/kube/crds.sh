#!/usr/bin/env bash
# Fetches the CustomResourceDefinitions the synthesized monitoring objects need, from the Go module proxy
# (the projects publish their CRD YAML inside their Go modules), into the cache, and prints that folder:
#   - monitoring.googleapis.com PodMonitoring and Rules (Google Cloud Managed Service for Prometheus,
#     github.com/GoogleCloudPlatform/prometheus-engine, charts/operator/crds/);
#   - monitoring.coreos.com ServiceMonitor, PodMonitor and PrometheusRule (prometheus-operator, example/prometheus-operator-crd/).
set -euo pipefail
# shellcheck source=versions.sh
. "$(dirname "$0")/versions.sh"
GMP_VERSION="${GMP_VERSION:-v0.17.2}"
PROM_OPERATOR_VERSION="${PROM_OPERATOR_VERSION:-v0.85.0}"
OUT="$TOXICITY_CACHE/kube/crds/gmp-$GMP_VERSION-prometheus-operator-$PROM_OPERATOR_VERSION"
if [ -s "$OUT/monitoring.coreos.com_podmonitors.yaml" ]; then
  echo "$OUT"
  exit 0
fi
mkdir -p "$OUT.tmp"
dir_of() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }
gmp="$(dir_of "github.com/GoogleCloudPlatform/prometheus-engine@$GMP_VERSION")"
po="$(dir_of "github.com/prometheus-operator/prometheus-operator@$PROM_OPERATOR_VERSION")"
cp "$gmp/charts/operator/crds/monitoring.googleapis.com_podmonitorings.yaml" \
  "$gmp/charts/operator/crds/monitoring.googleapis.com_rules.yaml" \
  "$po/example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml" \
  "$po/example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml" \
  "$po/example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" "$OUT.tmp/"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
echo "$OUT"
