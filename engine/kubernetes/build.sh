#!/usr/bin/env bash
# Builds OUTDIR/pulumi-resource-kubernetes from upstream's published provider
# module (see README.md for the commit and why), in three stages, because the
# plugin embeds a schema that upstream generates with `go generate`, which a
# module dependency does not run:
#   1. find the provider module in the Go module cache (downloading it)
#   2. write schema-embed.json (stamped with VERSION) and
#      terraform-mapping-embed.json from its schema.json and
#      terraform-mapping.json into cmd/pulumi-resource-kubernetes/generated/,
#      as upstream's cmd/pulumi-resource-kubernetes/generate.go does
#   3. build the plugin, which embeds that directory.
# Usage: engine/kubernetes/build.sh OUTDIR
set -uo pipefail

# Must equal the @pulumi/kubernetes npm version: the engine starts the plugin
# the SDK asks for by version and rejects a mismatch.
VERSION=4.25.0
MOD=github.com/pulumi/pulumi-kubernetes/provider/v4

fail() { echo "build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || fail "usage: build.sh OUTDIR (directory that receives pulumi-resource-kubernetes)"
command -v go >/dev/null || fail "go not on PATH; install Go >= 1.25 (e.g. export PATH=/usr/local/go/bin:\$PATH)"
mkdir -p "$1" || fail "cannot create output directory $1"
OUT=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE" || fail "cannot enter $HERE"

CMD=cmd/pulumi-resource-kubernetes
GEN=$CMD/generated
LDFLAGS="-s -w -X $MOD/pkg/version.Version=$VERSION"
TMP=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

echo "build.sh: [1/3] locating $MOD in the module cache" >&2
go mod download "$MOD" >"$TMP/log" 2>&1 \
  || { cat "$TMP/log" >&2; fail "stage 1 failed: go mod download $MOD (is the Go module proxy reachable? the version is pinned in go.mod)"; }
SRC=$(go list -m -f '{{.Dir}}' "$MOD" 2>"$TMP/log")/cmd/pulumi-resource-kubernetes \
  || { cat "$TMP/log" >&2; fail "stage 1 failed: go list -m $MOD (see output above; check go.mod)"; }
[ -s "$SRC/schema.json" ] && [ -s "$SRC/terraform-mapping.json" ] \
  || fail "stage 1 failed: $SRC lacks schema.json or terraform-mapping.json (wrong provider version in go.mod?)"

echo "build.sh: [2/3] generating schema-embed.json ($VERSION) and terraform-mapping-embed.json" >&2
# generate.go replaces each file in one rename rather than deleting it first:
# go test ./... builds the plugin package while its test runs this script.
(cd "$CMD" && VERSION=$VERSION go run ./generate.go "$SRC" generated) >"$TMP/log" 2>&1 \
  || { cat "$TMP/log" >&2; fail "stage 2 failed: go run $CMD/generate.go (see output above)"; }
[ -s "$GEN/schema-embed.json" ] || fail "stage 2 failed: generate.go wrote no $GEN/schema-embed.json"
[ -s "$GEN/terraform-mapping-embed.json" ] || fail "stage 2 failed: generate.go wrote no $GEN/terraform-mapping-embed.json"

echo "build.sh: [3/3] building pulumi-resource-kubernetes $VERSION" >&2
CGO_ENABLED=0 go build -trimpath -ldflags "$LDFLAGS" -o "$OUT/pulumi-resource-kubernetes" ./$CMD \
  >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "stage 3 failed: go build of $CMD (see compiler output above; check go.mod versions)"; }
echo "build.sh: done: $OUT/pulumi-resource-kubernetes" >&2
