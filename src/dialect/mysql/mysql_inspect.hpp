// The MySQL/MariaDB inspector: reads the schema of the connection's database
// into the neutral model (src/schema/model.hpp) from information_schema with a
// fixed number of queries, never one query per table. Names are unqualified
// (ObjectName::schema stays empty); references to the database's own name in
// view bodies and foreign keys are dropped so that two databases built by the
// same SQL compare equal.
#pragma once

#include "dialect/dialect.hpp"
#include "schema/model.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_mysql(Connection& conn, const schema::InspectOptions& options);

}  // namespace strata::detail
