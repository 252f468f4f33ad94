#!/usr/bin/env bash
# Host Redis for the service's fast tests: 127.0.0.1:6379, no persistence (test data only).
set -euo pipefail
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0
command -v redis-server >/dev/null 2>&1 || { printf 'error [HOST_REDIS]: the service tests need Redis on 127.0.0.1:6379; none answers and redis-server is not installed (apt-get install redis-server)\n' >&2; exit 1; }
printf '… host: starting host redis on 127.0.0.1:6379\n' >&2
redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp
for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0; sleep 0.25; done
printf 'error [HOST_REDIS]: redis-server started but does not answer on 127.0.0.1:6379\n' >&2; exit 1
