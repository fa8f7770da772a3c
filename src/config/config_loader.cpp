#include "config/config_loader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

#include "common/duration.hpp"
#include "common/strings.hpp"
#include "common/url.hpp"

namespace strata {

namespace fs = std::filesystem;

namespace {

// Absolute, lexically normal, without a trailing separator.
std::string clean_path(const fs::path& p) {
  std::string s = p.lexically_normal().string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

detail::Result<std::string> absolute_dir(const std::string& dir) {
  std::error_code ec;
  fs::path p = dir.empty() ? fs::current_path(ec) : fs::absolute(dir, ec);
  if (ec) return detail::failf("cannot resolve directory '{}': {}", dir, ec.message());
  return clean_path(p);
}

}  // namespace

std::optional<std::string> find_config_file(const std::string& start_dir) {
  auto start = absolute_dir(start_dir);
  if (!start) return std::nullopt;
  fs::path dir = *start;
  while (true) {
    fs::path candidate = dir / "strata.toml";
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    fs::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) return std::nullopt;
    dir = std::move(parent);
  }
}

namespace detail {

namespace {

constexpr std::string_view kDefaultUrl = "sqlite:///app.db";

const std::vector<std::string>& setting_keys() {
  static const std::vector<std::string> keys = {"url",
                                                "migrations",
                                                "schema",
                                                "dev_url",
                                                "version_table",
                                                "transaction",
                                                "lock_timeout",
                                                "lock_wait",
                                                "file_template",
                                                "post_write_hooks",
                                                "lock_retries",
                                                "lock_retry_delay",
                                                "statement_timeout",
                                                "lint",
                                                "lint_rules",
                                                "target_version",
                                                "safe_by_default"};
  return keys;
}

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = setting_keys();
    k.emplace_back("env");
    return k;
  }();
  return keys;
}

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

bool is_ident_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

bool valid_name_part(std::string_view p) {
  if (p.empty() || p.size() > 63 || !is_ident_start(p.front())) return false;
  return std::all_of(p.begin(), p.end(), is_ident_char);
}

Result<std::string> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return failf("cannot read {}: {}", path, std::strerror(errno));
  std::string data;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  int err = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (err != 0) return failf("cannot read {}: {}", path, std::strerror(err));
  return data;
}

// A relative SQLite path in the project's own config means "next to
// strata.toml", so every subdirectory reaches the same database file.
std::string anchor_sqlite(const std::string& text, const Url& url, const std::string& root) {
  if (url.scheme != "sqlite" || url.is_memory() || url.database.front() == '/' ||
      url.database.rfind("file:", 0) == 0) {
    return text;
  }
  std::string_view t = trim(text);
  size_t slash = t.find("://") + 3;  // t[slash] is the '/' before the path
  std::string out(t.substr(0, slash + 1));
  for (char c : root) {
    if (c == '%') {
      out += "%25";
    } else if (c == '?') {
      out += "%3F";
    } else {
      out += c;
    }
  }
  out += '/';
  out += t.substr(slash + 1);
  return out;
}

std::vector<std::string> resolve_paths(const std::vector<std::string>& paths,
                                       const std::string& root) {
  std::vector<std::string> out;
  out.reserve(paths.size());
  for (const auto& p : paths) {
    fs::path fp(p);
    out.push_back(clean_path(fp.is_absolute() ? fp : fs::path(root) / fp));
  }
  return out;
}

// A setting as found in the file: the node, and its name for messages
// ("url", or "env.prod.url" when it came from the overlay).
struct Setting {
  const toml::node* node;
  std::string name;
};

// Collects every problem in one file so a user fixes them in one pass.
class FileLoader {
 public:
  FileLoader(std::string file, const GetEnv& getenv) : file_(std::move(file)), getenv_(getenv) {}

  void add(const toml::source_region& where, std::string message) {
    Error e;
    e.file = file_;
    e.line = static_cast<int>(where.begin.line);
    e.message = std::move(message);
    diags_.push_back(std::move(e));
  }
  void add(const toml::node& n, std::string message) { add(n.source(), std::move(message)); }

  void type_error(const Setting& s, std::string_view expected) {
    add(*s.node, fmt::format("'{}' must be {}, not {}", s.name, expected, type_name(*s.node)));
  }

  void check_keys(const toml::table& t, const std::vector<std::string>& known,
                  std::string_view where) {
    for (auto&& [k, v] : t) {
      std::string_view key = k.str();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string msg = fmt::format("unknown key '{}'{}", key, where);
      std::vector<std::string> near = closest_matches(key, known, 2);
      if (!near.empty()) {
        msg += fmt::format("; did you mean '{}'?", join(near, "' or '"));
      } else {
        msg += fmt::format("; expected one of: {}", join(known, ", "));
      }
      add(k.source(), std::move(msg));
    }
  }

  std::optional<std::string> expand(const toml::node& n, std::string_view name,
                                    std::string_view raw) {
    auto r = expand_env(raw, getenv_);
    if (!r) {
      add(n, fmt::format("'{}': {}", name, r.error().message));
      return std::nullopt;
    }
    return std::move(*r);
  }

  std::optional<std::string> string_value(const Setting& s) {
    const auto* v = s.node->as_string();
    if (v == nullptr) {
      type_error(s, "a string");
      return std::nullopt;
    }
    return expand(*s.node, s.name, v->get());
  }

  // A string or an array of strings (`allow_single`), or only an array.
  std::optional<std::vector<std::string>> string_list(const Setting& s, bool allow_single) {
    if (const auto* v = s.node->as_string(); v != nullptr && allow_single) {
      auto one = expand(*s.node, s.name, v->get());
      if (!one) return std::nullopt;
      return std::vector<std::string>{std::move(*one)};
    }
    const auto* arr = s.node->as_array();
    if (arr == nullptr) {
      type_error(s, allow_single ? "a string or an array of strings" : "an array of strings");
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::node& item = *arr->get(i);
      std::string item_name = fmt::format("{}[{}]", s.name, i);
      const auto* str = item.as_string();
      if (str == nullptr) {
        add(item, fmt::format("'{}' must be a string, not {}", item_name, type_name(item)));
        ok = false;
        continue;
      }
      auto e = expand(item, item_name, str->get());
      if (!e) {
        ok = false;
        continue;
      }
      out.push_back(std::move(*e));
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<std::vector<std::string>> path_list(const Setting& s, bool require_one) {
    auto list = string_list(s, true);
    if (!list) return std::nullopt;
    if (require_one && list->empty()) {
      add(*s.node, fmt::format("'{}' must name at least one folder", s.name));
      return std::nullopt;
    }
    for (const auto& p : *list) {
      if (trim(p).empty()) {
        add(*s.node, fmt::format("'{}' holds an empty path", s.name));
        return std::nullopt;
      }
    }
    return list;
  }

  std::optional<int64_t> count_value(const Setting& s, int64_t max) {
    const auto* i = s.node->as_integer();
    if (i == nullptr) {
      type_error(s, "an integer");
      return std::nullopt;
    }
    if (i->get() < 0 || i->get() > max) {
      add(*s.node, fmt::format("'{}' must be between 0 and {}, not {}", s.name, max, i->get()));
      return std::nullopt;
    }
    return i->get();
  }

  std::optional<bool> bool_value(const Setting& s) {
    const auto* b = s.node->as_boolean();
    if (b == nullptr) {
      type_error(s, "true or false");
      return std::nullopt;
    }
    return b->get();
  }

  std::optional<int64_t> duration_ms(const Setting& s) {
    if (const auto* i = s.node->as_integer()) {
      int64_t seconds = i->get();
      if (seconds < 0) {
        add(*s.node, fmt::format("'{}' must not be negative", s.name));
        return std::nullopt;
      }
      if (seconds > std::numeric_limits<int64_t>::max() / 1000) {
        add(*s.node, fmt::format("'{}' is too large", s.name));
        return std::nullopt;
      }
      return seconds * 1000;
    }
    if (s.node->as_string() == nullptr) {
      type_error(s, "a duration such as \"5s\" or an integer number of seconds");
      return std::nullopt;
    }
    auto text = string_value(s);
    if (!text) return std::nullopt;
    auto ms = parse_duration_ms(*text);
    if (!ms) {
      add(*s.node, fmt::format("'{}': {}", s.name, ms.error().message));
      return std::nullopt;
    }
    return *ms;
  }

  // Parses a URL written in the file; the message is already redacted.
  std::optional<Url> url_value(const Setting& s, const std::string& text) {
    auto u = parse_url(text);
    if (!u) {
      add(*s.node, fmt::format("'{}': {}", s.name, u.error().message));
      return std::nullopt;
    }
    return std::move(*u);
  }

  // Every problem as one Error: the first (by line) with the rest appended.
  Status result() {
    if (diags_.empty()) return {};
    std::stable_sort(diags_.begin(), diags_.end(),
                     [](const Error& a, const Error& b) { return a.line < b.line; });
    Error first = diags_.front();
    for (size_t i = 1; i < diags_.size(); ++i) first.message += "\n" + diags_[i].to_string();
    return fail(std::move(first));
  }

 private:
  std::string file_;
  const GetEnv& getenv_;
  std::vector<Error> diags_;
};

// The URL given on the command line or in DATABASE_URL, checked up front so
// a typo is reported against the option that carried it.
Status check_override_url(const std::string& url, bool from_option) {
  auto u = parse_url(url);
  if (u) return {};
  Error e = std::move(u).error();
  if (from_option) {
    e.code = ErrorCode::kUsage;
    e.message = "--url: " + e.message;
  } else {
    e.message = "DATABASE_URL: " + e.message;
  }
  return fail(std::move(e));
}

Result<Config> load_without_file(const ConfigOptions& o, const std::string& start,
                                 const std::string& env_url) {
  if (!o.env.empty()) {
    return usage_error("--env {}: no strata.toml was found, so there is no [env.{}] table", o.env,
                       o.env);
  }
  Config cfg;
  cfg.url = !o.url.empty() ? o.url : env_url;
  STRATA_CHECK(check_override_url(cfg.url, !o.url.empty()));
  cfg.root = start;
  cfg.migrations = resolve_paths(cfg.migrations, cfg.root);
  cfg.schema = resolve_paths(cfg.schema, cfg.root);
  cfg.x = o.x;
  return cfg;
}

}  // namespace

std::optional<std::string> process_getenv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

bool is_valid_table_name(std::string_view name) {
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return valid_name_part(name);
  return valid_name_part(name.substr(0, dot)) && valid_name_part(name.substr(dot + 1));
}

namespace {

// Index of the '}' closing a "${" whose body starts at `pos`, or npos.
size_t find_closing_brace(std::string_view text, size_t pos) {
  int depth = 1;
  for (size_t k = pos; k < text.size(); ++k) {
    if (text[k] == '$' && k + 1 < text.size() && (text[k + 1] == '{' || text[k + 1] == '$')) {
      if (text[k + 1] == '{') ++depth;
      ++k;
    } else if (text[k] == '}' && --depth == 0) {
      return k;
    }
  }
  return std::string_view::npos;
}

Status expand_into(std::string_view text, const GetEnv& getenv, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, dollar - i));
    i = dollar;
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (next == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next != '{') {
      out += '$';
      ++i;
      continue;
    }
    size_t close = find_closing_brace(text, i + 2);
    if (close == std::string_view::npos) {
      return failf("unterminated '${{' (write $$ for a literal $)");
    }
    std::string_view body = text.substr(i + 2, close - i - 2);
    size_t name_len = 0;
    while (name_len < body.size() && is_ident_char(body[name_len])) ++name_len;
    std::string name(body.substr(0, name_len));
    std::string_view rest = body.substr(name_len);
    bool has_default = rest.substr(0, 2) == ":-";
    if (name.empty() || !is_ident_start(name.front()) || (!rest.empty() && !has_default)) {
      return failf(
          "invalid variable reference '${{{}}}' (expected ${{NAME}} or ${{NAME:-default}})", body);
    }
    std::optional<std::string> value = getenv(name);
    if (has_default) {
      if (value && !value->empty()) {
        out += *value;
      } else {
        STRATA_CHECK(expand_into(rest.substr(2), getenv, out));
      }
    } else if (value) {
      out += *value;
    } else {
      return failf("environment variable {} is not set (write ${{{}:-default}} to give a default)",
                   name, name);
    }
    i = close + 1;
  }
  return {};
}

}  // namespace

Result<std::string> expand_env(std::string_view text, const GetEnv& getenv) {
  std::string out;
  out.reserve(text.size());
  STRATA_CHECK(expand_into(text, getenv, out));
  return out;
}

Result<Config> config_from_url(std::string url, std::string root) {
  STRATA_TRY(std::string dir, absolute_dir(root));
  STRATA_TRY(Url parsed, parse_url(url));
  Config cfg;
  cfg.url = anchor_sqlite(url, parsed, dir);
  cfg.root = dir;
  cfg.migrations = resolve_paths(cfg.migrations, dir);
  cfg.schema = resolve_paths(cfg.schema, dir);
  return cfg;
}

Result<Config> load_config(const ConfigOptions& o) {
  const GetEnv getenv = o.getenv ? o.getenv : GetEnv(process_getenv);
  STRATA_TRY(std::string start, absolute_dir(o.start_dir));

  std::optional<std::string> file;
  if (!o.config_path.empty()) {
    fs::path p(o.config_path);
    std::string path = clean_path(p.is_relative() ? fs::path(start) / p : p);
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) return usage_error("config file {} not found (-c/--config)", path);
    if (fs::is_directory(st)) {
      return usage_error("config file {} is a directory (-c/--config names the file)", path);
    }
    file = std::move(path);
  } else {
    file = find_config_file(start);
  }

  std::string env_url = getenv("DATABASE_URL").value_or("");
  if (!file) {
    if (o.url.empty() && env_url.empty()) {
      return failf("no strata.toml found in {} or its parents; run `strata init` or pass --url",
                   start);
    }
    return load_without_file(o, start, env_url);
  }

  STRATA_TRY(std::string text, read_file(*file));
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view(*file));
  } catch (const toml::parse_error& e) {
    Error err;
    err.file = *file;
    err.line = static_cast<int>(e.source().begin.line);
    err.message =
        fmt::format("TOML syntax error at column {}: {}", e.source().begin.column, e.description());
    return fail(std::move(err));
  }

  Config cfg;
  cfg.config_path = *file;
  cfg.root = clean_path(fs::path(*file).parent_path());
  cfg.env = o.env;
  cfg.x = o.x;

  FileLoader ld(*file, getenv);
  ld.check_keys(doc, top_level_keys(), "");

  const toml::table* overlay = nullptr;
  std::vector<std::string> env_names;
  if (const toml::node* envs = doc.get("env")) {
    if (const auto* t = envs->as_table()) {
      for (auto&& [k, v] : *t) {
        std::string name(k.str());
        if (const auto* et = v.as_table()) {
          env_names.push_back(name);
          ld.check_keys(*et, setting_keys(), fmt::format(" in [env.{}]", name));
          if (name == o.env) overlay = et;
        } else {
          ld.add(v, fmt::format("'env.{}' must be a table ([env.{}]), not {}", name, name,
                                type_name(v)));
        }
      }
    } else {
      ld.add(*envs,
             fmt::format("'env' must be a table of [env.NAME] tables, not {}", type_name(*envs)));
    }
  }
  if (!o.env.empty() && overlay == nullptr) {
    if (env_names.empty()) {
      return usage_error("unknown environment '{}' (--env): {} has no [env.NAME] tables", o.env,
                         *file);
    }
    return usage_error("unknown environment '{}' (--env); {} defines: {}", o.env, *file,
                       join(env_names, ", "));
  }

  auto setting = [&](std::string_view key) -> std::optional<Setting> {
    if (overlay != nullptr) {
      if (const toml::node* n = overlay->get(key)) {
        return Setting{n, fmt::format("env.{}.{}", o.env, key)};
      }
    }
    if (const toml::node* n = doc.get(key)) return Setting{n, std::string(key)};
    return std::nullopt;
  };

  // url: --url > DATABASE_URL > the file (after the overlay) > the default.
  // The file's value is not expanded when overridden, so a ${VAR} only
  // production sets does not break a run given --url.
  std::optional<Setting> url_s = setting("url");
  if (url_s && !url_s->node->is_string()) ld.type_error(*url_s, "a string");
  if (!o.url.empty() || !env_url.empty()) {
    cfg.url = !o.url.empty() ? o.url : env_url;
    STRATA_CHECK(check_override_url(cfg.url, !o.url.empty()));
  } else if (url_s && url_s->node->is_string()) {
    if (auto text = ld.string_value(*url_s)) {
      if (auto parsed = ld.url_value(*url_s, *text)) {
        cfg.url = anchor_sqlite(*text, *parsed, cfg.root);
      }
    }
  } else {
    cfg.url = std::string(kDefaultUrl);
    cfg.url = anchor_sqlite(cfg.url, *parse_url(cfg.url), cfg.root);
  }

  if (auto s = setting("migrations")) {
    if (auto v = ld.path_list(*s, true)) cfg.migrations = std::move(*v);
  }
  if (auto s = setting("schema")) {
    if (auto v = ld.path_list(*s, false)) cfg.schema = std::move(*v);
  }
  cfg.migrations = resolve_paths(cfg.migrations, cfg.root);
  cfg.schema = resolve_paths(cfg.schema, cfg.root);

  if (auto s = setting("dev_url")) {
    if (auto v = ld.string_value(*s)) {
      if (v->empty() || ld.url_value(*s, *v)) cfg.dev_url = std::move(*v);
    }
  }
  if (auto s = setting("version_table")) {
    if (auto v = ld.string_value(*s)) {
      auto url = parse_url(cfg.url);
      if (is_valid_table_name(*v) && url && url->scheme == "sqlite" &&
          v->find('.') != std::string::npos && v->substr(0, v->find('.')) != "main") {
        // SQLite's only other schemas are attached databases strata never
        // attaches (and temp, which would forget every revision).
        ld.add(*s->node,
               fmt::format("'{}' on SQLite takes no schema but main; got {:?}", s->name, *v));
      } else if (is_valid_table_name(*v)) {
        cfg.version_table = std::move(*v);
      } else {
        ld.add(*s->node, fmt::format("'{}' must be a table name: letters, digits and _, not "
                                     "starting with a digit, at most 63 characters, optionally "
                                     "schema.table; got {:?}",
                                     s->name, *v));
      }
    }
  }
  if (auto s = setting("transaction")) {
    if (auto v = ld.string_value(*s)) {
      if (*v == "per-migration" || *v == "all") {
        cfg.transaction = std::move(*v);
      } else {
        ld.add(*s->node,
               fmt::format("'{}' must be \"per-migration\" or \"all\", not {:?}", s->name, *v));
      }
    }
  }
  if (auto s = setting("lock_timeout")) {
    if (auto v = ld.duration_ms(*s)) cfg.lock_timeout_ms = *v;
  }
  if (auto s = setting("lock_wait")) {
    if (auto v = ld.duration_ms(*s)) cfg.lock_wait_ms = *v;
  }
  if (auto s = setting("file_template")) {
    if (auto v = ld.string_value(*s)) {
      if (v->find("{rev}") == std::string::npos) {
        ld.add(*s->node, fmt::format("'{}' must contain {{rev}}; got {:?}", s->name, *v));
      } else if (v->find_first_of("/\\") != std::string::npos ||
                 v->find("..") != std::string::npos) {
        ld.add(*s->node,
               fmt::format("'{}' must not contain `/`, `\\` or `..`; got {:?}", s->name, *v));
      } else {
        cfg.file_template = std::move(*v);
      }
    }
  }
  if (auto s = setting("post_write_hooks")) {
    if (auto v = ld.string_list(*s, false)) {
      bool ok = true;
      for (size_t i = 0; i < v->size(); ++i) {
        // Run as argv words, never through a shell: see split_command_words.
        auto words = split_command_words((*v)[i]);
        if (words && !words->empty()) continue;
        ld.add(*s->node, fmt::format("'{}[{}]' {}: {:?}", s->name, i,
                                     words ? "has no command" : "leaves a quote open", (*v)[i]));
        ok = false;
      }
      if (ok) cfg.post_write_hooks = std::move(*v);
    }
  }
  if (auto s = setting("lock_retries")) {
    if (auto v = ld.count_value(*s, 100)) cfg.lock_retries = static_cast<int>(*v);
  }
  if (auto s = setting("lock_retry_delay")) {
    if (auto v = ld.duration_ms(*s)) cfg.lock_retry_delay_ms = *v;
  }
  if (auto s = setting("statement_timeout")) {
    if (auto v = ld.duration_ms(*s)) cfg.statement_timeout_ms = *v;
  }
  if (auto s = setting("lint")) {
    if (auto v = ld.string_value(*s)) {
      if (*v == "off" || *v == "error") {
        cfg.lint = std::move(*v);
      } else {
        ld.add(*s->node, fmt::format("'{}' must be \"off\" or \"error\", not {:?}", s->name, *v));
      }
    }
  }
  if (auto s = setting("target_version")) {
    if (auto v = ld.string_value(*s)) {
      if (v->empty() || server_version_number(*v) > 0) {
        cfg.target_version = std::move(*v);
      } else {
        ld.add(*s->node,
               fmt::format("'{}' must be a server version such as \"15\" or \"14.2\", not {:?}",
                           s->name, *v));
      }
    }
  }
  if (auto s = setting("safe_by_default")) {
    if (auto v = ld.bool_value(*s)) cfg.safe_by_default = *v;
  }
  if (auto s = setting("lint_rules")) {
    if (const auto* t = s->node->as_table()) {
      for (auto&& [k, v] : *t) {
        Setting rule{&v, fmt::format("{}.{}", s->name, k.str())};
        auto level = ld.string_value(rule);
        if (!level) continue;
        if (*level != "off" && *level != "info" && *level != "warning" && *level != "error") {
          ld.add(v,
                 fmt::format("'{}' must be \"off\", \"info\", \"warning\" or \"error\", not {:?}",
                             rule.name, *level));
          continue;
        }
        cfg.lint_rules[std::string(k.str())] = std::move(*level);
      }
    } else {
      ld.type_error(*s, "a table of rule = \"off\"|\"info\"|\"warning\"|\"error\"");
    }
  }

  STRATA_CHECK(ld.result());
  return cfg;
}

}  // namespace detail

Config Config::load(const ConfigOptions& options) {
  auto r = detail::load_config(options);
  if (!r) throw Exception(std::move(r).error());
  return std::move(*r);
}

Config Config::load(const std::string& config_path) {
  ConfigOptions options;
  options.config_path = config_path;
  return load(options);
}

Config Config::from_url(std::string url, std::string root) {
  auto r = detail::config_from_url(std::move(url), std::move(root));
  if (!r) throw Exception(std::move(r).error());
  return std::move(*r);
}

}  // namespace strata
