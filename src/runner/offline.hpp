// Offline mode: the same steps the runner would execute, written as an SQL
// script (`upgrade --sql`, `downgrade --sql`, `sql REV`) for a DBA to review
// or run by hand. Version-table statements are included so that running the
// script leaves the database exactly where `strata upgrade` would.
#pragma once

#include <string>
#include <vector>

#include "dialect/dialect.hpp"
#include "runner/runner.hpp"
#include "runner/version_store.hpp"

namespace strata::detail {

struct OfflineOptions {
  bool create_tables = false;       // starting from base: emit the bookkeeping DDL
  bool single_transaction = false;  // transaction = "all"
  bool bookkeeping = true;          // false for `sql REV`: the revision's SQL only
  std::string title;                // first comment line
  std::string root;                 // file paths under it are shown relative to it
};

std::string render_offline(const Dialect& dialect, const VersionStore& store,
                           const std::vector<RunStep>& steps, const OfflineOptions& options);

}  // namespace strata::detail
