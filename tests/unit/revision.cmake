strata_test(revision_test unit/revision_test.cpp MODULES revision common)
