strata_test(scratch_name_test unit/scratch_name_test.cpp MODULES common)
