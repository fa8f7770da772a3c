// Schema comparison results returned by Migrator::check, drift, diff,
// autogenerate and test_migrations (DESIGN section 5). Plain data; the
// `kind` strings are stable and documented in the README's JSON section.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "strata/migrator.hpp"

namespace strata {

struct SchemaChange {
  std::string kind;         // "add_column", "drop_table", ... (stable)
  std::string description;  // one readable line
  bool destructive = false;  // loses data or breaks readers
};

// A drop and an add that look like a rename; strata never assumes one.
struct RenameSuggestion {
  bool column = false;
  std::string table;  // the column's table (columns only)
  std::string from;
  std::string to;
  std::string option() const;  // the --rename spelling: "old=new" or "table.old=new"
};

struct SchemaDiff {
  std::vector<SchemaChange> changes;
  std::string up_sql;    // the statements that make `from` into `to`
  std::string down_sql;  // and back
  bool up_transactional = true;
  bool down_transactional = true;
  std::vector<RenameSuggestion> suggestions;
  bool empty() const { return changes.empty(); }
};

struct CheckReport {
  SchemaDiff diff;                 // migrations' result -> schema/
  std::vector<std::string> heads;  // more than one = a failure too
  bool clean() const { return diff.empty() && heads.size() <= 1; }
};

struct AutogenerateOptions {
  NewRevision revision;                // message, --head, labels, ... (up/down are generated)
  std::vector<std::string> renames;    // "old=new" / "table.old=new"
  // Asked for each suggestion (an interactive terminal); true = it is a
  // rename. Unset: never assume one.
  std::function<bool(const RenameSuggestion&)> confirm_rename;
};

struct AutogenerateResult {
  std::string path;  // the new file; empty when there was no change
  SchemaDiff diff;
};

struct MigrationTestReport {
  bool ok = true;
  int revisions = 0;              // revisions walked
  std::string failed_revision;    // the first that broke
  std::string phase;              // "up", "down", "down restores", "up again", "end state"
  std::string message;            // what broke
  std::vector<std::string> differences;  // schema differences, readable
};

}  // namespace strata
