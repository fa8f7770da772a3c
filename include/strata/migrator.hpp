// strata::Migrator — the whole of strata as a library: everything the `strata`
// command does, an application can do by calling these methods (the CLI is a
// thin layer over them). A Migrator reads the migration files named by its
// Config once, lazily, and opens a database connection per operation.
//
// Thread-safety: one Migrator per thread. Any number of processes may call
// upgrade() on the same database at once: a database-level lock serializes
// them and each revision is applied exactly once.
//
// Failure: every method throws strata::Exception carrying a strata::Error
// (file, line, revision, SQLSTATE, hint). The library never prints, never
// installs signal handlers and never changes global state; progress reaches
// the caller through the event callback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "strata/config.hpp"
#include "strata/error.hpp"
#include "strata/lint.hpp"

namespace strata {

struct CheckReport;
struct SchemaDiff;
struct AutogenerateOptions;
struct AutogenerateResult;
struct MigrationTestReport;

struct RevisionInfo {
  std::string id;
  std::vector<std::string> parents;
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;  // its own and those inherited along its branch
  std::string message;
  std::string created;
  std::string path;           // "" for code migrations
  bool is_head = false;       // no children (an "effective head" may still have dependents)
  bool is_real_head = false;  // no children and nothing depends on it
  bool is_base = false;
  bool is_merge = false;
  bool is_branch_point = false;
  bool reversible = true;
  bool up_transactional = true;
  bool down_transactional = true;
};

// Progress and messages. `kind` says which fields are set.
struct Event {
  enum class Kind {
    kLockWaiting,    // another process holds the migration lock; text = who/why
    kLockAcquired,   // elapsed_ms = time spent waiting
    kStepStarted,    // revision, upgrade, index/total, text = message
    kStepFinished,   // revision, upgrade, index/total, elapsed_ms, text = message
    kStatement,      // revision, index = statement number, text = SQL (verbose)
    kBatchProgress,  // revision, index = round, count = rows changed this round
    kRetry,          // a lock_timeout hit; text says what is retried
    kWarning,        // text
  };
  Kind kind = Kind::kWarning;
  std::string revision;
  bool upgrade = true;
  int index = 0;
  int total = 0;
  int64_t count = 0;
  double elapsed_ms = 0;
  std::string text;
};
using EventCallback = std::function<void(const Event&)>;

// One revision that upgrade/downgrade would run, as `--plan` shows it.
struct PlanStep {
  RevisionInfo revision;
  bool upgrade = true;
  bool transactional = true;
  std::vector<std::string> statements;    // after -x expansion
  std::vector<std::string> remove_heads;  // version-table rows this step deletes
  std::vector<std::string> add_heads;     // ... and inserts
  int resume_from = 0;                    // statements already done (resume), 0-based
};

struct RunReport {
  std::vector<std::string> applied;  // revisions run, in order
  std::vector<std::string> heads_before;
  std::vector<std::string> heads_after;
  double elapsed_ms = 0;
  double lock_wait_ms = 0;
};

struct UpgradeOptions {
  bool resume = false;  // continue a revision left unfinished by a crash
};

enum class RevisionState {
  kApplied,     // applied, file unchanged
  kPending,     // not applied
  kEdited,      // applied, but the file changed since (checksum differs)
  kUnfinished,  // a non-transactional section stopped mid-way (see journal)
  kMissing,     // in the version table / history but no file has it
};

struct RevisionStatus {
  std::string id;
  std::string message;
  std::string path;
  RevisionState state = RevisionState::kPending;
  std::string applied_at;         // UTC ISO-8601, "" if pending
  std::string recorded_checksum;  // at apply time
  std::string file_checksum;
  int statement_done = 0;            // unfinished: statements completed
  int statement_count = 0;           // unfinished: statements in the section
  std::string unfinished_direction;  // "up" | "down"
  std::string error;                 // unfinished: the error recorded, if any
};

struct VerifyReport {
  std::vector<std::string> problems;  // one readable line each
  bool ok() const { return problems.empty(); }
};

struct HistoryEntry {
  std::string revision;
  std::string direction;  // up | down | stamp | resolve
  std::string checksum;
  std::string started_at;
  int64_t duration_ms = 0;
  std::string applied_by;
  std::string hostname;
  std::string strata_version;
};

// Options of `strata revision`.
struct NewRevision {
  std::string message;
  std::vector<std::string>
      head;             // --head: parents ("base" for a new root); default: the single head
  bool splice = false;  // allow a parent that is not a head
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string rev_id;  // default: 12 random hex
  std::string up_sql;  // body of the up section ("" = a placeholder comment)
  std::string down_sql;
  bool up_transaction = true;  // false: `-- migrate:up transaction:false`
  bool down_transaction = true;
  std::string directory;  // which migrations folder; default the first
};

// A revision whose up/down are C++ functions (DESIGN section 3): joins the
// same graph as the files. `exec` runs one SQL statement in the step's
// transaction; throw strata::Exception (or any std::exception) to abort.
struct CodeMigration {
  std::string id;
  std::vector<std::string> revises;
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  std::string message;
  std::function<void(const std::function<void(const std::string& sql)>& exec)> up;
  std::function<void(const std::function<void(const std::string& sql)>& exec)>
      down;  // empty = irreversible
};

class Migrator {
 public:
  explicit Migrator(Config config);
  ~Migrator();
  Migrator(Migrator&&) noexcept;
  Migrator& operator=(Migrator&&) noexcept;

  const Config& config() const;
  void on_event(EventCallback callback);
  void add_code_migration(CodeMigration migration);

  // ---- the revision graph (files only; no database)
  std::vector<RevisionInfo> revisions();  // newest first
  std::vector<RevisionInfo> heads();
  std::vector<RevisionInfo> bases();
  std::vector<RevisionInfo> branch_points();
  RevisionInfo show(const std::string& expr);
  // Revisions of RANGE ("" = all, "A:B", ":B", "A:"), newest first; each
  // line of `graph` (if asked) is the DAG drawing prefix for that revision.
  std::vector<RevisionInfo> history(const std::string& range,
                                    std::vector<std::string>* graph = nullptr);
  // history() without building the list: calls `visit` once per revision,
  // newest first, with one RevisionInfo reused between calls (copy what you
  // keep). For listings of large histories.
  void for_each_history(const std::string& range,
                        const std::function<void(const RevisionInfo&)>& visit,
                        std::vector<std::string>* graph = nullptr);
  std::vector<std::string> resolve_revisions(const std::string& expr);

  // ---- the database
  std::vector<std::string> current();  // version-table rows (heads applied)
  std::vector<PlanStep> plan_upgrade(const std::string& target, const UpgradeOptions& = {});
  std::vector<PlanStep> plan_downgrade(const std::string& target);
  RunReport upgrade(const std::string& target = "head", const UpgradeOptions& = {});
  RunReport downgrade(const std::string& target);
  void stamp(const std::vector<std::string>& revisions, bool purge = false);
  std::vector<RevisionStatus> status();
  VerifyReport verify();
  std::vector<HistoryEntry> applied_history();
  // Settles a revision left unfinished: `applied` = its effects are complete.
  // `revision` is any expression naming one revision; returns its id.
  std::string resolve_unfinished(const std::string& revision, bool applied);

  // ---- offline SQL (no database)
  // The script `upgrade RANGE --sql` prints: "A:B", ":B" or "B" (from base).
  std::string upgrade_sql(const std::string& range);
  std::string downgrade_sql(const std::string& range);  // "B:A": from B down to A
  // The SQL one revision runs (Django's sqlmigrate).
  std::string revision_sql(const std::string& revision, bool down = false);

  // ---- authoring
  std::string create_revision(const NewRevision& options);  // returns the file path
  std::string merge(const std::vector<std::string>& revisions, const std::string& message,
                    const std::string& rev_id = "");

  // ---- schema states (include strata/schema_diff.hpp for the result types).
  // Each builds its states on scratch databases (SQLite in memory; on a
  // server, throwaway databases on dev_url) and never touches `url` except
  // to read it (drift, diff with a URL).
  // schema/ against what the migrations build (all heads); CI's gate.
  CheckReport check();
  // The live database against what its applied migrations build.
  SchemaDiff drift();
  // FROM and TO are each a database URL, "migrations[@REV]" or "schema".
  SchemaDiff diff(const std::string& from, const std::string& to,
                  const std::vector<std::string>& renames = {});
  // A new revision holding what schema/ has and the migrations do not.
  AutogenerateResult autogenerate(const AutogenerateOptions& options);
  // Every revision up, down and up again on a scratch database.
  MigrationTestReport test_migrations();

  // ---- safety (include strata/lint.hpp for the result types)
  // Lints the up sections of a range of revisions (see LintOptions). With
  // `lint = "error"` in the config, upgrade() runs this on its plan first and
  // refuses (ErrorCode::kDifference) when it finds an error.
  LintReport lint(const LintOptions& options = {});
  // Every rule, with its configured severity.
  std::vector<LintRule> lint_rules();

  class Impl;  // internal; incomplete outside libstrata

 private:
  std::unique_ptr<Impl> impl_;
};

// Scaffolds a project (DESIGN section 2). Throws if strata.toml exists.
void init_project(const std::string& directory, const std::string& dialect = "sqlite");

const char* version();

// For programs that reach SQLite only through strata (the strata command calls
// it first thing): turns off SQLite's process-wide memory statistics, which
// take a global mutex around every allocation SQLite makes. An upgrade full of
// DDL spends most of its time in SQLite's own parser and allocator, and runs
// about a tenth faster without them. sqlite3_memory_used() and friends then
// report nothing. Call it before anything in the process uses SQLite; later
// it changes nothing and returns false.
bool disable_sqlite_memory_statistics();

}  // namespace strata
