#include "autogen/schema_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/ranges.h>

namespace strata::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHint = "-- strata:renamed-from";

bool is_bare_char(unsigned char c) {
  return std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80;
}

std::string fold(std::string s, const Traits& traits) {
  if (traits.folds_to_lower) {
    for (auto& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

void skip_blanks(std::string_view s, size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n'))
    ++pos;
}

// One identifier at `pos`: "quoted" (doubled quotes inside), `quoted`,
// [quoted] or bare. nullopt when there is none.
std::optional<std::string> read_ident(std::string_view s, size_t& pos, const Traits& traits) {
  skip_blanks(s, pos);
  if (pos >= s.size()) return std::nullopt;
  char open = s[pos];
  if (open == '"' || open == '`' || open == '[') {
    char close = open == '[' ? ']' : open;
    std::string out;
    for (size_t i = pos + 1; i < s.size(); ++i) {
      if (s[i] == close) {
        if (close != ']' && i + 1 < s.size() && s[i + 1] == close) {
          out += close;
          ++i;
          continue;
        }
        pos = i + 1;
        return out;
      }
      out += s[i];
    }
    return std::nullopt;
  }
  size_t start = pos;
  while (pos < s.size() && is_bare_char(static_cast<unsigned char>(s[pos]))) ++pos;
  if (pos == start) return std::nullopt;
  return fold(std::string(s.substr(start, pos - start)), traits);
}

std::string upper_word(std::string_view s, size_t& pos) {
  skip_blanks(s, pos);
  size_t start = pos;
  while (pos < s.size() && (std::isalpha(static_cast<unsigned char>(s[pos])) != 0 || s[pos] == '_'))
    ++pos;
  std::string w(s.substr(start, pos - start));
  for (auto& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return w;
}

// The table a line creates: CREATE [TEMP|TEMPORARY|UNLOGGED] TABLE
// [IF NOT EXISTS] name.
std::optional<std::string_view> created_table_text(std::string_view line) {
  size_t pos = 0;
  if (upper_word(line, pos) != "CREATE") return std::nullopt;
  std::string w = upper_word(line, pos);
  if (w == "TEMP" || w == "TEMPORARY" || w == "UNLOGGED") w = upper_word(line, pos);
  if (w != "TABLE") return std::nullopt;
  size_t save = pos;
  if (upper_word(line, pos) == "IF") {
    upper_word(line, pos);  // NOT
    upper_word(line, pos);  // EXISTS
  } else {
    pos = save;
  }
  skip_blanks(line, pos);
  return line.substr(pos);
}

std::optional<schema::ObjectName> read_name(std::string_view text, const Traits& traits) {
  size_t pos = 0;
  auto first = read_ident(text, pos, traits);
  if (!first) return std::nullopt;
  schema::ObjectName n;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    auto second = read_ident(text, pos, traits);
    if (!second) return std::nullopt;
    n.schema = *first;
    n.name = *second;
  } else {
    n.schema = traits.default_namespace;
    n.name = *first;
  }
  return n;
}

bool is_constraint_word(const std::string& w) {
  return w == "CONSTRAINT" || w == "PRIMARY" || w == "UNIQUE" || w == "CHECK" ||
         w == "FOREIGN" || w == "EXCLUDE" || w == "LIKE";
}

bool is_comment_or_blank(std::string_view line) {
  size_t pos = 0;
  skip_blanks(line, pos);
  return pos == line.size() || line.substr(pos, 2) == "--";
}

Error hint_error(const std::string& path, int line, std::string message) {
  Error e;
  e.file = path;
  e.line = line;
  e.message = std::move(message);
  return e;
}

}  // namespace

Result<schema::ObjectName> parse_object_name(std::string_view text, const Traits& traits) {
  auto n = read_name(text, traits);
  if (!n) return usage_error("'{}' is not a table name", text);
  return *n;
}

Status parse_rename_hints(std::string_view text, const std::string& path, const Traits& traits,
                          RenameHints& out) {
  std::vector<std::string_view> lines;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::optional<schema::ObjectName> table;  // the CREATE TABLE the current line is in
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (auto t = created_table_text(line)) {
      if (auto n = read_name(*t, traits)) table = *n;
    }
    size_t at = line.find(kHint);
    if (at == std::string_view::npos) continue;
    const int lineno = static_cast<int>(i) + 1;
    size_t pos = at + kHint.size();
    auto old_name = read_ident(line, pos, traits);
    if (!old_name) {
      return fail(hint_error(path, lineno, "strata:renamed-from needs the old name"));
    }
    std::string_view subject = line.substr(0, at);
    size_t subject_line = i;
    if (is_comment_or_blank(subject)) {
      // A hint on its own line applies to the next line with code on it.
      size_t j = i + 1;
      while (j < lines.size() && is_comment_or_blank(lines[j])) ++j;
      if (j == lines.size()) {
        return fail(hint_error(path, lineno, "strata:renamed-from is followed by nothing"));
      }
      subject = lines[j];
      subject_line = j;
    }
    if (auto t = created_table_text(subject)) {
      auto to = read_name(*t, traits);
      if (!to) return fail(hint_error(path, lineno, "cannot read the table name after CREATE TABLE"));
      schema::ObjectName from;
      size_t p = at + kHint.size();
      from = *read_name(line.substr(p), traits);
      out.tables.push_back({from, *to});
      continue;
    }
    // A column: the first identifier of the subject line, inside a CREATE TABLE.
    size_t p = 0;
    skip_blanks(subject, p);
    while (p < subject.size() && subject[p] == ',') {
      ++p;
      skip_blanks(subject, p);
    }
    size_t word_at = p;
    std::string w = upper_word(subject, word_at);
    if (!table || is_constraint_word(w)) {
      return fail(hint_error(path, lineno,
                             "strata:renamed-from must stand before a CREATE TABLE or on a "
                             "column's line inside one"));
    }
    auto column = read_ident(subject, p, traits);
    if (!column) {
      return fail(hint_error(path, static_cast<int>(subject_line) + 1,
                             "strata:renamed-from: no column name on this line"));
    }
    out.columns.push_back({*table, *old_name, *column});
  }
  return {};
}

bool is_dump_noise(std::string_view sql) {
  std::string head(sql.substr(0, std::min<size_t>(sql.size(), 200)));
  for (auto& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto starts = [&](std::string_view p) { return head.compare(0, p.size(), p) == 0; };
  if (starts("GRANT ") || starts("REVOKE ") || starts("ALTER DEFAULT PRIVILEGES")) return true;
  if (starts("SET ") || starts("SELECT PG_CATALOG.SET_CONFIG")) return true;
  if (starts("ALTER ") && head.find(" OWNER TO ") != std::string::npos) return true;
  if (starts("COMMENT ON EXTENSION")) return true;  // needs the extension's owner
  if (starts("CREATE TABLE SQLITE_") || starts("CREATE TABLE IF NOT EXISTS SQLITE_") ||
      starts("CREATE TABLE \"SQLITE_") || starts("INSERT INTO SQLITE_") ||
      starts("DELETE FROM SQLITE_") || starts("ANALYZE SQLITE_MASTER"))
    return true;
  if (starts("BEGIN") || starts("COMMIT") || starts("PRAGMA FOREIGN_KEYS")) return true;
  return false;
}

std::string strip_psql_commands(std::string text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text[start] == '\\') std::fill(text.begin() + start, text.begin() + end, ' ');
    start = end + 1;
  }
  return text;
}

Result<SchemaSource> load_schema_source(const std::vector<std::string>& paths,
                                        const Traits& traits) {
  std::vector<std::string> found;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      found.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".sql") {
          found.push_back(it->path().string());
        }
      }
    }
  }
  if (found.empty()) {
    Error e;
    e.message = fmt::format("no schema files: {} holds no .sql file", fmt::join(paths, ", "));
    e.hint = "write the desired schema as SQL under schema/ (or set `schema` in strata.toml)";
    return fail(std::move(e));
  }
  std::sort(found.begin(), found.end());
  SchemaSource src;
  for (const auto& path : found) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failf("cannot read {}", path);
    std::ostringstream ss;
    ss << in.rdbuf();
    SchemaFile f{path, strip_psql_commands(ss.str())};
    STRATA_CHECK(parse_rename_hints(f.text, path, traits, src.renames));
    src.files.push_back(std::move(f));
  }
  return src;
}

}  // namespace strata::detail
