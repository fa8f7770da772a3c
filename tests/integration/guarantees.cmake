# The execution guarantees of DESIGN section 6, proven by running the real
# `strata` binary as separate processes against SQLite files and a real
# PostgreSQL server (STRATA_TEST_PG_URL; see scripts/with-postgres.sh).
foreach(t IN ITEMS concurrency crash lock_retry)
  strata_test(${t}_test integration/${t}_test.cpp MODULES dialect sqlite postgres schema common)
  target_sources(${t}_test PRIVATE integration/guarantees_harness.cpp)
  add_dependencies(${t}_test strata_cli)
  set_tests_properties(${t}_test PROPERTIES TIMEOUT 180)
endforeach()
