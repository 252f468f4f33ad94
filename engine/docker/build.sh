#!/usr/bin/env bash
# Builds OUTDIR/pulumi-resource-docker in two stages, because the plugin
# embeds a schema that only exists after the tfgen stage has run:
#   1. build pulumi-tfgen-docker and let it write schema.json and
#      bridge-metadata.json into cmd/pulumi-resource-docker/generated/
#   2. build the plugin, which embeds that directory.
# Usage: engine/docker/build.sh OUTDIR
set -uo pipefail

# Must equal the @pulumi/docker npm version: the engine starts the plugin
# the SDK asks for by version and rejects a mismatch.
VERSION=5.2.0
PKG=verifier.local/engine/docker/provider
# Leaves out upstream's docker_compose (plugin-framework, not bridged
# here) so docker/compose is not compiled into the plugin.
TAGS=no_compose

fail() { echo "build.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || fail "usage: build.sh OUTDIR (directory that receives pulumi-resource-docker)"
command -v go >/dev/null || fail "go not on PATH; install Go >= 1.25 (e.g. export PATH=/usr/local/go/bin:\$PATH)"
mkdir -p "$1" || fail "cannot create output directory $1"
OUT=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE" || fail "cannot enter $HERE"

GEN=cmd/pulumi-resource-docker/generated
LDFLAGS="-s -w -X $PKG.Version=$VERSION"
TMP=$(mktemp -d) || fail "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

echo "build.sh: [1/3] building pulumi-tfgen-docker" >&2
go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$TMP/pulumi-tfgen-docker" ./cmd/pulumi-tfgen-docker \
  >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "stage 1 failed: go build of cmd/pulumi-tfgen-docker (see compiler output above; check go.mod versions)"; }

echo "build.sh: [2/3] generating schema.json and bridge-metadata.json" >&2
# Docs and examples are skipped: they only feed descriptions and would make
# tfgen look for upstream docs and example converters we do not ship.
rm -f "$GEN/schema.json" "$GEN/bridge-metadata.json"
"$TMP/pulumi-tfgen-docker" schema --out "$GEN" --skip-docs --skip-examples \
  >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "stage 2 failed: pulumi-tfgen-docker schema (mapping in provider/resources.go rejected; see output above)"; }
[ -s "$GEN/schema.json" ] || fail "stage 2 failed: tfgen wrote no $GEN/schema.json"
[ -s "$GEN/bridge-metadata.json" ] || fail "stage 2 failed: tfgen wrote no $GEN/bridge-metadata.json"

echo "build.sh: [3/3] building pulumi-resource-docker $VERSION" >&2
go build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$OUT/pulumi-resource-docker" ./cmd/pulumi-resource-docker \
  >"$TMP/log" 2>&1 || { cat "$TMP/log" >&2; fail "stage 3 failed: go build of cmd/pulumi-resource-docker"; }
echo "build.sh: done: $OUT/pulumi-resource-docker" >&2
