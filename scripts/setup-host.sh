#!/usr/bin/env bash
# Host set-up shared by `npm start`, `npm test` (through scripts/bootstrap.mjs) and `.ci/run`: installs
# what the environments need on a Debian machine (Docker engine, Compose, debootstrap, openssl, the
# docker-registry on 127.0.0.1:5000, CNI plugins and iptables for the local cluster's docker nodes),
# starts the Docker engine and the registry when they do not answer, and with --test-services installs
# and starts the host PostgreSQL and Redis the service's own tests use.
# Idempotent: on a machine that has everything it only checks. A fresh machine runs no service at all.
set -euo pipefail

log() { printf '… host: %s\n' "$*" >&2; }
die() { printf 'error [HOST_SETUP]: %s\n' "$*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
test_services=false
[[ "${1:-}" == "--test-services" ]] && test_services=true

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
registry_answers() { curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:5000/v2/ 2>/dev/null; }

missing=()
engine_answers || command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# zx (infra/exec/run.ts) runs each command through bash and, at a time limit, kills its process tree found with ps.
command -v bash >/dev/null 2>&1 || missing+=(bash)
command -v ps >/dev/null 2>&1 || missing+=(procps)
registry_answers || command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
# The local cluster's docker-runtime nodes (infra/cluster): pod networking through the CNI plugins in
# /usr/lib/cni (bridge, host-local, loopback, portmap, firewall) and kube-proxy's iptables.
[[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
# The host guard (infra/model/hostGuard.ts): an nftables table `npm start` and `pulumi up` load before networks are made.
command -v nft >/dev/null 2>&1 || missing+=(nftables)
if $test_services; then
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # The API fuzzing suite installs schemathesis from PyPI into a venv (tests/support/schemathesis.ts).
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
fi
if ((${#missing[@]} > 0)); then
  [[ $EUID -eq 0 ]] || die "missing ${missing[*]}; install them (apt-get install -y ${missing[*]}) or run as root so this can"
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them; install them with this system's package manager"
  log "installing ${missing[*]} (apt-get)"
  apt-get update -qq
  # policy-rc.d: packages must not start services through init scripts; this script starts what it needs.
  ours_rc=false
  [[ -e /usr/sbin/policy-rc.d ]] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && ours_rc=true; }
  rc=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
  $ours_rc && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get install ${missing[*]} failed (output above); check the Debian mirror in /etc/apt/sources.list"
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

bash "$here/host/registry.sh"
if $test_services; then
  bash "$here/host/postgres.sh"
  bash "$here/host/redis.sh"
fi
