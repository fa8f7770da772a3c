# The MySQL/MariaDB Connection against the MariaDB server of STRATA_TEST_MYSQL_URL
# (see scripts/with-postgres.sh, which starts scripts/mariadb-test-server.sh).
strata_test(mysql_connection_test integration/mysql_connection_test.cpp MODULES mysql schema common)
