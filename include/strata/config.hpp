// strata::Config — the settings of one project: where its migrations and
// desired schema live, which database to migrate and how. Config::load reads
// strata.toml (found like git finds .git) and layers the command line on top:
// [env.NAME] overlays, then DATABASE_URL, then --url. Every key has a
// default, so a project may run with no file at all when a URL is given.
// A Config is a plain value: copy it freely; loading touches no global state
// besides reading the environment (replaceable through ConfigOptions::getenv).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata {

// What the command line adds on top of the file.
struct ConfigOptions {
  std::string config_path;               // -c/--config; "" = search upward from `start_dir`
  std::string start_dir;                 // "" = current directory
  std::string url;                       // --url; overrides everything
  std::string env;                       // --env NAME: apply [env.NAME]
  std::map<std::string, std::string> x;  // -x KEY=VALUE
  // Environment lookup; unset = use getenv. Tests pass a map-backed function.
  std::function<std::optional<std::string>(const std::string&)> getenv;
};

struct Config {
  // Final, after DATABASE_URL / --url. A relative SQLite path written in
  // strata.toml (or the default) is made absolute against `root`, so running
  // from a subdirectory reaches the same database; one given through --url or
  // DATABASE_URL keeps its meaning relative to the working directory.
  std::string url;
  std::vector<std::string> migrations{"migrations"};  // absolute paths after load
  std::vector<std::string> schema{"schema"};          // absolute paths after load
  std::string dev_url;
  std::string version_table = "strata_version";
  std::string transaction = "per-migration";  // "per-migration" | "all"
  int64_t lock_timeout_ms = 5000;             // lock_timeout (table locks, per statement)
  int64_t lock_wait_ms =
      600000;            // lock_wait: how long to wait for the migration lock (exit 4 after)
  int lock_retries = 5;  // lock_retries: re-runs of a revision after a lock_timeout
  int64_t lock_retry_delay_ms = 1000;  // lock_retry_delay: first wait; doubles each attempt
  int64_t statement_timeout_ms = 0;    // statement_timeout (PostgreSQL); 0 = none
  std::string lint = "off";            // lint: "error" = upgrade refuses on lint errors
  std::map<std::string, std::string> lint_rules;  // rule id -> off|info|warning|error
  std::string target_version;                     // server version lint assumes without a database
  bool safe_by_default = false;                   // autogenerate writes the lock-safe recipes
  std::string file_template = "{rev}_{slug}";
  std::vector<std::string> post_write_hooks;
  std::map<std::string, std::string> x;  // -x values
  std::string root;         // directory of strata.toml; with no file, the start directory
  std::string config_path;  // the file loaded ("" if none)
  std::string env;          // the [env.NAME] applied, if any

  // Finds strata.toml (in start_dir, then its parents, like git) or uses
  // options.config_path, reads it and applies the overrides. Throws
  // strata::Exception (code kFailure, or kUsage for a bad option) naming the
  // file, the line and the key.
  static Config load(const ConfigOptions& options = {});
  // Config::load("strata.toml"): that file, with DATABASE_URL applied.
  static Config load(const std::string& config_path);
  static Config load(const char* config_path) { return load(std::string(config_path)); }
  // A config with defaults and this URL; paths relative to `root` (default cwd).
  static Config from_url(std::string url, std::string root = "");
};

// The strata.toml in `start_dir` ("" = current directory) or the nearest of
// its parents, as an absolute path; nullopt when there is none.
std::optional<std::string> find_config_file(const std::string& start_dir);

}  // namespace strata
