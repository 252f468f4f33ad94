#!/usr/bin/env bash
# Host set-up shared by `npm start`, `npm test` (through scripts/bootstrap.mjs) and `.ci/run`: installs
# what the local environment needs on a Debian machine (Docker engine, Compose, debootstrap, openssl),
# starts the Docker engine when it does not answer, and with --test-services starts the host Postgres
# and Redis the service's own tests use. Idempotent: on a machine that has everything it only checks.
set -euo pipefail

log() { printf '… host: %s\n' "$*" >&2; }
die() { printf 'error [HOST_SETUP]: %s\n' "$*" >&2; exit 1; }

missing=()
engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
engine_answers || command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if ((${#missing[@]} > 0)); then
  [[ $EUID -eq 0 ]] || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root so this can"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them; install them with this system's package manager"
  log "installing ${missing[*]} (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! engine_answers; then
  [[ $EUID -eq 0 ]] || die "the Docker engine does not answer on $(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null || echo /var/run/docker.sock); start it (systemctl start docker) or run as root so this can"
  log "starting dockerd (log: /var/log/dockerd-verifier.log)"
  nohup dockerd >/var/log/dockerd-verifier.log 2>&1 &
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
  engine_answers || { tail -20 /var/log/dockerd-verifier.log >&2; die "dockerd did not answer within 60 s (log above)"; }
fi

if [[ "${1:-}" == "--test-services" ]]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    command -v pg_ctlcluster >/dev/null 2>&1 || die "the service tests need PostgreSQL on 127.0.0.1:5432 (trust auth, database test); none answers and none is installed"
    log "starting host postgres"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    command -v redis-server >/dev/null 2>&1 || die "the service tests need Redis on 127.0.0.1:6379; none answers and none is installed"
    log "starting host redis"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp
  fi
fi
