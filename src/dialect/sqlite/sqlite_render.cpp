#include "dialect/sqlite/sqlite_render.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_sqlite(const schema::ChangeList&,
                                                   const schema::RenderContext&) {
  return failf("schema rendering is not built yet");
}

}  // namespace strata::detail
