// Maps URL schemes to the dialects compiled into strata.
#include <fmt/format.h>

#include "dialect/dialect.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"

namespace strata::detail {

Result<const Dialect*> dialect_for_scheme(std::string_view scheme) {
  if (scheme == "sqlite") return &sqlite_dialect();
  if (scheme == "postgresql" || scheme == "postgres") return &postgres_dialect();
  if (scheme == "mysql" || scheme == "mariadb") return &mysql_dialect();
  return failf("unknown database dialect '{}' (supported: sqlite, postgresql, mysql)", scheme);
}

}  // namespace strata::detail
