#!/usr/bin/env bash
# Installs strata into a temporary prefix, then builds examples/embed against
# it twice — through find_package(strata) and through pkg-config — and runs
# it: the application migrates its own database at start-up (SQLite, and
# PostgreSQL when STRATA_TEST_PG_URL is set).
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/strata"
test -f "$prefix/include/strata/strata.hpp"
test -f "$prefix/lib/cmake/strata/strataConfig.cmake"
test -f "$prefix/lib/pkgconfig/strata.pc"
"$prefix/bin/strata" --version | grep -q '^strata '

# find_package(strata) -> strata::strata
cmake -S "$src/examples/embed" -B "$work/embed" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/embed" -j2 >/dev/null
app=$work/embed/embed_app
out=$("$app" "sqlite:///$work/app.db")
echo "$out"
grep -q "database ready: 2 migration(s) applied, at c0de00000001" <<<"$out"
# Second start-up: nothing left to do.
out=$("$app" "sqlite:///$work/app.db")
grep -q "database ready: 0 migration(s) applied, at c0de00000001" <<<"$out"
test "$(sqlite3 "$work/app.db" "SELECT value FROM settings WHERE key='theme'")" = dark

# pkg-config strata
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --exists strata
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs strata)
g++ -std=c++20 -DEMBED_MIGRATIONS_DIR="\"$src/examples/embed/migrations\"" \
  "$src/examples/embed/main.cpp" -o "$work/embed_pc" $flags
out=$("$work/embed_pc" "sqlite:///$work/app2.db")
grep -q "database ready: 2 migration(s) applied" <<<"$out"

# The same application against PostgreSQL.
if [ -n "${STRATA_TEST_PG_URL:-}" ]; then
  db="strata_embed_$$"
  psql -qX "$STRATA_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null
  url="${STRATA_TEST_PG_URL%/*}/$db"
  out=$("$app" "$url")
  grep -q "database ready: 2 migration(s) applied" <<<"$out"
  psql -qX "$STRATA_TEST_PG_URL" -c "DROP DATABASE $db" >/dev/null
fi
echo "install + embed: ok"
