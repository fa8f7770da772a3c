strata_test(script_test unit/script_test.cpp MODULES script common)
