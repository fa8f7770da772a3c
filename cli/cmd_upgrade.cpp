// strata upgrade [TARGET] [--sql [RANGE]] [--plan] [--resume]
// strata downgrade TARGET [--sql] [--plan]
#include <fmt/format.h>

#include "cli/context.hpp"
#include "common/strings.hpp"

namespace strata::cli {

namespace {

void print_plan(Context& ctx, const std::vector<PlanStep>& steps, const std::vector<std::string>& current) {
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_object();
    w.member("current", current);
    w.key("steps").begin_array();
    for (const auto& s : steps) {
      w.begin_object();
      w.member("revision", s.revision.id);
      w.member("message", s.revision.message);
      w.member("path", s.revision.path);
      w.member("direction", s.upgrade ? "up" : "down");
      w.member("transactional", s.transactional);
      w.member("resume_from", s.resume_from);
      w.member("statements", s.statements);
      w.member("remove_heads", s.remove_heads);
      w.member("add_heads", s.add_heads);
      w.end_object();
    }
    w.end_array().end_object();
    ctx.print_json(w);
    return;
  }
  const auto& st = ctx.out_style;
  ctx.line(fmt::format("database {} is at {}", ctx.redacted_url(),
                       current.empty() ? "base" : detail::join(current, ", ")));
  if (steps.empty()) {
    ctx.line("nothing to do");
    return;
  }
  ctx.line(fmt::format("{} revision{} would run (nothing has been changed):", steps.size(),
                       steps.size() == 1 ? "" : "s"));
  for (const auto& s : steps) {
    std::string flags;
    if (!s.transactional) flags += st.yellow(" [no transaction, journaled]");
    if (s.resume_from > 0) flags += st.yellow(fmt::format(" [resume at statement {}]", s.resume_from + 1));
    ctx.line(fmt::format("  {} {}  {} ({} statement{}){}", s.upgrade ? st.green("upgrade  ") : st.yellow("downgrade"),
                         st.bold(s.revision.id), s.revision.message, s.statements.size(),
                         s.statements.size() == 1 ? "" : "s", flags));
    if (ctx.g.verbose)
      for (size_t i = 0; i < s.statements.size(); ++i)
        ctx.line(st.dim(fmt::format("      {}: {}", i + 1, s.statements[i])));
  }
}

void print_report(Context& ctx, const RunReport& r, bool up) {
  if (ctx.g.json) {
    auto w = ctx.json_writer();
    w.begin_object();
    w.member("direction", up ? "up" : "down");
    w.member(up ? "applied" : "unapplied", r.applied);
    w.member("heads_before", r.heads_before);
    w.member("heads_after", r.heads_after);
    w.member("elapsed_ms", r.elapsed_ms);
    w.member("lock_wait_ms", r.lock_wait_ms);
    w.end_object();
    ctx.print_json(w);
    return;
  }
  std::string at = r.heads_after.empty() ? "base" : detail::join(r.heads_after, ", ");
  if (r.applied.empty()) {
    ctx.line(fmt::format("nothing to do: the database is at {}", at));
    return;
  }
  ctx.line(fmt::format("{} {} revision{} in {:.0f} ms; the database is now at {}",
                       up ? "applied" : "unapplied", r.applied.size(), r.applied.size() == 1 ? "" : "s",
                       r.elapsed_ms, ctx.out_style.bold(at)));
}

}  // namespace

void add_upgrade(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("upgrade", "Apply migrations up to TARGET (default: head)");
  auto target = std::make_shared<std::string>("head");
  auto sql = std::make_shared<bool>(false);
  auto plan = std::make_shared<bool>(false);
  auto resume = std::make_shared<bool>(false);
  cmd->add_option("target", *target, "revision expression or, with --sql, a range A:B");
  cmd->add_flag("--sql", *sql, "print the SQL script instead of running it (offline)");
  cmd->add_flag("--plan", *plan, "connect and show what would run; run nothing");
  cmd->add_flag("--resume", *resume, "continue a revision left unfinished by a crash");
  cmd->callback([&ctx, target, sql, plan, resume] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    if (*sql) {
      ctx.print(m.upgrade_sql(*target));
      return;
    }
    UpgradeOptions o;
    o.resume = *resume;
    if (*plan) {
      print_plan(ctx, m.plan_upgrade(*target, o), m.current());
      return;
    }
    print_report(ctx, m.upgrade(*target, o), true);
  });
}

void add_downgrade(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("downgrade", "Unapply migrations down to TARGET (-1, base, a revision)");
  auto target = std::make_shared<std::string>();
  auto sql = std::make_shared<bool>(false);
  auto plan = std::make_shared<bool>(false);
  cmd->add_option("target", *target, "revision expression, or with --sql a range FROM:TO")->required();
  cmd->add_flag("--sql", *sql, "print the SQL script instead of running it (offline)");
  cmd->add_flag("--plan", *plan, "connect and show what would run; run nothing");
  cmd->callback([&ctx, target, sql, plan] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    if (*sql) {
      ctx.print(m.downgrade_sql(*target));
      return;
    }
    if (*plan) {
      print_plan(ctx, m.plan_downgrade(*target), m.current());
      return;
    }
    print_report(ctx, m.downgrade(*target), false);
  });
}

}  // namespace strata::cli
