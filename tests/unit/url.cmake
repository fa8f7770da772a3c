strata_test(url_test unit/url_test.cpp MODULES common)
