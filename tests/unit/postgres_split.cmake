strata_test(postgres_split_test unit/postgres_split_test.cpp MODULES postgres schema common)
