#!/usr/bin/env bash
# Builds kwok into OUTDIR from this module (sigs.k8s.io/kwok at the version pinned in go.mod), reporting
# that version (`kwok --version`), and writes beside it kwok-stages.yaml: the default stages of that same
# kwok release (./stages), which `kwok --config` needs to play the kubelet.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
version=$(go list -m -f '{{.Version}}' sigs.k8s.io/kwok) \
  || die "cannot resolve sigs.k8s.io/kwok from cluster/kwok/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
echo "… cluster: kwok $version (go build sigs.k8s.io/kwok/cmd/kwok)" >&2
go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${version#v}" -o "$out/kwok" sigs.k8s.io/kwok/cmd/kwok \
  || die "go build of kwok $version failed (output above); cluster/kwok/go.mod pins it"
go run ./stages >"$out/kwok-stages.yaml" \
  || die "cannot print kwok $version's default stages (output above); cluster/kwok/stages/main.go prints them"
