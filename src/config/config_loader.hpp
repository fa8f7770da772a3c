// The config loader behind strata::Config::load, as non-throwing functions,
// plus the pieces other modules reuse: ${VAR} expansion and the check that
// makes a version-table name safe to paste into SQL.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "strata/config.hpp"

namespace strata::detail {

using GetEnv = std::function<std::optional<std::string>(const std::string&)>;

// The process environment (std::getenv) as a GetEnv.
std::optional<std::string> process_getenv(const std::string& name);

// Reads and validates the configuration; see Config::load. All problems in
// strata.toml are reported at once: the Error names the first (file, line)
// and its message lists the others, one "file:line: message" per line.
Result<Config> load_config(const ConfigOptions& options);

// See Config::from_url.
Result<Config> config_from_url(std::string url, std::string root);

// Expands ${VAR} (an error when VAR is unset), ${VAR:-default} (default when
// VAR is unset or empty; the default may itself hold ${...}) and $$ (a
// literal $). Any other $ stays as written. Errors do not name a key; callers
// prefix it.
Result<std::string> expand_env(std::string_view text, const GetEnv& getenv);

// `name` or `schema.name`, each part [A-Za-z_][A-Za-z0-9_]{0,62}. Anything
// else is refused: the version table's name is pasted into SQL unquoted.
bool is_valid_table_name(std::string_view name);

}  // namespace strata::detail
