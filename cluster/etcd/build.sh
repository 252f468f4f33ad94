#!/usr/bin/env bash
# Builds the etcd server into OUTDIR from this module (go.etcd.io/etcd/server/v3 at the version pinned in
# go.mod; the version etcd reports is compiled into go.etcd.io/etcd/api/v3, pinned alike).
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
version=$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3) \
  || die "cannot resolve go.etcd.io/etcd/server/v3 from cluster/etcd/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
echo "… cluster: etcd $version (go build go.etcd.io/etcd/server/v3)" >&2
go build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$version" -o "$out/etcd" go.etcd.io/etcd/server/v3 \
  || die "go build of etcd $version failed (output above); cluster/etcd/go.mod pins it"
