strata_test(change_test unit/change_test.cpp MODULES schema common)
