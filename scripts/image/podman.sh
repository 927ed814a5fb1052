#!/usr/bin/env bash
# podman with the settings that work as root on these machines (no daemon, no registry): the runc runtime,
# the cgroupfs manager, a containers.conf without default ulimits (raising RLIMIT_NOFILE is refused here), and
# a storage root of its own under the cache, so images built by the suites survive between runs and stay
# apart from any other podman user.
#
# Storage driver: overlay when the kernel mounts it here, vfs otherwise. vfs has no copy-on-write: every
# layer and every build step's working container is a full copy of the root filesystem, so one build of
# model-server/Dockerfile (a 1 GB node_modules copied by each later step) took over 20 GB; overlay stores the
# changes only. The choice is probed once (podman's overlay driver test-mounts its graph root when it starts)
# and kept in $STORE/driver; each driver has its own graph root, and scripts/image/prune.sh removes the one
# not in use.
set -euo pipefail
# A fresh machine has no podman: install it (and what the base builds need) from Debian once, here,
# since every script reaches podman through this one.
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v mmdebstrap >/dev/null; then
  echo "[podman] installing Debian packages podman runc uidmap mmdebstrap" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends podman runc uidmap mmdebstrap >/dev/null
fi
TOXICITY_CACHE="${TOXICITY_CACHE:-/root/.cache/toxicity}"
STORE="$TOXICITY_CACHE/containers"
mkdir -p "$STORE" # a fresh machine has no cache yet
if [ ! -f "$STORE/containers.conf" ]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$STORE/containers.conf"
fi
export CONTAINERS_CONF="$STORE/containers.conf"
if [ ! -s "$STORE/driver" ]; then
  mkdir -p "$STORE/storage-overlay"
  if podman --runtime runc --storage-driver overlay --cgroup-manager cgroupfs \
    --root "$STORE/storage-overlay" --runroot "$STORE/run-overlay" info >/dev/null 2>&1; then
    echo overlay >"$STORE/driver.tmp"
  else
    echo vfs >"$STORE/driver.tmp"
  fi
  mv "$STORE/driver.tmp" "$STORE/driver"
fi
DRIVER="$(cat "$STORE/driver")"
case "$DRIVER" in
  overlay) GRAPH="$STORE/storage-overlay" ;;
  vfs) GRAPH="$STORE/storage" ;; # the path earlier versions of this script used
  *)
    echo "podman.sh: $STORE/driver says '$DRIVER'; expected overlay or vfs (delete the file to probe again)" >&2
    exit 1
    ;;
esac
mkdir -p "$GRAPH"
exec podman --runtime runc --storage-driver "$DRIVER" --cgroup-manager cgroupfs \
  --root "$GRAPH" --runroot "$STORE/run-$DRIVER" "$@"
