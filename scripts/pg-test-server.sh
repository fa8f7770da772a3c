#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server on loopback for the test suite.
#
#   pg-test-server.sh start DIR   initdb into DIR/data, start on a free 127.0.0.1 port,
#                                 write DIR/env (STRATA_TEST_PG_URL, STRATA_TEST_PG_PORT)
#   pg-test-server.sh env DIR     print DIR/env
#   pg-test-server.sh stop DIR    stop the server and remove DIR
#
# The superuser is `strata` / `strata-test-pw`, authenticated by scram-sha-256 over TCP.
# PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres`
# OS user (Debian's postgresql package creates it).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=strata
PG_PASSWORD=strata-test-pw

die() {
  echo "pg-test-server: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|env DIR" >&2
  exit 2
}

# Runs a command as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

cmd_start() {
  local dir=$1
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries in $PG_BIN (run scripts/install-deps.sh)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/data" ] || die "$dir/data already exists"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no 'postgres' OS user to run the server as"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres OS user cannot write to $dir (is a parent directory private?)"
  fi

  local pwfile="$dir/pwfile"
  (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$pwfile")
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pwfile"
  # --no-sync: a test cluster need not survive a machine crash, and syncing costs seconds.
  if ! as_owner "$PG_BIN/initdb" -D "$dir/data" -U "$PG_USER" --pwfile="$pwfile" \
      --auth=scram-sha-256 -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi
  rm -f "$pwfile"
  printf 'host all all 127.0.0.1/32 scram-sha-256\n' >"$dir/data/pg_hba.conf"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/data/pg_hba.conf"

  # Another process may take the port between picking and binding: retry a few times.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null; then
      break
    fi
    port=""
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2; die "server did not start"; }

  local i
  for i in $(seq 1 100); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.05
  done
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" || die "server on port $port is not ready"

  cat >"$dir/env" <<EOF
export STRATA_TEST_PG_URL=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/postgres
export STRATA_TEST_PG_PORT=$port
EOF
}

cmd_stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast -w >/dev/null 2>&1 ||
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" stop -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case $1 in
  start) cmd_start "$2" ;;
  stop) cmd_stop "$2" ;;
  env)
    [ -f "$2/env" ] || die "no server environment in $2 (start it first)"
    cat "$2/env"
    ;;
  *) usage ;;
esac
