#!/usr/bin/env bash
# Builds a set of Go components into one cached bin directory, for engine/build.sh and cluster/build.sh.
# Usage: cached-go-build.sh LABEL CODE CACHE_DIR SOURCE_DIR COMPONENT...
#   Each COMPONENT is a folder of SOURCE_DIR with a build.sh OUTDIR. The entry CACHE_DIR/<key>/bin is keyed
#   by the Go version and every go.mod, go.sum, Go source and build script under SOURCE_DIR (and this
#   script), so a change rebuilds and nothing else does. Prints the bin directory on stdout; progress and
#   errors (`error [CODE]: ...`) go to stderr. A component that cannot be built stops the build with its
#   name; nothing half-built is ever cached, and one build runs at a time (flock), so callers may race.
set -euo pipefail
[[ $# -ge 5 ]] || { echo "usage: cached-go-build.sh LABEL CODE CACHE_DIR SOURCE_DIR COMPONENT..." >&2; exit 2; }
label=$1 code=$2 cache=$3 src=$4
shift 4
die() { printf 'error [%s]: %s\n' "$code" "$*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "no 'go' on PATH: the $label is built from Go modules (Go >= 1.26); install Go or put it on PATH"

key=$( {
  go version
  sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
  cd "$src" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' -o -name build.sh \) | LC_ALL=C sort | xargs sha256sum
} | sha256sum | cut -c1-16)
bin="$cache/$key/bin"
if [[ -f "$cache/$key/complete" ]]; then echo "$bin"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [[ -f "$cache/$key/complete" ]]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$cache/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS
for c in "$@"; do
  t=$SECONDS
  bash "$src/$c/build.sh" "$work/bin" >&2 || die "component $c failed (output above); $(basename "$src")/$c/build.sh OUTDIR reproduces it"
  printf '… %s: %s built in %d s\n' "$label" "$c" $((SECONDS - t)) >&2
done
rm -rf "${cache:?}/$key"
mkdir -p "$cache/$key"
mv "$work/bin" "$bin"
printf '{"builtSeconds":%d,"go":"%s"}\n' $((SECONDS - started)) "$(go env GOVERSION)" >"$cache/$key/complete"
printf '… %s: ready in %s (%d s)\n' "$label" "$bin" $((SECONDS - started)) >&2
echo "$bin"
