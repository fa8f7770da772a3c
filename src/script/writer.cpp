#include "script/writer.hpp"

#include <random>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

bool is_separator(char c) { return c == '_' || c == '-' || c == '.'; }

void append_header(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += "-- ";
  out += key;
  out += ": ";
  out += value;
  out += '\n';
}

// The SQL with trailing blank lines cut and exactly one final newline.
void append_body(std::string& out, std::string_view sql) {
  sql = trim_right(sql);
  if (sql.empty()) return;
  out += sql;
  out += '\n';
}

}  // namespace

std::string new_revision_id() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  uint64_t bits = engine();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(12, '0');
  for (size_t i = 0; i < id.size(); ++i) id[i] = kHex[(bits >> (4 * i)) & 0xf];
  return id;
}

std::string render_migration(const NewMigration& m) {
  std::string message = m.message;
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::string out;
  out.reserve(256 + m.up_sql.size() + m.down_sql.size());
  append_header(out, "revision", m.id);
  append_header(out, "revises", join(m.revises, ", "));
  append_header(out, "message", trim(message));
  append_header(out, "created", m.created);
  append_header(out, "depends-on", join(m.depends_on, ", "));
  append_header(out, "branch-labels", join(m.branch_labels, ", "));
  out += m.up_transaction ? "\n-- migrate:up\n" : "\n-- migrate:up transaction:false\n";
  append_body(out, m.up_sql);
  if (!m.irreversible) {
    out += m.down_transaction ? "\n-- migrate:down\n" : "\n-- migrate:down transaction:false\n";
    append_body(out, m.down_sql);
  }
  return out;
}

Result<std::string> render_file_name(std::string_view file_template, const NewMigration& m,
                                     std::time_t now) {
  if (file_template.find('/') != std::string_view::npos ||
      file_template.find('\\') != std::string_view::npos ||
      file_template.find("..") != std::string_view::npos) {
    return failf("file_template `{}` must not contain `/`, `\\` or `..`", file_template);
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::string slug = slugify(m.message, 40);
  std::string out;
  bool drop_next_separator = false;
  size_t i = 0;
  while (i < file_template.size()) {
    char c = file_template[i];
    if (c != '{') {
      if (!(drop_next_separator && is_separator(c))) out += c;
      drop_next_separator = false;
      ++i;
      continue;
    }
    drop_next_separator = false;
    size_t close = file_template.find('}', i);
    if (close == std::string_view::npos) {
      return failf("unclosed `{{` in file_template `{}`", file_template);
    }
    std::string_view name = file_template.substr(i + 1, close - i - 1);
    i = close + 1;
    if (name == "rev") {
      out += m.id;
    } else if (name == "slug") {
      if (!slug.empty()) {
        out += slug;
      } else if (!out.empty() && is_separator(out.back())) {
        out.pop_back();
      } else {
        drop_next_separator = true;
      }
    } else if (name == "year") {
      out += fmt::format("{:04d}", tm.tm_year + 1900);
    } else if (name == "month") {
      out += fmt::format("{:02d}", tm.tm_mon + 1);
    } else if (name == "day") {
      out += fmt::format("{:02d}", tm.tm_mday);
    } else if (name == "hour") {
      out += fmt::format("{:02d}", tm.tm_hour);
    } else if (name == "minute") {
      out += fmt::format("{:02d}", tm.tm_min);
    } else if (name == "second") {
      out += fmt::format("{:02d}", tm.tm_sec);
    } else if (name == "epoch") {
      out += fmt::format("{}", static_cast<long long>(now));
    } else {
      static const std::vector<std::string> kKnown = {"rev",  "slug",   "year",   "month", "day",
                                                      "hour", "minute", "second", "epoch"};
      auto near = closest_matches(name, kKnown, 1);
      std::string suggestion =
          near.empty() ? "" : fmt::format(" (did you mean `{{{}}}`?)", near[0]);
      return failf("unknown placeholder `{{{}}}` in file_template `{}`{}", name, file_template,
                   suggestion);
    }
  }
  if (out.empty()) return failf("file_template `{}` gives an empty file name", file_template);
  if (out.front() == '.') {
    return failf("file_template `{}` gives a hidden file name `{}.sql`", file_template, out);
  }
  if (out.find('/') != std::string::npos || out.find('\\') != std::string::npos ||
      out.find("..") != std::string::npos) {
    return failf("file name `{}.sql` from file_template `{}` must not contain `/`, `\\` or `..`",
                 out, file_template);
  }
  out += ".sql";
  return out;
}

}  // namespace strata::detail
