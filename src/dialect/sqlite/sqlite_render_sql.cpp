#include "dialect/sqlite/sqlite_render_sql.hpp"

#include <sqlite3.h>

#include "dialect/sqlite/sqlite_text.hpp"

namespace strata::detail::sqlite_sql {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_plain_identifier(std::string_view s) {
  if (s.empty() || !(is_ascii_letter(s[0]) || s[0] == '_')) return false;
  for (const char c : s) {
    if (!(is_ascii_letter(c) || is_digit(c) || c == '_')) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && sqlite_text::is_space(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && sqlite_text::is_space(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// The offset just past the quoted token that opens at `pos` (quote char
// `close`, doubled to escape); s.size() when unterminated.
size_t skip_quoted(std::string_view s, size_t pos, char close) {
  size_t i = pos + 1;
  while (i < s.size()) {
    if (s[i] == close) {
      if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return s.size();
}

// Whether the whole of `s` is one parenthesized group: "(a + b)" but not
// "(a) + (b)".
bool is_parenthesized(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = skip_quoted(s, i, c);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i + 1 == s.size();
    ++i;
  }
  return false;
}

bool is_string_literal(std::string_view s) {
  return s.size() >= 2 && s.front() == '\'' && skip_quoted(s, 0, '\'') == s.size() &&
         s.back() == '\'';
}

bool is_blob_literal(std::string_view s) {
  return s.size() >= 3 && (s[0] == 'x' || s[0] == 'X') && is_string_literal(s.substr(1));
}

bool is_numeric_literal(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s = trimmed(s.substr(1));
  if (s.empty()) return false;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (size_t i = 2; i < s.size(); ++i) {
      const char c = lower(s[i]);
      if (!(is_digit(c) || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }
  size_t i = 0;
  bool digits = false;
  while (i < s.size() && is_digit(s[i])) ++i, digits = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, digits = true;
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == s.size() || !is_digit(s[i])) return false;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  return i == s.size();
}

std::string constraint_prefix(const std::string& name) {
  return name.empty() ? std::string() : "CONSTRAINT " + ident(name) + " ";
}

}  // namespace

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string ident(std::string_view name) {
  if (is_plain_identifier(name) &&
      sqlite3_keyword_check(name.data(), static_cast<int>(name.size())) == 0) {
    return std::string(name);
  }
  return sqlite_text::quote_ident(name);
}

std::string qualified(const schema::ObjectName& name) {
  if (name.schema.empty()) return ident(name.name);
  return ident(name.schema) + "." + ident(name.name);
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += ident(columns[i]);
  }
  out += ')';
  return out;
}

std::string default_clause(std::string_view expr) {
  const std::string_view t = trimmed(expr);
  if (is_parenthesized(t) || is_string_literal(t) || is_blob_literal(t) || is_numeric_literal(t) ||
      is_plain_identifier(t)) {
    // A bare word covers NULL, TRUE, FALSE and CURRENT_*, and the old
    // DEFAULT word form that SQLite reads as a string.
    return std::string(t);
  }
  return "(" + std::string(t) + ")";
}

bool is_expression_default(std::string_view expr) {
  const std::string clause = default_clause(expr);
  return !clause.empty() && clause.front() == '(';
}

bool is_current_time_default(std::string_view expr) {
  const std::string_view t = trimmed(expr);
  return same_name(t, "CURRENT_TIME") || same_name(t, "CURRENT_DATE") ||
         same_name(t, "CURRENT_TIMESTAMP");
}

bool is_null_default(const std::optional<std::string>& expr) {
  return !expr || same_name(trimmed(*expr), "NULL");
}

std::string references_clause(const schema::ForeignKey& key) {
  // SQLite's REFERENCES takes no schema name: the parent is in the same database.
  std::string out = "REFERENCES " + ident(key.ref_table.name);
  if (!key.ref_columns.empty()) out += " " + column_list(key.ref_columns);
  if (key.on_delete != schema::FkAction::no_action) {
    out += " ON DELETE ";
    out += schema::fk_action_sql(key.on_delete);
  }
  if (key.on_update != schema::FkAction::no_action) {
    out += " ON UPDATE ";
    out += schema::fk_action_sql(key.on_update);
  }
  if (key.initially_deferred) {
    out += " DEFERRABLE INITIALLY DEFERRED";
  } else if (key.deferrable) {
    out += " DEFERRABLE";
  }
  return out;
}

std::string column_definition(const schema::Column& column, const schema::PrimaryKey* inline_pk,
                              const std::vector<const schema::ForeignKey*>& references) {
  std::string out = ident(column.name);
  if (!column.type.empty()) out += " " + column.type;
  if (inline_pk != nullptr) {
    out += " " + constraint_prefix(inline_pk->name) + "PRIMARY KEY AUTOINCREMENT";
  }
  if (column.not_null) out += " NOT NULL";
  if (column.default_expr) out += " DEFAULT " + default_clause(*column.default_expr);
  if (!column.collation.empty()) out += " COLLATE " + ident(column.collation);
  if (column.generated) {
    out += " GENERATED ALWAYS AS (" + *column.generated + ")";
    out += column.generated_stored ? " STORED" : " VIRTUAL";
  }
  for (const auto* key : references) {
    out += " " + constraint_prefix(key->name) + references_clause(*key);
  }
  return out;
}

std::string create_table(const schema::Table& table, const schema::ObjectName& as,
                         const std::vector<const schema::ForeignKey*>& foreign_keys) {
  // AUTOINCREMENT exists only as a column constraint of an INTEGER PRIMARY KEY.
  const schema::PrimaryKey* pk = table.primary_key ? &*table.primary_key : nullptr;
  std::string_view inline_pk_column;
  if (table.autoincrement && pk != nullptr && pk->columns.size() == 1) {
    const auto* column = table.find_column(pk->columns[0]);
    if (column != nullptr && same_name(column->type, "INTEGER")) inline_pk_column = column->name;
  }
  std::vector<std::string> lines;
  lines.reserve(table.columns.size() + table.uniques.size() + table.checks.size() +
                foreign_keys.size() + 1);
  for (const auto& column : table.columns) {
    const bool inline_pk = !inline_pk_column.empty() && column.name == inline_pk_column;
    lines.push_back(column_definition(column, inline_pk ? pk : nullptr));
  }
  if (pk != nullptr && inline_pk_column.empty()) {
    lines.push_back(constraint_prefix(pk->name) + "PRIMARY KEY " + column_list(pk->columns));
  }
  for (const auto& unique : table.uniques) {
    lines.push_back(constraint_prefix(unique.name) + "UNIQUE " + column_list(unique.columns));
  }
  for (const auto& check : table.checks) {
    lines.push_back(constraint_prefix(check.name) + "CHECK (" + check.expression + ")");
  }
  for (const auto* key : foreign_keys) {
    lines.push_back(constraint_prefix(key->name) + "FOREIGN KEY " + column_list(key->columns) +
                    " " + references_clause(*key));
  }
  std::string out = "CREATE TABLE " + qualified(as) + " (\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    out += "    ";
    out += lines[i];
    out += i + 1 < lines.size() ? ",\n" : "\n";
  }
  out += ')';
  if (table.without_rowid) out += " WITHOUT ROWID";
  if (table.strict) out += table.without_rowid ? ", STRICT" : " STRICT";
  return out;
}

std::string create_index(const schema::ObjectName& table, const schema::Index& index) {
  std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  out += qualified(schema::ObjectName{table.schema, index.name});
  out += " ON " + ident(table.name) + " (";
  for (size_t i = 0; i < index.keys.size(); ++i) {
    const auto& key = index.keys[i];
    if (i > 0) out += ", ";
    out += key.is_column ? ident(key.expression) : key.expression;
    if (!key.collation.empty()) out += " COLLATE " + ident(key.collation);
    if (key.descending) out += " DESC";
    if (key.nulls_first) out += *key.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  out += ')';
  if (index.where) out += " WHERE " + *index.where;
  return out;
}

bool mentions(std::string_view text, std::string_view name) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '\'') {
      i = skip_quoted(text, i, '\'');
    } else if (c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      const size_t end = skip_quoted(text, i, close);
      const bool terminated = end > i + 1 && text[end - 1] == close;
      const size_t stop = terminated ? end - 1 : end;
      // Doubled quote characters stand for one.
      std::string token;
      for (size_t k = i + 1; k < stop; ++k) {
        token += text[k];
        if (close != ']' && text[k] == close) ++k;
      }
      if (same_name(token, name)) return true;
      i = end;
    } else if (sqlite_text::is_id_char(static_cast<unsigned char>(c))) {
      size_t end = i;
      while (end < n && sqlite_text::is_id_char(static_cast<unsigned char>(text[end]))) ++end;
      if (same_name(text.substr(i, end - i), name)) return true;
      i = end;
    } else {
      ++i;
    }
  }
  return false;
}

}  // namespace strata::detail::sqlite_sql
