#include "dialect/mysql/mysql_render.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_mysql(const schema::ChangeList&,
                                                    const schema::RenderContext&) {
  return failf("rendering schema changes is not supported yet on MySQL/MariaDB");
}

}  // namespace strata::detail
