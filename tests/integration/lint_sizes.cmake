# Dialect::table_sizes() on a SQLite file and on the PostgreSQL server of
# STRATA_TEST_PG_URL (see scripts/with-postgres.sh).
strata_test(lint_sizes_test integration/lint_sizes_test.cpp MODULES postgres sqlite schema common)
