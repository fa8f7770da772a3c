// Column definitions as the MySQL lint analyzer reads them (from ADD, MODIFY
// and CHANGE COLUMN, and from the catalog strings mysql_table_sizes stores:
// "varchar(10) CHARACTER SET utf8mb4 NOT NULL"), and how InnoDB carries out a
// change from one definition to another: in place without a rebuild (same
// type, a VARCHAR widened within its length-byte class, ENUM/SET members
// appended), by rebuilding the table in place (NULL-ness changed), or only by
// copying it (ALGORITHM=COPY: any other type or character set change).
#pragma once

#include <string>
#include <vector>

#include "dialect/mysql/mysql_lint_tokens.hpp"

namespace strata::detail::mysql_lint {

struct ColumnDef {
  std::string type;               // canonical name: "VARCHAR", "INT", "DECIMAL"
  std::string written;            // the type as written: "VARCHAR(100)", "int(11) unsigned"
  std::vector<std::string> args;  // "(10,2)" -> {"10", "2"}; ENUM values unquoted
  bool is_unsigned = false;
  bool zerofill = false;
  std::string charset;  // lower case, "" when not given
  bool not_null = false;
  bool has_default = false;  // a DEFAULT other than NULL
  bool auto_increment = false;
  bool generated = false;
  bool stored = false;  // STORED or PERSISTENT generated column
  bool primary_key = false;
  std::string position;  // "FIRST", "AFTER x" or ""
};

// Reads the definition that starts with the type at token `first`; stops at
// `end` (a top-level comma or the end of the clause).
ColumnDef parse_column_def(const TokenList& t, size_t first, size_t end);
// A catalog string as mysql_table_sizes stores it.
ColumnDef parse_catalog_type(const std::string& catalog);

enum class ChangeKind {
  kNone,     // metadata only: same type (display width, DEFAULT, COMMENT aside)
  kRebuild,  // in place, the table rebuilt (NULL <-> NOT NULL)
  kCopy,     // ALGORITHM=COPY
};

struct Change {
  ChangeKind kind = ChangeKind::kNone;
  std::string reason;  // "changes the type from int(11) to BIGINT"
};

// What changing column `from` (catalog) into `to` (as written) costs.
// `mariadb`: MariaDB 10.4+ extends a VARCHAR of at most 127 bytes instantly
// past 255 bytes, which MySQL copies.
Change classify_change(const ColumnDef& from, const ColumnDef& to, bool mariadb);

}  // namespace strata::detail::mysql_lint
