// The MySQL/MariaDB renderer: turns the differ's changes into MySQL
// statements, in order (an index before the foreign key that needs it, the
// foreign key dropped before its index), choosing ALGORITHM=INSTANT or
// INPLACE, LOCK=NONE where the server can. MySQL commits DDL implicitly, so
// every statement is marked non-transactional.
#pragma once

#include <vector>

#include "common/result.hpp"
#include "schema/change.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_mysql(const schema::ChangeList& changes,
                                                    const schema::RenderContext& context);

}  // namespace strata::detail
