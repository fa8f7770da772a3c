#include "dialect/mysql/mysql_render_parts.hpp"

#include <fmt/format.h>

#include "dialect/mysql/mysql_quote.hpp"

namespace strata::detail {

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string key_part(const schema::IndexKey& key) {
  std::string out;
  if (key.is_column) {
    out = mysql_quote_ident(key.expression);
    if (key.prefix_length > 0) out += fmt::format("({})", key.prefix_length);
  } else {
    out = "(" + key.expression + ")";
  }
  if (key.descending) out += " DESC";
  return out;
}

}  // namespace

std::string mysql_name(const schema::ObjectName& name) {
  if (name.schema.empty()) return mysql_quote_ident(name.name);
  return mysql_quote_ident(name.schema) + "." + mysql_quote_ident(name.name);
}

std::string mysql_column_list(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += mysql_quote_ident(columns[i]);
  }
  out += ")";
  return out;
}

std::string mysql_column_definition(const schema::Column& c) {
  std::string out = mysql_quote_ident(c.name) + " " + c.type;
  if (!c.collation.empty()) out += " COLLATE " + c.collation;
  if (c.generated) {
    out += fmt::format(" GENERATED ALWAYS AS ({}) {}", *c.generated,
                       c.generated_stored ? "STORED" : "VIRTUAL");
  }
  if (c.not_null) {
    out += " NOT NULL";
  } else if (starts_with_ci(c.type, "timestamp")) {
    out += " NULL";
  }
  if (c.default_expr && !c.generated) out += " DEFAULT " + *c.default_expr;
  if (c.on_update) out += " ON UPDATE " + *c.on_update;
  if (c.auto_increment) out += " AUTO_INCREMENT";
  if (c.comment) out += " COMMENT " + mysql_quote_literal(*c.comment);
  return out;
}

std::string mysql_index_element(const schema::Index& index, std::string_view word) {
  std::string out;
  if (index.method == "FULLTEXT" || index.method == "SPATIAL") {
    out = index.method + " ";
  } else if (index.unique) {
    out = "UNIQUE ";
  }
  out += word;
  if (!index.name.empty()) out += " " + mysql_quote_ident(index.name);
  if (!index.method.empty() && index.method != "FULLTEXT" && index.method != "SPATIAL") {
    out += " USING " + index.method;
  }
  out += " (";
  for (size_t i = 0; i < index.keys.size(); ++i) {
    if (i > 0) out += ", ";
    out += key_part(index.keys[i]);
  }
  out += ")";
  if (index.comment) out += " COMMENT " + mysql_quote_literal(*index.comment);
  return out;
}

std::string mysql_foreign_key_element(const schema::ForeignKey& key) {
  std::string out;
  if (!key.name.empty()) out = "CONSTRAINT " + mysql_quote_ident(key.name) + " ";
  out += fmt::format("FOREIGN KEY {} REFERENCES {} {}", mysql_column_list(key.columns),
                     mysql_name(key.ref_table), mysql_column_list(key.ref_columns));
  if (key.on_delete != schema::FkAction::restrict) {
    out += fmt::format(" ON DELETE {}", schema::fk_action_sql(key.on_delete));
  }
  if (key.on_update != schema::FkAction::restrict) {
    out += fmt::format(" ON UPDATE {}", schema::fk_action_sql(key.on_update));
  }
  return out;
}

std::string mysql_check_element(const schema::CheckConstraint& check) {
  std::string out;
  if (!check.name.empty()) out = "CONSTRAINT " + mysql_quote_ident(check.name) + " ";
  return out + "CHECK (" + check.expression + ")";
}

std::string mysql_unique_element(const schema::UniqueConstraint& unique) {
  std::string out;
  if (!unique.name.empty()) out = "CONSTRAINT " + mysql_quote_ident(unique.name) + " ";
  return out + "UNIQUE KEY " + mysql_column_list(unique.columns);
}

std::string mysql_table_options(const schema::Table& t) {
  std::string out;
  auto add = [&](const std::string& option) {
    if (!out.empty()) out += ' ';
    out += option;
  };
  if (!t.engine.empty()) add("ENGINE=" + t.engine);
  if (!t.collation.empty()) {
    std::string charset = mysql_charset_of(t.collation);
    if (!charset.empty()) add("DEFAULT CHARSET=" + charset);
    add("COLLATE=" + t.collation);
  }
  if (t.comment) add("COMMENT=" + mysql_quote_literal(*t.comment));
  return out;
}

std::string mysql_charset_of(std::string_view collation) {
  size_t underscore = collation.find('_');
  if (underscore == std::string_view::npos || underscore == 0) return {};
  return std::string(collation.substr(0, underscore));
}

std::string_view mysql_strip_definition(std::string_view text) {
  while (!text.empty()) {
    char c = text.back();
    if (c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      text.remove_suffix(1);
    } else {
      break;
    }
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' ||
                           text.front() == '\r')) {
    text.remove_prefix(1);
  }
  return text;
}

}  // namespace strata::detail
