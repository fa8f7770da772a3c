# The round-trip conformance suite: hand-written and seeded random schema pairs,
# migrated up and down on SQLite, on PostgreSQL (STRATA_TEST_PG_URL) and on
# MariaDB/MySQL (STRATA_TEST_MYSQL_URL); see scripts/with-postgres.sh. A server's
# flavour is skipped when its URL is unset.
strata_test(conformance_test conformance/conformance_test.cpp
  MODULES autogen diff dialect sqlite postgres mysql schema runner script revision common)
target_sources(conformance_test PRIVATE conformance/model_text.cpp conformance/cases_sqlite.cpp
  conformance/cases_postgres.cpp conformance/cases_mysql.cpp conformance/random_schema.cpp)
target_include_directories(conformance_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/conformance)
set_tests_properties(conformance_test PROPERTIES TIMEOUT 900)
