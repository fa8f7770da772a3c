#!/usr/bin/env bash
# bench/run.sh BUILD_DIR [--runs N] [--upgrade-runs N] [--check-runs N] [--inspect-runs N]
#              [--no-read] [--no-upgrade] [--no-check] [--no-pg] [--no-mysql] [--keep]
#              [--results FILE]
#
# The performance figures of issues 2 and 3 (bench/README.md says what each one means):
# builds strata and the helpers in BUILD_DIR, generates the workloads into a temporary
# folder and lets bench/bench.py time
#   - the floor (bench/read_floor), `strata current`, `heads`, `history` on 1k and 10k
#     revisions, linear and branchy;
#   - `strata upgrade head` of gen.py's 1,000-step workload against the bare engine with
#     the same transactions: the sqlite3 CLI, psql -f on a PostgreSQL server and the
#     `mariadb` client on a MariaDB/MySQL one (STRATA_TEST_PG_URL, STRATA_TEST_MYSQL_URL if
#     set, else throwaway servers started by scripts/with-postgres.sh);
#   - `strata check` on gen.py's 1,000-table schema against a database differing in 1% of
#     the tables, on SQLite, PostgreSQL and MySQL, and introspection alone
#     (bench/inspect_bench).
# Prints tables of medians, ratios, growth and peak RSS, each target `ok` or `MISSED`.
# Exits 0 when a target is missed: it measures, it does not gate.
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR [--runs N] [--upgrade-runs N] [--check-runs N] [--inspect-runs N]" \
    "[--no-read] [--no-upgrade] [--no-check] [--no-pg] [--no-mysql] [--keep] [--results FILE]" >&2
  exit 2
}
die() {
  echo "bench: $*" >&2
  exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/.." && pwd))

[ $# -ge 1 ] || usage
build=$1
shift
pass=()
do_pg=1
do_mysql=1
do_check=1
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs | --upgrade-runs | --check-runs | --inspect-runs | --results)
      [ $# -ge 2 ] || usage
      pass+=("$1" "$2")
      shift 2
      ;;
    --no-read | --no-upgrade) pass+=("$1"); shift ;;
    --no-check) pass+=("$1"); do_check=0; shift ;;
    --no-pg) do_pg=0; shift ;;
    --no-mysql) do_mysql=0; shift ;;
    --keep) keep=1; shift ;;
    *) usage ;;
  esac
done

# The shared workload generator lives beside the repository (../shared), not in it.
gen=""
for candidate in "$repo/../shared/bench/gen.py" /work/shared/bench/gen.py; do
  if [ -f "$candidate" ]; then
    gen=$candidate
    break
  fi
done
[ -n "$gen" ] || die "gen.py not found: looked at $repo/../shared/bench/gen.py and /work/shared/bench/gen.py"
command -v sqlite3 >/dev/null || die "the sqlite3 CLI is needed for the SQLite floor (apt-get install sqlite3)"

# ---- build: strata and the helpers only
jobs=${JOBS:-2}
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")
if [ "$keep" -eq 1 ]; then
  trap 'echo "bench: workloads kept in $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSTRATA_BUILD_BENCH=ON \
    >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; die "cmake configure failed"; }
fi
build=$(cd "$build" && pwd)
# Compiler chatter goes to a log, shown only when the build fails.
quiet_build() {
  "$@" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; die "build failed"; }
}
inspect_bench=""
if grep -q '^STRATA_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt"; then
  targets=(strata_cli strata_bench_read_floor strata_bench_peak_rss)
  [ "$do_check" -eq 0 ] || targets+=(strata_bench_inspect)
  quiet_build cmake --build "$build" --target "${targets[@]}" -j"$jobs"
  read_floor=$build/bench/read_floor
  peak_rss=$build/bench/peak_rss
  [ "$do_check" -eq 0 ] || inspect_bench=$build/bench/inspect_bench
else
  # A build configured without the benchmarks: compile the helpers on the side.
  quiet_build cmake --build "$build" --target strata_cli -j"$jobs"
  mkdir -p "$work/bin"
  cc -O2 -o "$work/bin/read_floor" "$here/read_floor.c"
  cc -O2 -o "$work/bin/peak_rss" "$here/peak_rss.c"
  read_floor=$work/bin/read_floor
  peak_rss=$work/bin/peak_rss
  if [ "$do_check" -eq 1 ]; then
    # inspect_bench links libstrata.a (strata_cli's dependency) and the engines' client
    # libraries with the flags the build compiles the PostgreSQL inspector with
    # (compile_commands.json).
    flags=$(python3 -c 'import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("/postgres_inspect.cpp"):
        args, keep = shlex.split(e["command"])[1:], []
        while args:
            a = args.pop(0)
            if a in ("-o", "-c"):
                args.pop(0)
            else:
                keep.append(a)
        print(" ".join(keep))
        break' "$build/compile_commands.json" 2>/dev/null || true)
    pg_query=$(sed -n 's/^PG_QUERY_LIB:FILEPATH=//p' "$build/CMakeCache.txt")
    mariadb_libs=$(pkg-config --libs libmariadb 2>/dev/null || echo -lmariadb)
    # shellcheck disable=SC2086
    if [ -n "$flags" ] && c++ $flags -o "$work/bin/inspect_bench" "$here/inspect_bench.cpp" \
        "$build/libstrata.a" -lfmt "$pg_query" -lsqlite3 $mariadb_libs -ldl -pthread >"$work/inspect.log" 2>&1; then
      inspect_bench=$work/bin/inspect_bench
    else
      echo "bench: could not build inspect_bench on the side (see $work/inspect.log);" \
        "introspection figures skipped: configure with -DSTRATA_BUILD_BENCH=ON" >&2
    fi
  fi
fi
strata=$build/strata
[ -x "$strata" ] || die "no strata binary at $strata"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
case $build_type in
  Release | RelWithDebInfo) ;;
  *) echo "bench: warning: $build is a '${build_type:-default}' build; figures mean little" >&2 ;;
esac

if /usr/bin/time -v true >/dev/null 2>&1; then
  rss=/usr/bin/time
else
  rss=$peak_rss
fi
if command -v hyperfine >/dev/null && [ "${BENCH_TIMER:-hyperfine}" = hyperfine ]; then
  timer="hyperfine (each command separately)"
else
  timer="built-in: median wall time, spawn to exit, commands interleaved round by round"
fi

rev=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')
git -C "$repo" diff --quiet HEAD -- src cli include 2>/dev/null || rev="$rev+local changes"
echo "strata benchmark at $rev," \
  "build $build (${build_type:-?})"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "timer: $timer; peak RSS: $rss"
echo "workloads: $work; generator: $gen"
echo

bench=(python3 "$here/bench.py" --strata "$strata" --read-floor "$read_floor" --gen "$gen"
  --work "$work" --rss-wrapper "$rss" "${pass[@]}")
[ -z "$inspect_bench" ] || bench+=(--inspect-bench "$inspect_bench")
# Only the upgrade and check figures use the servers.
server_wanted=$do_check
upgrade_wanted=1
for a in "${pass[@]}"; do [ "$a" != --no-upgrade ] || upgrade_wanted=0; done
[ "$upgrade_wanted" -eq 0 ] || server_wanted=1
pg_wanted=$((do_pg && server_wanted))
mysql_wanted=$((do_mysql && server_wanted))
if [ "$mysql_wanted" -eq 1 ] && ! command -v mariadb >/dev/null && ! command -v mysql >/dev/null; then
  die "the mariadb client is needed for the MySQL figures (apt-get install mariadb-client), or use --no-mysql"
fi
# A URL the caller set wins over a throwaway server's (with-postgres.sh starts both and
# sets both); a skipped engine gets none. The URLs travel in the environment, not argv.
export BENCH_KEEP_PG_URL=${STRATA_TEST_PG_URL:-} BENCH_KEEP_MYSQL_URL=${STRATA_TEST_MYSQL_URL:-}
export BENCH_PG=$pg_wanted BENCH_MYSQL=$mysql_wanted
# shellcheck disable=SC2016
select_servers='[ -z "$BENCH_KEEP_PG_URL" ] || export STRATA_TEST_PG_URL=$BENCH_KEEP_PG_URL
[ -z "$BENCH_KEEP_MYSQL_URL" ] || export STRATA_TEST_MYSQL_URL=$BENCH_KEEP_MYSQL_URL
[ "$BENCH_PG" -eq 1 ] || unset STRATA_TEST_PG_URL
[ "$BENCH_MYSQL" -eq 1 ] || unset STRATA_TEST_MYSQL_URL
unset BENCH_KEEP_PG_URL BENCH_KEEP_MYSQL_URL BENCH_PG BENCH_MYSQL
exec "$@"'
need_servers=0
[ "$pg_wanted" -eq 0 ] || [ -n "$BENCH_KEEP_PG_URL" ] || need_servers=1
[ "$mysql_wanted" -eq 0 ] || [ -n "$BENCH_KEEP_MYSQL_URL" ] || need_servers=1
if [ "$need_servers" -eq 1 ]; then
  [ -x "$repo/scripts/with-postgres.sh" ] || die "no scripts/with-postgres.sh: use --no-pg --no-mysql"
  "$repo/scripts/with-postgres.sh" bash -c "$select_servers" bench "${bench[@]}"
else
  bash -c "$select_servers" bench "${bench[@]}"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
