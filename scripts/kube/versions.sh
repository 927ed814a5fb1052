# Pinned versions of the local control plane (sourced by the scripts in this folder).
# k8s.io/kubernetes v1.37.2 is the newest v1.37 patch on the Go module proxy at the time of pinning;
# GKE channels currently run 1.34–1.37.
KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
TOXICITY_CACHE="${TOXICITY_CACHE:-/root/.cache/toxicity}"
KUBE_CACHE="$TOXICITY_CACHE/kube/$KUBE_VERSION-kwok-$KWOK_VERSION"
