# Golden tests of the MySQL/MariaDB renderer: exact SQL of every change kind,
# the online-DDL table, MySQL's ordering of foreign keys and indexes, and the
# down sections (render(reverse(diff))).
strata_test(mysql_render_test unit/mysql_render_test.cpp MODULES mysql diff schema common)
