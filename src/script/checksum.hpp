// The checksum of a migration file: what `status`, `verify` and `upgrade`
// compare against the value recorded when the revision was applied. It covers
// the SQL of the up and down sections only, normalized so that line endings,
// trailing blanks and surrounding blank lines do not count; header edits (a
// reworded message) and section options do not count either. Computed on
// demand, never by the loader.
#pragma once

#include <string>
#include <string_view>

#include "script/migration.hpp"

namespace strata::detail {

// CRLF and CR become LF, trailing whitespace is cut from every line, leading and
// trailing blank lines are dropped; no final newline.
std::string normalize_sql_text(std::string_view text);

// Lowercase hex SHA-256 over "up\n" + up + "\ndown\n" + down (normalized), with
// a distinct tail when there is no down section, so making a migration
// irreversible is an edit. Code migrations have no text: "" for them.
std::string migration_checksum(const Migration& m);

}  // namespace strata::detail
