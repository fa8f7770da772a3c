// Parsing one migration file (DESIGN section 3) into a Migration: the leading
// `-- key: value` header, the `-- migrate:up` / `-- migrate:down` sections with
// their options, and the `-- migrate:batch` lines inside them. Pure text in,
// data out: no IO, no statement splitting (that is the dialect's job).
//
// Rules beyond DESIGN: the header block ends at the first `-- migrate:` marker;
// inside it every non-empty `--` line must be `key: value` with a known key;
// markers must start their line (leading blanks allowed) and are case-sensitive.
// CRLF files parse like LF files and a UTF-8 BOM is skipped. Every error names
// the file and, where there is one, the line. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"
#include "script/migration.hpp"

namespace strata::detail {

// Parses the text of one migration file; `path` fills Migration::path and names
// the file in errors.
Result<Migration> parse_migration(std::string_view text, std::string path);

// The same, filling `out` (a default-constructed Migration) in place: the
// loader parses straight into its result vector. On error `out` is partly filled.
// With ParseDepth::kHeaders the section bodies stay empty (the same errors).
Status parse_migration_into(std::string_view text, std::string path, Migration& out,
                            ParseDepth depth = ParseDepth::kFull);

// A revision id is [A-Za-z0-9_]+.
bool is_valid_revision_id(std::string_view id);

// Branch labels and depends-on entries (ids or labels) are [A-Za-z0-9_.-]+, so
// they never collide with the `@`, `:` and `+` of revision expressions.
bool is_valid_label(std::string_view label);

}  // namespace strata::detail
