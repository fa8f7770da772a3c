#include "dialect/mysql/mysql_lint_types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "dialect/mysql/mysql_charset.hpp"

namespace strata::detail::mysql_lint {

namespace {

std::string canonical_name(const std::string& w) {
  static const std::map<std::string, std::string> aliases = {
      {"INTEGER", "INT"},          {"INT4", "INT"},
      {"INT1", "TINYINT"},         {"BOOL", "TINYINT"},
      {"BOOLEAN", "TINYINT"},      {"INT2", "SMALLINT"},
      {"INT3", "MEDIUMINT"},       {"MIDDLEINT", "MEDIUMINT"},
      {"INT8", "BIGINT"},          {"DEC", "DECIMAL"},
      {"NUMERIC", "DECIMAL"},      {"FIXED", "DECIMAL"},
      {"REAL", "DOUBLE"},          {"FLOAT8", "DOUBLE"},
      {"FLOAT4", "FLOAT"},         {"CHARACTER", "CHAR"},
      {"NCHAR", "CHAR"},           {"NVARCHAR", "VARCHAR"},
      {"VARCHARACTER", "VARCHAR"},
  };
  auto it = aliases.find(w);
  return it == aliases.end() ? w : it->second;
}

bool is_integer_type(const std::string& t) {
  return t == "TINYINT" || t == "SMALLINT" || t == "MEDIUMINT" || t == "INT" || t == "BIGINT" ||
         t == "YEAR";
}

// Bytes per character at most, for the VARCHAR length-byte class; an unknown
// charset counts as the widest.
int max_bytes_per_char(const std::string& charset) {
  int bytes = mysql_charset_bytes(charset);
  return bytes > 0 ? bytes : 4;
}

std::string normal_charset(const std::string& cs) { return cs == "utf8" ? "utf8mb3" : cs; }

std::string type_key(const ColumnDef& d, bool mariadb) {
  std::string type = d.type;
  if (mariadb && type == "JSON") type = "LONGTEXT";  // MariaDB's JSON is a LONGTEXT alias
  std::vector<std::string> args = d.args;
  if (is_integer_type(type)) args.clear();  // a display width only
  if (type == "DECIMAL") {
    if (args.empty()) args.push_back("10");
    if (args.size() == 1) args.push_back("0");
  }
  if ((type == "CHAR" || type == "BINARY" || type == "BIT") && args.empty()) args.push_back("1");
  if ((type == "DATETIME" || type == "TIME" || type == "TIMESTAMP") && args.size() == 1 &&
      args[0] == "0") {
    args.clear();
  }
  std::string key = type;
  if (!args.empty()) key += fmt::format("({})", fmt::join(args, ","));
  if (d.is_unsigned || d.zerofill) key += " UNSIGNED";
  if (d.zerofill) key += " ZEROFILL";
  return key;
}

int64_t to_int(const std::string& s) {
  int64_t v = -1;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Storage bytes of an ENUM or SET with n members.
int member_bytes(const std::string& type, size_t n) {
  if (type == "ENUM") return n <= 255 ? 1 : 2;
  size_t bytes = (n + 7) / 8;
  return bytes <= 4 ? static_cast<int>(bytes) : 8;
}

}  // namespace

ColumnDef parse_column_def(const TokenList& t, size_t i, size_t end) {
  ColumnDef d;
  size_t type_first = i;
  std::string w = t.upper(i);
  if (w == "NATIONAL") w = t.upper(++i);
  if (w.empty()) return d;
  ++i;
  if (w == "DOUBLE" && t.is_word(i, "PRECISION")) {
    ++i;
  } else if ((w == "CHAR" || w == "CHARACTER") && t.is_word(i, "VARYING")) {
    w = "VARCHAR";
    ++i;
  } else if (w == "LONG") {
    w = t.is_word(i, "VARBINARY") ? "MEDIUMBLOB" : "MEDIUMTEXT";
    if (t.is_word(i, "VARBINARY") || t.is_word(i, "VARCHAR")) ++i;
  } else if (w == "SERIAL") {
    w = "BIGINT";
    d.is_unsigned = d.not_null = d.auto_increment = true;
  }
  d.type = canonical_name(w);
  if (t.is_symbol(i, '(')) {
    size_t close = std::min(t.close_of(i), end);
    std::string arg;
    for (size_t k = i + 1; k < close; ++k) {
      if (t.is_symbol(k, ',')) {
        d.args.push_back(arg);
        arg.clear();
      } else {
        arg += t.value(k);
      }
    }
    d.args.push_back(arg);
    i = close + 1;
  }
  size_t type_end = i;
  while (i < end) {
    std::string a = t.upper(i);
    if (a == "UNSIGNED" || a == "SIGNED" || a == "ZEROFILL") {
      d.is_unsigned |= a != "SIGNED";
      d.zerofill |= a == "ZEROFILL";
      type_end = ++i;
    } else if ((a == "CHARACTER" && t.is_word(i + 1, "SET")) || a == "CHARSET") {
      i += a == "CHARSET" ? 1 : 2;
      if (t.is_symbol(i, '=')) ++i;
      d.charset = normal_charset(to_lower(t.value(i)));
      ++i;
    } else if (a == "ASCII") {
      d.charset = "latin1";
      ++i;
    } else if (a == "UNICODE") {
      d.charset = "ucs2";
      ++i;
    } else if (a == "NOT" && t.is_word(i + 1, "NULL")) {
      d.not_null = true;
      i += 2;
    } else if (a == "NULL") {
      d.not_null = false;
      ++i;
    } else if (a == "DEFAULT") {
      ++i;
      if (t.is_word(i, "NULL")) {
        ++i;
        continue;
      }
      d.has_default = true;
      if (t.is_symbol(i, '-') || t.is_symbol(i, '+')) ++i;
      if (t.is_symbol(i + 1, '(') && t.kind(i) == TokenKind::kWord) ++i;  // now(), uuid()
      i = t.close_of(i) + 1;
    } else if (a == "AUTO_INCREMENT") {
      d.auto_increment = true;
      ++i;
    } else if (a == "SERIAL" && t.is_word(i + 1, "DEFAULT") && t.is_word(i + 2, "VALUE")) {
      d.auto_increment = d.not_null = true;
      i += 3;
    } else if (a == "AS" && t.is_symbol(i + 1, '(')) {
      d.generated = true;
      i = t.close_of(i + 1) + 1;
    } else if (a == "STORED" || a == "PERSISTENT") {
      d.stored = true;
      ++i;
    } else if (a == "PRIMARY" && t.is_word(i + 1, "KEY")) {
      d.primary_key = d.not_null = true;
      i += 2;
    } else if (a == "FIRST") {
      d.position = "FIRST";
      ++i;
    } else if (a == "AFTER" && t.is_name(i + 1)) {
      d.position = "AFTER " + t.value(i + 1);
      i += 2;
    } else if (a == "ON" && t.is_word(i + 1, "UPDATE")) {
      i += 2;
      if (t.is_symbol(i + 1, '(')) ++i;
      i = t.close_of(i) + 1;
    } else {
      i = t.close_of(i) + 1;  // COMMENT 'x', COLLATE x, CHECK (...), REFERENCES ...
    }
  }
  d.written = std::string(t.source(type_first, type_end));
  return d;
}

ColumnDef parse_catalog_type(const std::string& catalog) {
  TokenList t(catalog);
  return parse_column_def(t, 0, t.size());
}

Change classify_change(const ColumnDef& from, const ColumnDef& to, bool mariadb) {
  auto copy = [](std::string reason) { return Change{ChangeKind::kCopy, std::move(reason)}; };
  if (to.generated) {
    if (to.stored) return copy("makes it a STORED generated column, computed for every row");
    return {};
  }
  if (to.auto_increment && !from.auto_increment) return copy("makes the column AUTO_INCREMENT");
  if (!to.charset.empty() && !from.charset.empty() && to.charset != from.charset) {
    return copy(
        fmt::format("converts the column from character set {} to {}", from.charset, to.charset));
  }
  std::string from_key = type_key(from, mariadb);
  std::string to_key = type_key(to, mariadb);
  if (from_key != to_key) {
    bool same_type = from.type == to.type && from.args.size() == 1 && to.args.size() == 1;
    if (same_type && (to.type == "VARCHAR" || to.type == "VARBINARY")) {
      int64_t n1 = to_int(from.args[0]);
      int64_t n2 = to_int(to.args[0]);
      std::string charset = to.charset.empty() ? from.charset : to.charset;
      int64_t per_char = to.type == "VARBINARY" ? 1 : max_bytes_per_char(charset);
      int64_t b1 = n1 * per_char;
      int64_t b2 = n2 * per_char;
      if (n1 < 0 || n2 < n1) {
        return copy(fmt::format("shortens the column from {} to {}", from.written, to.written));
      }
      bool same_class = (b1 <= 255) == (b2 <= 255);
      if (!same_class && !(mariadb && b1 <= 127)) {
        return copy(fmt::format(
            "widens the column from {} to {}, {} to {} bytes: past 255 bytes a value needs a "
            "second length byte",
            from.written, to.written, b1, b2));
      }
    } else if (from.type == to.type && (to.type == "ENUM" || to.type == "SET") &&
               to.args.size() >= from.args.size() &&
               std::equal(from.args.begin(), from.args.end(), to.args.begin()) &&
               member_bytes(to.type, from.args.size()) == member_bytes(to.type, to.args.size())) {
      // members appended at the end: metadata only
    } else {
      return copy(fmt::format("changes the column's type from {} to {}", from.written, to.written));
    }
  }
  bool to_not_null = to.not_null || from.primary_key;
  if (from.not_null != to_not_null) {
    return {ChangeKind::kRebuild, to_not_null ? "makes the column NOT NULL"
                                              : "makes the column nullable (MODIFY and CHANGE "
                                                "restate the whole column: NOT NULL left out)"};
  }
  return {};
}

}  // namespace strata::detail::mysql_lint
