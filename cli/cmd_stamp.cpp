// strata stamp REV... [--purge] and strata resolve REV --applied|--rolled-back
#include <fmt/format.h>

#include "cli/context.hpp"
#include "common/strings.hpp"

namespace strata::cli {

void add_stamp(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("stamp", "Set the version table without running migrations");
  auto revs = std::make_shared<std::vector<std::string>>();
  auto purge = std::make_shared<bool>(false);
  cmd->add_option("revisions", *revs, "revision(s) to record (base clears)")->required();
  cmd->add_flag("--purge", *purge, "empty the version table first (even of unknown revisions)");
  cmd->callback([&ctx, revs, purge] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    m.stamp(*revs, *purge);
    auto now = m.current();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("current", now).end_object();
      ctx.print_json(w);
      return;
    }
    ctx.line(fmt::format("stamped: the database is now at {}",
                         now.empty() ? "base" : detail::join(now, ", ")));
  });
}

void add_resolve(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("resolve", "Settle a revision left unfinished by a crash");
  auto rev = std::make_shared<std::string>();
  auto applied = std::make_shared<bool>(false);
  auto rolled_back = std::make_shared<bool>(false);
  cmd->add_option("revision", *rev, "the unfinished revision")->required();
  auto* a = cmd->add_flag("--applied", *applied, "its effects are complete: record it as applied");
  auto* r = cmd->add_flag("--rolled-back", *rolled_back, "its effects were undone: forget it");
  a->excludes(r);
  cmd->callback([&ctx, rev, applied, rolled_back] {
    ctx.init_styles();
    if (!*applied && !*rolled_back) {
      Error e;
      e.code = ErrorCode::kUsage;
      e.message = "resolve needs --applied or --rolled-back";
      throw Exception(e);
    }
    auto& m = ctx.migrator();
    // One load of the files, with their SQL: resolve_unfinished reads the
    // expression itself.
    std::string id = m.resolve_unfinished(*rev, *applied);
    auto now = m.current();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object()
          .member("revision", id)
          .member("resolved_as", *applied ? "applied" : "rolled-back");
      w.member("current", now).end_object();
      ctx.print_json(w);
      return;
    }
    ctx.line(fmt::format("resolved {} as {}; the database is at {}", id,
                         *applied ? "applied" : "rolled back",
                         now.empty() ? "base" : detail::join(now, ", ")));
  });
}

}  // namespace strata::cli
