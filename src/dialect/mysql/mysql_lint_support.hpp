// Shared pieces of the MySQL/MariaDB lint analyzer (mysql_lint*.cpp): the
// per-statement state that collects hits, table names, the server version's
// online-DDL thresholds, and the ALGORITHM= / LOCK= options of a statement.
// Internal to the mysql module.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dialect/mysql/mysql_lint_tokens.hpp"
#include "lint/lint_types.hpp"

namespace strata::detail::mysql_lint {

// One statement being analyzed: the context it runs in and the hits so far.
struct Analysis {
  const lint::StatementContext& ctx;
  const TokenList& t;
  lint::StatementAnalysis result;

  // Adds a hit of `rule` with the catalogue's recipe as its fix.
  void hit(std::string_view rule, lint::Severity severity, std::string table, std::string message) {
    result.add(rule, severity, std::move(table), std::move(message));
  }
  // Info when the table is known small, else `risky`.
  lint::Severity lock_severity(const std::string& table, lint::Severity risky) const;
  bool created_here(const std::string& table) const { return lint::created_here(table, ctx); }
  std::string describe(const std::string& table) const { return lint::describe_table(table, ctx); }
  // The catalog's definition of a column ("varchar(10) CHARACTER SET utf8mb4
  // NOT NULL"), when the database was read.
  std::optional<std::string> column_type(const std::string& table, const std::string& column) const;
  bool known_empty(const std::string& table) const;

  // "t" or "db.t" at token i, as written (MySQL compares table names exactly
  // on Linux); `next` gets the index after it. "" when no name is there.
  std::string table_name(size_t i, size_t& next) const;
  // Past IF EXISTS / IF NOT EXISTS at i.
  size_t skip_if_exists(size_t i) const;

  // The target server: MariaDB numbers are 10.x and up (100000+).
  int version() const { return ctx.server_version_num; }
  bool mariadb() const { return version() >= 100000; }
  bool mysql() const { return version() != 0 && version() < 100000; }
  // "MySQL 8.0.28", "MariaDB 10.3".
  std::string version_label() const;
  // ALTER TABLE ... ADD COLUMN (at the end / anywhere) and DROP COLUMN
  // without a rebuild: MySQL 8.0.12 / 8.0.29, MariaDB 10.3 / 10.4. An unknown
  // version is taken as the newest.
  bool instant_add_at_end() const;
  bool instant_add_anywhere() const;
};

// ALGORITHM= and LOCK= of an ALTER TABLE or CREATE/DROP INDEX, upper case;
// "" when not written. MariaDB's ALTER ONLINE TABLE means LOCK=NONE.
struct DdlOptions {
  std::string algorithm;
  std::string lock;
  // The server refuses rather than copy the table (or block writes).
  bool refuses_copy() const {
    return algorithm == "INPLACE" || algorithm == "INSTANT" || algorithm == "NOCOPY" ||
           lock == "NONE";
  }
  bool refuses_shared_lock() const { return lock == "NONE" || algorithm == "INSTANT"; }
  // The server refuses rather than rebuild the table.
  bool refuses_rebuild() const { return algorithm == "INSTANT" || algorithm == "NOCOPY"; }
};

// Reads `ALGORITHM [=] x` and `LOCK [=] x` among tokens [first, last).
void read_ddl_options(const TokenList& t, size_t first, size_t last, DdlOptions& out);

// LOCK=SHARED / LOCK=EXCLUSIVE written on a statement on an existing table.
void lint_explicit_lock(Analysis& a, const std::string& table, const DdlOptions& options);
// A new index on an existing table (ADD INDEX or CREATE INDEX); `kind` is
// "INDEX", "UNIQUE", "FULLTEXT" or "SPATIAL".
void lint_new_index(Analysis& a, const std::string& table, std::string_view kind,
                    std::string_view what, const DdlOptions& options);

// ALTER [ONLINE] [IGNORE] TABLE, from the token after TABLE.
void lint_alter_table(Analysis& a, size_t i, bool online);

}  // namespace strata::detail::mysql_lint
