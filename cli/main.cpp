// strata: the command-line program. Parses global options, dispatches to one
// verb, and maps failures to the exit codes of DESIGN section 5:
// 0 ok, 1 failure, 2 usage, 3 difference found, 4 lock not acquired.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/context.hpp"
#include "common/url.hpp"

int main(int argc, char** argv) {
  using namespace strata::cli;
  // The program is SQLite's only user in this process.
  strata::disable_sqlite_memory_statistics();
  Context ctx;
  CLI::App app{"strata: database schema migrations for SQLite and PostgreSQL", "strata"};
  app.set_version_flag("--version", std::string("strata ") + strata::version());
  app.require_subcommand(1);
  app.fallthrough();
  auto& g = ctx.g;
  app.add_option("-c,--config", g.config, "strata.toml to use (default: search upward)");
  app.add_option("--url", g.url, "database URL (overrides DATABASE_URL and strata.toml)");
  app.add_option("--env", g.env, "apply the [env.NAME] table of strata.toml");
  app.add_option("-x", g.x, "KEY=VALUE made available to migrations as {{x.KEY}} (repeatable)")
      ->allow_extra_args(false);
  app.add_flag("--json", g.json, "print machine-readable JSON");
  app.add_flag("-q,--quiet", g.quiet, "print only results and errors");
  app.add_flag("-v,--verbose", g.verbose, "print each statement as it runs");
  app.add_flag("--no-color", g.no_color, "never colour output (NO_COLOR is honoured too)");

  add_init(app, ctx);
  add_revision(app, ctx);
  add_merge(app, ctx);
  add_upgrade(app, ctx);
  add_downgrade(app, ctx);
  add_current(app, ctx);
  add_history(app, ctx);
  add_heads(app, ctx);
  add_branches(app, ctx);
  add_show(app, ctx);
  add_stamp(app, ctx);
  add_status(app, ctx);
  add_verify(app, ctx);
  add_sql(app, ctx);
  add_resolve(app, ctx);
  add_schema_verbs(app, ctx);
  add_lint(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A parse error echoes the argument it did not expect, which may be a
    // URL with its password: the message is redacted like every other.
    std::ostringstream err;
    int rc = app.exit(e, std::cout, err);
    std::fputs(strata::detail::redact_urls(err.str()).c_str(), stderr);
    return rc == 0 ? 0 : 2;
  } catch (const ExitCode& e) {
    std::fflush(stdout);
    return e.code;
  } catch (const strata::Exception& e) {
    std::fflush(stdout);
    ctx.init_styles();
    strata::Error err = e.error();
    err.file = strata::cli::display_path(err.file);
    // Messages name what the user typed (a revision, a path); a URL given
    // where it did not belong keeps its password out of them.
    std::string text = strata::detail::redact_urls(err.to_string());
    size_t hint = text.find("\nhint: ");
    std::string head = hint == std::string::npos ? text : text.substr(0, hint);
    std::fprintf(stderr, "%s %s\n", ctx.err_style.red("error:").c_str(), head.c_str());
    if (hint != std::string::npos)
      std::fprintf(stderr, "%s %s\n", ctx.err_style.cyan("hint:").c_str(),
                   text.substr(hint + 7).c_str());
    if (err.in_doubt)
      std::fprintf(stderr, "the connection was lost during COMMIT: check `strata current`\n");
    return static_cast<int>(err.code);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", strata::detail::redact_urls(e.what()).c_str());
    return 1;
  }
  // Every connection is closed by now; skip tearing down the loaded
  // migrations (tens of thousands of strings on a large history) at exit.
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(0);
}
