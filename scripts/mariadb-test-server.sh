#!/usr/bin/env bash
# A throwaway MariaDB 10.11 server on loopback for the test suite.
#
#   mariadb-test-server.sh start DIR   create DIR/data, start on a free 127.0.0.1 port with
#                                      its socket at DIR/mysql.sock, write DIR/env
#                                      (STRATA_TEST_MYSQL_URL, _PORT, _SOCKET)
#   mariadb-test-server.sh env DIR     print DIR/env
#   mariadb-test-server.sh stop DIR    stop the server and remove DIR
#
# The test account is `strata` / `strata-test-pw` (mysql_native_password) for any
# host, with every privilege (it creates and drops scratch databases); the database
# `strata_test` (utf8mb4) exists. Grant tables are on; root can log in only through
# the socket in DIR. Under root the server runs as the `mysql` OS user (Debian's
# mariadb-server package creates it).
#
# The data directory is made by running the server's bootstrap on the package's own
# system-table scripts, as mariadb-install-db does, minus the help tables, the GIS
# procedures and the sys schema (which take seconds and no test uses). Without those
# scripts, mariadb-install-db itself does it.
set -euo pipefail

MARIADBD=${MARIADBD:-/usr/sbin/mariadbd}
MARIADB_SHARE=${MARIADB_SHARE:-/usr/share/mysql}
MY_USER=strata
MY_PASSWORD=strata-test-pw
MY_DATABASE=strata_test

die() {
  echo "mariadb-test-server: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|env DIR" >&2
  exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the server's owner.
as_owner() {
  if is_root; then
    runuser -u mysql -- "$@"
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

# The accounts and database the tests use; run at the end of the bootstrap.
# FLUSH PRIVILEGES loads the grant tables the bootstrap runs without.
setup_sql() {
  cat <<EOF
FLUSH PRIVILEGES;
DELETE FROM mysql.global_priv WHERE User = 'root' AND Host <> 'localhost';
FLUSH PRIVILEGES;
CREATE USER '$MY_USER'@'127.0.0.1' IDENTIFIED BY '$MY_PASSWORD';
CREATE USER '$MY_USER'@'localhost' IDENTIFIED BY '$MY_PASSWORD';
CREATE USER '$MY_USER'@'%' IDENTIFIED BY '$MY_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$MY_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$MY_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$MY_USER'@'%' WITH GRANT OPTION;
CREATE DATABASE $MY_DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
EOF
}

init_datadir() {
  local dir=$1
  local user_opt=()
  is_root && user_opt=(--user=mysql)
  local tables=("$MARIADB_SHARE/mysql_system_tables.sql"
    "$MARIADB_SHARE/mysql_performance_tables.sql"
    "$MARIADB_SHARE/mysql_system_tables_data.sql")
  local f have_scripts=1
  for f in "${tables[@]}"; do [ -f "$f" ] || have_scripts=0; done
  setup_sql >"$dir/setup.sql"
  if [ "$have_scripts" -eq 1 ]; then
    as_owner mkdir -m 700 "$dir/data"
    # @auth_root_socket NULL: root@localhost gets a password-less native account
    # (--auth-root-authentication-method=normal).
    if ! {
      echo 'CREATE DATABASE IF NOT EXISTS mysql;'
      echo 'USE mysql;'
      echo 'SET @auth_root_socket=NULL;'
      cat "${tables[@]}" "$dir/setup.sql"
    } | "$MARIADBD" --no-defaults --lc-messages=en_US --bootstrap --silent-startup \
      --datadir="$dir/data" --log-warnings=0 --enforce-storage-engine= \
      --max_allowed_packet=8M --net_buffer_length=16K "${user_opt[@]}" \
      >"$dir/install.log" 2>&1; then
      cat "$dir/install.log" >&2
      die "the bootstrap of $dir/data failed"
    fi
  else
    command -v mariadb-install-db >/dev/null || die "no MariaDB server (run scripts/install-deps.sh)"
    [ "$(id -u)" -ne 0 ] || chown mysql: "$dir/setup.sql"
    if ! mariadb-install-db --no-defaults --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
      --extra-file="$dir/setup.sql" "${user_opt[@]}" >"$dir/install.log" 2>&1; then
      cat "$dir/install.log" >&2
      die "mariadb-install-db failed"
    fi
  fi
  rm -f "$dir/setup.sql"
}

# Starts the server on `port`; returns non-zero when it exited before it took
# connections (the port was taken, say).
start_server() {
  local dir=$1 port=$2
  local user_opt=()
  is_root && user_opt=(--user=mysql)
  rm -f "$dir/mysqld.pid"
  "$MARIADBD" --no-defaults --datadir="$dir/data" --socket="$dir/mysql.sock" \
    --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/server.log" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-dump-at-shutdown=0 --innodb-buffer-pool-load-at-startup=0 \
    "${user_opt[@]}" </dev/null >/dev/null 2>&1 &
  local pid=$! i
  echo "$pid" >"$dir/server.pid"
  for i in $(seq 1 600); do
    # The socket answers once the server accepts connections (TCP opens at the same time).
    if [ -S "$dir/mysql.sock" ] && python3 - "$port" <<'EOF' 2>/dev/null; then
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
# The server speaks first: a handshake packet (protocol version 10), not an error (0xff).
data = s.recv(5)
sys.exit(0 if len(data) == 5 and data[4] == 10 else 1)
EOF
      return 0
    fi
    running "$pid" || return 1
    sleep 0.05
  done
  return 1
}

cmd_start() {
  local dir=$1
  [ -x "$MARIADBD" ] || die "no MariaDB server at $MARIADBD (run scripts/install-deps.sh)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/data" ] || die "$dir/data already exists"
  if is_root; then
    getent passwd mysql >/dev/null || die "no 'mysql' OS user to run the server as"
    chown mysql: "$dir"
    runuser -u mysql -- test -w "$dir" ||
      die "the mysql OS user cannot write to $dir (is a parent directory private?)"
  fi
  chmod 700 "$dir"
  init_datadir "$dir"

  # Another process may take the port between picking and binding: retry a few times.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    start_server "$dir" "$port" && break
    port=""
    stop_server "$dir"
  done
  [ -n "$port" ] || {
    cat "$dir/server.log" >&2
    die "server did not start"
  }

  cat >"$dir/env" <<EOF
export STRATA_TEST_MYSQL_URL=mysql://$MY_USER:$MY_PASSWORD@127.0.0.1:$port/$MY_DATABASE
export STRATA_TEST_MYSQL_PORT=$port
export STRATA_TEST_MYSQL_SOCKET=$dir/mysql.sock
EOF
}

# Whether a process runs (a zombie no longer does: the server is not our child
# any more, and an init that does not reap would keep it forever).
running() {
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# SIGTERM is a clean shutdown; after 30 s the server is killed.
stop_server() {
  local dir=$1 pid i
  [ -f "$dir/server.pid" ] || return 0
  pid=$(cat "$dir/server.pid")
  rm -f "$dir/server.pid"
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 600); do
    running "$pid" || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_stop() {
  local dir=$1
  [ -d "$dir" ] || return 0
  stop_server "$dir"
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
