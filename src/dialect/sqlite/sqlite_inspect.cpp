#include "dialect/sqlite/sqlite_inspect.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_sqlite(Connection&, const schema::InspectOptions&) {
  return failf("schema inspection is not built yet");
}

}  // namespace strata::detail
