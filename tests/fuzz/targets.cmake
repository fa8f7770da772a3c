# The fuzz targets and the strata modules each one links. Read by
# cmake/fuzz.cmake (libFuzzer binaries) and tests/fuzz/fuzz.cmake (replay
# tests), each of which defines strata_fuzz_target() before including this.
strata_fuzz_target(migration_file MODULES script common)
strata_fuzz_target(revision_expr MODULES revision common)
strata_fuzz_target(url MODULES common)
strata_fuzz_target(config MODULES config common)
strata_fuzz_target(sqlite_split MODULES sqlite schema common)
strata_fuzz_target(postgres_split MODULES postgres schema common)
strata_fuzz_target(mysql_split MODULES mysql schema common)
strata_fuzz_target(expand MODULES script common)
