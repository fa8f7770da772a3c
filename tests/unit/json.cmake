strata_test(json_test unit/json_test.cpp MODULES common)
