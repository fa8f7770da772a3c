strata_test(mysql_dialect_test unit/mysql_dialect_test.cpp
  MODULES mysql dialect sqlite postgres runner script schema common)
