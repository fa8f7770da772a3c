#include "dialect/postgres/postgres_scratch.hpp"

namespace strata::detail {

Result<Url> create_postgres_scratch(const Url&) { return failf("scratch databases are not built yet"); }
Status drop_postgres_scratch(const Url&, const Url&) { return {}; }

}  // namespace strata::detail
