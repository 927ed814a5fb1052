#!/usr/bin/env bash
# Installs what bench/solver-vs-liblinear.ts compares against: Debian's liblinear-tools (`liblinear-train`,
# the reference dual coordinate descent solver) and liblinear-dev (header and library), and compiles
# bench/liblinear-solve-timer.c, which times liblinear's train() alone (no file reading).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v liblinear-train >/dev/null 2>&1 || [ ! -f /usr/include/linear.h ] || ! command -v gcc >/dev/null 2>&1; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends liblinear-tools liblinear-dev gcc libc6-dev
fi
mkdir -p .bench
gcc -O2 -o .bench/liblinear-solve-timer bench/liblinear-solve-timer.c -llinear
echo "liblinear-train: $(command -v liblinear-train)"
echo "timer: .bench/liblinear-solve-timer"
