// strata check | drift | diff | test: the schema-state verbs (DESIGN
// section 5), and the printing of a schema difference shared with
// `revision --autogenerate`.
#include <fmt/format.h>
#include <unistd.h>

#include "cli/context.hpp"
#include "strata/schema_diff.hpp"

namespace strata::cli {

void schema_diff_json(detail::JsonWriter& w, const SchemaDiff& d) {
  w.key("changes").begin_array();
  for (const auto& c : d.changes) {
    w.begin_object()
        .member("kind", c.kind)
        .member("description", c.description)
        .member("destructive", c.destructive)
        .end_object();
  }
  w.end_array();
  w.member("sql", d.up_sql).member("down_sql", d.down_sql);
  w.key("rename_suggestions").begin_array();
  for (const auto& s : d.suggestions) {
    w.begin_object()
        .member("kind", std::string(s.column ? "column" : "table"))
        .member("table", s.table)
        .member("from", s.from)
        .member("to", s.to)
        .member("option", "--rename " + s.option())
        .end_object();
  }
  w.end_array();
}

// One line per change, destructive ones flagged; then rename suggestions.
void print_changes(Context& ctx, const SchemaDiff& d, const std::string& indent) {
  for (const auto& c : d.changes) {
    std::string mark = c.destructive ? ctx.out_style.red("! ") : ctx.out_style.green("+ ");
    if (c.kind.rfind("drop", 0) == 0 && !c.destructive) mark = ctx.out_style.yellow("- ");
    if (c.kind == "unsupported") mark = ctx.out_style.red("? ");
    ctx.line(indent + mark + c.description);
  }
  for (const auto& s : d.suggestions) {
    ctx.line(indent + ctx.out_style.yellow("? ") +
             fmt::format("{} {} and {} look like a rename; if so, pass --rename {}",
                         s.column ? "columns" : "tables",
                         s.column ? s.table + "." + s.from : s.from,
                         s.column ? s.table + "." + s.to : s.to, s.option()));
  }
}

namespace {

void add_check(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "check", "Exit 3 if schema/ differs from what the migrations build, or there are several heads");
  cmd->callback([&ctx] {
    ctx.init_styles();
    CheckReport r = ctx.migrator().check();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("ok", r.clean()).member("heads", r.heads);
      schema_diff_json(w, r.diff);
      w.end_object();
      ctx.print_json(w);
    } else {
      if (r.heads.size() > 1) {
        ctx.line(ctx.out_style.red("several heads: ") + fmt::format("{}", fmt::join(r.heads, ", ")) +
                 " (merge them: strata merge heads -m MSG)");
      }
      if (!r.diff.empty()) {
        ctx.line(fmt::format("schema/ differs from what the migrations build ({} change{}):",
                             r.diff.changes.size(), r.diff.changes.size() == 1 ? "" : "s"));
        print_changes(ctx, r.diff);
        ctx.line("write them as a migration: strata revision --autogenerate -m MSG");
      }
      if (r.clean()) ctx.line("check: ok, the migrations build schema/");
    }
    if (!r.clean()) throw ExitCode{3};
  });
}

void add_drift(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "drift", "Exit 3 if the database differs from what its applied migrations build");
  cmd->callback([&ctx] {
    ctx.init_styles();
    SchemaDiff d = ctx.migrator().drift();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("ok", d.empty());
      schema_diff_json(w, d);
      w.end_object();
      ctx.print_json(w);
    } else if (d.empty()) {
      ctx.line("drift: none, the database is what its migrations build");
    } else {
      ctx.line(fmt::format("the database has drifted from its migrations ({} change{}):",
                           d.changes.size(), d.changes.size() == 1 ? "" : "s"));
      print_changes(ctx, d);
      ctx.line("");
      ctx.line("-- SQL that makes the database what its migrations build:");
      ctx.print(d.up_sql);
    }
    if (!d.empty()) throw ExitCode{3};
  });
}

void add_diff(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "diff", "Print the DDL from one schema state to another (a URL, migrations[@REV], schema)");
  auto from = std::make_shared<std::string>("migrations");
  auto to = std::make_shared<std::string>("schema");
  auto renames = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--from", *from, "a database URL, migrations[@REV] or schema (default migrations)");
  cmd->add_option("--to", *to, "a database URL, migrations[@REV] or schema (default schema)");
  cmd->add_option("--rename", *renames, "OLD=NEW or TABLE.OLD=NEW: a rename, not a drop and an add")
      ->allow_extra_args(false);
  cmd->callback([&ctx, from, to, renames] {
    ctx.init_styles();
    SchemaDiff d = ctx.migrator().diff(*from, *to, *renames);
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object().member("from", *from).member("to", *to);
      schema_diff_json(w, d);
      w.end_object();
      ctx.print_json(w);
      return;
    }
    if (d.empty()) {
      ctx.note("no differences");
      return;
    }
    for (const auto& c : d.changes) ctx.note("-- " + c.description);
    for (const auto& s : d.suggestions) {
      ctx.note(fmt::format("-- looks like a rename: {} -> {} (pass --rename {})",
                           s.column ? s.table + "." + s.from : s.from, s.to, s.option()));
    }
    ctx.print(d.up_sql);
  });
}

void add_test(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "test", "On a scratch database: every revision up, down, up again; the end equals schema/");
  cmd->callback([&ctx] {
    ctx.init_styles();
    MigrationTestReport r = ctx.migrator().test_migrations();
    if (ctx.g.json) {
      auto w = ctx.json_writer();
      w.begin_object()
          .member("ok", r.ok)
          .member("revisions", r.revisions)
          .member("failed_revision", r.failed_revision)
          .member("phase", r.phase)
          .member("message", r.message)
          .member("differences", r.differences)
          .end_object();
      ctx.print_json(w);
    } else if (r.ok) {
      ctx.line(fmt::format("test: ok, {} revision{} up, down and up again", r.revisions,
                           r.revisions == 1 ? "" : "s"));
    } else {
      ctx.line(ctx.out_style.red("test failed") +
               fmt::format(" at revision {} ({}): {}", r.failed_revision, r.phase, r.message));
      for (const auto& d : r.differences) ctx.line("  " + d);
    }
    if (!r.ok) throw ExitCode{3};
  });
}

}  // namespace

void add_schema_verbs(CLI::App& app, Context& ctx) {
  add_check(app, ctx);
  add_drift(app, ctx);
  add_diff(app, ctx);
  add_test(app, ctx);
}

}  // namespace strata::cli
