#include "dialect/postgres/postgres_lint_types.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

namespace strata::detail::pg_lint {

namespace {

// format_type() spellings of the SQL-standard types, and their internal names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kCatalogNames = {{
    {"character varying", "varchar"},
    {"character", "bpchar"},
    {"bit varying", "varbit"},
    {"timestamp without time zone", "timestamp"},
    {"timestamp with time zone", "timestamptz"},
    {"time without time zone", "time"},
    {"time with time zone", "timetz"},
    {"integer", "int4"},
    {"bigint", "int8"},
    {"smallint", "int2"},
    {"boolean", "bool"},
    {"double precision", "float8"},
    {"real", "float4"},
    {"decimal", "numeric"},
}};

// Functions PostgreSQL (and its contrib extensions) declare VOLATILE that
// migrations use as defaults. now(), CURRENT_TIMESTAMP and friends are STABLE.
constexpr std::array<std::string_view, 16> kVolatileFunctions = {
    "random",
    "random_normal",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "setval",
    "currval",
    "lastval",
    "gen_random_bytes",
    "gen_salt",
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool precision_widens(const PgType& from, const PgType& to) {
  if (to.mods.empty()) return true;     // no limit at all
  if (from.mods.empty()) return false;  // unbounded to bounded: every value is checked
  return to.mods[0] >= from.mods[0];
}

}  // namespace

std::string PgType::display() const {
  std::string out = base;
  if (!mods.empty()) {
    out += '(';
    for (size_t i = 0; i < mods.size(); ++i) {
      if (i > 0) out += ',';
      out += std::to_string(mods[i]);
    }
    out += ')';
  }
  if (array) out += "[]";
  return out;
}

PgType type_from_tree(const JsonValue& type_name) {
  PgType t;
  const auto& names = type_name["names"].items();
  if (!names.empty()) t.base = std::string(names.back()["String"]["sval"].as_string());
  for (const auto& mod : type_name["typmods"].items()) {
    // An omitted "ival" is protobuf's zero.
    t.mods.push_back(mod["A_Const"]["ival"]["ival"].as_int(0));
  }
  t.array = type_name["arrayBounds"].size() > 0;
  return t;
}

PgType type_from_catalog(std::string_view text) {
  PgType t;
  text = trim(text);
  while (text.size() >= 2 && text.substr(text.size() - 2) == "[]") {
    t.array = true;
    text = trim(text.substr(0, text.size() - 2));
  }
  // Modifiers may sit inside the name: "timestamp(3) with time zone".
  std::string name;
  size_t open = text.find('(');
  size_t close = open == std::string_view::npos ? open : text.find(')', open);
  if (open != std::string_view::npos && close != std::string_view::npos) {
    std::string_view mods = text.substr(open + 1, close - open - 1);
    while (!mods.empty()) {
      size_t comma = mods.find(',');
      std::string_view part = trim(mods.substr(0, comma));
      int64_t v = 0;
      std::from_chars(part.data(), part.data() + part.size(), v);
      t.mods.push_back(v);
      if (comma == std::string_view::npos) break;
      mods.remove_prefix(comma + 1);
    }
    name = fmt::format("{} {}", trim(text.substr(0, open)), trim(text.substr(close + 1)));
  } else {
    name = std::string(text);
  }
  std::string_view bare = trim(name);
  for (const auto& [sql_name, internal] : kCatalogNames) {
    if (bare == sql_name) {
      t.base = std::string(internal);
      return t;
    }
  }
  // A qualified or quoted user type: its bare name, unquoted.
  size_t start = 0;
  bool quoted = false;
  for (size_t i = 0; i < bare.size(); ++i) {
    if (bare[i] == '"') quoted = !quoted;
    if (bare[i] == '.' && !quoted) start = i + 1;
  }
  bare.remove_prefix(start);
  if (bare.size() >= 2 && bare.front() == '"' && bare.back() == '"') {
    std::string unquoted;
    for (size_t i = 1; i + 1 < bare.size(); ++i) {
      unquoted += bare[i];
      if (bare[i] == '"') ++i;  // "" stands for one quote
    }
    t.base = std::move(unquoted);
    return t;
  }
  t.base = std::string(bare);
  return t;
}

bool change_is_binary_coercible(const PgType& from, const PgType& to) {
  if (from.array != to.array) return false;
  if (from.base == to.base && from.mods == to.mods) return true;
  if (from.array) return false;
  const std::string& f = from.base;
  const std::string& t = to.base;
  if ((f == "varchar" || f == "text") && t == "text") return true;
  if (f == "text" && t == "varchar") return to.mods.empty();
  if (f == "varchar" && t == "varchar") return precision_widens(from, to);
  if (f == "varbit" && t == "varbit") return precision_widens(from, to);
  if (f == "cidr" && t == "inet") return to.mods.empty();
  if (f == "numeric" && t == "numeric") {
    if (to.mods.empty()) return true;
    if (from.mods.empty()) return false;
    int64_t from_scale = from.mods.size() > 1 ? from.mods[1] : 0;
    int64_t to_scale = to.mods.size() > 1 ? to.mods[1] : 0;
    return to_scale == from_scale && to.mods[0] >= from.mods[0];
  }
  if (f == t && (f == "timestamp" || f == "timestamptz" || f == "time" || f == "timetz")) {
    return precision_widens(from, to);
  }
  return false;
}

bool may_be_binary_coercible_target(const PgType& to) {
  if (to.array) return false;
  const std::string& t = to.base;
  return t == "varchar" || t == "text" || t == "numeric" || t == "varbit" || t == "inet";
}

std::optional<std::string> volatile_call(const JsonValue& expr) {
  if (expr.is_array()) {
    for (const auto& item : expr.items()) {
      if (auto name = volatile_call(item)) return name;
    }
    return std::nullopt;
  }
  if (!expr.is_object()) return std::nullopt;
  if (const JsonValue* call = expr.find("FuncCall")) {
    const auto& names = (*call)["funcname"].items();
    if (!names.empty()) {
      std::string_view name = names.back()["String"]["sval"].as_string();
      for (std::string_view v : kVolatileFunctions) {
        if (name == v) return std::string(name);
      }
    }
  }
  for (const auto& [key, value] : expr.members()) {
    if (auto name = volatile_call(value)) return name;
  }
  return std::nullopt;
}

}  // namespace strata::detail::pg_lint
