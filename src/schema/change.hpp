// The change vocabulary: what the differ produces and a dialect renders.
// Changes are data. Each carries enough to build its reverse (a drop keeps the
// whole object it drops), so the down section of a generated migration is the
// rendering of reverse(changes): the reversed list of reversed changes.
//
// Granularity is the engine-neutral one (add a column, alter a column, add a
// foreign key); a renderer may group several changes into one statement or
// one procedure (SQLite's table rebuild) when its engine needs that.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "schema/model.hpp"

namespace strata::detail::schema {

struct CreateNamespace { std::string name; };
struct DropNamespace { std::string name; };
struct CreateExtension { Extension extension; };
struct DropExtension { Extension extension; };

struct CreateEnum { EnumType type; };
struct DropEnum { EnumType type; };
// Values added, removed, renamed or reordered. The renderer picks ADD VALUE
// when `to` only adds values, else the type-swap recipe.
struct AlterEnum { EnumType from; EnumType to; };

struct CreateSequence { Sequence sequence; };
struct DropSequence { Sequence sequence; };
struct AlterSequence { Sequence from; Sequence to; };

// A new table with its columns, primary key, unique and check constraints and
// comments. Its indexes and foreign keys come as their own changes.
struct CreateTable { Table table; };
// Drops a table. `table` is the whole table as it was (indexes and foreign
// keys included, for the renderer's information); the differ also emits the
// DropIndex / DropForeignKey changes of its own indexes and keys, marked
// implied, so that the reverse recreates them.
struct DropTable { Table table; };
struct RenameTable { ObjectName from; ObjectName to; };

struct AddColumn { ObjectName table; Column column; };
struct DropColumn { ObjectName table; Column column; };
struct RenameColumn { ObjectName table; std::string from; std::string to; };
// Type, nullability, default, identity, generated expression or collation
// changed; the name is the same in both.
struct AlterColumn { ObjectName table; Column from; Column to; };

struct AddPrimaryKey { ObjectName table; PrimaryKey key; };
struct DropPrimaryKey { ObjectName table; PrimaryKey key; };
struct AddUnique { ObjectName table; UniqueConstraint constraint; };
struct DropUnique { ObjectName table; UniqueConstraint constraint; };
struct AddForeignKey { ObjectName table; ForeignKey key; };
struct DropForeignKey { ObjectName table; ForeignKey key; };
struct AddCheck { ObjectName table; CheckConstraint check; };
struct DropCheck { ObjectName table; CheckConstraint check; };

// `table` is the table or materialized view the index is on.
struct CreateIndex { ObjectName table; Index index; };
struct DropIndex { ObjectName table; Index index; };

struct CreateView { View view; };
struct DropView { View view; };

enum class CommentTarget { table, column, view, index, sequence, type };
// COMMENT ON; nullopt = no comment. `column` is set for column comments.
struct SetComment {
  CommentTarget target = CommentTarget::table;
  ObjectName object;
  std::string column;
  std::optional<std::string> from;
  std::optional<std::string> to;
};

// An OtherObject with a known definition, created or dropped as a whole.
struct CreateOther { OtherObject object; };
struct DropOther { OtherObject object; };
// A difference strata can detect but not generate (an object without a
// definition it could print). Rendered as a comment; reported by check/diff.
struct Unsupported { std::string description; };

using ChangeOp = std::variant<CreateNamespace, DropNamespace, CreateExtension, DropExtension,
                              CreateEnum, DropEnum, AlterEnum, CreateSequence, DropSequence,
                              AlterSequence, CreateTable, DropTable, RenameTable, AddColumn,
                              DropColumn, RenameColumn, AlterColumn, AddPrimaryKey, DropPrimaryKey,
                              AddUnique, DropUnique, AddForeignKey, DropForeignKey, AddCheck,
                              DropCheck, CreateIndex, DropIndex, CreateView, DropView, SetComment,
                              CreateOther, DropOther, Unsupported>;

struct Change {
  ChangeOp op;
  // Done by another change of the same list (a dropped table's own indexes
  // and keys go with it): the renderer prints nothing for it. The reverse is
  // never implied.
  bool implied = false;
  // A line the renderer prints as a comment above the change's statements:
  // set by reverse() where the reverse cannot restore data ("the data of
  // users.email is not restored"), and by the differ for warnings.
  std::string note;
};

using ChangeList = std::vector<Change>;

Change reverse(const Change& change);
// The reversed list of reversed changes: what takes the `to` schema back to
// the `from` schema.
ChangeList reverse(const ChangeList& changes);

// "add_column", "drop_table", ...: stable names for JSON output.
std::string kind_name(const Change& change);
// One human line: "add column users.email (text NOT NULL)".
std::string describe(const Change& change);
// Loses data or breaks readers: drops of tables, columns, enum values,
// sequences; type changes.
bool is_destructive(const Change& change);

// What a renderer produces: statements in order, each with whether it may run
// inside a transaction and a comment to print above it.
struct Statement {
  std::string sql;            // one statement, without the trailing ';'
  bool transactional = true;  // false: must run outside a transaction block
  std::string comment;        // one or more lines, without "-- "; empty = none
};

// What a renderer may consult besides the changes: the schemas before and
// after (SQLite's rebuild needs the whole table; the enum type-swap needs the
// columns using the type) and the server version (PostgreSQL's
// server_version_num, e.g. 150004; 0 = unknown, assume the newest).
struct RenderContext {
  const Schema* from = nullptr;
  const Schema* to = nullptr;
  int server_version = 0;
  // safe_by_default: changes to existing tables use the lock-safe recipes
  // (indexes built CONCURRENTLY outside a transaction, constraints added NOT
  // VALID then validated, SET NOT NULL through a validated check).
  bool safe = false;
};

}  // namespace strata::detail::schema
