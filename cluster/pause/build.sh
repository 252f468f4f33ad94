#!/usr/bin/env bash
# Builds the pod sandbox's pause binary (static: the image holds nothing else) and packs it into
# OUTDIR/pause.tar, a root file system with /pause, owned by root, with a fixed time: the same source
# gives the same tar, and so the same image.
set -euo pipefail
out=${1:?usage: build.sh OUTDIR}
cd "$(dirname "$0")"
die() { printf 'error [CLUSTER_BUILD]: %s\n' "$*" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
echo "… cluster: pause (go build ./cluster/pause, tar pause.tar)" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$root/pause" . || die "go build of cluster/pause failed (output above)"
mkdir -p "$out"
tar --create --file "$out/pause.tar" --directory "$root" --owner=0 --group=0 --numeric-owner --mtime=@0 pause \
  || die "cannot pack $root/pause into $out/pause.tar"
