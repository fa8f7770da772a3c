strata_test(json_reader_test unit/json_reader_test.cpp MODULES common)
