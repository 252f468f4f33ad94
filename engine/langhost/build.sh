#!/usr/bin/env bash
# build.sh OUTDIR — builds OUTDIR/pulumi-language-nodejs, the verifier's Pulumi language host.
# No other executable is needed for policy packs: Pulumi CLI 3.248 runs a Node policy pack
# through this host's RunPlugin RPC whenever a nodejs language host is on PATH, so the legacy
# `pulumi-analyzer-policy` shim is never executed.
set -euo pipefail
out="${1:?usage: build.sh OUTDIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null || { echo "build.sh: go not found on PATH; install Go >= 1.25" >&2; exit 1; }
mkdir -p "$out" 2>/dev/null || { echo "build.sh: cannot create output directory $out" >&2; exit 1; }
out="$(cd "$out" && pwd)"
echo "build.sh: building $out/pulumi-language-nodejs" >&2
if ! log="$(cd "$here" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/pulumi-language-nodejs" . 2>&1)"; then
  echo "build.sh: go build of $here failed: $(printf '%s\n' "$log" | grep -v '^#' | head -n 1)" >&2
  exit 1
fi
