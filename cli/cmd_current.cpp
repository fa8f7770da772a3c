// strata current [--verbose] [--check-heads]
#include <fmt/format.h>

#include <algorithm>

#include "cli/context.hpp"
#include "common/strings.hpp"

namespace strata::cli {

void add_current(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("current", "Show the revisions the database is at");
  auto check_heads = std::make_shared<bool>(false);
  auto verbose = std::make_shared<bool>(false);
  cmd->add_flag("--check-heads", *check_heads, "exit 3 unless the database is at the head(s)");
  cmd->add_flag("--verbose", *verbose, "show each revision in full");
  cmd->callback([&ctx, check_heads, verbose] {
    ctx.init_styles();
    auto& m = ctx.migrator();
    auto rows = m.current();
    std::sort(rows.begin(), rows.end());
    std::vector<RevisionInfo> infos;
    std::vector<std::string> unknown;
    std::vector<std::string> head_ids;
    for (const auto& h : m.heads()) head_ids.push_back(h.id);
    std::sort(head_ids.begin(), head_ids.end());
    for (const auto& r : rows) {
      try {
        infos.push_back(m.show(r));
      } catch (const Exception&) {
        unknown.push_back(r);
      }
    }
    bool at_heads = rows == head_ids;
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object();
      w.member("database", ctx.redacted_url());
      w.key("current").begin_array();
      for (const auto& r : infos) ctx.revision_json(w, r);
      w.end_array();
      w.member("unknown", unknown);
      w.member("heads", head_ids);
      w.member("at_heads", at_heads);
      w.end_object();
      ctx.print_json(w);
    } else {
      for (const auto& r : infos) {
        if (*verbose || ctx.g.verbose) {
          ctx.line(ctx.revision_block(r, true));
        } else {
          std::string s = ctx.out_style.bold(r.id);
          if (!r.branch_labels.empty()) s += " (" + detail::join(r.branch_labels, ", ") + ")";
          if (r.is_head) s += ctx.out_style.green(" (head)");
          ctx.line(s);
        }
      }
      for (const auto& u : unknown)
        ctx.line(fmt::format("{} {}", u, ctx.out_style.red("(no migration file has this revision)")));
      if (rows.empty()) ctx.note("the database is at base: no revision applied");
    }
    if (*check_heads && !at_heads) {
      if (!ctx.g.json)
        std::fprintf(stderr, "the database is not at the head%s (%s): run `strata upgrade %s`\n",
                     head_ids.size() > 1 ? "s" : "", detail::join(head_ids, ", ").c_str(),
                     head_ids.size() > 1 ? "heads" : "head");
      throw ExitCode{3};
    }
  });
}

}  // namespace strata::cli
