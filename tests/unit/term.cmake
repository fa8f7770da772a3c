strata_test(term_test unit/term_test.cpp MODULES common)
