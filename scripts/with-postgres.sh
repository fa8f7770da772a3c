#!/usr/bin/env bash
# with-postgres.sh CMD...: runs CMD with a throwaway PostgreSQL server on loopback,
# STRATA_TEST_PG_URL and STRATA_TEST_PG_PORT set; the server is always stopped
# afterwards and the script exits with CMD's status.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/strata-pg.XXXXXX")
trap '"$here/pg-test-server.sh" stop "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$here/pg-test-server.sh" start "$dir"
# shellcheck disable=SC1091
. "$dir/env"
status=0
"$@" || status=$?
exit "$status"
