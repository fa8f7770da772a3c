// The ALTER TABLE rules of the MySQL/MariaDB lint analyzer: for each clause,
// which algorithm InnoDB's online DDL picks (INSTANT, INPLACE with or without
// a rebuild, COPY) and the lock it needs, given the ALGORITHM= and LOCK=
// written, the server version and the column's current type.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "dialect/mysql/mysql_lint_support.hpp"
#include "dialect/mysql/mysql_lint_types.hpp"

namespace strata::detail::mysql_lint {

namespace {

using lint::Severity;

constexpr std::string_view kCopyTail =
    "InnoDB copies the table row by row (ALGORITHM=COPY) and writes wait for the whole copy";
constexpr std::string_view kRebuildTail =
    "InnoDB rebuilds the table in place: reads and writes go on, but every row is rewritten, "
    "which takes the time and disk space of a full copy";

// Words that start an ALTER TABLE clause other than a table option.
bool is_action_word(const std::string& w) {
  static const std::vector<std::string> words = {
      "ADD",        "DROP",     "MODIFY",  "CHANGE",  "ALTER",    "RENAME",    "CONVERT",
      "ORDER",      "DISABLE",  "ENABLE",  "DISCARD", "IMPORT",   "PARTITION", "COALESCE",
      "REORGANIZE", "EXCHANGE", "ANALYZE", "CHECK",   "OPTIMIZE", "REBUILD",   "REPAIR",
      "REMOVE",     "TRUNCATE", "UPGRADE", "WITH",    "WITHOUT"};
  return std::find(words.begin(), words.end(), w) != words.end();
}

struct Alter {
  Analysis& a;
  const TokenList& t;
  std::string table;
  DdlOptions options;

  std::string label(std::string_view what, std::string_view reason) const {
    return fmt::format("{} on {}{}{}", what, a.describe(table), reason.empty() ? "" : " ", reason);
  }
  void copy(std::string_view what, std::string_view reason) {
    if (options.refuses_copy()) return;
    a.hit("mysql-copy-algorithm", a.lock_severity(table, Severity::kError), table,
          fmt::format("{}: {}", label(what, reason), kCopyTail));
  }
  void rebuild(std::string_view what, std::string_view reason) {
    if (options.refuses_rebuild() || options.algorithm == "COPY") return;
    a.hit("mysql-table-rebuild", a.lock_severity(table, Severity::kWarning), table,
          fmt::format("{}: {}", label(what, reason), kRebuildTail));
  }
  std::string instant_from(bool anywhere) const {
    if (a.mariadb()) return anywhere ? "MariaDB 10.4" : "MariaDB 10.3";
    return anywhere ? "MySQL 8.0.29" : "MySQL 8.0.12";
  }

  void add_column(size_t k, size_t e);
  void add(size_t k, size_t e);
  void drop(size_t k);
  void modify(const std::string& what, const std::string& column, const ColumnDef& def);
  void rename(size_t k, size_t e);
  void table_options(size_t b, size_t e);
  void clause(size_t b, size_t e);
};

void Alter::add_column(size_t k, size_t e) {
  if (!t.is_name(k)) return;
  std::string column = t.value(k);
  ColumnDef def = parse_column_def(t, k + 1, e);
  std::string what = fmt::format("ADD COLUMN {} {}", column, def.written);
  if (def.auto_increment) {
    if (options.refuses_shared_lock()) return;
    a.hit("mysql-add-column-blocks-writes", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} numbers every existing row: InnoDB rebuilds the table under "
                      "LOCK=SHARED, so writes wait for the whole rebuild",
                      label(what, "")));
    return;
  }
  if (def.generated && def.stored) {
    if (options.refuses_copy()) return;
    a.hit("mysql-add-column-blocks-writes", a.lock_severity(table, Severity::kError), table,
          fmt::format("{} computes the STORED generated column for every existing row: {}",
                      label(what, ""), kCopyTail));
    return;
  }
  if (def.not_null && !def.has_default && !def.generated && !a.known_empty(table)) {
    a.hit("add-column-not-null-without-default", Severity::kWarning, table,
          fmt::format("ADD COLUMN {} NOT NULL without a DEFAULT on {}: MySQL does not refuse it "
                      "but gives every existing row the type's implicit default (0, '' or a zero "
                      "date), which the application may not expect",
                      column, a.describe(table)));
    a.result.hits.back().fix =
        "Give the column a DEFAULT that suits the existing rows (adding it stays instant), or "
        "add it nullable, backfill it in batches (`-- migrate:batch`), then make it NOT NULL.";
  }
  if (options.algorithm == "INSTANT" || options.algorithm == "COPY") return;
  bool at_end = def.position.empty();
  if (!(at_end ? a.instant_add_at_end() : a.instant_add_anywhere())) {
    rebuild(what, fmt::format("{}: columns are added instantly {}only from {} on (target: {})",
                              at_end ? "adds a column" : "adds the column " + def.position,
                              at_end ? "" : "other than at the end ", instant_from(!at_end),
                              a.version_label()));
  } else if (a.mysql() && options.algorithm == "INPLACE") {
    rebuild(what,
            "with ALGORITHM=INPLACE: MySQL then rebuilds the table where ALGORITHM=INSTANT would "
            "add the column at once");
  }
}

void Alter::add(size_t k, size_t e) {
  bool column_word = t.is_word(k, "COLUMN");
  if (column_word) ++k;
  k = a.skip_if_exists(k);
  if (t.is_symbol(k, '(')) {  // ADD [COLUMN] (a INT, b INT)
    size_t close = std::min(t.close_of(k), e);
    size_t start = k + 1;
    for (size_t j = start; j <= close;) {
      if (j == close || t.is_symbol(j, ',')) {
        add_column(start, j);
        start = j + 1;
        ++j;
      } else {
        j = t.close_of(j) + 1;
      }
    }
    return;
  }
  if (!column_word) {
    std::string w = t.upper(k);
    if (w == "CONSTRAINT") {
      ++k;
      if (!t.is_word(k, "PRIMARY") && !t.is_word(k, "UNIQUE") && !t.is_word(k, "FOREIGN") &&
          !t.is_word(k, "CHECK")) {
        ++k;  // the constraint's name
      }
      w = t.upper(k);
    }
    if (w == "INDEX" || w == "KEY") {
      lint_new_index(a, table, "INDEX", "ADD INDEX", options);
      return;
    }
    if (w == "UNIQUE") {
      lint_new_index(a, table, "UNIQUE", "ADD UNIQUE", options);
      return;
    }
    if (w == "FULLTEXT" || w == "SPATIAL") {
      lint_new_index(a, table, w, fmt::format("ADD {} INDEX", w), options);
      return;
    }
    if (w == "FOREIGN") {
      if (options.refuses_copy()) return;  // INPLACE: foreign_key_checks=0, or refused
      std::string parent;
      for (size_t r = k; r < e; ++r) {
        size_t next = 0;
        if (t.is_word(r, "REFERENCES")) parent = a.table_name(r + 1, next);
      }
      a.hit("mysql-add-foreign-key", a.lock_severity(table, Severity::kError), table,
            fmt::format("ADD FOREIGN KEY on {} referencing {}: with foreign_key_checks on, InnoDB "
                        "adds a foreign key only with ALGORITHM=COPY, checking every row while "
                        "writes wait for the whole copy",
                        a.describe(table), parent));
      return;
    }
    if (w == "CHECK") {
      for (size_t r = k; r + 1 < e; ++r) {
        if (t.is_word(r, "NOT") && t.is_word(r + 1, "ENFORCED")) return;
      }
      copy("ADD CHECK", "checks every existing row");
      return;
    }
    if (w == "PRIMARY" || w == "PARTITION" || w == "PERIOD" || w == "SYSTEM") return;
  }
  add_column(k, e);
}

void Alter::drop(size_t k) {
  std::string w = t.upper(k);
  if (w == "PRIMARY" || w == "INDEX" || w == "KEY" || w == "FOREIGN" || w == "CONSTRAINT" ||
      w == "CHECK" || w == "PARTITION" || w == "SYSTEM" || w == "PERIOD") {
    return;
  }
  if (w == "COLUMN") ++k;
  k = a.skip_if_exists(k);
  if (!t.is_name(k)) return;
  std::string column = t.value(k);
  a.hit("drop-column", Severity::kWarning, table,
        fmt::format("DROP COLUMN {} of {} deletes its data; code still reading or writing the "
                    "column fails",
                    column, a.describe(table)));
  std::string what = fmt::format("DROP COLUMN {}", column);
  if (!a.instant_add_anywhere()) {
    rebuild(what, fmt::format("drops a column, which is instant only from {} on (target: {})",
                              instant_from(true), a.version_label()));
  } else if (a.mysql() && options.algorithm == "INPLACE") {
    rebuild(what,
            "with ALGORITHM=INPLACE: MySQL then rebuilds the table where ALGORITHM=INSTANT would "
            "drop the column at once");
  }
}

void Alter::modify(const std::string& what, const std::string& column, const ColumnDef& def) {
  std::string full = fmt::format("{} {}", what, def.written);
  if (auto current = a.column_type(table, column)) {
    Change change = classify_change(parse_catalog_type(*current), def, a.mariadb());
    if (change.kind == ChangeKind::kCopy) copy(full, change.reason);
    if (change.kind == ChangeKind::kRebuild) rebuild(full, change.reason);
  } else if (def.stored || !def.generated) {
    if (!options.refuses_copy()) {
      a.hit("mysql-copy-algorithm", a.lock_severity(table, Severity::kWarning), table,
            fmt::format("{}: {} unless the column keeps its type, character set and NULL-ness "
                        "(a VARCHAR may widen within its length-byte class); its current type is "
                        "unknown",
                        label(full, ""), kCopyTail));
    }
  }
  if (!def.position.empty() && !(a.mariadb() && a.version() >= 100004)) {
    rebuild(full, fmt::format("moves the column {}", def.position));
  }
}

void Alter::rename(size_t k, size_t e) {
  if (t.is_word(k, "COLUMN")) {
    if (!t.is_name(k + 1) || !t.is_word(k + 2, "TO")) return;
    a.hit("rename-column", Severity::kWarning, table,
          fmt::format("renaming column {} of {} to {}: running code that uses the old name "
                      "fails until it is deployed again",
                      t.value(k + 1), a.describe(table), t.value(k + 3)));
    return;
  }
  if (t.is_word(k, "INDEX") || t.is_word(k, "KEY")) return;
  if (t.is_word(k, "TO") || t.is_word(k, "AS")) ++k;
  size_t next = 0;
  std::string to = a.table_name(k, next);
  if (to.empty() || next > e) return;
  a.hit("rename-table", Severity::kWarning, table,
        fmt::format("renaming table {} to {}: running code that uses the old name fails "
                    "until it is deployed again",
                    a.describe(table), to));
}

void Alter::table_options(size_t b, size_t e) {
  for (size_t i = b; i < e; i = t.close_of(i) + 1) {
    std::string w = t.upper(i);
    if (w == "FORCE") {
      rebuild("FORCE", "");
      continue;
    }
    if (w != "ENGINE" && w != "ROW_FORMAT" && w != "KEY_BLOCK_SIZE") continue;
    size_t v = t.is_symbol(i + 1, '=') ? i + 2 : i + 1;
    if (v >= e) return;
    std::string value = t.value(v);
    std::string what = fmt::format("{}={}", w, value);
    if (w == "ENGINE" && to_upper(value) != "INNODB") {
      copy(what, "moves the table to another storage engine");
    } else {
      rebuild(what, "");
    }
    i = v;
  }
}

void Alter::clause(size_t b, size_t e) {
  std::string w = t.upper(b);
  if (w == "ADD") {
    add(b + 1, e);
  } else if (w == "DROP") {
    drop(b + 1);
  } else if (w == "MODIFY" || w == "CHANGE") {
    size_t k = b + 1;
    if (t.is_word(k, "COLUMN")) ++k;
    k = a.skip_if_exists(k);
    if (!t.is_name(k)) return;
    std::string column = t.value(k);
    if (w == "MODIFY") {
      modify(fmt::format("MODIFY COLUMN {}", column), column, parse_column_def(t, k + 1, e));
      return;
    }
    if (!t.is_name(k + 1)) return;
    std::string new_name = t.value(k + 1);
    if (to_lower(new_name) != to_lower(column)) {
      a.hit("rename-column", Severity::kWarning, table,
            fmt::format("renaming column {} of {} to {}: running code that uses the old name "
                        "fails until it is deployed again",
                        column, a.describe(table), new_name));
    }
    modify(fmt::format("CHANGE COLUMN {} {}", column, new_name), column,
           parse_column_def(t, k + 2, e));
  } else if (w == "RENAME") {
    rename(b + 1, e);
  } else if (w == "CONVERT" && t.is_word(b + 1, "TO")) {
    size_t k = b + 2;
    if (t.is_word(k, "CHARACTER")) ++k;
    if (t.is_word(k, "SET") || t.is_word(k, "CHARSET")) ++k;
    if (t.is_symbol(k, '=')) ++k;
    copy(fmt::format("CONVERT TO CHARACTER SET {}", t.value(k)),
         "rewrites every text column in the new character set");
  } else if (!is_action_word(w)) {
    table_options(b, e);
  }
}

}  // namespace

void lint_alter_table(Analysis& a, size_t i, bool online) {
  const TokenList& t = a.t;
  size_t next = 0;
  std::string table = a.table_name(a.skip_if_exists(i), next);
  if (table.empty()) return;
  // The clauses, split at top-level commas.
  std::vector<std::pair<size_t, size_t>> clauses;
  size_t end = t.size();
  if (end > next && t.is_symbol(end - 1, ';')) --end;
  for (size_t start = next, j = next; j <= end;) {
    if (j == end || t.is_symbol(j, ',')) {
      if (j > start) clauses.emplace_back(start, j);
      start = ++j;
    } else {
      j = t.close_of(j) + 1;
    }
  }
  Alter alter{a, t, table, {}};
  bool add_pk = false;
  bool drop_pk = false;
  for (auto [b, e] : clauses) {
    if (!is_action_word(t.upper(b))) read_ddl_options(t, b, e, alter.options);
    add_pk |=
        t.is_word(b, "ADD") && (t.is_word(b + 1, "PRIMARY") ||
                                (t.is_word(b + 1, "CONSTRAINT") &&
                                 (t.is_word(b + 2, "PRIMARY") || t.is_word(b + 3, "PRIMARY"))));
    drop_pk |= t.is_word(b, "DROP") && t.is_word(b + 1, "PRIMARY");
  }
  if (online && alter.options.lock.empty()) alter.options.lock = "NONE";

  if (a.created_here(table)) {
    // Nothing to wait for; a rename keeps the table new under its new name.
    for (auto [b, e] : clauses) {
      if (!t.is_word(b, "RENAME") || t.is_word(b + 1, "COLUMN") || t.is_word(b + 1, "INDEX") ||
          t.is_word(b + 1, "KEY")) {
        continue;
      }
      size_t k = t.is_word(b + 1, "TO") || t.is_word(b + 1, "AS") ? b + 2 : b + 1;
      size_t after = 0;
      std::string to = a.table_name(k, after);
      if (!to.empty()) a.result.created_tables.push_back(to);
    }
    return;
  }

  lint_explicit_lock(a, table, alter.options);
  if (alter.options.algorithm == "COPY") {
    a.hit("mysql-copy-algorithm", a.lock_severity(table, Severity::kError), table,
          fmt::format("ALGORITHM=COPY on {} makes InnoDB copy the table row by row: writes wait "
                      "for the whole copy",
                      a.describe(table)));
  }
  for (auto [b, e] : clauses) alter.clause(b, e);
  if (drop_pk && !add_pk) {
    alter.copy("DROP PRIMARY KEY", "without adding another one");
  } else if (add_pk) {
    alter.rebuild(drop_pk ? "DROP PRIMARY KEY, ADD PRIMARY KEY" : "ADD PRIMARY KEY",
                  "sets the primary key, by which InnoDB stores every row");
  }
}

}  // namespace strata::detail::mysql_lint
