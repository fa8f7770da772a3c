// strata init [DIR] [--dialect D]
#include <filesystem>

#include "cli/context.hpp"

namespace strata::cli {

void add_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create a project: strata.toml, migrations/, schema/, seeds/");
  auto dir = std::make_shared<std::string>(".");
  auto dialect = std::make_shared<std::string>("sqlite");
  cmd->add_option("dir", *dir, "project directory (default: .)");
  cmd->add_option("--dialect", *dialect, "sqlite | postgresql | mysql")
      ->check(CLI::IsMember({"sqlite", "postgresql", "postgres", "mysql"}));
  cmd->callback([&ctx, dir, dialect] {
    ctx.init_styles();
    init_project(*dir, *dialect);
    auto root = std::filesystem::absolute(*dir).lexically_normal().string();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("project", root).member("dialect", *dialect).end_object();
      ctx.print_json(w);
      return;
    }
    ctx.line("created a strata project in " + root);
    ctx.line("  strata.toml   configuration (url, folders, version table)");
    ctx.line("  migrations/   one .sql file per revision");
    ctx.line("  schema/       the desired schema, plain SQL DDL");
    ctx.line("  seeds/        optional seed data");
    ctx.line("next: strata revision -m \"create first table\"");
  });
}

}  // namespace strata::cli
