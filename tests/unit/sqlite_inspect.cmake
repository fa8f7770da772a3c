strata_test(sqlite_inspect_test unit/sqlite_inspect_test.cpp MODULES sqlite schema common)
