#!/usr/bin/env bash
# The Pulumi engine of this repository, built from published Go modules and cached: the CLI (cli/), our
# Node.js language host (langhost/), and the provider plugins the program uses (command/, docker/,
# kubernetes/). Each folder is its own Go module with a build.sh OUTDIR; scripts/cached-go-build.sh keys
# the cache entry (~/.cache/verifier-engine/<key>/bin, or VERIFIER_ENGINE_CACHE) by every Go file and
# build script under engine/ plus the Go version, and prints the directory holding the binaries on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/../scripts/cached-go-build.sh" engine ENGINE_BUILD \
  "${VERIFIER_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/verifier-engine}" "$here" \
  cli langhost command docker kubernetes
