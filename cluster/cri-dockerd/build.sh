#!/usr/bin/env bash
# Builds cri-dockerd into OUTDIR from this module (github.com/Mirantis/cri-dockerd at the version pinned in
# go.mod), with the version it reports set as its Makefile sets it (cmd/version.Version without the "v",
# GitCommit the release's commit from the module proxy's .info).
#
# Two changes to its source, made at build time on a copy (the module cache stays as the proxy serves it;
# the copy replaces the module in a copy of this go.mod), each checked, so that a release whose source
# moved stops the build:
# - OOM scores: cri-dockerd asks Docker for negative OOM score adjustments (-998 for every pod sandbox,
#   -997 for Guaranteed pods' containers); lowering a score below 0 needs CAP_SYS_RESOURCE, which this
#   host (a container without it in its bounding set) cannot grant, and runc then fails every such
#   container ("can't get final child's PID from pipe: EOF"). Both are clamped to 0 and above.
# - Streaming URLs: cri-dockerd answers exec/attach/port-forward with a scheme-less URL
#   ("//127.0.0.1:<port>/cri/exec/<token>"); the kubelet's WebSocket translator (kubectl >= 1.30 execs
#   over WebSockets) dials such a URL with TLS and fails ("server gave HTTP response to HTTPS client").
#   The streaming server is plain HTTP on loopback, so its base URL says http.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
module=github.com/Mirantis/cri-dockerd
version=$(go list -m -f '{{.Version}}' "$module") \
  || die "cannot resolve $module from cluster/cri-dockerd/go.mod (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
# `go list -m` only reads the module cache; on a fresh machine the source must be fetched first.
go mod download "$module" || die "cannot download $module $version (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
src=$(go list -m -f '{{.Dir}}' "$module") && [[ -d $src ]] || die "$module $version: downloaded, yet not in the module cache"
commit=$(go mod download -json "$module@$version" | sed -n 's/.*"Hash": "\([0-9a-f]\{7\}\).*/\1/p' | head -1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src" "$work/src" && chmod -R u+w "$work/src"
cp go.mod go.sum "$work/"
# patch FILE FROM TO: in the copy, the line FROM of FILE (relative to the module) becomes TO.
patch() {
  grep -qxF -- "$2" "$work/src/$1" || die "$module $version: $1 has no line '$2' to patch; check cluster/cri-dockerd/build.sh against this release"
  FROM=$2 TO=$3 perl -i -pe 'chomp(my $l = $_); $_ = "$ENV{TO}\n" if $l eq $ENV{FROM}' "$work/src/$1"
}
patch core/sandbox_helpers.go $'\tdefaultSandboxOOMAdj int = -998' $'\tdefaultSandboxOOMAdj int = 0'
patch core/helpers_linux.go $'\t\t\tcreateConfig.HostConfig.OomScoreAdj = int(rOpts.OomScoreAdj)' \
  $'\t\t\tcreateConfig.HostConfig.OomScoreAdj = max(0, int(rOpts.OomScoreAdj))'
patch cmd/server.go $'\t\tBaseURL:                         &url.URL{Path: "/cri/"},' \
  $'\t\tBaseURL:                         &url.URL{Scheme: "http", Path: "/cri/"},'
(cd "$work" && go mod edit -replace="$module=./src")

pkg=$module/cmd/version
echo "… cluster: cri-dockerd $version (go build $module, OOM scores >= 0, http streaming URLs)" >&2
(cd "$work" && go build -trimpath -ldflags "-s -w -X $pkg.Version=${version#v} -X $pkg.GitCommit=${commit:-unknown}" \
  -o "$out/cri-dockerd" "$module") \
  || die "go build of cri-dockerd $version failed (output above); cluster/cri-dockerd/go.mod pins it"
