#include "diff/differ.hpp"

namespace strata::detail {

DiffResult diff_schemas(const schema::Schema&, const schema::Schema&, const RenameHints&) {
  return {};
}

}  // namespace strata::detail
