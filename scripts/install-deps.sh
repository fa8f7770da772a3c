#!/usr/bin/env bash
# Installs what strata needs to build, test and benchmark, from Debian's packages only.
# Idempotent: does nothing when everything is already present.
set -euo pipefail
pkgs=(
  build-essential cmake pkg-config make python3
  python3-alembic   # tests/alembic: the revision graph checked against Alembic itself
  libsqlite3-dev sqlite3
  libpq-dev postgresql-15 postgresql-client-15 libpg-query-dev
  libmariadb-dev mariadb-server mariadb-client
  libexpected-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev llvm-14   # make fuzz: libFuzzer, sanitizers, llvm-symbolizer
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
