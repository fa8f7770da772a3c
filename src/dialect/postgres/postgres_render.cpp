#include "dialect/postgres/postgres_render.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_postgres(const schema::ChangeList&,
                                                   const schema::RenderContext&) {
  return failf("schema rendering is not built yet");
}

}  // namespace strata::detail
