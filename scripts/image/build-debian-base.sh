#!/usr/bin/env bash
# Builds a local stand-in for mlflow-server/Dockerfile's production base (`ARG BASE_IMAGE`, the Debian
# image debian:<major>.<point>-slim) without any image registry: a minimal Debian root filesystem of that
# release from Debian packages (mmdebstrap, minbase, the variant the slim image is made from). It fails
# when deb.debian.org no longer serves that point release (then the pin is stale: bump it and the
# package pins of the Dockerfile). Imported into the podman store of scripts/image/podman.sh as
# localhost/toxicity-debian-base:<version>-ca<hash>; built only when missing, the root filesystem tarball
# kept under the cache, keyed by the version. Prints the image name.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOXICITY_CACHE="${TOXICITY_CACHE:-/root/.cache/toxicity}"
PODMAN=(bash "$ROOT/scripts/image/podman.sh")
DOCKERFILE="${DOCKERFILE:-$ROOT/mlflow-server/Dockerfile}"
log() { printf '[debian-base] %s\n' "$*" >&2; }

base="$(sed -n 's/^ARG BASE_IMAGE=//p' "$DOCKERFILE")"
if [[ ! "$base" =~ ^debian:(([0-9]+)\.[0-9]+)-slim$ ]]; then
  log "$DOCKERFILE: ARG BASE_IMAGE must be debian:<major>.<point>-slim, got '$base'"
  exit 1
fi
VERSION="${BASH_REMATCH[1]}"
# Code names of the Debian releases this script knows (debian.org/releases).
case "${BASH_REMATCH[2]}" in
  12) SUITE=bookworm ;;
  13) SUITE=trixie ;;
  14) SUITE=forky ;;
  *) log "Debian ${BASH_REMATCH[2]}: unknown code name; add it to $0" && exit 1 ;;
esac
KEY="$VERSION-$SUITE"
# The machine's CA bundle goes into a last layer (as for the Node base): pip in the image build then
# trusts the same TLS endpoints as the host. Only this stand-in has it; keyed by the bundle's hash.
HOST_CA="${HOST_CA:-/etc/ssl/certs/ca-certificates.crt}"
CA_KEY="$( [ -s "$HOST_CA" ] && sha256sum "$HOST_CA" | cut -c1-8 || echo none)"
RAW_IMAGE="localhost/toxicity-debian-base-raw:$KEY"
IMAGE="localhost/toxicity-debian-base:$KEY-ca$CA_KEY"

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

CACHE="$TOXICITY_CACHE/image/debian-$KEY"
TARBALL="$CACHE/rootfs.tar"
if [ ! -s "$TARBALL" ]; then
  start=$(date +%s)
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  log "Debian $SUITE (minbase) with mmdebstrap"
  mmdebstrap --quiet --variant=minbase "$SUITE" "$work/rootfs" http://deb.debian.org/debian
  rm -rf "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/cache/apt/"*.bin
  served="$(cat "$work/rootfs/etc/debian_version")"
  if [ "$served" != "$VERSION" ]; then
    log "deb.debian.org serves Debian $served for $SUITE, not the pinned $VERSION: update ARG BASE_IMAGE and the package pins"
    exit 1
  fi
  mkdir -p "$CACHE"
  tar -C "$work/rootfs" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  log "root filesystem built in $(($(date +%s) - start)) s ($(du -h "$TARBALL" | cut -f1))"
fi
if ! "${PODMAN[@]}" image exists "$RAW_IMAGE"; then
  "${PODMAN[@]}" import --quiet \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'CMD ["bash"]' \
    "$TARBALL" "$RAW_IMAGE" >/dev/null
fi
if [ "$CA_KEY" = none ]; then
  "${PODMAN[@]}" tag "$RAW_IMAGE" "$IMAGE"
else
  ctx="$(mktemp -d)"
  cp "$HOST_CA" "$ctx/host-ca.crt"
  printf 'FROM %s\nCOPY host-ca.crt /etc/ssl/host-ca.crt\nENV PIP_CERT=/etc/ssl/host-ca.crt\n' \
    "$RAW_IMAGE" >"$ctx/Containerfile"
  "${PODMAN[@]}" build --quiet --isolation chroot --network host --tag "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
echo "$IMAGE"
