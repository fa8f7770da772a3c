// What every verb of the CLI shares: the global options, the loaded config,
// a Migrator wired to print progress, and the text/JSON output helpers. Verbs
// are thin: parse their options, call the public library, print.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "common/term.hpp"
#include "strata/strata.hpp"

namespace strata::cli {

struct Globals {
  std::string config;
  std::string url;
  std::string env;
  std::vector<std::string> x;
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
};

class Context {
 public:
  Globals g;
  detail::Style out_style;  // stdout
  detail::Style err_style;  // stderr

  void init_styles();
  Config& config();
  Migrator& migrator();
  // The database URL for messages, password hidden.
  std::string redacted_url();

  // stdout
  void print(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }
  void line(const std::string& s) {
    print(s);
    std::fputc('\n', stdout);
  }
  // stderr progress and notes (silenced by -q)
  void note(const std::string& s);
  void print_json(detail::JsonWriter& w) { line(w.str()); }
  detail::JsonWriter json_writer() { return detail::JsonWriter(true); }

  // One revision as Alembic prints it in `history`:
  // "PARENTS -> REV (labels) (head) (branchpoint) (mergepoint), message"
  std::string history_line(const RevisionInfo& r, bool current = false);
  void append_history_line(std::string& out, const RevisionInfo& r, bool current = false);
  // The verbose block of `show` / `history --verbose`.
  std::string revision_block(const RevisionInfo& r, bool current = false);
  void revision_json(detail::JsonWriter& w, const RevisionInfo& r);

 private:
  std::unique_ptr<Config> config_;
  std::unique_ptr<Migrator> migrator_;
};

// Each verb adds its subcommand to the app; the callback does the work and
// throws strata::Exception on failure (main maps it to an exit code).
void add_init(CLI::App& app, Context& ctx);
void add_revision(CLI::App& app, Context& ctx);
void add_merge(CLI::App& app, Context& ctx);
void add_upgrade(CLI::App& app, Context& ctx);
void add_downgrade(CLI::App& app, Context& ctx);
void add_current(CLI::App& app, Context& ctx);
void add_history(CLI::App& app, Context& ctx);
void add_heads(CLI::App& app, Context& ctx);
void add_branches(CLI::App& app, Context& ctx);
void add_show(CLI::App& app, Context& ctx);
void add_stamp(CLI::App& app, Context& ctx);
void add_status(CLI::App& app, Context& ctx);
void add_verify(CLI::App& app, Context& ctx);
void add_sql(CLI::App& app, Context& ctx);
void add_resolve(CLI::App& app, Context& ctx);
void add_schema_verbs(CLI::App& app, Context& ctx);  // check, drift, diff, test
void add_lint(CLI::App& app, Context& ctx);

// A path under the working directory, shown relative to it.
std::string display_path(const std::string& path);

// Shared by the schema verbs and revision --autogenerate.
void schema_diff_json(detail::JsonWriter& w, const SchemaDiff& d);
void print_changes(Context& ctx, const SchemaDiff& d, const std::string& indent = "  ");

// Exit with this code after the callback (e.g. 3 for "difference found").
struct ExitCode {
  int code;
};

}  // namespace strata::cli
