# The MySQL/MariaDB renderer against the MariaDB server of STRATA_TEST_MYSQL_URL
# (see scripts/with-postgres.sh): up reaches B, down comes back to A; skipped
# without it.
strata_test(mysql_render_roundtrip_test integration/mysql_render_roundtrip_test.cpp
  MODULES mysql diff schema common)
