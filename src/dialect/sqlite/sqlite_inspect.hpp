// The SQLite inspector: reads the whole schema a connection sees into the
// neutral model (src/schema/model.hpp) with a fixed number of catalog queries,
// never one query per table.
#pragma once

#include "dialect/dialect.hpp"
#include "schema/model.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_sqlite(Connection& conn, const schema::InspectOptions& options);

}  // namespace strata::detail
