// Migrator::lint and the upgrade gate: walks the up sections of a range of
// revisions statement by statement, asks the dialect what each one does to a
// busy database (Dialect::lint), applies `-- strata:lint-ignore` comments and
// the lint_rules config, and attaches file, line and revision to each finding.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api/migrator_impl.hpp"
#include "common/strings.hpp"
#include "revision/expression.hpp"
#include "strata/lint.hpp"

namespace strata {

using detail::fail;
using detail::Result;

namespace {

constexpr std::string_view kIgnoreMarker = "strata:lint-ignore";

// The rule ids a `-- strata:lint-ignore RULE[,RULE...] reason` line names.
std::vector<std::string> ignored_rules_on(std::string_view line) {
  size_t at = line.find(kIgnoreMarker);
  if (at == std::string_view::npos) return {};
  std::string_view rest = detail::trim(line.substr(at + kIgnoreMarker.size()));
  size_t end = rest.find_first_of(" \t");
  std::string_view ids = rest.substr(0, end);
  return detail::split_list(ids, ',');
}

bool is_comment_line(std::string_view line) {
  std::string_view t = detail::trim(line);
  return t.size() >= 2 && t.substr(0, 2) == "--";
}

// Lines of a migration's up section, by file line number.
class SectionLines {
 public:
  explicit SectionLines(const detail::Section& s) : first_(s.first_line) {
    size_t start = 0;
    while (start <= s.body.size()) {
      size_t end = s.body.find('\n', start);
      if (end == std::string::npos) end = s.body.size();
      lines_.emplace_back(s.body, start, end - start);
      start = end + 1;
    }
  }
  std::string_view at(int file_line) const {
    int i = file_line - first_;
    return i >= 0 && i < static_cast<int>(lines_.size()) ? std::string_view(lines_[i])
                                                         : std::string_view();
  }
  // The lint-ignore comments of the statement spanning file lines
  // [first, last]: the comment lines right above it and any inside it or
  // trailing its last line. Each entry: rule id -> the comment's line.
  std::vector<std::pair<std::string, int>> ignores(int first, int last) const {
    std::vector<std::pair<std::string, int>> out;
    auto take = [&](int line) {
      for (auto& id : ignored_rules_on(at(line))) out.emplace_back(std::move(id), line);
    };
    for (int l = first - 1; l >= first_ && is_comment_line(at(l)); --l) take(l);
    for (int l = first; l <= last; ++l) take(l);
    return out;
  }

 private:
  int first_;
  std::vector<std::string> lines_;
};

void count(LintReport& r, const std::string& severity) {
  if (severity == "error")
    ++r.errors;
  else if (severity == "warning")
    ++r.warnings;
  else
    ++r.infos;
}

}  // namespace

Result<LintReport> Migrator::Impl::lint_steps(const std::vector<detail::RunStep>& steps,
                                              detail::Connection* conn) {
  STRATA_TRY(const detail::Dialect* d, dialect());
  // Unknown rule ids in the config are mistakes worth stopping for.
  for (const auto& [id, level] : config.lint_rules) {
    if (detail::lint::find_rule(id) == nullptr) {
      std::vector<std::string> ids;
      for (const auto& r : detail::lint::rule_catalogue()) ids.emplace_back(r.id);
      auto near = detail::closest_matches(id, ids, 1);
      Error e{ErrorCode::kUsage,
              fmt::format("lint_rules: unknown rule '{}'{}", id,
                          near.empty() ? std::string()
                                       : fmt::format("; did you mean '{}'?", near.front()))};
      e.file = config.config_path;
      e.hint = "`strata lint --rules` lists every rule";
      return fail(std::move(e));
    }
  }

  LintReport report;
  std::map<std::string, detail::lint::TableSize> sizes;
  int version = detail::server_version_number(config.target_version);
  report.server_version = config.target_version;
  if (conn != nullptr) {
    STRATA_TRY(sizes, d->table_sizes(*conn));
    report.database_used = true;
    if (version == 0) {
      report.server_version = conn->server_version();
      version = detail::server_version_number(report.server_version);
    }
  }

  for (const auto& step : steps) {
    const detail::Migration& m = *step.migration;
    report.revisions.push_back(m.id);
    if (m.is_code() || !step.upgrade) continue;
    SectionLines lines(m.up);
    std::set<std::string> created;
    detail::lint::StatementContext ctx;
    ctx.in_transaction = step.transactional() || config.transaction == "all";
    ctx.server_version_num = version;
    ctx.created_tables = &created;
    if (conn != nullptr) {
      ctx.table_size = [&sizes](std::string_view table) -> std::optional<detail::lint::TableSize> {
        auto it = sizes.find(std::string(table));
        if (it == sizes.end()) return std::nullopt;
        return it->second;
      };
    }
    const auto& statements = step.section.statements;
    for (size_t i = 0; i < statements.size(); ++i) {
      const auto& ps = statements[i];
      detail::StatementText text{ps.sql, 0};
      STRATA_TRY(detail::lint::StatementAnalysis a, d->lint(text, ctx));
      int last_line = ps.line + static_cast<int>(std::count(ps.sql.begin(), ps.sql.end(), '\n'));
      auto ignores = lines.ignores(ps.line, last_line);
      for (auto& hit : a.hits) {
        std::string severity(detail::lint::severity_name(hit.severity));
        if (auto it = config.lint_rules.find(hit.rule); it != config.lint_rules.end())
          severity = it->second;
        if (severity == "off") continue;
        bool ignored = std::any_of(ignores.begin(), ignores.end(),
                                   [&](const auto& ig) { return ig.first == hit.rule; });
        if (ignored) {
          ++report.ignored;
          continue;
        }
        LintFinding f;
        f.rule = std::move(hit.rule);
        f.severity = std::move(severity);
        f.revision = m.id;
        f.file = m.path;
        f.line = ps.line;
        f.statement = static_cast<int>(i) + 1;
        f.table = std::move(hit.table);
        f.message = std::move(hit.message);
        f.fix = std::move(hit.fix);
        count(report, f.severity);
        report.findings.push_back(std::move(f));
      }
      // A lint-ignore naming no rule strata knows is a typo that would
      // silence nothing: say so where it is written.
      for (const auto& [id, line] : ignores) {
        if (detail::lint::find_rule(id) != nullptr) continue;
        LintFinding f;
        f.rule = "unknown-lint-ignore";
        f.severity = "warning";
        f.revision = m.id;
        f.file = m.path;
        f.line = line;
        f.statement = static_cast<int>(i) + 1;
        f.message = fmt::format("-- strata:lint-ignore names no rule '{}'", id);
        f.fix = "use a rule id from `strata lint --rules`";
        count(report, f.severity);
        report.findings.push_back(std::move(f));
      }
      for (auto& t : a.created_tables) created.insert(std::move(t));
    }
  }
  return report;
}

LintReport Migrator::lint(const LintOptions& options) {
  auto r = [&]() -> Result<LintReport> {
    STRATA_CHECK(impl_->load());
    STRATA_TRY(const detail::Dialect* d, impl_->dialect());
    std::unique_ptr<detail::Connection> conn;
    if (!options.offline) {
      auto c = impl_->connect_existing();
      // Unreachable is not an error for lint: it lints without sizes.
      if (c) conn = std::move(*c);
    }
    std::vector<detail::RunStep> steps;
    std::string scope;
    if (!options.range.empty()) {
      std::string range = options.range;
      if (range.find(':') == std::string::npos) range = ":" + range;
      STRATA_TRY(auto plan, impl_->graph->plan_range(range, true));
      STRATA_TRY(steps, impl_->make_steps(plan, *d));
      scope = options.range;
    } else if (conn) {
      STRATA_TRY(auto store, impl_->store_for(conn.get()));
      std::vector<std::string> rows;
      STRATA_TRY(bool exists, store->exists());
      if (exists) {
        STRATA_TRY(rows, store->heads());
      }
      STRATA_CHECK(impl_->check_known(rows));
      STRATA_TRY(auto plan, impl_->graph->plan_upgrade(rows, "heads"));
      STRATA_TRY(steps, impl_->make_steps(plan, *d));
      scope = fmt::format("{} pending revision{}", steps.size(), steps.size() == 1 ? "" : "s");
    } else {
      STRATA_TRY(auto plan, impl_->graph->plan_range(":heads", true));
      STRATA_TRY(steps, impl_->make_steps(plan, *d));
      scope = fmt::format("every revision ({})", steps.size());
    }
    STRATA_TRY(LintReport report, impl_->lint_steps(steps, conn.get()));
    report.scope = std::move(scope);
    return report;
  }();
  if (!r) throw Exception(std::move(r).error());
  return std::move(*r);
}

std::vector<LintRule> Migrator::lint_rules() {
  std::vector<LintRule> out;
  for (const auto& r : detail::lint::rule_catalogue()) {
    LintRule x;
    x.id = std::string(r.id);
    x.severity = std::string(detail::lint::severity_name(r.default_severity));
    auto it = impl_->config.lint_rules.find(x.id);
    x.configured = it != impl_->config.lint_rules.end() ? it->second : x.severity;
    x.dialects = std::string(r.dialects);
    x.summary = std::string(r.summary);
    x.why = std::string(r.why);
    x.fix = std::string(r.fix);
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace strata
