strata_test(lint_rules_test unit/lint_rules_test.cpp MODULES postgres sqlite schema common)
