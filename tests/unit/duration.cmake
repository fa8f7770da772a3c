strata_test(duration_test unit/duration_test.cpp MODULES common)
