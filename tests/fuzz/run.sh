#!/usr/bin/env bash
# Runs every libFuzzer binary of a STRATA_FUZZ build for SECONDS seconds each,
# JOBS at a time, seeded with tests/fuzz/corpus/<target> and
# tests/fuzz/regressions/<target>; new inputs go to BUILD/fuzz-corpus/<target>
# (not checked in). On a crash it starts no more targets, and names the input to
# keep as a regression. Usage: run.sh BUILD SECONDS [JOBS]
set -euo pipefail
build=${1:?usage: run.sh BUILD SECONDS [JOBS]}
seconds=${2:-60}
jobs=${3:-1}
here="$(cd "$(dirname "$0")" && pwd)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer-14 >/dev/null; then
  export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer-14)"
fi

targets=()
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] && targets+=("${bin##*/fuzz_}")
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no fuzz binaries in $build/fuzz" >&2; exit 1; }
logs="$build/fuzz-logs"
rm -rf "$logs" && mkdir -p "$logs"

run_one() {
  local t=$1 work="$build/fuzz-corpus/$1" crashes="$build/fuzz-crashes/$1" status=0
  mkdir -p "$work" "$crashes"
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$work" "$here/corpus/$t" "$here/regressions/$t" >"$logs/$t.log" 2>&1 || status=$?
  echo "$status" >"$logs/$t.status"
}

failed=""
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  failed=$(grep -lv '^0$' "$logs"/*.status 2>/dev/null | head -1 || true)
  [ -n "$failed" ] && break
  echo "fuzz: $t for ${seconds}s (log: $logs/$t.log)"
  run_one "$t" &
  running=$((running + 1))
done
wait

for t in "${targets[@]}"; do
  [ -f "$logs/$t.status" ] || continue
  status=$(cat "$logs/$t.status")
  [ "$status" = 0 ] && continue
  input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$logs/$t.log" | tail -1)
  grep -v -E '^(#[0-9]|INFO:|MS:|\s*$)' "$logs/$t.log" | tail -n 40 >&2
  echo >&2
  echo "fuzz: $t FAILED (exit $status); full log: $logs/$t.log" >&2
  if [ -n "$input" ]; then
    echo "fuzz: the crashing input is $input" >&2
    echo "fuzz: reproduce with: $build/fuzz/fuzz_$t $input" >&2
    echo "fuzz: once fixed, keep it as a regression case (make test replays it):" >&2
    echo "        cp $input tests/fuzz/regressions/$t/" >&2
  fi
  failed=yes
done
[ -z "$failed" ] || exit 1

echo
printf '%-16s %12s %10s %8s\n' target executions exec/s corpus
for t in "${targets[@]}"; do
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  per_sec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t.log" | tail -1)
  units=$(find "$build/fuzz-corpus/$t" -type f | wc -l)
  printf '%-16s %12s %10s %8s\n' "$t" "${execs:-?}" "${per_sec:-?}" "$units"
done
