// The MySQL/MariaDB renderer: turns the differ's changes into MySQL
// statements, in order (an index before the foreign key that needs it, the
// foreign key dropped before its index, a key stepping aside while its
// columns change type or its index is replaced), choosing ALGORITHM=INSTANT or
// INPLACE, LOCK=NONE where the server can. MySQL commits DDL implicitly; the
// runner journals such sections by itself, so statements stay "transactional"
// (no `transaction:false` in generated files).
//
// RenderContext::server_version is server_version_number() of the
// connection's version: MySQL major*10000 + minor*100 + patch (80035),
// MariaDB major*10000 + minor (100011 for 10.11.x); 0 = MariaDB 10.11.
// mysql_render_online.hpp has the details and the online-DDL table.
#pragma once

#include <vector>

#include "common/result.hpp"
#include "schema/change.hpp"

namespace strata::detail {

Result<std::vector<schema::Statement>> render_mysql(const schema::ChangeList& changes,
                                                    const schema::RenderContext& context);

}  // namespace strata::detail
