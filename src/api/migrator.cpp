// The database side of the façade: upgrade, downgrade, current, stamp,
// status, verify, resolve, and offline SQL.
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <unordered_set>

#include "api/migrator_impl.hpp"
#include "common/strings.hpp"
#include "revision/expression.hpp"
#include "runner/offline.hpp"
#include "runner/prepare.hpp"
#include "script/checksum.hpp"
#include "script/loader.hpp"

namespace strata {

using detail::fail;
using detail::failf;
using detail::Result;
using detail::Status;

namespace {
using Clock = std::chrono::steady_clock;

std::string current_user() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return std::to_string(getuid());
}

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

// A history row for work done outside the runner (stamp, resolve).
detail::HistoryRow manual_history(std::string revision, std::string direction) {
  detail::HistoryRow h;
  h.revision = std::move(revision);
  h.direction = std::move(direction);
  h.started_at = detail::utc_now_iso();
  h.applied_by = current_user();
  h.hostname = host_name();
  h.strata_version = STRATA_VERSION;
  return h;
}

// Bookkeeping done outside the runner (stamp, resolve): one transaction.
Status run_in_transaction(detail::Connection& conn, const std::string& sql) {
  STRATA_CHECK(conn.begin());
  Status st = conn.commit_with(sql);
  if (!st && !st.error().in_doubt) (void)conn.rollback();
  return st;
}

Error with_hint(Error e, std::string hint) {
  if (e.hint.empty()) e.hint = std::move(hint);
  return e;
}
}  // namespace

LockedSession::~LockedSession() {
  if (locked && conn) (void)conn->unlock(key);
}

// ------------------------------------------------------------------ loading

Status Migrator::Impl::load(detail::ParseDepth depth) {
  if (loaded && (*loaded == detail::ParseDepth::kFull || depth == detail::ParseDepth::kHeaders))
    return {};
  detail::LoadResult lr = detail::load_migrations(config.migrations, depth);
  if (!lr.errors.empty()) {
    if (lr.errors.size() == 1) return fail(lr.errors.front());
    Error e;
    e.message = fmt::format("{} migration files have errors:", lr.errors.size());
    for (const auto& x : lr.errors) e.message += "\n  " + x.to_string();
    return fail(std::move(e));
  }
  migrations = std::move(lr.migrations);
  for (const auto& c : code) {
    detail::Migration m;
    m.id = c.id;
    m.revises = c.revises;
    m.depends_on = c.depends_on;
    m.branch_labels = c.branch_labels;
    m.message = c.message;
    m.up.present = true;
    auto wrap = [](auto fn) -> detail::CodeStep {
      return [fn](const detail::SqlExec& exec) -> Status {
        try {
          fn([&](const std::string& sql) {
            Status st = exec(sql);
            if (!st) throw Exception(std::move(st).error());
          });
        } catch (const Exception& ex) {
          return fail(ex.error());
        } catch (const std::exception& ex) {
          return failf("code migration failed: {}", ex.what());
        }
        return {};
      };
    };
    auto steps = std::make_shared<detail::CodeSteps>();
    steps->up = wrap(c.up);
    if (c.down) {
      steps->down = wrap(c.down);
      m.down.present = true;
    }
    m.code = std::move(steps);
    migrations.push_back(std::move(m));
  }
  std::vector<detail::RevisionNode> nodes(migrations.size());
  // The graph takes over the edge lists (moved, not copied: this runs on
  // every command, over every file); read them back through graph->node().
  // It names files in its errors through migrations[tag].path, so the paths
  // are not copied either.
  for (size_t i = 0; i < migrations.size(); ++i) {
    auto& m = migrations[i];
    detail::RevisionNode& n = nodes[i];
    n.id = m.id;
    n.parents = std::move(m.revises);
    n.depends_on = std::move(m.depends_on);
    n.branch_labels = std::move(m.branch_labels);
    n.tag = i;
  }
  auto where = [this](const detail::RevisionNode& n) {
    const std::string& path = migrations[n.tag].path;
    return path.empty() ? "(code migration " + n.id + ")" : path;
  };
  STRATA_TRY(auto g, detail::RevisionGraph::build(std::move(nodes), where));
  graph.emplace(std::move(g));
  loaded = depth;
  return {};
}

RevisionInfo Migrator::Impl::info(const std::string& id) const {
  // One graph lookup gives the node (edges and our index), shape and labels.
  RevisionInfo r;
  fill_info(graph->describe(id), r);
  return r;
}

void Migrator::Impl::fill_info(const detail::RevisionGraph::Description& d, RevisionInfo& r,
                               bool labels) const {
  const detail::Migration& m = migrations[d.node->tag];
  r.id = m.id;
  r.parents = d.node->parents;
  r.depends_on = d.node->depends_on;
  if (labels) r.branch_labels = d.labels;  // inherited along the branch, as Alembic shows them
  r.message = m.message;
  r.created = m.created;
  r.path = m.path;
  r.is_base = d.shape.base;
  r.is_head = d.shape.head;
  r.is_real_head = d.shape.real_head;
  r.is_merge = d.shape.merge_point;
  r.is_branch_point = d.shape.branch_point;
  r.reversible = m.reversible();
  r.up_transactional = m.up.transaction;
  r.down_transactional = m.down.transaction;
}

std::string Migrator::Impl::checksum_of(const std::string& id) {
  auto it = checksums.find(id);
  if (it != checksums.end()) return it->second;
  // A checksum is of the section texts: every caller loaded them.
  if (loaded != detail::ParseDepth::kFull) std::abort();
  std::string c = detail::migration_checksum(migration(id));
  checksums.emplace(id, c);
  return c;
}

// ------------------------------------------------------------------ connections

Result<detail::Url> Migrator::Impl::url() {
  if (config.url.empty()) {
    Error e;
    e.code = ErrorCode::kUsage;
    e.message = "no database URL: set `url` in strata.toml, DATABASE_URL, or pass --url";
    return fail(std::move(e));
  }
  return detail::parse_url(config.url);
}

Result<const detail::Dialect*> Migrator::Impl::dialect() {
  STRATA_TRY(detail::Url u, url());
  return detail::dialect_for_scheme(u.scheme);
}

Result<std::unique_ptr<detail::Connection>> Migrator::Impl::connect() {
  STRATA_TRY(detail::Url u, url());
  STRATA_TRY(const detail::Dialect* d, detail::dialect_for_scheme(u.scheme));
  auto conn = d->connect(u);
  if (!conn) {
    Error e = std::move(conn).error();
    for (const auto& secret : u.secrets()) e.message = detail::redact(e.message, secret);
    return fail(std::move(e));
  }
  if (d->traits().has_lock_timeout && config.lock_timeout_ms > 0)
    STRATA_CHECK((*conn)->set_lock_timeout(static_cast<int>(config.lock_timeout_ms)));
  if (config.statement_timeout_ms > 0)
    STRATA_CHECK((*conn)->set_statement_timeout(static_cast<int>(config.statement_timeout_ms)));
  return std::move(*conn);
}

Result<std::unique_ptr<detail::Connection>> Migrator::Impl::connect_existing() {
  STRATA_TRY(detail::Url u, url());
  STRATA_TRY(const detail::Dialect* d, detail::dialect_for_scheme(u.scheme));
  if (!d->database_exists(u)) return std::unique_ptr<detail::Connection>();
  return connect();
}

Result<std::unique_ptr<detail::VersionStore>> Migrator::Impl::store_for(detail::Connection* conn) {
  STRATA_TRY(const detail::Dialect* d, dialect());
  return std::make_unique<detail::VersionStore>(*d, conn, config.version_table);
}

Result<std::unique_ptr<LockedSession>> Migrator::Impl::lock() {
  auto s = std::make_unique<LockedSession>();
  STRATA_TRY(s->conn, connect());
  STRATA_TRY(s->store, store_for(s->conn.get()));
  s->key = "strata:" + config.version_table;
  auto t0 = Clock::now();
  auto sleep = std::chrono::milliseconds(5);
  bool announced = false;
  while (true) {
    STRATA_TRY(bool got, s->conn->try_lock(s->key));
    if (got) break;
    double waited = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (waited >= static_cast<double>(config.lock_wait_ms)) {
      Error e;
      e.code = ErrorCode::kLockTimeout;
      std::string took = waited < 10000 ? fmt::format("{:.1f} s", waited / 1000.0)
                                        : fmt::format("{:.0f} s", waited / 1000.0);
      e.message = fmt::format("could not acquire the migration lock within {}", took);
      e.hint = fmt::format(
          "another strata is migrating this database; it waited {} (raise lock_wait in "
          "strata.toml to wait longer)",
          took);
      return fail(std::move(e));
    }
    if (!announced) {
      Event ev;
      ev.kind = Event::Kind::kLockWaiting;
      ev.text = "another strata process holds the migration lock; waiting";
      emit(ev);
      announced = true;
    }
    std::this_thread::sleep_for(sleep);
    sleep = std::min(sleep * 2, std::chrono::milliseconds(200));
  }
  s->locked = true;
  s->waited_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  Event ev;
  ev.kind = Event::Kind::kLockAcquired;
  ev.elapsed_ms = s->waited_ms;
  emit(ev);
  return s;
}

Status Migrator::Impl::check_known(const std::vector<std::string>& rows) const {
  for (const auto& r : rows) {
    if (!has(r)) {
      Error e;
      e.revision = r;
      e.message = fmt::format("the database is at revision {}, which no migration file has", r);
      e.hint =
          "pull the latest migrations (the database was migrated from a newer checkout), "
          "or check `migrations` in strata.toml";
      return fail(std::move(e));
    }
  }
  return {};
}

// ------------------------------------------------------------------ planning

Result<std::vector<detail::RunStep>> Migrator::Impl::make_steps(
    const std::vector<detail::Step>& plan, const detail::Dialect& d) {
  std::vector<detail::RunStep> out;
  out.reserve(plan.size());
  for (const auto& p : plan) {
    const detail::Migration& m = migration(p.revision);
    if (!p.upgrade && !m.reversible()) {
      Error e;
      e.revision = m.id;
      e.file = m.path;
      e.message =
          "this revision is irreversible (it has no `-- migrate:down` section); the downgrade was "
          "refused and nothing was changed";
      return fail(std::move(e));
    }
    detail::RunStep s;
    s.migration = &m;
    s.upgrade = p.upgrade;
    s.delete_rows = p.delete_rows;
    s.insert_rows = p.insert_rows;
    STRATA_TRY(s.section, detail::prepare_section(m, p.upgrade, d, config.x));
    s.checksum = checksum_of(m.id);
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
PlanStep to_plan_step(const Migrator::Impl& impl, const detail::RunStep& s) {
  PlanStep p;
  p.revision = impl.info(s.migration->id);
  p.upgrade = s.upgrade;
  p.transactional = s.transactional();
  for (const auto& st : s.section.statements) p.statements.push_back(st.sql);
  p.remove_heads = s.delete_rows;
  p.add_heads = s.insert_rows;
  p.resume_from = s.resume_from;
  return p;
}
}  // namespace

// Shared by plan() and run(): the steps from the database's current state,
// with the journal taken into account. Requires a connection.
namespace {
struct Planned {
  std::vector<std::string> rows;
  std::vector<detail::RunStep> steps;
};
}  // namespace

// `store` is null for a database that does not exist yet.
static Result<Planned> plan_from_db(Migrator::Impl& impl, detail::VersionStore* store,
                                    const std::string& target, bool up,
                                    const UpgradeOptions& opts) {
  STRATA_TRY(const detail::Dialect* d, impl.dialect());
  Planned out;
  bool exists = false;
  if (store) {
    STRATA_TRY(exists, store->exists());
  }
  if (exists) {
    STRATA_TRY(out.rows, store->heads());
  }
  STRATA_CHECK(impl.check_known(out.rows));
  std::vector<detail::JournalRow> journal;
  if (exists) {
    STRATA_TRY(journal, store->journal());
  }
  STRATA_TRY(auto plan, up ? impl.graph->plan_upgrade(out.rows, target)
                           : impl.graph->plan_downgrade(out.rows, target));
  STRATA_TRY(out.steps, impl.make_steps(plan, *d));
  for (const auto& j : journal) {
    bool matches = false;
    // Nothing of the revision is known done, and where DDL commits by itself
    // a statement 1 that did run is recognised when it runs again
    // (Dialect::shows_already_done): a plain upgrade continues it.
    bool nothing_done = d->traits().recognises_done_ddl && j.state == "running" &&
                        j.statement_index == 0 && j.error.empty();
    bool resume = opts.resume || nothing_done;
    for (auto& s : out.steps) {
      if (s.migration->id == j.revision && (s.upgrade ? "up" : "down") == j.direction) {
        matches = true;
        if (resume) {
          // The journal holds the checksum of the statements that ran (an
          // older strata wrote the whole file's): edits after them are fine.
          int done =
              std::min<int>(j.statement_index, static_cast<int>(s.section.statements.size()));
          if (!j.checksum.empty() && j.checksum != s.checksum &&
              j.checksum !=
                  detail::done_statements_checksum(s.section, static_cast<size_t>(done))) {
            Error e;
            e.revision = j.revision;
            e.file = s.migration->path;
            e.message = fmt::format(
                "cannot resume revision {}: {} changed since the interrupted run ran {}",
                j.revision, done == 1 ? "statement 1" : fmt::format("statements 1-{}", done),
                done == 1 ? "it" : "them");
            e.hint = fmt::format("settle it with `strata resolve {} --applied|--rolled-back`",
                                 j.revision);
            return fail(std::move(e));
          }
          s.resume_from =
              std::min<int>(j.statement_index, static_cast<int>(s.section.statements.size()));
          s.section.transactional = false;  // continue journaled, statement by statement
          s.journaled = true;
          s.in_flight = j.state == "running" && j.statement_index < j.statement_count;
        }
      }
    }
    if (!resume || !matches) {
      Error e;
      e.revision = j.revision;
      e.message = fmt::format(
          "unfinished: its {} section completed {} of {} statements{}", j.direction,
          j.statement_index, j.statement_count,
          !j.error.empty()
              ? fmt::format("; statement {} failed: {}", j.statement_index + 1, j.error)
          : j.state == "running" && j.statement_index < j.statement_count
              ? fmt::format("; statement {} was started and may have run", j.statement_index + 1)
              : "");
      e.hint = matches ? fmt::format(
                             "run `strata {} --resume` to continue from statement {}, or "
                             "`strata resolve {} --applied|--rolled-back` once settled by hand",
                             up ? "upgrade" : "downgrade", j.statement_index + 1, j.revision)
                       : fmt::format("settle it first: `strata resolve {} --applied|--rolled-back`",
                                     j.revision);
      if (impl.has(j.revision)) e.file = impl.migration(j.revision).path;
      return fail(std::move(e));
    }
  }
  return out;
}

Result<std::vector<PlanStep>> Migrator::Impl::plan(const std::string& target, bool up,
                                                   const UpgradeOptions& opts) {
  STRATA_CHECK(load());
  STRATA_TRY(auto conn, connect_existing());
  STRATA_TRY(auto store, store_for(conn.get()));
  STRATA_TRY(Planned p, plan_from_db(*this, conn ? store.get() : nullptr, target, up, opts));
  std::vector<PlanStep> out;
  for (const auto& s : p.steps) out.push_back(to_plan_step(*this, s));
  return out;
}

Result<RunReport> Migrator::Impl::run(const std::string& target, bool up,
                                      const UpgradeOptions& opts) {
  auto t0 = Clock::now();
  STRATA_CHECK(load());
  STRATA_TRY(const detail::Dialect* d, dialect());
  STRATA_TRY(auto session, lock());
  STRATA_CHECK(session->store->ensure());
  STRATA_TRY(Planned p, plan_from_db(*this, session->store.get(), target, up, opts));
  if (up && config.lint == "error") {
    // The gate: lint the plan before touching anything.
    STRATA_TRY(LintReport lint, lint_steps(p.steps, session->conn.get()));
    if (lint.errors > 0) {
      Error e{ErrorCode::kDifference,
              fmt::format("lint found {} error{} in the revisions to apply; nothing was run "
                          "(lint = \"error\")",
                          lint.errors, lint.errors == 1 ? "" : "s")};
      for (const auto& f : lint.findings) {
        if (f.severity != "error") continue;
        e.message += fmt::format("\n  {}:{}: [{}] {}", f.file, f.line, f.rule, f.message);
      }
      e.hint =
          "`strata lint` explains each rule's safe recipe; silence one on purpose with "
          "`-- strata:lint-ignore RULE reason` above the statement";
      return fail(std::move(e));
    }
  }
  RunReport report;
  report.heads_before = p.rows;
  report.lock_wait_ms = session->waited_ms;
  if (up && !p.rows.empty()) {
    // An applied file edited since: say so, do not refuse (verify does).
    STRATA_TRY(auto recorded, session->store->applied_checksums());
    std::unordered_map<std::string, std::string> last;
    for (auto& [rev, sum] : recorded) last[rev] = sum;
    for (const auto& [rev, sum] : last) {
      if (sum.empty() || !has(rev)) continue;
      if (checksum_of(rev) != sum)
        warn(fmt::format("{} was edited after it was applied (revision {})", migration(rev).path,
                         rev));
    }
  }
  detail::RunOptions ro;
  ro.single_transaction = config.transaction == "all";
  ro.applied_by = current_user();
  ro.hostname = host_name();
  ro.strata_version = STRATA_VERSION;
  ro.events = events;
  if (d->traits().has_lock_timeout && config.lock_timeout_ms > 0) {
    ro.lock_retries = config.lock_retries;
    ro.lock_retry_delay_ms = config.lock_retry_delay_ms;
    ro.lock_timeout_ms = config.lock_timeout_ms;
  }
  detail::Runner runner(*d, *session->conn, *session->store, ro);
  auto done = runner.run(p.steps);
  if (!done) {
    Error e = std::move(done).error();
    if (up && p.rows.empty() && e.message.find("already exists") != std::string::npos)
      e = with_hint(std::move(e),
                    "this database already has these tables: baseline it with `strata stamp REV` "
                    "(the revision its schema matches), then upgrade");
    return fail(std::move(e));
  }
  report.applied = std::move(*done);
  STRATA_TRY(report.heads_after, session->store->heads());
  report.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  return report;
}

// ------------------------------------------------------------------ public: graph

Migrator::Migrator(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Migrator::~Migrator() = default;
Migrator::Migrator(Migrator&&) noexcept = default;
Migrator& Migrator::operator=(Migrator&&) noexcept = default;

const Config& Migrator::config() const { return impl_->config; }
void Migrator::on_event(EventCallback callback) { impl_->events = std::move(callback); }
void Migrator::add_code_migration(CodeMigration migration) {
  if (impl_->loaded)
    throw Exception(Error{ErrorCode::kUsage,
                          "add_code_migration must be called before any other "
                          "Migrator method"});
  impl_->code.push_back(std::move(migration));
}

namespace {
std::vector<RevisionInfo> infos(const Migrator::Impl& impl, const std::vector<std::string>& ids) {
  std::vector<RevisionInfo> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(impl.info(id));
  return out;
}
}  // namespace

namespace {
// Whether an expression is read relative to the database (`current`, `+N`,
// `-N`, `LABEL@+N`), so the version table must be read first. Anything else is resolved
// from the files alone, with no connection.
bool needs_current(const std::string& expr) {
  if (expr.empty()) return false;
  auto e = detail::parse_revision_expr(expr);
  return e && (e->symbol == "current" || e->symbol.empty());  // empty symbol: current
}
}  // namespace

std::vector<RevisionInfo> Migrator::revisions() { return history(""); }

std::vector<RevisionInfo> Migrator::heads() {
  unwrap(impl_->load(detail::ParseDepth::kHeaders));
  return infos(*impl_, impl_->graph->heads());
}

std::vector<RevisionInfo> Migrator::bases() {
  unwrap(impl_->load(detail::ParseDepth::kHeaders));
  return infos(*impl_, impl_->graph->bases());
}

std::vector<RevisionInfo> Migrator::branch_points() {
  unwrap(impl_->load(detail::ParseDepth::kHeaders));
  return infos(*impl_, impl_->graph->branch_points());
}

std::vector<std::string> Migrator::resolve_revisions(const std::string& expr) {
  unwrap(impl_->load(detail::ParseDepth::kHeaders));
  std::vector<std::string> rows;
  if (needs_current(expr)) rows = current();
  return unwrap(impl_->graph->resolve(expr, rows));
}

RevisionInfo Migrator::show(const std::string& expr) {
  auto ids = resolve_revisions(expr);
  if (ids.size() != 1) {
    Error e;
    e.message = fmt::format("'{}' names {} revisions ({}); show needs exactly one", expr,
                            ids.size(), detail::join(ids, ", "));
    throw Exception(e);
  }
  return impl_->info(ids[0]);
}

std::vector<RevisionInfo> Migrator::history(const std::string& range,
                                            std::vector<std::string>* graph) {
  std::vector<RevisionInfo> out;
  for_each_history(
      range, [&](const RevisionInfo& r) { out.push_back(r); }, graph);
  return out;
}

void Migrator::for_each_history(const std::string& range,
                                const std::function<void(const RevisionInfo&)>& visit,
                                std::vector<std::string>* graph) {
  unwrap(impl_->load(detail::ParseDepth::kHeaders));
  std::vector<std::string> rows;
  if (auto r = detail::parse_revision_range(range.empty() ? ":" : range);
      r && (needs_current(r->lower) || needs_current(r->upper)))
    rows = current();
  const auto& g = *impl_->graph;
  auto nodes = unwrap(g.history_nodes(range, rows));
  if (graph) *graph = g.draw_graph(g.names(nodes));
  // One info and one description, refilled in place: assignments reuse
  // their storage, so a 10,000-revision listing allocates almost nothing.
  RevisionInfo r;
  detail::RevisionGraph::Description d;
  // A branch's revisions come one after another and share their labels
  // (a dozen strings each in a branchy graph): copied once per run of them.
  for (int v : nodes) {
    int labels_before = d.label_set;
    g.describe_at(v, d);
    impl_->fill_info(d, r, d.label_set != labels_before);
    visit(r);
  }
}

// ------------------------------------------------------------------ public: database

std::vector<std::string> Migrator::current() {
  auto conn = unwrap(impl_->connect_existing());
  if (!conn) return {};
  auto store = unwrap(impl_->store_for(conn.get()));
  if (!unwrap(store->exists())) return {};
  return unwrap(store->heads());
}

std::vector<PlanStep> Migrator::plan_upgrade(const std::string& target, const UpgradeOptions& o) {
  return unwrap(impl_->plan(target, true, o));
}
std::vector<PlanStep> Migrator::plan_downgrade(const std::string& target) {
  return unwrap(impl_->plan(target, false, {}));
}
RunReport Migrator::upgrade(const std::string& target, const UpgradeOptions& o) {
  return unwrap(impl_->run(target, true, o));
}
RunReport Migrator::downgrade(const std::string& target) {
  return unwrap(impl_->run(target, false, {}));
}

void Migrator::stamp(const std::vector<std::string>& revisions, bool purge) {
  unwrap(impl_->load());
  auto session = unwrap(impl_->lock());
  auto& store = *session->store;
  unwrap(store.ensure());
  auto rows = unwrap(store.heads());
  if (!purge) unwrap(impl_->check_known(rows));
  // stamp_rows reads the expressions itself (`base`, `LABEL@base` clear rows);
  // --purge starts from an empty table, so unknown rows do not matter.
  auto next =
      unwrap(impl_->graph->stamp_rows(purge ? std::vector<std::string>{} : rows, revisions, purge));
  std::vector<std::string> del, ins;
  for (const auto& r : rows)
    if (std::find(next.begin(), next.end(), r) == next.end()) del.push_back(r);
  for (const auto& r : next)
    if (std::find(rows.begin(), rows.end(), r) == rows.end()) ins.push_back(r);
  std::string sql;
  for (const auto& r : del) sql += store.update_sql({r}, {}, {}, false);
  for (const auto& r : ins) {
    detail::HistoryRow h = manual_history(r, "stamp");
    h.checksum = impl_->has(r) ? impl_->checksum_of(r) : "";
    h.message = impl_->has(r) ? impl_->migration(r).message : "";
    sql += store.update_sql({}, {r}, h, false);
  }
  if (ins.empty() && !del.empty()) {
    detail::HistoryRow h = manual_history("base", "stamp");
    sql += store.update_sql({}, {}, h, false);
  }
  if (sql.empty()) return;
  unwrap(run_in_transaction(*session->conn, sql));
}

std::vector<HistoryEntry> Migrator::applied_history() {
  auto conn = unwrap(impl_->connect_existing());
  if (!conn) return {};
  auto store = unwrap(impl_->store_for(conn.get()));
  std::vector<HistoryEntry> out;
  for (auto& h : unwrap(store->history())) {
    HistoryEntry e;
    e.revision = h.revision;
    e.direction = h.direction;
    e.checksum = h.checksum;
    e.started_at = h.started_at;
    e.duration_ms = h.duration_ms;
    e.applied_by = h.applied_by;
    e.hostname = h.hostname;
    e.strata_version = h.strata_version;
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<RevisionStatus> Migrator::status() {
  unwrap(impl_->load());
  auto conn = unwrap(impl_->connect_existing());
  auto store = unwrap(impl_->store_for(conn.get()));
  std::vector<std::string> rows;
  std::vector<detail::JournalRow> journal;
  std::vector<detail::HistoryRow> hist;
  if (conn && unwrap(store->exists())) {
    rows = unwrap(store->heads());
    journal = unwrap(store->journal());
    hist = unwrap(store->history());
  }
  std::vector<std::string> known_rows, missing;
  for (const auto& r : rows) (impl_->has(r) ? known_rows : missing).push_back(r);
  auto applied_list = unwrap(impl_->graph->applied_set(known_rows));
  std::unordered_set<std::string> applied(applied_list.begin(), applied_list.end());
  std::unordered_map<std::string, const detail::HistoryRow*> last_up;
  for (const auto& h : hist) {
    if (h.direction == "up" || h.direction == "resolve" || h.direction == "stamp")
      last_up[h.revision] = &h;
  }
  std::unordered_map<std::string, const detail::JournalRow*> unfinished;
  for (const auto& j : journal) unfinished[j.revision] = &j;
  auto order = unwrap(impl_->graph->history("", known_rows));
  std::reverse(order.begin(), order.end());  // oldest first
  std::vector<RevisionStatus> out;
  out.reserve(order.size() + missing.size());
  for (const auto& id : order) {
    const auto& m = impl_->migration(id);
    RevisionStatus s;
    s.id = id;
    s.message = m.message;
    s.path = m.path;
    if (auto j = unfinished.find(id); j != unfinished.end()) {
      s.state = RevisionState::kUnfinished;
      s.statement_done = j->second->statement_index;
      s.statement_count = j->second->statement_count;
      s.unfinished_direction = j->second->direction;
      s.error = j->second->error;
    } else if (applied.count(id)) {
      s.state = RevisionState::kApplied;
      if (auto h = last_up.find(id); h != last_up.end()) {
        s.applied_at = h->second->started_at;
        s.recorded_checksum = h->second->checksum;
        s.file_checksum = impl_->checksum_of(id);
        if (!s.recorded_checksum.empty() && s.recorded_checksum != s.file_checksum)
          s.state = RevisionState::kEdited;
      }
    }
    out.push_back(std::move(s));
  }
  for (const auto& r : missing) {
    RevisionStatus s;
    s.id = r;
    s.state = RevisionState::kMissing;
    out.push_back(std::move(s));
  }
  return out;
}

VerifyReport Migrator::verify() {
  VerifyReport report;
  for (const auto& s : status()) {
    switch (s.state) {
      case RevisionState::kEdited:
        report.problems.push_back(fmt::format(
            "{}: revision {} was edited after it was applied (checksum {} recorded, file has {})",
            s.path, s.id, s.recorded_checksum.substr(0, 12), s.file_checksum.substr(0, 12)));
        break;
      case RevisionState::kMissing:
        report.problems.push_back(fmt::format(
            "revision {} is applied to the database but no migration file has it", s.id));
        break;
      case RevisionState::kUnfinished:
        report.problems.push_back(fmt::format(
            "{}: revision {} is unfinished: {} section stopped after statement {} of {}", s.path,
            s.id, s.unfinished_direction, s.statement_done, s.statement_count));
        break;
      default:
        break;
    }
  }
  return report;
}

std::string Migrator::resolve_unfinished(const std::string& revision, bool applied) {
  unwrap(impl_->load());
  auto session = unwrap(impl_->lock());
  auto& store = *session->store;
  unwrap(store.ensure());
  auto rows = unwrap(store.heads());
  auto ids = unwrap(impl_->graph->resolve(revision, rows));
  if (ids.size() != 1) {
    throw Exception(Error{ErrorCode::kFailure,
                          fmt::format("'{}' names {} revisions ({}); resolve needs exactly one",
                                      revision, ids.size(), detail::join(ids, ", "))});
  }
  const std::string id = ids[0];
  const detail::JournalRow* found = nullptr;
  auto journal = unwrap(store.journal());
  for (const auto& j : journal)
    if (j.revision == id) found = &j;
  if (!found) {
    Error e;
    e.revision = id;
    e.message = fmt::format("revision {} is not unfinished: nothing to resolve", id);
    e.hint = "`strata status` lists unfinished revisions";
    throw Exception(e);
  }
  bool up = found->direction == "up";
  detail::HistoryRow h = manual_history(id, "resolve");
  // Settled by hand: the file as it is now is what counts as applied.
  h.checksum = impl_->has(id) ? impl_->checksum_of(id) : "";
  std::string sql;
  if (applied) {
    h.message = fmt::format("resolved as applied ({})", found->direction);
    // The version-table change the interrupted step would have committed.
    std::vector<detail::Step> plan;
    if (up) {
      plan = unwrap(impl_->graph->plan_upgrade(rows, id));
    } else {
      const auto& parents = impl_->graph->node(id)->parents;
      plan = unwrap(impl_->graph->plan_downgrade(rows, parents.empty() ? "base" : parents[0]));
    }
    const detail::Step* step = nullptr;
    for (const auto& s : plan)
      if (s.revision == id) step = &s;
    if (!step || (up && plan.size() != 1)) {
      Error e;
      e.revision = id;
      e.message =
          fmt::format("cannot resolve {} as applied: the database is not at its parent", id);
      throw Exception(e);
    }
    sql = store.update_sql(step->delete_rows, step->insert_rows, h, true);
  } else {
    h.message = fmt::format("resolved as rolled back ({})", found->direction);
    sql = store.update_sql({}, {}, h, true);
  }
  unwrap(run_in_transaction(*session->conn, sql));
  return id;
}

// ------------------------------------------------------------------ public: offline

std::string Migrator::upgrade_sql(const std::string& range) {
  unwrap(impl_->load());
  const detail::Dialect* d = unwrap(impl_->dialect());
  std::string r = range.empty() ? "head" : range;
  if (r.find(':') == std::string::npos) r = ":" + r;  // from base
  auto parsed = unwrap(detail::parse_revision_range(r));
  auto plan = unwrap(impl_->graph->plan_range(r, true));
  auto steps = unwrap(impl_->make_steps(plan, *d));
  detail::VersionStore store(*d, nullptr, impl_->config.version_table);
  detail::OfflineOptions o;
  o.create_tables = parsed.lower.empty() || parsed.lower == "base";
  o.root = impl_->config.root;
  o.single_transaction = impl_->config.transaction == "all";
  o.title = fmt::format("strata upgrade {}:{} ({}), {} revision{}",
                        parsed.lower.empty() ? "base" : parsed.lower,
                        parsed.upper.empty() ? "heads" : parsed.upper, d->traits().name,
                        steps.size(), steps.size() == 1 ? "" : "s");
  return detail::render_offline(*d, store, steps, o);
}

std::string Migrator::downgrade_sql(const std::string& range) {
  unwrap(impl_->load());
  const detail::Dialect* d = unwrap(impl_->dialect());
  if (range.find(':') == std::string::npos) {
    throw Exception(Error{ErrorCode::kUsage,
                          fmt::format("offline downgrade needs a range FROM:TO, e.g. head:base or "
                                      "3f2a9c1b7d4e:1a2b3c4d5e6f (no database tells where to "
                                      "start); got '{}'",
                                      range)});
  }
  auto parsed = unwrap(detail::parse_revision_range(range));
  auto plan = unwrap(impl_->graph->plan_range(range, false));
  auto steps = unwrap(impl_->make_steps(plan, *d));
  detail::VersionStore store(*d, nullptr, impl_->config.version_table);
  detail::OfflineOptions o;
  o.single_transaction = impl_->config.transaction == "all";
  o.root = impl_->config.root;
  o.title = fmt::format("strata downgrade {}:{} ({}), {} revision{}", parsed.lower, parsed.upper,
                        d->traits().name, steps.size(), steps.size() == 1 ? "" : "s");
  return detail::render_offline(*d, store, steps, o);
}

std::string Migrator::revision_sql(const std::string& revision, bool down) {
  unwrap(impl_->load());
  const detail::Dialect* d = unwrap(impl_->dialect());
  auto ids = unwrap(impl_->graph->resolve(revision, {}));
  if (ids.size() != 1)
    throw Exception(Error{ErrorCode::kFailure, fmt::format("'{}' names {} revisions; sql needs one",
                                                           revision, ids.size())});
  detail::Step step;
  step.revision = ids[0];
  step.upgrade = !down;
  auto steps = unwrap(impl_->make_steps({step}, *d));
  detail::VersionStore store(*d, nullptr, impl_->config.version_table);
  detail::OfflineOptions o;
  o.bookkeeping = false;
  const auto& m = impl_->migration(ids[0]);
  o.title = fmt::format("{} {}: {}", down ? "downgrade" : "upgrade", m.id, m.message);
  return detail::render_offline(*d, store, steps, o);
}

const char* version() { return STRATA_VERSION; }

}  // namespace strata
