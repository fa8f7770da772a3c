# The MySQL/MariaDB inspector and scratch databases against the MariaDB server
# of STRATA_TEST_MYSQL_URL (see scripts/with-postgres.sh); skipped without it.
strata_test(mysql_inspect_test integration/mysql_inspect_test.cpp MODULES mysql schema common)
