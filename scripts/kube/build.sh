#!/usr/bin/env bash
# Builds a local Kubernetes control plane from the Go module proxy and caches it outside the checkout:
#   kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes) and kwok (sigs.k8s.io/kwok,
#   simulated nodes so that pods reach Running/Ready and rollouts complete).
#
# `go install k8s.io/kubernetes/cmd/...@vX` is refused because that module's go.mod replaces its staging
# modules with local paths; a scratch module that requires k8s.io/kubernetes and points those replace
# directives at the published k8s.io/* v0.<minor>.<patch> modules builds instead.
#
# Cache: ${TOXICITY_CACHE:-/root/.cache/toxicity}/kube/<version>/bin, rebuilt only when a binary is missing.
# Usage: scripts/kube/build.sh            (prints the bin directory on stdout)
set -euo pipefail

# shellcheck source=versions.sh
. "$(dirname "$0")/versions.sh"

log() { printf '[kube-build] %s\n' "$*" >&2; }

BIN="$KUBE_CACHE/bin"
NEEDED=(kube-apiserver kube-controller-manager kube-scheduler kwok)
missing=()
for b in "${NEEDED[@]}"; do [ -x "$BIN/$b" ] || missing+=("$b"); done
if [ ${#missing[@]} -eq 0 ] && [ -s "$KUBE_CACHE/kwok-stages.yaml" ]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$BIN" "$KUBE_CACHE/src"
SRC="$KUBE_CACHE/src"
# Go's build cache, module cache and temporary files for this build live in a scratch folder that is
# removed when the script ends: they hold 4-5 GB for Kubernetes and nothing reads them once the binaries
# exist, so a machine whose cache persists across CI runs does not fill its disk one version at a time.
# (-modcacherw: module files are written read-only by default, which `rm -rf` cannot remove.)
SCRATCH="$KUBE_CACHE/scratch"
rm -rf "$SCRATCH" && mkdir -p "$SCRATCH/build" "$SCRATCH/mod" "$SCRATCH/tmp"
trap 'rm -rf "$SCRATCH"' EXIT
export GOCACHE="$SCRATCH/build" GOMODCACHE="$SCRATCH/mod" GOTMPDIR="$SCRATCH/tmp" GOFLAGS=-modcacherw
staging_version="v0.${KUBE_VERSION#v1.}"

need_k8s=0
for b in "${missing[@]}"; do [ "$b" != kwok ] && need_k8s=1; done

if [ "$need_k8s" = 1 ]; then
  start=$(date +%s)
  log "building kube-apiserver, kube-controller-manager, kube-scheduler $KUBE_VERSION (staging modules $staging_version); ~20 min on 2 cores"
  rm -rf "$SRC/k8s" && mkdir -p "$SRC/k8s" && cd "$SRC/k8s"
  go mod init local.invalid/kube-build >/dev/null 2>&1
  gomod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [ -f "$gomod" ] || { log "could not download k8s.io/kubernetes@$KUBE_VERSION"; exit 1; }
  # Every `k8s.io/X => ./staging/src/k8s.io/X` becomes `k8s.io/X => k8s.io/X <staging_version>`.
  replaces=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$gomod")
  [ -n "$replaces" ] || { log "no staging replace directives found in $gomod"; exit 1; }
  go mod edit -require="k8s.io/kubernetes@$KUBE_VERSION"
  for m in $replaces; do go mod edit -replace="$m=$m@$staging_version"; done
  cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  GOFLAGS="$GOFLAGS -mod=mod" go mod tidy -e >/dev/null 2>&1 || true
  for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
    [ -x "$BIN/$cmd" ] && continue
    log "go build $cmd"
    # The version the binaries report (otherwise v0.0.0-master, which kubectl cannot parse).
    minor="${KUBE_VERSION#v1.}"
    minor="${minor%%.*}"
    ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
    ldflags="$ldflags -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor"
    ldflags="$ldflags -X k8s.io/component-base/version.gitTreeState=clean"
    GOFLAGS="$GOFLAGS -mod=mod" CGO_ENABLED=0 go build -p 2 -trimpath -ldflags="$ldflags" -o "$BIN/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
    mv "$BIN/$cmd.tmp" "$BIN/$cmd"
  done
  log "kubernetes binaries built in $(($(date +%s) - start))s"
fi

if [ ! -x "$BIN/kwok" ]; then
  start=$(date +%s)
  log "installing sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  GOBIN="$BIN" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  log "kwok built in $(($(date +%s) - start))s"
fi
# kwok's behaviour comes from Stage objects; the module ships the "fast" set (nodes become Ready at once,
# pods Running and Ready, deleted pods removed). They are gathered into one --config file next to the binaries.
if [ ! -s "$KUBE_CACHE/kwok-stages.yaml" ]; then
  dir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  stage="$dir/kustomize/stage"
  for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    cat "$stage/$f"
    echo '---'
  done >"$KUBE_CACHE/kwok-stages.yaml.tmp"
  mv "$KUBE_CACHE/kwok-stages.yaml.tmp" "$KUBE_CACHE/kwok-stages.yaml"
fi
echo "$BIN"
