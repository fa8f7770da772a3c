// `strata lint` for MySQL/MariaDB: what each statement does to a busy table
// under InnoDB's online DDL (ALGORITHM=INSTANT / INPLACE / COPY and the lock
// it takes), checked against the rules of lint/rules.cpp, and the table sizes
// the risks are weighed with (information_schema.TABLES).
#pragma once

#include <map>
#include <string>

#include "dialect/dialect.hpp"

namespace strata::detail {

// Hits for one statement; a statement it cannot read gets no hits.
Result<lint::StatementAnalysis> lint_mysql(const StatementText& statement,
                                           const lint::StatementContext& context);
// Base tables of the connection's database in a fixed number of queries:
// rows (TABLE_ROWS estimate), bytes (DATA_LENGTH + INDEX_LENGTH) and column
// types, keyed by table name.
Result<std::map<std::string, lint::TableSize>> mysql_table_sizes(Connection& conn);

}  // namespace strata::detail
