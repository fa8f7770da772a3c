strata_test(sqlite_render_test unit/sqlite_render_test.cpp MODULES sqlite schema common)
