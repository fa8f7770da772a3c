#include "dialect/postgres/postgres_inspect.hpp"

namespace strata::detail {

Result<schema::Schema> inspect_postgres(Connection&, const schema::InspectOptions&) {
  return failf("schema inspection is not built yet");
}

}  // namespace strata::detail
