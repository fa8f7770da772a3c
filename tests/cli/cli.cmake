# End-to-end tests of the `strata` binary: each runs the real program against
# SQLite files and (when STRATA_TEST_PG_URL / STRATA_TEST_MYSQL_URL are set) real
# PostgreSQL and MariaDB servers.
function(strata_cli_test name)
  strata_test(${name} cli/${name}.cpp MODULES common)
  target_sources(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_harness.cpp)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE SQLite::SQLite3 PostgreSQL::PostgreSQL PkgConfig::MARIADB util)
  add_dependencies(${name} strata_cli)
  set_tests_properties(${name} PROPERTIES LABELS cli TIMEOUT 120)
endfunction()

strata_cli_test(cli_sqlite_test)
strata_cli_test(cli_graph_test)
strata_cli_test(cli_json_test)
strata_cli_test(cli_config_test)
strata_cli_test(cli_postgres_test)
strata_cli_test(cli_schema_test)
strata_cli_test(cli_hostile_test)
strata_cli_test(cli_lint_test)
strata_cli_test(cli_mysql_schema_test)
