#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the archive tests, CI and the archive benchmark.
#
#   scripts/provision-postgres.sh start        installs Debian's postgresql if missing, starts a cluster in a new
#                                              temporary folder on a free loopback port, prints shell assignments:
#                                              CORROBORATE_PG_DIR=... CORROBORATE_TEST_DB=postgres://...
#   scripts/provision-postgres.sh stop DIR     stops that cluster and deletes its folder
#   scripts/provision-postgres.sh run CMD...   start, run CMD with CORROBORATE_TEST_DB set, stop (also when CMD
#                                              fails or the script is interrupted); exits with CMD's status
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user the package creates.
# Set CORROBORATE_PG_DURABLE=1 for a cluster with the server's default durability (the benchmark does); otherwise
# fsync is off, as befits a cluster that is deleted at the end.
set -euo pipefail
PG_VERSION="${PG_VERSION:-15}"
bin="/usr/lib/postgresql/$PG_VERSION/bin"

install_postgres() {
  [ -x "$bin/initdb" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "provision-postgres: PostgreSQL $PG_VERSION is not installed (need $bin/initdb); install Debian's postgresql-$PG_VERSION" >&2
    exit 1
  fi
  echo "provision-postgres: installing Debian's postgresql-$PG_VERSION" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >/dev/null
  [ -x "$bin/initdb" ] || { echo "provision-postgres: $bin/initdb missing after install" >&2; exit 1; }
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  install_postgres
  local dir port opts
  dir="$(mktemp -d /tmp/corroborate-pg.XXXXXX)"
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  opts="-k $dir -h 127.0.0.1"
  [ "${CORROBORATE_PG_DURABLE:-}" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  # A port taken between free_port and the start (another cluster starting now) is tried again with another.
  for _ in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts -p $port" -w -t 60 start >/dev/null 2>&1; then
      echo "CORROBORATE_PG_DIR=$dir"
      echo "CORROBORATE_TEST_DB=postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  echo "provision-postgres: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir="${1:?stop needs the cluster folder}"
  case "$dir" in /tmp/corroborate-pg.*) ;; *) echo "provision-postgres: not a cluster of ours: $dir" >&2; exit 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "provision-postgres: run needs a command" >&2; exit 2; }
    assignments="$(start)"
    eval "$assignments"
    export CORROBORATE_PG_DIR CORROBORATE_TEST_DB
    trap 'stop "$CORROBORATE_PG_DIR"' EXIT
    trap 'exit 130' INT TERM
    echo "provision-postgres: PostgreSQL at $CORROBORATE_TEST_DB" >&2
    status=0
    "$@" || status=$?
    exit "$status"
    ;;
  *)
    echo "usage: $0 start | stop DIR | run CMD..." >&2
    exit 2
    ;;
esac
