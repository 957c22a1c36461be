#!/usr/bin/env bash
# A throwaway PostgreSQL for the database tests, listening on 127.0.0.1:PORT only, trusting every
# local connection (it holds nothing but test schemas).
#
#   scripts/pg-test-cluster.sh start DIR PORT   # then: RECONCILE_TEST_POSTGRES=postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-cluster.sh stop DIR PORT    # stops it and removes DIR
#
# DIR holds the cluster (DIR/data), its socket and its log (DIR/server.log); use a fresh folder such as
# `mktemp -d /tmp/reconcile-pg.XXXXXX`. PostgreSQL refuses to run as root: when root runs this
# script, the server runs as the `postgres` user, which is given DIR. When no PostgreSQL is
# installed, root installs Debian's (`apt-get install -y --no-install-recommends postgresql`).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR PORT" >&2; exit 64; }
[ $# -eq 3 ] || usage
command=$1 dir=$2 port=$3
case $port in ''|*[!0-9]*) usage ;; esac

# The newest installed server's programs, or nothing.
find_bin() {
  local pg_ctl
  pg_ctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_ctl" ] && dirname "$pg_ctl"
}

# Runs a command line as the user the server runs as.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$1"
  else
    sh -c "$1"
  fi
}

case $command in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      [ "$(id -u)" -eq 0 ] || { echo "$0: PostgreSQL is not installed; as root: apt-get install postgresql" >&2; exit 69; }
      echo "installing postgresql"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      bin=$(find_bin)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
    chmod 700 "$dir"
    q_dir=$(printf %q "$dir")
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server_user "$bin/initdb -D $q_dir/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 >$q_dir/initdb.log 2>&1" \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_server_user "$bin/pg_ctl -D $q_dir/data -l $q_dir/server.log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $q_dir' start >/dev/null" \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data"
    ;;
  stop)
    bin=$(find_bin || true)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_server_user "$bin/pg_ctl -D $(printf %q "$dir")/data -m fast -w stop >/dev/null" || true
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
