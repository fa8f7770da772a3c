#include "dialect/mysql/mysql_scratch.hpp"

namespace strata::detail {

Result<Url> create_mysql_scratch(const Url&) {
  return failf("a scratch database for schema states is not supported yet on MySQL/MariaDB");
}

Status drop_mysql_scratch(const Url&, const Url&) {
  return failf("a scratch database for schema states is not supported yet on MySQL/MariaDB");
}

}  // namespace strata::detail
