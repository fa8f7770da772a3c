// The schema-state commands of the façade: check, drift, diff, autogenerate
// and test_migrations. Each builds its states on scratch databases through
// src/autogen and compares them with the differ; nothing here writes to the
// configured database.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <set>

#include "api/migrator_impl.hpp"
#include "autogen/compare.hpp"
#include "autogen/replay.hpp"
#include "autogen/schema_files.hpp"
#include "autogen/scratch.hpp"
#include "common/strings.hpp"
#include "script/expand.hpp"
#include "script/parser.hpp"
#include "strata/schema_diff.hpp"

namespace strata {

using detail::Result;
using detail::Status;

std::string RenameSuggestion::option() const {
  return column ? fmt::format("{}.{}={}", table, from, to) : fmt::format("{}={}", from, to);
}

namespace {

// What every schema-state operation of one command shares.
struct StateBuilder {
  Migrator::Impl& impl;
  const detail::Dialect* dialect = nullptr;
  detail::Url dev_url;
  detail::schema::InspectOptions inspect;
  std::atomic<int> server_version{0};  // set by whichever state connects (threads)

  Status init() {
    STRATA_TRY(dialect, impl.dialect());
    if (!impl.config.dev_url.empty()) {
      STRATA_TRY(dev_url, detail::parse_url(impl.config.dev_url));
      if (dev_url.scheme != impl.url()->scheme) {
        return detail::usage_error("dev_url is a {} URL but url is {}", dev_url.scheme,
                                   impl.url()->scheme);
      }
    } else {
      STRATA_TRY(dev_url, impl.url());
    }
    std::string vt = impl.config.version_table;
    if (auto dot = vt.rfind('.'); dot != std::string::npos) vt = vt.substr(dot + 1);
    inspect.exclude_tables = {vt, vt + "_history", vt + "_journal"};
    return {};
  }

  Result<std::unique_ptr<detail::Scratch>> scratch() {
    auto s = detail::Scratch::create(*dialect, dev_url);
    if (!s) {
      Error e = s.error();
      for (const auto& secret : dev_url.secrets()) e.message = detail::redact(e.message, secret);
      return detail::fail(std::move(e));
    }
    server_version.store(detail::server_version_number((*s)->conn().server_version()));
    return s;
  }

  detail::ReplaySource source() {
    detail::ReplaySource src;
    src.migration = [this](const std::string& id) -> const detail::Migration& {
      return impl.migration(id);
    };
    src.x = impl.config.x;
    return src;
  }

  // schema/ applied to a scratch database.
  Result<detail::schema::Schema> from_schema_files(detail::RenameHints* hints) {
    STRATA_TRY(auto src, detail::load_schema_source(impl.config.schema, dialect->traits()));
    if (hints) *hints = src.renames;
    STRATA_TRY(auto s, scratch());
    for (const auto& f : src.files) {
      auto r = s->apply(f.text, f.path, 1, detail::is_dump_noise);
      if (!r) {
        Error e = r.error();
        e.message = "in the schema files: " + e.message;
        return detail::fail(std::move(e));
      }
    }
    return s->inspect(inspect);
  }

  // The migrations from base up to `rows` (version-table rows; each is
  // applied with its ancestors), or to every head when `rows` is empty and
  // `all_heads` is set.
  Result<detail::schema::Schema> from_migrations(const std::vector<std::string>& targets) {
    STRATA_CHECK(impl.load());
    std::vector<detail::Step> steps;
    std::vector<std::string> rows;
    for (const auto& target : targets) {
      STRATA_TRY(auto part, impl.graph->plan_upgrade(rows, target));
      for (auto& step : part) {
        for (const auto& d : step.delete_rows)
          rows.erase(std::remove(rows.begin(), rows.end(), d), rows.end());
        for (const auto& i : step.insert_rows) rows.push_back(i);
        steps.push_back(std::move(step));
      }
    }
    STRATA_TRY(auto s, scratch());
    auto r = detail::replay(*s, source(), steps);
    if (!r) {
      Error e = r.error();
      e.message = "replaying the migrations on a scratch database: " + e.message;
      return detail::fail(std::move(e));
    }
    return s->inspect(inspect);
  }

  Result<detail::schema::Schema> from_live() {
    STRATA_TRY(auto conn, impl.connect_existing());
    if (!conn) return detail::schema::Schema{};
    server_version.store(detail::server_version_number(conn->server_version()));
    return dialect->inspect(*conn, inspect);
  }

  Result<std::vector<std::string>> live_rows() {
    STRATA_TRY(auto conn, impl.connect_existing());
    if (!conn) return std::vector<std::string>{};
    STRATA_TRY(auto store, impl.store_for(conn.get()));
    STRATA_TRY(bool exists, store->exists());
    if (!exists) return std::vector<std::string>{};
    return store->heads();
  }

  // A source named on the command line: a URL, "schema", "migrations" or
  // "migrations@REV".
  Result<detail::schema::Schema> from_spec(const std::string& spec, detail::RenameHints* hints) {
    if (spec == "schema") return from_schema_files(hints);
    if (spec == "migrations") return from_migrations({"heads"});
    if (spec.rfind("migrations@", 0) == 0) return from_migrations({spec.substr(11)});
    if (spec.find("://") == std::string::npos) {
      return detail::usage_error(
          "'{}' is not a schema source: use a database URL, schema, migrations or "
          "migrations@REV",
          spec);
    }
    STRATA_TRY(detail::Url u, detail::parse_url(spec));
    STRATA_TRY(const detail::Dialect* d, detail::dialect_for_scheme(u.scheme));
    if (d != dialect) {
      return detail::usage_error("{} is a {} URL; this project uses {}", u.redacted(), u.scheme,
                                 dialect->traits().name);
    }
    if (!d->database_exists(u)) return detail::schema::Schema{};
    auto conn = d->connect(u);
    if (!conn) {
      Error e = conn.error();
      for (const auto& secret : u.secrets()) e.message = detail::redact(e.message, secret);
      return detail::fail(std::move(e));
    }
    return d->inspect(**conn, inspect);
  }
};

using SchemaResult = Result<detail::schema::Schema>;

// Builds two schema states at the same time: each is mostly the database's
// own work (DDL on a scratch database), so on two cores the pair takes the
// time of the slower one. Both run to completion; the first error wins.
std::pair<detail::schema::Schema, detail::schema::Schema> build_both(
    const std::function<SchemaResult()>& first, const std::function<SchemaResult()>& second) {
  auto pending = std::async(std::launch::async, second);
  SchemaResult a = first();
  SchemaResult b = pending.get();
  if (!a) throw Exception(a.error());
  if (!b) throw Exception(b.error());
  return {std::move(*a), std::move(*b)};
}

// --rename OLD=NEW: a table ("old=new", schema-qualified where needed) or a
// column ("table.old=new"). A dotted OLD names a column when its first part
// is a table of the `from` schema.
Status add_rename(const std::string& spec, const detail::Traits& traits,
                  const detail::schema::Schema& from, detail::RenameHints& hints) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    return detail::usage_error(
        "--rename {}: expected OLD=NEW (a table) or TABLE.OLD=NEW (a column)", spec);
  }
  std::string old_text = spec.substr(0, eq);
  std::string new_text = spec.substr(eq + 1);
  auto dot = old_text.rfind('.');
  if (dot != std::string::npos) {
    STRATA_TRY(auto table, detail::parse_object_name(old_text.substr(0, dot), traits));
    if (from.find_table(table) != nullptr) {
      std::string column = old_text.substr(dot + 1);
      std::string to = new_text;
      if (auto d2 = to.rfind('.'); d2 != std::string::npos) to = to.substr(d2 + 1);
      // The hint names the table as it is in the target: if it is renamed
      // too, that rename's new name.
      detail::schema::ObjectName target = table;
      for (const auto& t : hints.tables) {
        if (t.from == table) target = t.to;
      }
      hints.columns.push_back({target, column, to});
      return {};
    }
  }
  STRATA_TRY(auto from_name, detail::parse_object_name(old_text, traits));
  STRATA_TRY(auto to_name, detail::parse_object_name(new_text, traits));
  if (from.find_table(from_name) == nullptr) {
    return detail::usage_error("--rename {}: there is no table {} to rename", spec,
                               detail::schema::display(from_name));
  }
  hints.tables.push_back({from_name, to_name});
  return {};
}

SchemaDiff to_public(const detail::Comparison& c) {
  SchemaDiff d;
  for (const auto& ch : c.diff.changes) {
    if (ch.implied) continue;
    d.changes.push_back({detail::schema::kind_name(ch), detail::schema::describe(ch),
                         detail::schema::is_destructive(ch)});
  }
  auto up = detail::format_section(*c.dialect, c.up);
  auto down = detail::format_section(*c.dialect, c.down);
  d.up_sql = std::move(up.sql);
  d.up_transactional = up.transactional;
  d.down_sql = std::move(down.sql);
  d.down_transactional = down.transactional;
  for (const auto& cand : c.diff.candidates) {
    RenameSuggestion s;
    s.column = cand.is_column;
    s.table = cand.is_column ? detail::schema::display(cand.table) : "";
    s.from = cand.is_column ? cand.from.name : detail::schema::display(cand.from);
    s.to = cand.is_column ? cand.to.name : detail::schema::display(cand.to);
    d.suggestions.push_back(std::move(s));
  }
  return d;
}

std::vector<std::string> differences(const detail::schema::Schema& expected,
                                     const detail::schema::Schema& actual) {
  std::vector<std::string> out;
  for (const auto& ch : detail::diff_schemas(actual, expected).changes) {
    if (!ch.implied) out.push_back(detail::schema::describe(ch));
  }
  return out;
}

// Autogenerated SQL is meant literally, but a name or a definition may hold
// text the migration file format reads as its own: a line starting with
// `-- migrate:` or `-- strata:`, or a {{x.KEY}} placeholder. Reading the
// sections back as a file tells; such SQL is refused rather than written as a
// file that would run something else. (A CR LF read back as LF is accepted:
// schema files checked out with CR LF put them in function bodies.)
Status check_reads_back(const std::string& up, const std::string& down) {
  const std::string text =
      "-- revision: autogenerate\n\n-- migrate:up\n" + up + "\n-- migrate:down\n" + down;
  auto lf = [](std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    for (size_t i = 0; i < sql.size(); ++i) {
      if (!(sql[i] == '\r' && i + 1 < sql.size() && sql[i + 1] == '\n')) out += sql[i];
    }
    return out;
  };
  auto literal = [&](const detail::Section& s, const std::string& sql) {
    const std::string want = lf(sql);
    if (!s.batch_lines.empty() || detail::trim(s.body) != detail::trim(want)) return false;
    auto expanded = detail::expand_section(s, {}, "");
    return expanded.has_value() && detail::trim(*expanded) == detail::trim(want);
  };
  auto m = detail::parse_migration(text, "");
  if (m && literal(m->up, up) && literal(m->down, down)) return {};
  Error e;
  e.message =
      "autogenerate cannot write these changes as a migration file: their SQL holds text that "
      "strata reads in migration files";
  e.hint =
      "a name or definition holds a line starting with `-- migrate:` or `-- strata:`, or a "
      "{{x.KEY}} placeholder; rename it, or write this migration by hand";
  return detail::fail(std::move(e));
}

}  // namespace

CheckReport Migrator::check() {
  StateBuilder b{*impl_};
  unwrap(b.init());
  unwrap(impl_->load());
  CheckReport report;
  report.heads = impl_->graph->heads();
  std::sort(report.heads.begin(), report.heads.end());
  detail::RenameHints hints;
  auto [desired, built] = build_both([&] { return b.from_schema_files(&hints); },
                                     [&] { return b.from_migrations({"heads"}); });
  auto cmp = unwrap(detail::compare_schemas(*b.dialect, built, desired, hints, b.server_version));
  report.diff = to_public(cmp);
  return report;
}

SchemaDiff Migrator::drift() {
  StateBuilder b{*impl_};
  unwrap(b.init());
  unwrap(impl_->load());
  auto rows = unwrap(b.live_rows());
  unwrap(impl_->check_known(rows));
  auto [live, built] =
      build_both([&] { return b.from_live(); }, [&] { return b.from_migrations(rows); });
  auto cmp = unwrap(detail::compare_schemas(*b.dialect, live, built, {}, b.server_version));
  return to_public(cmp);
}

SchemaDiff Migrator::diff(const std::string& from, const std::string& to,
                          const std::vector<std::string>& renames) {
  StateBuilder b{*impl_};
  unwrap(b.init());
  detail::RenameHints hints;
  if (from.rfind("migrations", 0) == 0 || to.rfind("migrations", 0) == 0) unwrap(impl_->load());
  auto [a, z] = build_both([&] { return b.from_spec(from, nullptr); },
                           [&] { return b.from_spec(to, &hints); });
  for (const auto& r : renames) unwrap(add_rename(r, b.dialect->traits(), a, hints));
  auto cmp = unwrap(detail::compare_schemas(*b.dialect, a, z, hints, b.server_version));
  return to_public(cmp);
}

AutogenerateResult Migrator::autogenerate(const AutogenerateOptions& options) {
  StateBuilder b{*impl_};
  unwrap(b.init());
  unwrap(impl_->load());
  // The new revision's parents: --head, else the single head.
  std::vector<std::string> parents;
  if (!options.revision.head.empty()) {
    for (const auto& h : options.revision.head) {
      if (h == "base") continue;
      auto ids = unwrap(impl_->graph->resolve(h, {}));
      parents.insert(parents.end(), ids.begin(), ids.end());
    }
  } else {
    parents = impl_->graph->heads();
    if (parents.size() > 1) {
      Error e;
      e.code = ErrorCode::kFailure;
      e.message = fmt::format("several heads ({}): autogenerate needs one to build on",
                              fmt::join(parents, ", "));
      e.hint = "merge them first (`strata merge heads -m MSG`) or pick one with --head";
      throw Exception(e);
    }
  }
  detail::RenameHints hints;
  auto [desired, built] = build_both([&] { return b.from_schema_files(&hints); },
                                     [&] { return b.from_migrations(parents); });
  for (const auto& r : options.renames) unwrap(add_rename(r, b.dialect->traits(), built, hints));
  auto cmp = unwrap(detail::compare_schemas(*b.dialect, built, desired, hints, b.server_version,
                                            impl_->config.safe_by_default));
  if (options.confirm_rename && !cmp.diff.candidates.empty()) {
    bool any = false;
    for (const auto& s : to_public(cmp).suggestions) {
      if (!options.confirm_rename(s)) continue;
      unwrap(add_rename(s.option(), b.dialect->traits(), built, hints));
      any = true;
    }
    if (any) {
      cmp = unwrap(detail::compare_schemas(*b.dialect, built, desired, hints, b.server_version,
                                           impl_->config.safe_by_default));
    }
  }
  AutogenerateResult result;
  result.diff = to_public(cmp);
  if (result.diff.empty()) return result;
  unwrap(check_reads_back(result.diff.up_sql, result.diff.down_sql));
  NewRevision rev = options.revision;
  rev.up_sql = result.diff.up_sql;
  rev.down_sql = result.diff.down_sql;
  rev.up_transaction = result.diff.up_transactional;
  rev.down_transaction = result.diff.down_transactional;
  if (!rev.up_transaction) {
    rev.up_sql = "-- a statement here cannot run in a transaction: each statement is journaled\n" +
                 rev.up_sql;
  }
  result.path = create_revision(rev);
  return result;
}

MigrationTestReport Migrator::test_migrations() {
  StateBuilder b{*impl_};
  unwrap(b.init());
  unwrap(impl_->load());
  MigrationTestReport report;
  auto steps = unwrap(impl_->graph->plan_upgrade({}, "heads"));
  auto scratch = unwrap(b.scratch());
  auto src = b.source();
  auto fail_at = [&](const std::string& rev, std::string phase, std::string message,
                     std::vector<std::string> diffs = {}) {
    report.ok = false;
    report.failed_revision = rev;
    report.phase = std::move(phase);
    report.message = std::move(message);
    report.differences = std::move(diffs);
    return report;
  };
  auto before = unwrap(scratch->inspect(b.inspect));
  for (const auto& step : steps) {
    const std::string& rev = step.revision;
    ++report.revisions;
    if (auto r = detail::apply_revision(*scratch, src, rev, true); !r) {
      return fail_at(rev, "up", r.error().to_string());
    }
    auto after = unwrap(scratch->inspect(b.inspect));
    if (impl_->migration(rev).reversible()) {
      if (auto r = detail::apply_revision(*scratch, src, rev, false); !r) {
        return fail_at(rev, "down", r.error().to_string());
      }
      auto restored = unwrap(scratch->inspect(b.inspect));
      // Compared as check compares: column order does not count (a column
      // dropped and added back comes last).
      if (auto diffs = differences(before, restored); !diffs.empty()) {
        return fail_at(rev, "down restores",
                       "the down section does not restore the schema before the up section",
                       std::move(diffs));
      }
      if (auto r = detail::apply_revision(*scratch, src, rev, true); !r) {
        return fail_at(rev, "up again", r.error().to_string());
      }
      auto again = unwrap(scratch->inspect(b.inspect));
      if (auto diffs = differences(after, again); !diffs.empty()) {
        return fail_at(rev, "up again", "the up section builds a different schema the second time",
                       std::move(diffs));
      }
    }
    before = std::move(after);
  }
  // The end state is compared only when schema/ holds SQL (a project that
  // does not use autogenerate may leave it empty).
  if (detail::load_schema_source(impl_->config.schema, b.dialect->traits())) {
    auto desired = unwrap(b.from_schema_files(nullptr));
    if (auto diffs = differences(desired, before); !diffs.empty()) {
      return fail_at(steps.empty() ? std::string("base") : steps.back().revision, "end state",
                     "the migrations do not build what schema/ describes", std::move(diffs));
    }
  }
  return report;
}

}  // namespace strata
