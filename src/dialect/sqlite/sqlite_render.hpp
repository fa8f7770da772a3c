// The SQLite renderer: turns the differ's changes into SQLite statements,
// in order, each marked transactional or not.
#pragma once

#include <vector>

#include "common/result.hpp"
#include "schema/change.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_sqlite(const schema::ChangeList& changes,
                                                   const schema::RenderContext& context);

}  // namespace strata::detail
