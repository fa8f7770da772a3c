strata_test(postgres_render_test unit/postgres_render_test.cpp MODULES postgres schema common)
