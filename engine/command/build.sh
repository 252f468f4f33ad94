#!/usr/bin/env bash
# build.sh OUTDIR -> OUTDIR/pulumi-resource-command
# Builds our own command:local:Command provider plugin (see README.md), with
# the plugin version pinned to the @pulumi/command SDK version we serve.
set -euo pipefail

VERSION=1.2.1 # must equal the @pulumi/command npm version the program pins
out="${1:-}"
if [ -z "$out" ]; then
  echo "build.sh: missing OUTDIR argument; usage: engine/command/build.sh OUTDIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! mkdir -p "$out" 2>/dev/null; then
  echo "build.sh: cannot create output directory $out; pass a writable OUTDIR" >&2
  exit 1
fi
out="$(cd "$out" && pwd)"

echo "build.sh: building pulumi-resource-command v$VERSION -> $out/pulumi-resource-command" >&2
if ! (cd "$here" && CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X verifier.local/engine/command/provider.Version=$VERSION" \
  -o "$out/pulumi-resource-command" ./cmd/pulumi-resource-command); then
  echo "build.sh: go build of engine/command/cmd/pulumi-resource-command failed (output above)" >&2
  exit 1
fi
