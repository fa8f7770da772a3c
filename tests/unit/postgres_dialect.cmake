strata_test(postgres_dialect_test unit/postgres_dialect_test.cpp MODULES postgres schema common)
