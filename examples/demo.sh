#!/usr/bin/env bash
# demo.sh BINARY: the `make demo` tour. Runs strata on a copy of the bookshop
# example (examples/bookshop) against a SQLite file in a temporary directory,
# so the repository stays clean. Stops with a non-zero status at the first
# step that fails.
set -Eeuo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PATH/TO/strata" >&2
  exit 2
fi
if [ ! -x "$1" ] || [ -d "$1" ]; then
  echo "demo: $1 is not an executable strata binary (run \`make build\` first)" >&2
  exit 1
fi
strata_bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Colour only for a person at a terminal (https://no-color.org).
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-}" != "dumb" ]; then
  bold=$'\e[1m' dim=$'\e[2m' cyan=$'\e[36m' red=$'\e[31m' reset=$'\e[0m'
else
  bold="" dim="" cyan="" red="" reset=""
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/strata-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'echo "${red}demo: the step above failed${reset}" >&2' ERR
cp -R "$here/bookshop" "$work/bookshop"
# A database left by `make -C examples/bookshop migrate-up` must not leak in.
rm -f "$work/bookshop/"*.db "$work/bookshop/"*.db-* "$work/bookshop/"*.strata-lock
cd "$work/bookshop"

step_no=0
step() {
  step_no=$((step_no + 1))
  printf '\n%s%d. %s%s\n' "$bold" "$step_no" "$1" "$reset"
  if [ $# -gt 1 ]; then printf '%s%s%s\n' "$dim" "$2" "$reset"; fi
}
# Shows the command as a user would type it, then runs it. strata writes
# progress to stderr: merge it so the tour reads in order even when piped.
run() {
  printf '%s$ strata %s%s\n' "$cyan" "$*" "$reset"
  "$strata_bin" "$@" 2>&1
}

printf '%sstrata demo%s: the bookshop example, seven migrations on a SQLite file.\n' \
  "$bold" "$reset"
printf '%sWorking in a copy at %s; the repository is left untouched.%s\n' \
  "$dim" "$work/bookshop" "$reset"

step "The revision history" \
  "Two developers branched after the title index (reviews, prices); a merge joins them."
run history --graph

step "Upgrade an empty database to the head" \
  "Each revision runs in its own transaction together with its version-table update."
run upgrade head

step "Where the database is now"
run current

step "Every revision and its state" \
  "status also flags files edited after they were applied (see strata verify)."
run status

step "Step back one revision" \
  "The sample-data revision is undone; the merge revision is current again."
run downgrade -1
run current

step "Upgrade again, this time loading the sample catalogue" \
  "-x sample_data=1 switches on the '-- strata:if x.sample_data' block of the last revision."
run upgrade head -x sample_data=1

if command -v sqlite3 >/dev/null 2>&1; then
  step "The view the merge revision created, now with data" \
    "book_summary needs both branches: the reviews table and the price column."
  query="SELECT title, author, price_cents, review_count FROM book_summary ORDER BY id;"
  printf '%s$ sqlite3 bookshop.db "%s"%s\n' "$cyan" "$query" "$reset"
  sqlite3 -header -column bookshop.db "$query"
fi

step "The offline SQL of the whole history" \
  "No database needed: a script for a DBA to review or run by hand, bookkeeping included."
run upgrade --sql

printf '\n%sWhat next%s\n' "$bold" "$reset"
cat <<'EOF'
Start your own project with `strata init`, write revisions with
`strata revision -m "..."`, and see README.md for the tutorial (branches and
merges), the migration file format, every command and its --json output, the
configuration keys and the execution guarantees. The bookshop's Makefile shows
the everyday shortcuts: make -C examples/bookshop STRATA=../../build/strata
migrate-status. `make test` runs the whole suite, PostgreSQL included.
EOF
