#!/usr/bin/env bash
# Keeps the podman store of scripts/image/podman.sh from growing across runs on a machine whose cache
# persists: removes every container (the suites' own, and buildah working containers left by an interrupted
# build) and every image that is neither named on the command line nor a parent of one, e.g. the layers of
# earlier builds of the suites' images and bases of older versions; and the graph root of the storage driver
# not in use. Prints the store's size before and after.
# Usage: scripts/image/prune.sh [<image to keep>...]   (without names, images are left alone: run it so
#        before the bases are built, to free the space first, and with their names after)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PODMAN=(bash "$ROOT/scripts/image/podman.sh")
log() { printf '[image-prune] %s\n' "$*" >&2; }

store="$("${PODMAN[@]}" info --format '{{.Store.GraphRoot}}')"
# The graph root of the storage driver not in use (scripts/image/podman.sh), e.g. the vfs store of earlier runs
# once overlay works: nothing reads it any more.
CONTAINERS="${TOXICITY_CACHE:-/root/.cache/toxicity}/containers"
for other in "$CONTAINERS/storage" "$CONTAINERS/storage-overlay"; do
  if [ -d "$other" ] && [ "$other" != "$store" ]; then
    log "removing the unused store $other ($(du -sm "$other" 2>/dev/null | cut -f1) MiB)"
    rm -rf "$other"
  fi
done
size() { du -sm "$store" 2>/dev/null | cut -f1; }
before="$(size)"

keep=()
for name in "$@"; do
  keep+=("$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$name")")
done

# Containers first: an image a container uses cannot be removed. --external lists buildah's working
# containers, which `podman rm` removes as well.
mapfile -t containers < <("${PODMAN[@]}" ps --all --external --quiet --no-trunc)
if [ ${#containers[@]} -gt 0 ]; then
  "${PODMAN[@]}" rm --force --time 0 "${containers[@]}" >/dev/null 2>&1 || true
fi

if [ $# -eq 0 ]; then
  log "removed ${#containers[@]} container(s); store $before MiB -> $(size) MiB"
  exit 0
fi

# Images: removal without --force refuses a parent of another image, so the parents of the kept images stay;
# each pass can free the parents of the images the previous pass removed.
removed=0
for _ in 1 2 3 4 5 6 7 8; do
  progress=0
  while read -r id; do
    [ -n "$id" ] || continue
    skip=0
    for k in "${keep[@]}"; do [ "$k" = "$id" ] && skip=1; done
    [ "$skip" = 1 ] && continue
    if "${PODMAN[@]}" rmi "$id" >/dev/null 2>&1; then
      progress=$((progress + 1))
    fi
  done < <("${PODMAN[@]}" images --all --quiet --no-trunc | sed 's/^sha256://' | sort -u)
  removed=$((removed + progress))
  [ "$progress" = 0 ] && break
done
log "removed ${#containers[@]} container(s) and $removed image(s); store $before MiB -> $(size) MiB"
