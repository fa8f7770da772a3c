strata_test(config_test unit/config_test.cpp MODULES config common)
