// The PostgreSQL renderer: turns the differ's changes into PostgreSQL statements,
// in order, each marked transactional or not.
#pragma once

#include <vector>

#include "common/result.hpp"
#include "schema/change.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_postgres(const schema::ChangeList& changes,
                                                   const schema::RenderContext& context);

}  // namespace strata::detail
