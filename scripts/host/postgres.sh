#!/usr/bin/env bash
# Host PostgreSQL for the service's fast tests: the Debian cluster on 127.0.0.1:5432, every role trusted
# over loopback only (a throwaway test server: the tests make roles without passwords), database "test".
set -euo pipefail
log() { printf '… host: %s\n' "$*" >&2; }
die() { printf 'error [HOST_POSTGRES]: %s\n' "$*" >&2; exit 1; }
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
psql_() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atqc "$1"; }
MARK='# verifier-tests v2'

# First match wins in pg_hba.conf: the loopback trust lines go above the package's password rules.
trust_loopback() { # $1 = pg_hba.conf; prints "changed" when it rewrote it
  grep -q "^$MARK" "$1" && return 0
  { printf '%s: the test suite connects over loopback without passwords\n' "$MARK"
    printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
    grep -v '^# verifier-tests' "$1" | grep -vx 'host all postgres 127.0.0.1/32 trust' | grep -vx 'host all postgres ::1/128 trust'; } >"$1.new"
  chown --reference="$1" "$1.new"; chmod --reference="$1" "$1.new"; mv "$1.new" "$1"
  echo changed
}

if command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(pg_lsclusters -h | awk '$2 == "main" { print $1; exit }')
  if [[ -z "$version" ]]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    log "creating PostgreSQL $version cluster main"
    pg_createcluster "$version" main >/dev/null
  fi
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  [[ -f "$hba" ]] || die "no $hba: the cluster's configuration is missing; recreate it (pg_dropcluster $version main; pg_createcluster $version main)"
  changed=$(trust_loopback "$hba")
  if ! ready; then
    log "starting host postgres $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 40); do ready && break; sleep 0.25; done
    ready || die "PostgreSQL $version/main started but does not answer on 127.0.0.1:5432 (see /var/log/postgresql/postgresql-$version-main.log)"
  elif [[ -n "$changed" ]]; then
    log "reloading host postgres $version/main (loopback trust for the tests)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
elif ! ready; then
  die "the service tests need PostgreSQL on 127.0.0.1:5432; none answers and none is installed (apt-get install postgresql)"
fi
psql_ "select 1" >/dev/null 2>&1 || die "PostgreSQL answers on 127.0.0.1:5432 but refuses user postgres without a password; add 'host all all 127.0.0.1/32 trust' to its pg_hba.conf"
[[ "$(psql_ "select 1 from pg_database where datname = 'test'")" == 1 ]] || { log "creating database test"; psql_ "create database test" >/dev/null; }
