// strata lint [RANGE]: what the migrations would do to a busy database
// (README "Safe migrations"). Output as text, --json, or one line per finding
// (--format line: FILE:LINE:1: SEVERITY: MESSAGE [RULE], the form compilers
// print and editors and CI problem matchers read; --format github: workflow
// annotation commands). Exit 3 when a finding is an error.
#include <fmt/format.h>

#include "cli/context.hpp"
#include "strata/lint.hpp"

namespace strata::cli {

namespace {

struct LintArgs {
  std::string range;
  std::string format = "text";
  bool offline = false;
  bool rules = false;
};

// GitHub workflow commands escape %, CR and LF in messages (and , : in properties).
std::string github_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

void print_rules(Context& ctx) {
  auto rules = ctx.migrator().lint_rules();
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_array();
    for (const auto& r : rules) {
      w.begin_object()
          .member("rule", r.id)
          .member("severity", r.severity)
          .member("configured", r.configured)
          .member("dialects", r.dialects)
          .member("summary", r.summary)
          .member("why", r.why)
          .member("fix", r.fix)
          .end_object();
    }
    w.end_array();
    ctx.print_json(w);
    return;
  }
  for (const auto& r : rules) {
    std::string level = r.configured == r.severity
                            ? r.severity
                            : fmt::format("{} (default {})", r.configured, r.severity);
    ctx.line(fmt::format("{}  {}  [{}]", ctx.out_style.bold(r.id), level, r.dialects));
    ctx.line("  " + r.summary);
  }
}

void print_text(Context& ctx, const LintReport& r) {
  const auto& st = ctx.out_style;
  for (const auto& f : r.findings) {
    std::string sev = f.severity == "error"     ? st.red("error")
                      : f.severity == "warning" ? st.yellow("warning")
                                                : st.dim("info");
    ctx.line(
        fmt::format("{}:{}: {} [{}] {}", display_path(f.file), f.line, sev, f.rule, f.message));
    if (!f.fix.empty()) ctx.line(st.dim("  fix: ") + f.fix);
  }
  std::string where =
      r.database_used ? fmt::format("sizes and version from the database ({})", r.server_version)
      : r.server_version.empty()
          ? std::string("no database: every existing table assumed large")
          : fmt::format("no database: target_version {}, tables assumed large", r.server_version);
  ctx.line(fmt::format("lint: {}; {} error{}, {} warning{}, {} info{}; {}", r.scope, r.errors,
                       r.errors == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s", r.infos,
                       r.ignored > 0 ? fmt::format(", {} ignored by lint-ignore", r.ignored) : "",
                       where));
}

void print_json(Context& ctx, const LintReport& r) {
  auto w = ctx.json_writer();
  w.begin_array();
  for (const auto& f : r.findings) {
    w.begin_object()
        .member("rule", f.rule)
        .member("severity", f.severity)
        .member("revision", f.revision)
        .member("file", display_path(f.file))
        .member("line", f.line)
        .member("statement", f.statement)
        .member("table", f.table)
        .member("message", f.message)
        .member("fix", f.fix)
        .end_object();
  }
  w.end_array();
  ctx.print_json(w);
}

}  // namespace

void add_lint(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<LintArgs>();
  auto* cmd = app.add_subcommand(
      "lint", "Flag statements that lock or rewrite busy tables, lose data or fail at run time");
  cmd->add_option("range", args->range,
                  "revisions to lint, e.g. base:heads or REV:head (default: the pending ones, or "
                  "all without a database)");
  cmd->add_option("--format", args->format,
                  "text | json | line (FILE:LINE:1: SEVERITY: ...) | github")
      ->check(CLI::IsMember({"text", "json", "line", "github"}));
  cmd->add_flag("--offline", args->offline, "do not connect: no table sizes");
  cmd->add_flag("--rules", args->rules, "list the rules with their configured severity");
  cmd->callback([&ctx, args] {
    ctx.init_styles();
    if (args->rules) {
      print_rules(ctx);
      return;
    }
    LintOptions o;
    o.range = args->range;
    o.offline = args->offline;
    LintReport r = ctx.migrator().lint(o);
    std::string format = ctx.g.json ? "json" : args->format;
    if (format == "json") {
      print_json(ctx, r);
    } else if (format == "line") {
      for (const auto& f : r.findings)
        ctx.line(fmt::format("{}:{}:1: {}: {} [{}]", display_path(f.file), f.line, f.severity,
                             f.message, f.rule));
    } else if (format == "github") {
      for (const auto& f : r.findings) {
        std::string level = f.severity == "info" ? "notice" : f.severity;
        ctx.line(fmt::format("::{} file={},line={},title={}::{}{}", level,
                             github_escape(display_path(f.file), true), f.line,
                             github_escape(f.rule, true), github_escape(f.message, false),
                             f.fix.empty() ? "" : github_escape("\nfix: " + f.fix, false)));
      }
    } else {
      print_text(ctx, r);
    }
    if (r.errors > 0) throw ExitCode{3};
  });
}

}  // namespace strata::cli
