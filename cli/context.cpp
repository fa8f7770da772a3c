#include "cli/context.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "common/strings.hpp"
#include "common/url.hpp"

namespace strata::cli {

// A path under the working directory is shown relative to it.
std::string display_path(const std::string& path) {
  if (path.empty() || path[0] != '/') return path;
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  if (ec) return path;
  auto rel = std::filesystem::path(path).lexically_relative(cwd);
  if (rel.empty() || rel.native().rfind("..", 0) == 0) return path;
  return rel.string();
}

void Context::init_styles() {
  out_style.on = detail::color_enabled(STDOUT_FILENO, g.no_color);
  err_style.on = detail::color_enabled(STDERR_FILENO, g.no_color);
}

Config& Context::config() {
  if (!config_) {
    ConfigOptions o;
    o.config_path = g.config;
    o.url = g.url;
    o.env = g.env;
    for (const auto& kv : g.x) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        Error e;
        e.code = ErrorCode::kUsage;
        e.message = fmt::format("-x '{}': expected KEY=VALUE", kv);
        throw Exception(e);
      }
      o.x[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    config_ = std::make_unique<Config>(Config::load(o));
  }
  return *config_;
}

std::string Context::redacted_url() {
  auto u = detail::parse_url(config().url);
  return u ? u->redacted() : std::string("(invalid url)");
}

void Context::note(const std::string& s) {
  if (g.quiet) return;
  std::fwrite(s.data(), 1, s.size(), stderr);
  std::fputc('\n', stderr);
}

Migrator& Context::migrator() {
  if (!migrator_) {
    migrator_ = std::make_unique<Migrator>(config());
    migrator_->on_event([this](const Event& e) {
      const auto& st = err_style;
      switch (e.kind) {
        case Event::Kind::kLockWaiting:
          note(st.yellow("waiting: ") + e.text);
          break;
        case Event::Kind::kLockAcquired:
          if (e.elapsed_ms >= 1000)
            note(fmt::format("lock acquired after {:.1f} s", e.elapsed_ms / 1000));
          break;
        case Event::Kind::kStepStarted:
          if (g.verbose)
            note(fmt::format("{} {} {}  {}", st.dim(fmt::format("[{}/{}]", e.index, e.total)),
                             e.upgrade ? "upgrade  " : "downgrade", st.bold(e.revision), e.text));
          break;
        case Event::Kind::kStepFinished:
          if (!g.verbose)
            note(fmt::format("{} {} {}  {}", st.dim(fmt::format("[{}/{}]", e.index, e.total)),
                             e.upgrade ? st.green("upgrade  ") : st.yellow("downgrade"),
                             st.bold(e.revision), st.dim(fmt::format("{:.0f} ms", e.elapsed_ms))));
          else
            note(st.dim(fmt::format("        done in {:.1f} ms", e.elapsed_ms)));
          break;
        case Event::Kind::kStatement:
          if (g.verbose) note(st.dim(fmt::format("  {}: {}", e.index, e.text)));
          break;
        case Event::Kind::kBatchProgress:
          note(fmt::format("  batch round {}: {} rows", e.index, e.count));
          break;
        case Event::Kind::kRetry:
          note(st.yellow("retry: ") + e.text);
          break;
        case Event::Kind::kWarning:
          note(st.yellow("warning: ") + e.text);
          break;
      }
    });
  }
  return *migrator_;
}

std::string Context::history_line(const RevisionInfo& r, bool current) {
  std::string s;
  append_history_line(s, r, current);
  s.pop_back();
  return s;
}

void Context::append_history_line(std::string& s, const RevisionInfo& r, bool current) {
  // Appends in place: `history` prints one line per revision of the whole
  // graph, so no temporaries per line when colour is off.
  const auto& st = out_style;
  auto add = [&](std::string_view text,
                 std::string (detail::Style::*paint)(std::string_view) const) {
    if (st.on)
      s += (st.*paint)(text);
    else
      s += text;
  };
  auto add_list = [&](const std::vector<std::string>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) s += ", ";
      s += items[i];
    }
  };
  if (r.parents.empty())
    s += "<base>";
  else
    add_list(r.parents);
  if (!r.depends_on.empty()) {
    s += " (";
    add_list(r.depends_on);
    s += ')';
  }
  s += " -> ";
  add(r.id, &detail::Style::bold);
  if (!r.branch_labels.empty()) {
    s += " (";
    add_list(r.branch_labels);
    s += ')';
  }
  if (r.is_head) add(r.is_real_head ? " (head)" : " (effective head)", &detail::Style::green);
  if (current) add(" (current)", &detail::Style::cyan);
  if (r.is_branch_point) s += " (branchpoint)";
  if (r.is_merge) s += " (mergepoint)";
  s += ", ";
  s += r.message;
  s += '\n';
}

std::string Context::revision_block(const RevisionInfo& r, bool current) {
  std::string s = fmt::format("Rev: {}", r.id);
  if (r.is_head) s += " (head)";
  if (current) s += " (current)";
  if (r.is_branch_point) s += " (branchpoint)";
  if (r.is_merge) s += " (mergepoint)";
  s += "\n";
  s += fmt::format("{}: {}\n", r.is_merge ? "Merges" : "Parent",
                   r.parents.empty() ? "<base>" : detail::join(r.parents, ", "));
  if (!r.depends_on.empty())
    s += fmt::format("Also depends on: {}\n", detail::join(r.depends_on, ", "));
  if (!r.branch_labels.empty())
    s += fmt::format("Branch names: {}\n", detail::join(r.branch_labels, ", "));
  if (!r.path.empty()) s += fmt::format("Path: {}\n", r.path);
  if (!r.created.empty()) s += fmt::format("Created: {}\n", r.created);
  if (!r.reversible) s += "Irreversible: no down section\n";
  s += fmt::format("\n    {}\n", r.message);
  return s;
}

void Context::revision_json(detail::JsonWriter& w, const RevisionInfo& r) {
  w.begin_object();
  w.member("revision", r.id);
  w.member("parents", r.parents);
  w.member("depends_on", r.depends_on);
  w.member("branch_labels", r.branch_labels);
  w.member("message", r.message);
  w.member("created", r.created);
  w.member("path", r.path);
  w.member("is_head", r.is_head);
  w.member("is_real_head", r.is_real_head);
  w.member("is_base", r.is_base);
  w.member("is_merge", r.is_merge);
  w.member("is_branch_point", r.is_branch_point);
  w.member("reversible", r.reversible);
  w.end_object();
}

}  // namespace strata::cli
