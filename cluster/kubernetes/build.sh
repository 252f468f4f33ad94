#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet and kube-proxy into
# OUTDIR from this module (k8s.io/kubernetes at the version pinned in go.mod), with the version they
# report set to that same version: the ldflags of k8s.io/kubernetes's hack/lib/version.sh (component-base
# and client-go alike).
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
version=$(go list -m -f '{{.Version}}' k8s.io/kubernetes) \
  || die "cannot resolve k8s.io/kubernetes from cluster/kubernetes/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
[[ $version =~ ^v([0-9]+)\.([0-9]+)\. ]] || die "k8s.io/kubernetes $version is not vMAJOR.MINOR.PATCH; cluster/kubernetes/go.mod pins it"
ldflags=(-s -w)
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=(-X "$pkg.gitVersion=$version" -X "$pkg.gitMajor=${BASH_REMATCH[1]}" -X "$pkg.gitMinor=${BASH_REMATCH[2]}"
    -X "$pkg.gitTreeState=clean")
done
cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
echo "… cluster: kubernetes $version (go build ${cmds[*]})" >&2
mkdir -p "$out"
go build -trimpath -ldflags "${ldflags[*]}" -o "$out/" "${cmds[@]/#/k8s.io/kubernetes/cmd/}" \
  || die "go build of kubernetes $version failed (output above); cluster/kubernetes/go.mod pins it"
