// Online DDL for the MySQL/MariaDB renderer: which ALGORITHM/LOCK clause an
// ALTER TABLE may carry on a given server, and what to say when there is none
// (the statement rebuilds the table, or blocks writes).
//
// Server versions: RenderContext::server_version holds what
// server_version_number() reads from Connection::server_version(), as the
// lint rules do: MySQL as major*10000 + minor*100 + patch ("MySQL 8.0.35" ->
// 80035), MariaDB as major*10000 + minor ("MariaDB 10.6.11" -> 100006; the
// patch level is not kept). MariaDB numbers start at 100000 and MySQL's stay
// below it, so the number also says which server it is. A MariaDB minor
// version counts from its first GA release (10.2.6, 10.3.7, 10.4.6, 10.5.4),
// by which every feature used here had landed. 0 (unknown) counts as MariaDB
// 10.11, the tested server.
//
// A wrong clause makes the statement fail, so a clause is given only where
// the server documents the algorithm for the operation, from the version that
// introduced it; operations seen to work only on the tested MariaDB 10.11 start
// there. Limits the model cannot see (ROW_FORMAT=COMPRESSED, MySQL's 64 instant
// row versions, a FULLTEXT index dropped without a rebuild) can still refuse
// ALGORITHM=INSTANT: the statement then fails before it changes anything.
#pragma once

#include <string>
#include <string_view>

#include "dialect/mysql/mysql_charset.hpp"

namespace strata::detail {

struct MysqlRenderTarget {
  bool mariadb = true;
  int version = 100011;  // as above: MariaDB 10.11
};

// Reads RenderContext::server_version (see above).
MysqlRenderTarget mysql_render_target(int server_version);

// One operation of an ALTER TABLE, as far as its algorithm goes.
enum class MysqlOnlineOp {
  add_column,         // at the end; not AUTO_INCREMENT, not STORED; table without FULLTEXT
  add_column_placed,  // the same with FIRST or AFTER `c`
  drop_column,        // in no index; table without FULLTEXT
  rename_column,
  change_default,  // DEFAULT or ON UPDATE only
  change_column_comment,
  extend_varchar,      // VARCHAR(n) -> VARCHAR(m > n) in the same length-byte class
  append_enum_values,  // ENUM/SET members added at the end, same storage size
  drop_not_null,
  set_not_null,
  change_type,          // any other type, charset or collation change; AUTO_INCREMENT; STORED
  other_column_change,  // a VIRTUAL expression: left to the server
  table_comment,
  create_index,          // B-tree on columns (plain or UNIQUE)
  create_special_index,  // FULLTEXT, SPATIAL, HASH, or on expressions
  drop_index,
  add_foreign_key,  // with foreign_key_checks on (the migration's session)
  drop_foreign_key,
  add_check,
  drop_check,
  add_primary_key,
  drop_primary_key,
  replace_primary_key,  // DROP PRIMARY KEY, ADD PRIMARY KEY in one statement
};

// Ordered from the most to the least permissive: combining two operations in
// one statement gives the later of the two.
enum class MysqlAlgorithm {
  instant,          // ", ALGORITHM=INSTANT"
  inplace,          // ", ALGORITHM=INPLACE, LOCK=NONE"
  inplace_rebuild,  // ", ALGORITHM=INPLACE, LOCK=NONE", and a comment: the table is rebuilt
  none,             // no clause, nothing said: the server picks
  blocking,         // no clause; comment: writes wait until it finishes
  copy,             // no clause; comment: the table is copied and writes wait
};

MysqlAlgorithm mysql_online_algorithm(MysqlOnlineOp op, const MysqlRenderTarget& server);
MysqlAlgorithm mysql_combine(MysqlAlgorithm a, MysqlAlgorithm b);

// ", ALGORITHM=INSTANT", ", ALGORITHM=INPLACE, LOCK=NONE" or "".
std::string_view mysql_algorithm_clause(MysqlAlgorithm algorithm);
// The statement comment for `table` (display name), or "".
std::string mysql_algorithm_comment(MysqlAlgorithm algorithm, std::string_view table);

// Whether VARCHAR/VARBINARY `from` -> `to` only lengthens the column and keeps
// its length prefix at the same size (1 byte up to 255 bytes, else 2), for a
// charset of `max_bytes` bytes per character (0 = unknown: false).
bool mysql_extends_varchar(std::string_view from, std::string_view to, int max_bytes);
// Whether ENUM/SET `from` -> `to` only appends members and keeps the storage
// size (ENUM: 1 byte up to 255 members; SET: 1, 2, 3, 4 or 8 bytes).
bool mysql_appends_enum_values(std::string_view from, std::string_view to);

}  // namespace strata::detail
