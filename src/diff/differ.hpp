// The differ: two schema states in, the list of changes that turns the first
// into the second out, in an order a database can execute (DESIGN section 5,
// ARCHITECTURE "Diff"). Engine-neutral: it compares the model's text fields
// as the engine printed them and leaves SQL to the dialect's renderer.
//
// Renames are never guessed. A rename happens only when a hint says so
// (`-- strata:renamed-from` in schema/, `--rename OLD=NEW`, or a user's answer
// to a question); pairs that merely look like renames (a dropped and an added
// table of the same shape, a dropped and an added column of the same type in
// one table) are returned as candidates for the caller to ask about.
#pragma once

#include <string>
#include <vector>

#include "schema/change.hpp"
#include "schema/model.hpp"

namespace strata::detail {

struct TableRename {
  schema::ObjectName from;
  schema::ObjectName to;
};

struct ColumnRename {
  schema::ObjectName table;  // the table's name in the target schema
  std::string from;
  std::string to;
};

struct RenameHints {
  std::vector<TableRename> tables;
  std::vector<ColumnRename> columns;
};

// A drop and an add that look like a rename. For a column, `table` is set and
// `from`/`to` are column names; for a table, `from`/`to` are table names.
struct RenameCandidate {
  bool is_column = false;
  schema::ObjectName table;
  schema::ObjectName from;
  schema::ObjectName to;
};

struct DiffResult {
  schema::ChangeList changes;
  std::vector<RenameCandidate> candidates;
  // Rename hints that name an object present on both sides and so cannot be
  // done as one rename (a swap, or a rename onto a name that is dropped or
  // reused in the same step). The changes then hold a drop and an add, which
  // would lose data: callers must refuse and say why. A hint whose old name
  // is already gone (a rename done by an earlier migration) is not listed.
  std::vector<std::string> unusable_hints;
};

// Changes from `from` to `to`, dependency-ordered:
//  - namespaces, extensions, enums (new values added) and sequences before
//    the tables that use them; dropped ones after;
//  - views that read anything changed are dropped first and recreated last,
//    in dependency order (a view before the views that read it);
//  - foreign keys that point at a dropped or rebuilt table are dropped before
//    it; new foreign keys are added after every table exists;
//  - a dropped table's own indexes and keys come as implied changes before it;
//    a key of it to a table that changes comes (implied) before those
//    changes, so that the reverse adds it back once they are undone;
//  - a generated column whose expression reads a renamed column is dropped
//    before the renames and added again after them, with the indexes and
//    constraints on it (altered before them when it stops being generated).
DiffResult diff_schemas(const schema::Schema& from, const schema::Schema& to,
                        const RenameHints& renames = {});

}  // namespace strata::detail
