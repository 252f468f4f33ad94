#!/usr/bin/env bash
# The local Kubernetes cluster of this repository, built from published Go modules and cached: etcd
# (etcd/), kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet and kube-proxy
# (kubernetes/), kwok (kwok/), which plays the kubelet for fake nodes, and for real (docker-runtime)
# nodes cri-dockerd (cri-dockerd/), CoreDNS (coredns/) and the pod sandbox's pause.tar (pause/). Each
# folder is its own Go module with a build.sh OUTDIR; scripts/cached-go-build.sh keys the cache entry
# (~/.cache/verifier-cluster/<key>/bin, or VERIFIER_CLUSTER_CACHE) by every Go file and build script under
# cluster/ plus the Go version, and prints the directory holding the binaries on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../scripts/cached-go-build.sh" cluster CLUSTER_BUILD \
  "${VERIFIER_CLUSTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/verifier-cluster}" "$here" \
  etcd kwok kubernetes cri-dockerd coredns pause
