// Creating new migration files: fresh revision ids, the file text in the
// DESIGN section 3 layout, and file names from the `file_template` setting.
// Writing to disk and running post-write hooks belong to the caller.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace strata::detail {

struct NewMigration {
  std::string id;
  std::vector<std::string> revises, depends_on, branch_labels;
  std::string message;
  std::string created;  // ISO-8601 UTC, e.g. 2026-11-22T10:00:00Z
  std::string up_sql, down_sql;
  bool up_transaction = true, down_transaction = true;  // false: `transaction:false`
  bool irreversible = false;  // true: no `-- migrate:down` section at all
};

// 12 random lowercase hex characters (48 bits). Thread-safe.
std::string new_revision_id();

// The file text: header (revision, revises, message, created, depends-on,
// branch-labels; empty optional keys omitted, so a root has no `revises:`),
// a blank line, `-- migrate:up` and its SQL, a blank line, `-- migrate:down`
// and its SQL unless irreversible. Newlines in the message become spaces.
std::string render_migration(const NewMigration& m);

// Expands {rev} {slug} {year} {month} {day} {hour} {minute} {second} (UTC,
// zero-padded) and {epoch}, then appends ".sql". An empty slug takes one
// neighbouring separator (`_`, `-`, `.`) with it. Errors: an unknown or
// unclosed placeholder, `/`, `\` or `..` in the template or the result, an
// empty or hidden (dot) name.
Result<std::string> render_file_name(std::string_view file_template, const NewMigration& m,
                                     std::time_t now);

}  // namespace strata::detail
