// `strata lint` for SQLite: the statement analyzer (read with the SQLite
// tokenizer of sqlite_inspect_lexer.hpp) and the table sizes it weighs risks
// with. Table names are folded to lower case, as SQLite compares them, and
// "main." is dropped: the keys of created_tables, Hit::table and the sizes.
#pragma once

#include <map>
#include <string>

#include "dialect/dialect.hpp"

namespace strata::detail {

// Hits for one statement; never an error (a statement it does not follow
// gets no hits: SQLite reports real syntax errors when it runs). The source
// of a rebuild's copy (INSERT INTO new SELECT ... FROM old, `new` created in
// this migration) is reported in created_tables: it is being replaced, so the
// DROP TABLE that completes the rebuild, and the statements on the renamed new
// table, are not flagged.
Result<lint::StatementAnalysis> lint_sqlite(const StatementText& statement,
                                            const lint::StatementContext& context);

// Every table of the main database: rows from sqlite_stat1 where ANALYZE left
// a count, else count(*) (one query per such table); bytes of the table and its
// indexes from the dbstat virtual table in one query when SQLite has it, else
// the file's size shared out by row count.
Result<std::map<std::string, lint::TableSize>> sqlite_table_sizes(Connection& conn);

}  // namespace strata::detail
