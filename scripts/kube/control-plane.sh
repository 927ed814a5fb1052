#!/usr/bin/env bash
# A throwaway Kubernetes control plane on 127.0.0.1, for the integration suites:
#   etcd (Debian `etcd-server`), kube-apiserver (PodSecurity admission is on by default), kube-controller-manager
#   (Deployment/ReplicaSet/HPA/garbage-collector controllers, so rollouts and `rollout undo` happen), kube-scheduler,
#   and kwok managing one simulated node, so pods are scheduled and reach Running/Ready without a kubelet.
# Binaries come from scripts/kube/build.sh (built once per machine, cached by version). Every listener takes a free
# port; certificates and keys are made with openssl into the state folder; an admin kubeconfig is written there.
#
# Usage:
#   scripts/kube/control-plane.sh up [STATE_DIR]     start, print `export KUBECONFIG=…` lines (also in STATE_DIR/env)
#   scripts/kube/control-plane.sh down [STATE_DIR]   stop what `up` started in STATE_DIR and delete its data
# STATE_DIR defaults to .services/kube in the checkout.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cmd="${1:-}"
STATE="${2:-$ROOT/.services/kube}"
log() { printf '[kube] %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

stop() {
  if [ -d "$STATE/pids" ]; then
    for f in "$STATE"/pids/*; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$f"
    done
  fi
}

wait_ready() { # seconds
  for _ in $(seq 1 "$1"); do
    if kubectl --kubeconfig "$STATE/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "kube-apiserver not ready within $1 s; last log lines:"
  tail -30 "$STATE/kube-apiserver.log" >&2 || true
  return 1
}

certs() {
  local d="$STATE/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=toxicity-test-ca' \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  # Server certificate for 127.0.0.1 and the in-cluster service names.
  cat >"$d/server.ext" <<EXT
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth
EXT
  openssl req -newkey rsa:2048 -nodes -subj '/CN=kube-apiserver' -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
  # Admin client: O=system:masters is bound to cluster-admin by the default RBAC policy.
  printf 'extendedKeyUsage=clientAuth\n' >"$d/client.ext"
  openssl req -newkey rsa:2048 -nodes -subj '/O=system:masters/CN=toxicity-admin' \
    -keyout "$d/admin.key" -out "$d/admin.csr" 2>/dev/null
  openssl x509 -req -in "$d/admin.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/client.ext" -out "$d/admin.crt" 2>/dev/null
  # Service-account token signing key pair.
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

kubeconfig() { # port
  local d="$STATE/pki"
  cat >"$STATE/admin.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: https://127.0.0.1:$1
      certificate-authority: $d/ca.crt
users:
  - name: admin
    user:
      client-certificate: $d/admin.crt
      client-key: $d/admin.key
contexts:
  - name: local
    context: { cluster: local, user: admin }
current-context: local
KC
}

start() { # name, args...
  local name=$1
  shift
  nohup "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/pids/$name"
}

up() {
  local t0 bin
  t0=$(date +%s)
  bin="$(bash "$ROOT/scripts/kube/build.sh")"
  command -v etcd >/dev/null || {
    log "installing Debian package etcd-server"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends etcd-server >/dev/null
  }
  stop
  rm -rf "$STATE" && mkdir -p "$STATE/pids" "$STATE/etcd"
  certs
  local etcd_port peer_port api_port kcm_port sched_port kwok_port
  etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)
  kcm_port=$(free_port); sched_port=$(free_port); kwok_port=$(free_port)
  kubeconfig "$api_port"
  local kc="$STATE/admin.kubeconfig" d="$STATE/pki"

  start etcd etcd --name toxicity-test --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "toxicity-test=http://127.0.0.1:$peer_port" --unsafe-no-fsync

  start kube-apiserver "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$d/server.crt" --tls-private-key-file "$d/server.key" --client-ca-file "$d/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$d/sa.pub" \
    --service-account-signing-key-file "$d/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction,PodSecurity \
    --allow-privileged=false --profiling=false --endpoint-reconciler-type none
  wait_ready 120

  start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$kc" \
    --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$kcm_port" --leader-elect=false \
    --service-account-private-key-file "$d/sa.key" --root-ca-file "$d/ca.crt" \
    --use-service-account-credentials=false \
    --horizontal-pod-autoscaler-sync-period 2s --concurrent-deployment-syncs 2
  start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$kc" \
    --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false
  start kwok "$bin/kwok" --kubeconfig "$kc" --config "$(dirname "$bin")/kwok-stages.yaml" --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --server-address "127.0.0.1:$kwok_port" --node-ip 10.0.0.10 --cidr 10.0.0.0/24

  # One simulated node, in a zone, with room for the suites' pods.
  kubectl --kubeconfig "$kc" apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-a
    type: kwok
status:
  allocatable: { cpu: "32", memory: 128Gi, pods: "110", ephemeral-storage: 100Gi }
  capacity: { cpu: "32", memory: 128Gi, pods: "110", ephemeral-storage: 100Gi }
NODE
  {
    echo "export KUBECONFIG=$kc"
    echo "export TOXICITY_KUBE_BIN=$bin"
  } >"$STATE/env"
  log "control plane up on https://127.0.0.1:$api_port in $(($(date +%s) - t0)) s (state $STATE)"
  cat "$STATE/env"
}

case "$cmd" in
  up) up ;;
  down) stop; rm -rf "$STATE" ;;
  *) echo "usage: $0 up|down [STATE_DIR]" >&2; exit 2 ;;
esac
