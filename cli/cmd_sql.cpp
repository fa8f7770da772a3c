// strata sql REV [--down]: the SQL one revision runs (Django's sqlmigrate).
#include "cli/context.hpp"

namespace strata::cli {

void add_sql(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("sql", "Print the SQL one revision runs");
  auto rev = std::make_shared<std::string>();
  auto down = std::make_shared<bool>(false);
  cmd->add_option("revision", *rev, "revision expression")->required();
  cmd->add_flag("--down", *down, "the down section instead of the up one");
  cmd->callback([&ctx, rev, down] {
    ctx.init_styles();
    ctx.print(ctx.migrator().revision_sql(*rev, *down));
  });
}

}  // namespace strata::cli
