strata_test(mysql_split_test unit/mysql_split_test.cpp MODULES mysql schema common)
