// The PostgreSQL dialect: connections through libpq, statement splitting by
// PostgreSQL's own lexer (libpg_query), quoting and the bookkeeping tables'
// DDL. One immutable instance, safe to share between threads.
#pragma once

#include "dialect/dialect.hpp"

namespace strata::detail {

const Dialect& postgres_dialect();

}  // namespace strata::detail
