#!/usr/bin/env bash
# podman with the settings that work as root on these machines (no daemon, no registry): the runc runtime,
# the vfs storage driver and the cgroupfs manager, a containers.conf without default ulimits (raising
# RLIMIT_NOFILE is refused here), and a storage root of its own under the cache, so images built by the
# suites survive between runs and stay apart from any other podman user.
set -euo pipefail
TOXICITY_CACHE="${TOXICITY_CACHE:-/root/.cache/toxicity}"
STORE="$TOXICITY_CACHE/containers"
mkdir -p "$STORE/storage" "$STORE/run"
if [ ! -f "$STORE/containers.conf" ]; then
  printf '[containers]\ndefault_ulimits = []\n' >"$STORE/containers.conf"
fi
export CONTAINERS_CONF="$STORE/containers.conf"
exec podman --runtime runc --storage-driver vfs --cgroup-manager cgroupfs \
  --root "$STORE/storage" --runroot "$STORE/run" "$@"
