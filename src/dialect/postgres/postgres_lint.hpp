// `strata lint` for PostgreSQL: the statement analyzer (each statement parsed
// by libpg_query, PostgreSQL's own parser, and checked against the rules of
// lint/rules.cpp) and the table sizes it weighs risks with (pg_class).
#pragma once

#include <map>
#include <string>

#include "dialect/dialect.hpp"

namespace strata::detail {

// Hits for one statement. A statement libpg_query cannot parse gets no hits
// (running it reports the syntax error); the result is never an error.
Result<lint::StatementAnalysis> lint_postgres(const StatementText& statement,
                                              const lint::StatementContext& context);

// Ordinary, partitioned and materialized tables of the schemas on the
// connection's search_path, in two queries: rows (the larger of pg_class's
// estimate and the statistics' live-row count, summed over partitions and
// inheritance children) and pg_total_relation_size, keyed by the bare name
// (first schema of the search_path wins) and by "schema.table"; plus each
// table's column types (format_type), to judge ALTER COLUMN ... TYPE.
Result<std::map<std::string, lint::TableSize>> postgres_table_sizes(Connection& conn);

}  // namespace strata::detail
