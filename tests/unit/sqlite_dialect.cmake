strata_test(sqlite_dialect_test unit/sqlite_dialect_test.cpp MODULES sqlite schema common)
