#!/usr/bin/env bash
# with-postgres.sh CMD...: runs CMD with two throwaway servers on loopback, a
# PostgreSQL 15 (STRATA_TEST_PG_URL, STRATA_TEST_PG_PORT; scripts/pg-test-server.sh)
# and a MariaDB 10.11 (STRATA_TEST_MYSQL_URL, STRATA_TEST_MYSQL_PORT,
# STRATA_TEST_MYSQL_SOCKET; scripts/mariadb-test-server.sh), started side by side.
# Both servers are always stopped afterwards and the script exits with CMD's status.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/strata-pg.XXXXXX")
mydir=$(mktemp -d "${TMPDIR:-/tmp}/strata-my.XXXXXX")
trap '"$here/pg-test-server.sh" stop "$dir"; "$here/mariadb-test-server.sh" stop "$mydir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Both start at once; each start's output goes to the terminal as it comes.
"$here/mariadb-test-server.sh" start "$mydir" &
my_pid=$!
pg_status=0
"$here/pg-test-server.sh" start "$dir" || pg_status=$?
my_status=0
wait "$my_pid" || my_status=$?
[ "$pg_status" -eq 0 ] || exit "$pg_status"
[ "$my_status" -eq 0 ] || exit "$my_status"
# shellcheck disable=SC1091
. "$dir/env"
# shellcheck disable=SC1091
. "$mydir/env"
status=0
"$@" || status=$?
exit "$status"
