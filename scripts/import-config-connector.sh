#!/usr/bin/env bash
# Regenerates src/infra/imports/ (typed L1 classes of the Config Connector kinds the infra chart
# uses) from the vendored CRDs. cdk8s import writes one file per API group, and a second run for
# the same group overwrites the first, so the CRDs of all kinds are concatenated into one input.
# Usage: bash scripts/import-config-connector.sh [crd-dir]   (default: ../shared/vendor/config-connector-crds)
set -euo pipefail
cd "$(dirname "$0")/.."
CRDS="${1:-../shared/vendor/config-connector-crds}"
KINDS=(
  artifactregistryrepositories certificatemanagercertificatemapentries certificatemanagercertificatemaps
  certificatemanagercertificates certificatemanagerdnsauthorizations cloudbuildtriggers cloudbuildworkerpools computeaddresses computenetworks
  computerouternats computerouters computesecuritypolicies computesubnetworks containerclusters containernodepools iampolicymembers
  iamserviceaccounts monitoringalertpolicies monitoringnotificationchannels pubsubtopics secretmanagersecrets
  servicenetworkingconnections services sqldatabases sqlinstances sqlusers storagebuckets storagenotifications
)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for kind in "${KINDS[@]}"; do
  printf -- '---\n' >> "$work/crds.yaml"
  cat "$CRDS/$kind".*.cnrm.cloud.google.com.yaml >> "$work/crds.yaml"
  printf '\n' >> "$work/crds.yaml"
done
rm -rf src/infra/imports
# cdk8s import records its input in cdk8s.yaml; the input is a temporary file, so keep cdk8s.yaml as it was.
cp cdk8s.yaml "$work/cdk8s.yaml"
npx cdk8s import "$work/crds.yaml" --language typescript --output src/infra/imports --no-check-upgrade
cp "$work/cdk8s.yaml" cdk8s.yaml
