#!/usr/bin/env bash
# The Pulumi engine of this repository, built from published Go modules and cached: the CLI (cli/), our
# Node.js language host (langhost/), and the provider plugins the program uses (docker/, command/,
# kubernetes/).
# Each folder is its own Go module with a build.sh OUTDIR. The cache directory is keyed by every go.mod,
# go.sum, Go source and build script under engine/ plus the Go version, so a change rebuilds and nothing
# else does. Prints the directory holding the binaries on stdout; progress and errors go to stderr.
# A component that cannot be built stops the build with its name; nothing half-built is ever cached.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
components=(cli langhost command docker kubernetes)
die() { printf 'error [ENGINE_BUILD]: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "no 'go' on PATH: the engine is built from Go modules (Go >= 1.25); install Go or put it on PATH"

key=$( { go version; cd "$here" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' -o -name build.sh \) | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)
cache="${VERIFIER_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/verifier-engine}"
bin="$cache/$key/bin"
if [[ -f "$cache/$key/complete" ]]; then echo "$bin"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # one build at a time: npm test and npm start may race on a fresh machine
if [[ -f "$cache/$key/complete" ]]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$cache/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS
for c in "${components[@]}"; do
  t=$SECONDS
  bash "$here/$c/build.sh" "$work/bin" >&2 || die "component $c failed (output above); engine/$c/build.sh OUTDIR reproduces it"
  printf '… engine: %s built in %d s\n' "$c" $((SECONDS - t)) >&2
done
rm -rf "${cache:?}/$key"
mkdir -p "$cache/$key"
mv "$work/bin" "$bin"
printf '{"builtSeconds":%d,"go":"%s"}\n' $((SECONDS - started)) "$(go env GOVERSION)" >"$cache/$key/complete"
printf '… engine: ready in %s (%d s)\n' "$bin" $((SECONDS - started)) >&2
echo "$bin"
