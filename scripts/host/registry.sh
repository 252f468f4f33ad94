#!/usr/bin/env bash
# The local image registry: Debian's docker-registry (CNCF distribution) on 127.0.0.1:5000 only, its data
# under the cache so pushed images outlive a checkout. Digest-pinned stacks pull from it by digest.
set -euo pipefail
log() { printf '… host: %s\n' "$*" >&2; }
die() { printf 'error [HOST_REGISTRY]: %s\n' "$*" >&2; exit 1; }
answers() { curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:5000/v2/ 2>/dev/null; }
answers && exit 0

dir="${VERIFIER_REGISTRY_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/verifier-registry}"
mkdir -p "$dir/data"
cat >"$dir/config.yml" <<CONFIG
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $dir/data }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:5000
CONFIG
log "starting docker-registry on 127.0.0.1:5000 (data: $dir/data, log: $dir/registry.log)"
nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
for _ in $(seq 1 30); do answers && exit 0; sleep 0.5; done
tail -20 "$dir/registry.log" >&2
die "docker-registry did not answer on 127.0.0.1:5000 within 15 s (log above); is the port taken? (ss -ltnp 'sport = :5000')"
