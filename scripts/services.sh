#!/usr/bin/env bash
# Installs (when missing) and starts the real services the integration suites talk to, on 127.0.0.1
# with free ports:
#   - an MLflow tracking server (PyPI `mlflow`, project-local venv, SQLite backend, proxied artifacts);
#   - fake-gcs-server, a Cloud Storage JSON-API emulator (Go module proxy), publishing the
#     OBJECT_FINALIZE events of uploads under $RETRAIN_EVENT_PREFIX in $RETRAIN_EVENT_BUCKET to the
#     Pub/Sub topic $PUBSUB_TOPIC, as a Cloud Storage notification does (the retraining loop);
#   - the Pub/Sub emulator of the Google Cloud CLI (`gcloud beta emulators pubsub`, Java 17), with
#     that topic created; left out with a warning when it cannot be installed (the retraining
#     suite then says so), since only that suite needs it;
#   - Prometheus and promtool (Debian package `prometheus`), used by the monitoring suites;
#   - PostgreSQL (Debian package `postgresql`): installed only; the production-topology suite starts
#     and stops its own server through scripts/postgres.sh, with MLflow from the same venv
#     (which therefore also holds psycopg2 and google-cloud-storage).
#
# Usage:
#   scripts/services.sh up            start everything, write .services/env (source it)
#   scripts/services.sh down          stop what `up` started
#   scripts/services.sh install       only install
#   scripts/services.sh run -- CMD…   up, run CMD with the endpoints exported, then down (CMD's exit code)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/.services"
VENV="$STATE/venv"
GOBIN_DIR="$STATE/bin"
# Pinned versions (MLflow 3.17.2 is the newest on PyPI with a matching mlflow-skinny at the time of pinning).
MLFLOW_VERSION="3.17.2"
# MLflow's PostgreSQL driver and GCS artifact store (and [auth], the basic-auth app), as in mlflow-server/Dockerfile.
MLFLOW_EXTRAS=("psycopg2-binary==2.9.10" "google-cloud-storage==3.17.1")
FAKE_GCS_VERSION="v1.56.1"
# The retraining loop's notification, as infra.retrain in the config: uploads under this prefix of
# this bucket are announced on this topic (the bucket is fixed so that other suites' uploads stay quiet).
PUBSUB_PROJECT="toxicity-local"
PUBSUB_TOPIC="toxicity-data-uploads"
RETRAIN_EVENT_BUCKET="toxicity-retrain-data"
RETRAIN_EVENT_PREFIX="uploads/"

log() { printf '[services] %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url seconds name logfile
  local url=$1 seconds=$2 name=$3 logfile=$4
  for _ in $(seq 1 "$seconds"); do
    if curl -sf -o /dev/null "$url"; then return 0; fi
    sleep 1
  done
  log "$name did not answer on $url within ${seconds}s; last log lines:"
  tail -20 "$logfile" >&2 || true
  return 1
}

# The emulator ships as a component of the Google Cloud CLI (Debian package
# google-cloud-cli-pubsub-emulator, or `gcloud components install pubsub-emulator`); both come from
# Google's servers, so where they are unreachable it cannot be installed and is left out.
pubsub_emulator_present() {
  command -v gcloud >/dev/null 2>&1 || return 1
  local sdk
  sdk=$(dirname "$(dirname "$(readlink -f "$(command -v gcloud)")")")
  [ -x "$sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ]
}

install_pubsub_emulator() {
  if ! command -v java >/dev/null 2>&1; then
    log "installing Debian package openjdk-17-jre-headless (the Pub/Sub emulator runs on Java)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null ||
      log "could not install Java 17"
  fi
  pubsub_emulator_present && return 0
  if ! command -v gcloud >/dev/null 2>&1; then
    log "WARNING: no gcloud on PATH: install the Google Cloud CLI with its Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator from Google's apt repository); the retraining suite needs it"
    return 0
  fi
  log "installing the Pub/Sub emulator (gcloud components install pubsub-emulator beta)"
  if ! gcloud components install pubsub-emulator beta --quiet >"$STATE/pubsub-install.log" 2>&1; then
    log "WARNING: could not install the Pub/Sub emulator ($(tail -1 "$STATE/pubsub-install.log")); install it with 'apt-get install google-cloud-cli-pubsub-emulator' (Google's apt repository) where Google's servers are reachable; the retraining suite needs it"
  fi
}

install() {
  mkdir -p "$STATE"
  install_pubsub_emulator
  if [ ! -x "$VENV/bin/mlflow" ] || ! "$VENV/bin/mlflow" --version 2>/dev/null | grep -q "$MLFLOW_VERSION" ||
    ! "$VENV/bin/python" -c 'import psycopg2, google.cloud.storage, flask_wtf' 2>/dev/null; then
    log "installing mlflow==$MLFLOW_VERSION ${MLFLOW_EXTRAS[*]} into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow[auth]==$MLFLOW_VERSION" "${MLFLOW_EXTRAS[@]}"
  fi
  bash "$ROOT/scripts/postgres.sh" install >/dev/null
  if [ ! -x "$GOBIN_DIR/fake-gcs-server" ]; then
    log "installing fake-gcs-server@$FAKE_GCS_VERSION into $GOBIN_DIR"
    GOBIN="$GOBIN_DIR" go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_VERSION"
  fi
  if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
    log "installing Debian package prometheus (promtool)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  fi
}

up() {
  install
  down >/dev/null 2>&1 || true
  mkdir -p "$STATE/mlflow/artifacts" "$STATE/gcs" "$STATE/pids"
  local mlflow_port gcs_port pubsub_port="" pubsub_host=""
  mlflow_port=$(free_port)
  gcs_port=$(free_port)

  if pubsub_emulator_present && command -v java >/dev/null 2>&1; then
    pubsub_port=$(free_port)
    pubsub_host="127.0.0.1:$pubsub_port"
    log "starting the Pub/Sub emulator on $pubsub_host"
    rm -rf "$STATE/pubsub" && mkdir -p "$STATE/pubsub"
    # gcloud starts the emulator's JVM as a child: run both in a session of their own, stopped as a group.
    setsid nohup gcloud beta emulators pubsub start --host-port="$pubsub_host" --project="$PUBSUB_PROJECT" \
      --data-dir="$STATE/pubsub" --quiet >"$STATE/pubsub.log" 2>&1 &
    echo $! >"$STATE/pids/pubsub.group"
    wait_http "http://$pubsub_host/" 60 "Pub/Sub emulator" "$STATE/pubsub.log"
    # The topic must exist before fake-gcs-server publishes to it (the emulator's REST API).
    curl -sf -X PUT -o /dev/null "http://$pubsub_host/v1/projects/$PUBSUB_PROJECT/topics/$PUBSUB_TOPIC"
  else
    log "WARNING: the Pub/Sub emulator is not installed (scripts/services.sh install says why): fake-gcs-server publishes no events"
  fi

  log "starting MLflow on 127.0.0.1:$mlflow_port"
  rm -f "$STATE/mlflow/mlflow.db"
  rm -rf "$STATE/mlflow/artifacts" && mkdir -p "$STATE/mlflow/artifacts"
  nohup "$VENV/bin/mlflow" server --host 127.0.0.1 --port "$mlflow_port" --workers 1 \
    --backend-store-uri "sqlite:///$STATE/mlflow/mlflow.db" \
    --artifacts-destination "$STATE/mlflow/artifacts" --serve-artifacts \
    >"$STATE/mlflow.log" 2>&1 &
  echo $! >"$STATE/pids/mlflow"

  log "starting fake-gcs-server on 127.0.0.1:$gcs_port"
  local events=()
  if [ -n "$pubsub_host" ]; then
    events=(-event.pubsub-project-id "$PUBSUB_PROJECT" -event.pubsub-topic "$PUBSUB_TOPIC"
      -event.bucket "$RETRAIN_EVENT_BUCKET" -event.object-prefix "$RETRAIN_EVENT_PREFIX" -event.list finalize)
  fi
  PUBSUB_EMULATOR_HOST="$pubsub_host" nohup "$GOBIN_DIR/fake-gcs-server" -scheme http -host 127.0.0.1 \
    -port "$gcs_port" -backend memory -external-url "http://127.0.0.1:$gcs_port" -log-level warn \
    "${events[@]}" >"$STATE/gcs.log" 2>&1 &
  echo $! >"$STATE/pids/gcs"

  wait_http "http://127.0.0.1:$gcs_port/storage/v1/b" 30 fake-gcs-server "$STATE/gcs.log"
  wait_http "http://127.0.0.1:$mlflow_port/health" 90 MLflow "$STATE/mlflow.log"

  cat >"$STATE/env" <<ENV
export MLFLOW_TRACKING_URI=http://127.0.0.1:$mlflow_port
export GCS_EMULATOR_ENDPOINT=http://127.0.0.1:$gcs_port
export MLFLOW_VENV_BIN=$VENV/bin
export PROMETHEUS_BIN=$(command -v prometheus)
export PROMTOOL_BIN=$(command -v promtool)
export SKLEARN_PYTHON=$ROOT/.venv/bin/python
ENV
  if [ -n "$pubsub_host" ]; then
    cat >>"$STATE/env" <<ENV
export PUBSUB_EMULATOR_HOST=$pubsub_host
export PUBSUB_PROJECT_ID=$PUBSUB_PROJECT
export PUBSUB_TOPIC=$PUBSUB_TOPIC
export RETRAIN_EVENT_BUCKET=$RETRAIN_EVENT_BUCKET
export RETRAIN_EVENT_PREFIX=$RETRAIN_EVENT_PREFIX
ENV
  fi
  log "ready; endpoints in $STATE/env"
  cat "$STATE/env" >&2
}

down() {
  for f in "$STATE"/pids/*; do
    [ -f "$f" ] || continue
    local pid target
    pid=$(cat "$f")
    # A *.group file names a process group leader (setsid): stop the whole group.
    target=$pid
    case "$f" in *.group) target="-$pid" ;; esac
    if kill -- "$target" 2>/dev/null; then log "stopped $(basename "$f") ($pid)"; fi
    rm -f "$f"
  done
  # MLflow's server forks workers; make sure none is left behind on our sqlite file.
  pkill -f "$STATE/mlflow/mlflow.db" 2>/dev/null || true
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { log "usage: $0 run -- COMMAND..."; exit 2; }
    up
    trap down EXIT
    # shellcheck disable=SC1091
    set -a && . "$STATE/env" && set +a
    "$@"
    ;;
  *)
    echo "usage: $0 up|down|install|run -- COMMAND..." >&2
    exit 2
    ;;
esac
