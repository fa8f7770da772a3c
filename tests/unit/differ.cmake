strata_test(differ_test unit/differ_test.cpp MODULES diff schema common)
