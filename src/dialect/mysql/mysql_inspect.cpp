#include "dialect/mysql/mysql_inspect.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_mysql(Connection&, const schema::InspectOptions&) {
  return failf("reading the schema (inspect) is not supported yet on MySQL/MariaDB");
}

}  // namespace strata::detail
