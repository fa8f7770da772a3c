// The MySQL/MariaDB inspector: reads the schema of the connection's database
// into the neutral model (src/schema/model.hpp) from information_schema with a
// fixed number of queries, never one query per table. Names are unqualified
// (ObjectName::schema stays empty); references to the database's own name in
// view bodies and foreign keys are dropped so that two databases built by the
// same SQL compare equal.
//
// Text fields hold what information_schema prints: Column::type is
// COLUMN_TYPE ("int(10) unsigned zerofill", "enum('a','b')"), defaults are SQL
// text ('abc', 0, current_timestamp(); DEFAULT NULL is nullopt), a column's
// collation is set only where it differs from its table's. Every non-primary
// index is an Index, UNIQUE ones and those MySQL adds for foreign keys
// included (Table::uniques stays empty); the primary key has no name.
// Triggers are OtherObjects with a rebuilt CREATE TRIGGER; procedures,
// functions, events and MariaDB sequences are OtherObjects without a
// definition. InspectOptions::schemas does not apply (one database).
#pragma once

#include "dialect/dialect.hpp"
#include "schema/model.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_mysql(Connection& conn, const schema::InspectOptions& options);

}  // namespace strata::detail
