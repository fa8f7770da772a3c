// Migrator::Impl: wires the modules together for the public façade.
// Loads the migration files and builds the graph once (lazily), opens a
// connection per database operation, takes the migration lock for anything
// that writes, and turns internal Errors into strata::Exception.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/url.hpp"
#include "dialect/dialect.hpp"
#include "revision/graph.hpp"
#include "runner/runner.hpp"
#include "runner/version_store.hpp"
#include "script/migration.hpp"
#include "strata/migrator.hpp"

namespace strata {

// A connection holding the migration lock; releases it when destroyed.
struct LockedSession {
  std::unique_ptr<detail::Connection> conn;
  std::unique_ptr<detail::VersionStore> store;
  std::string key;
  bool locked = false;
  double waited_ms = 0;
  ~LockedSession();
};

class Migrator::Impl {
 public:
  explicit Impl(Config c) : config(std::move(c)) {}

  Config config;
  EventCallback events;
  std::vector<CodeMigration> code;

  // ---- files and graph
  // Loads the files (once) and builds the graph. kHeaders leaves the section
  // bodies out, for the commands that only list revisions; a later full
  // load() reads the files again with them.
  detail::Status load(detail::ParseDepth depth = detail::ParseDepth::kFull);
  std::optional<detail::ParseDepth> loaded;  // how the files were loaded; empty: not (now)
  std::vector<detail::Migration> migrations;
  std::optional<detail::RevisionGraph> graph;
  // A migration by exact id, found through the graph (each node's tag is its
  // index in `migrations`): no second id map to build on every command.
  bool has(const std::string& id) const { return graph && graph->contains(id); }
  const detail::Migration& migration(const std::string& id) const {
    return migrations[graph->node(id)->tag];
  }
  RevisionInfo info(const std::string& id) const;
  // Fills `r` in place; with `labels` false, r.branch_labels is left as it
  // is (a listing that knows they did not change).
  void fill_info(const detail::RevisionGraph::Description& d, RevisionInfo& r,
                 bool labels = true) const;

  // ---- database
  detail::Result<const detail::Dialect*> dialect();
  detail::Result<detail::Url> url();
  detail::Result<std::unique_ptr<detail::Connection>> connect();
  // For read-only work: null when the database does not exist yet (and
  // connecting would create it).
  detail::Result<std::unique_ptr<detail::Connection>> connect_existing();
  detail::Result<std::unique_ptr<LockedSession>> lock();
  detail::Result<std::unique_ptr<detail::VersionStore>> store_for(detail::Connection* conn);
  // Fails with a hint when the database names revisions no file has.
  detail::Status check_known(const std::vector<std::string>& rows) const;
  detail::Result<std::vector<detail::RunStep>> make_steps(const std::vector<detail::Step>& plan,
                                                          const detail::Dialect& d);
  detail::Result<std::vector<PlanStep>> plan(const std::string& target, bool up,
                                             const UpgradeOptions& opts);
  detail::Result<RunReport> run(const std::string& target, bool up, const UpgradeOptions& opts);
  // Lints the up sections of `steps`; `conn` (may be null) gives table sizes
  // and the server version.
  detail::Result<LintReport> lint_steps(const std::vector<detail::RunStep>& steps,
                                        detail::Connection* conn);
  void emit(Event e) const {
    if (events) events(e);
  }
  void warn(std::string text) const {
    Event e;
    e.kind = Event::Kind::kWarning;
    e.text = std::move(text);
    emit(e);
  }
  std::string checksum_of(const std::string& id);
  std::unordered_map<std::string, std::string> checksums;
};

// Throws the error of a failed Result as strata::Exception.
template <class T>
T unwrap(detail::Result<T> r) {
  if (!r) throw Exception(std::move(r).error());
  return std::move(*r);
}
inline void unwrap(detail::Status s) {
  if (!s) throw Exception(std::move(s).error());
}

}  // namespace strata
