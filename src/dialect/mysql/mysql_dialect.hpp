// The MySQL/MariaDB dialect: connections through libmariadb, statement
// splitting by MySQL's lexical rules with the client's DELIMITER command,
// quoting and the bookkeeping tables' DDL; the schema side (mysql_inspect,
// mysql_render, mysql_scratch) and lint (mysql_lint). MySQL commits every DDL
// statement implicitly, so transactional_ddl is false. One immutable
// instance, safe to share between threads.
#pragma once

#include "dialect/dialect.hpp"

namespace strata::detail {

const Dialect& mysql_dialect();

}  // namespace strata::detail
