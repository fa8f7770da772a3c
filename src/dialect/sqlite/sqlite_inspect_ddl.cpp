#include "dialect/sqlite/sqlite_inspect_ddl.hpp"

#include <utility>

#include "dialect/sqlite/sqlite_inspect_lexer.hpp"

namespace strata::detail::sqlite_ddl {

namespace {

using sqlite_lex::TokenKind;
using sqlite_lex::TokenList;

struct Range {
  size_t first;
  size_t last;
};

// The index one past the token at i, jumping over a parenthesized group.
size_t next(const TokenList& t, size_t i) {
  const size_t close = t.close_of(i);
  return close >= t.size() ? t.size() : close + 1;
}

// [first, last) cut at its top-level commas.
std::vector<Range> split_commas(const TokenList& t, size_t first, size_t last) {
  std::vector<Range> items;
  size_t start = first;
  for (size_t i = first; i < last; i = next(t, i)) {
    if (t.kind(i) == TokenKind::kComma) {
      items.push_back({start, i});
      start = i + 1;
    }
  }
  if (start < last) items.push_back({start, last});
  return items;
}

// Drops trailing semicolons, which a stored text never has but a caller's may.
size_t end_of_statement(const TokenList& t) {
  size_t end = t.size();
  while (end > 0 && t.kind(end - 1) == TokenKind::kSemicolon) --end;
  return end;
}

size_t first_paren(const TokenList& t, size_t from, size_t last) {
  for (size_t i = from; i < last; ++i) {
    if (t.kind(i) == TokenKind::kLParen) return i;
  }
  return last;
}

// The normalized text inside the parenthesis at `open`; moves `pos` past it.
std::string inside(const TokenList& t, size_t open, size_t& pos) {
  if (t.kind(open) != TokenKind::kLParen) {
    pos = open;
    return {};
  }
  const size_t close = t.close_of(open);
  pos = close >= t.size() ? t.size() : close + 1;
  return t.normalized(open + 1, close);
}

// The column names of an indexed-column list `( a COLLATE x DESC, "b" )`.
std::vector<std::string> column_list(const TokenList& t, size_t open, size_t& pos) {
  std::vector<std::string> columns;
  if (t.kind(open) != TokenKind::kLParen) {
    pos = open;
    return columns;
  }
  const size_t close = t.close_of(open);
  for (const Range& r : split_commas(t, open + 1, close)) {
    if (t.is_name(r.first)) columns.push_back(t.name(r.first));
  }
  pos = close >= t.size() ? t.size() : close + 1;
  return columns;
}

// REFERENCES parent [(cols)] {ON DELETE|UPDATE action | MATCH name}*
// [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]], starting at REFERENCES.
// The pragma reports everything but the deferral, so only that is kept.
size_t read_references(const TokenList& t, size_t i, size_t last, DdlForeignKey& fk) {
  ++i;
  if (i < last && t.is_name(i)) fk.ref_table = t.name(i++);
  if (i < last && t.kind(i) == TokenKind::kLParen) i = next(t, i);
  while (i < last) {
    if (t.is_word(i, "ON")) {
      i += 2;  // ON DELETE | ON UPDATE
      i += (t.is_word(i, "SET") || t.is_word(i, "NO")) ? 2 : 1;
    } else if (t.is_word(i, "MATCH")) {
      i += 2;
    } else if (t.is_word(i, "NOT") && t.is_word(i + 1, "DEFERRABLE")) {
      fk.deferrable = false;
      fk.initially_deferred = false;
      i += 2;
      if (t.is_word(i, "INITIALLY")) i += 2;
    } else if (t.is_word(i, "DEFERRABLE")) {
      fk.deferrable = true;
      ++i;
      if (t.is_word(i, "INITIALLY")) {
        fk.initially_deferred = t.is_word(i + 1, "DEFERRED");
        i += 2;
      }
    } else {
      break;
    }
  }
  return i;
}

// Words that end a column's type and start its constraints.
bool starts_column_constraint(const TokenList& t, size_t i) {
  static constexpr std::string_view kWords[] = {"CONSTRAINT", "PRIMARY",   "NOT",     "NULL",
                                                "UNIQUE",     "CHECK",     "DEFAULT", "COLLATE",
                                                "REFERENCES", "GENERATED", "AS"};
  if (t.kind(i) != TokenKind::kWord) return false;
  for (const std::string_view w : kWords) {
    if (t.is_word(i, w)) return true;
  }
  return false;
}

void read_column(const TokenList& t, Range r, DdlTable& table) {
  DdlColumn column;
  column.name = t.name(r.first);
  size_t i = r.first + 1;
  while (i < r.last && !starts_column_constraint(t, i)) i = next(t, i);
  std::string constraint_name;
  while (i < r.last) {
    if (t.is_word(i, "CONSTRAINT")) {
      constraint_name = t.name(i + 1);
      i += 2;
    } else if (t.is_word(i, "PRIMARY")) {
      table.primary_key = DdlKey{constraint_name, {column.name}};
      i += 2;
    } else if (t.is_word(i, "UNIQUE")) {
      table.uniques.push_back(DdlKey{constraint_name, {column.name}});
      ++i;
    } else if (t.is_word(i, "CHECK")) {
      DdlCheck check{constraint_name, inside(t, i + 1, i)};
      table.checks.push_back(std::move(check));
    } else if (t.is_word(i, "DEFAULT")) {
      ++i;
      if (t.kind(i) == TokenKind::kOperator) ++i;  // a sign before a number
      i = next(t, i);
    } else if (t.is_word(i, "COLLATE")) {
      column.collation = t.name(i + 1);
      i += 2;
    } else if (t.is_word(i, "REFERENCES")) {
      DdlForeignKey fk;
      fk.name = constraint_name;
      fk.columns.push_back(column.name);
      i = read_references(t, i, r.last, fk);
      table.foreign_keys.push_back(std::move(fk));
    } else if (t.is_word(i, "AS")) {
      column.generated = inside(t, i + 1, i);
    } else {
      i = next(t, i);
    }
  }
  table.columns.push_back(std::move(column));
}

bool starts_table_constraint(const TokenList& t, size_t i) {
  return t.is_word(i, "CONSTRAINT") || t.is_word(i, "PRIMARY") || t.is_word(i, "UNIQUE") ||
         t.is_word(i, "CHECK") || t.is_word(i, "FOREIGN");
}

void read_table_constraints(const TokenList& t, Range r, DdlTable& table) {
  std::string constraint_name;
  size_t i = r.first;
  while (i < r.last) {
    if (t.is_word(i, "CONSTRAINT")) {
      constraint_name = t.name(i + 1);
      i += 2;
    } else if (t.is_word(i, "PRIMARY")) {
      i += 2;
      table.primary_key = DdlKey{constraint_name, column_list(t, i, i)};
    } else if (t.is_word(i, "UNIQUE")) {
      ++i;
      table.uniques.push_back(DdlKey{constraint_name, column_list(t, i, i)});
    } else if (t.is_word(i, "CHECK")) {
      DdlCheck check{constraint_name, inside(t, i + 1, i)};
      table.checks.push_back(std::move(check));
    } else if (t.is_word(i, "FOREIGN")) {
      i += 2;
      DdlForeignKey fk;
      fk.name = constraint_name;
      fk.columns = column_list(t, i, i);
      if (t.is_word(i, "REFERENCES")) i = read_references(t, i, r.last, fk);
      table.foreign_keys.push_back(std::move(fk));
    } else {
      i = next(t, i);
    }
  }
}

}  // namespace

DdlTable parse_create_table(std::string_view sql) {
  DdlTable table;
  const TokenList t(sql);
  const size_t end = end_of_statement(t);
  for (size_t i = 0; i < end; ++i) {
    if (t.is_word(i, "AUTOINCREMENT")) table.autoincrement = true;
  }
  const size_t open = first_paren(t, 0, end);
  if (open >= end) return table;  // CREATE TABLE ... AS SELECT: no constraints to read
  const size_t close = t.close_of(open);
  bool in_constraints = false;
  for (const Range& item : split_commas(t, open + 1, close)) {
    in_constraints = in_constraints || starts_table_constraint(t, item.first);
    if (in_constraints) {
      read_table_constraints(t, item, table);
    } else {
      read_column(t, item, table);
    }
  }
  for (size_t i = close + 1; i < end; ++i) {
    if (t.is_word(i, "WITHOUT") && t.is_word(i + 1, "ROWID")) table.without_rowid = true;
    if (t.is_word(i, "STRICT")) table.strict = true;
  }
  return table;
}

DdlIndex parse_create_index(std::string_view sql) {
  DdlIndex index;
  const TokenList t(sql);
  const size_t end = end_of_statement(t);
  index.unique = t.is_word(1, "UNIQUE");
  const size_t open = first_paren(t, 0, end);
  if (open >= end) return index;
  const size_t close = t.close_of(open);
  for (Range r : split_commas(t, open + 1, close)) {
    DdlIndexKey key;
    if (r.last > r.first + 1 && (t.is_word(r.last - 1, "ASC") || t.is_word(r.last - 1, "DESC"))) {
      key.descending = t.is_word(r.last - 1, "DESC");
      --r.last;
    }
    if (r.last > r.first + 2 && t.is_word(r.last - 2, "COLLATE")) {
      key.collation = t.name(r.last - 1);
      r.last -= 2;
    }
    // A 'string' key may still name a column (a legacy SQLite reading), so
    // only identifiers count as names here.
    const TokenKind k = t.kind(r.first);
    if (r.last == r.first + 1 && (k == TokenKind::kWord || k == TokenKind::kQuotedIdent)) {
      key.name = t.name(r.first);
    }
    key.expression = t.normalized(r.first, r.last);
    index.keys.push_back(std::move(key));
  }
  if (close < end && t.is_word(close + 1, "WHERE")) index.where = t.normalized(close + 2, end);
  return index;
}

DdlView parse_create_view(std::string_view sql) {
  DdlView view;
  const TokenList t(sql);
  const size_t end = end_of_statement(t);
  size_t as = 0;
  while (as < end && !t.is_word(as, "AS")) as = next(t, as);
  if (as >= end) return view;
  view.definition = std::string(t.source(as + 1, end));
  for (size_t i = as + 1; i < end; ++i) {
    const TokenKind k = t.kind(i);
    if (k == TokenKind::kWord || k == TokenKind::kQuotedIdent)
      view.identifiers.push_back(t.name(i));
  }
  return view;
}

}  // namespace strata::detail::sqlite_ddl
