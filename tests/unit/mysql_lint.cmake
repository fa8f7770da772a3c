# The MySQL/MariaDB lint analyzer (exact rule ids, severities and messages) and
# mysql_table_sizes against the MariaDB server of STRATA_TEST_MYSQL_URL
# (skipped when unset; see scripts/with-postgres.sh).
strata_test(mysql_lint_test unit/mysql_lint_test.cpp MODULES mysql schema common)
