// The desired state's source: the SQL files of the `schema` setting (files or
// folders, read in path order), their rename hints, and what a dump carries
// that a scratch database must not run (ownership, grants, psql commands).
//
// Rename hints (DESIGN section 5):
//   -- strata:renamed-from old_users        on its own line before a CREATE TABLE,
//                                           or at the end of that line: a table rename
//   email text, -- strata:renamed-from mail   inside a CREATE TABLE (or on the line
//                                           before the column): a column rename
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "diff/differ.hpp"
#include "dialect/dialect.hpp"

namespace strata::detail {

struct SchemaFile {
  std::string path;  // as found (absolute when the setting is)
  std::string text;
};

struct SchemaSource {
  std::vector<SchemaFile> files;
  RenameHints renames;
};

// Reads every *.sql file under `paths` (a path may be a file or a folder,
// searched recursively). An empty result is an error naming the paths.
Result<SchemaSource> load_schema_source(const std::vector<std::string>& paths,
                                        const Traits& traits);

// Rename hints in one file's text. Errors name the file and line of a hint
// that cannot be attached to a table or column.
Status parse_rename_hints(std::string_view text, const std::string& path, const Traits& traits,
                          RenameHints& out);

// A statement from pg_dump or sqlite3 .schema/.dump output that describes no
// schema object strata compares and may fail on another server: OWNER TO,
// GRANT/REVOKE, ALTER DEFAULT PRIVILEGES, SET/set_config session settings,
// SQLite's internal sqlite_sequence / sqlite_stat tables.
bool is_dump_noise(std::string_view sql);

// Lines starting with a backslash (psql meta-commands such as \restrict in
// pg_dump output) blanked out, so the splitter never sees them. Line numbers
// are kept.
std::string strip_psql_commands(std::string text);

// Parses NAME or SCHEMA.NAME as written in SQL (quoted or bare; bare names
// folded as the engine folds them; no schema = the default namespace).
Result<schema::ObjectName> parse_object_name(std::string_view text, const Traits& traits);

}  // namespace strata::detail
