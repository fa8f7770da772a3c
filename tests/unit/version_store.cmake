strata_test(version_store_test unit/version_store_test.cpp
  MODULES runner mysql dialect sqlite postgres script schema common)
