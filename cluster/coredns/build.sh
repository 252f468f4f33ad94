#!/usr/bin/env bash
# Builds CoreDNS into OUTDIR from this module's main.go (github.com/coredns/coredns at the version pinned in
# go.mod, with the plugins main.go names), with the commit it reports set to that release's tag.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
version=$(go list -m -f '{{.Version}}' github.com/coredns/coredns) \
  || die "cannot resolve github.com/coredns/coredns from cluster/coredns/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
echo "… cluster: coredns $version (go build ./cluster/coredns: bind, ready, errors, cache, kubernetes)" >&2
go build -trimpath -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$version" -o "$out/coredns" . \
  || die "go build of coredns $version failed (output above); cluster/coredns/go.mod pins it"
