#!/usr/bin/env bash
# Fetches the Gateway API CustomResourceDefinitions (standard channel) that the Gateway edge mode's
# objects are validated against, from the Go module proxy: the module sigs.k8s.io/gateway-api carries
# them in config/crd/standard/. Copies them into the cache and prints that folder.
set -euo pipefail
# shellcheck source=versions.sh
. "$(dirname "$0")/versions.sh"
# v1.4.1: every field the edge uses (listeners, NamedAddress, RequestRedirect) is GA (v1) there.
GATEWAY_API_VERSION="${GATEWAY_API_VERSION:-v1.4.1}"
OUT="$TOXICITY_CACHE/kube/crds/gateway-api-$GATEWAY_API_VERSION"
if [ -s "$OUT/gateway.networking.k8s.io_httproutes.yaml" ]; then
  echo "$OUT"
  exit 0
fi
mkdir -p "$OUT.tmp"
dir="$(go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
cp "$dir"/config/crd/standard/gateway.networking.k8s.io_*.yaml "$OUT.tmp/"
chmod u+w "$OUT.tmp"/*.yaml
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
echo "$OUT"
