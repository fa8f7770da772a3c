// The round-trip conformance suite (issue 3, "Tests"): for every case (A, B)
// and each dialect, on real databases (SQLite in memory, PostgreSQL through
// STRATA_TEST_PG_URL, MariaDB through STRATA_TEST_MYSQL_URL, see
// scripts/with-postgres.sh; a server's flavour is skipped when its URL is unset):
//  1. A is built on one scratch database and filled with the case's rows;
//  2. B is built on another;
//  3. compare_schemas(A, B)'s up section runs on A's database: the result
//     inspects equal to B, and every row of every surviving table is kept;
//  4. comparing the migrated database with B again finds no change;
//  5. the down section gives A back.
#include "conformance.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "autogen/compare.hpp"
#include "autogen/scratch.hpp"
#include "common/strings.hpp"
#include "dialect/mysql/mysql_dialect.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "model_text.hpp"

namespace strata::conformance {

namespace {

using detail::Comparison;
using detail::Connection;
using detail::Dialect;
using detail::RenameHints;
using detail::Scratch;
using detail::Url;
using detail::schema::ObjectName;
using detail::schema::Schema;
using detail::schema::Statement;
using detail::schema::Table;
using Row = std::vector<std::optional<std::string>>;

// Random pairs per dialect; STRATA_CONFORMANCE_SEEDS=N runs seeds 1..N instead.
constexpr int kRandomPairs = 40;

struct Param {
  Flavor flavor;
  Case c;
};

void PrintTo(const Param& p, std::ostream* os) { *os << p.c.name; }

std::string describe_changes(const detail::schema::ChangeList& changes) {
  std::string out;
  for (const auto& ch : changes) {
    out += "  " + detail::schema::describe(ch) + (ch.implied ? " [implied]" : "") + "\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

std::string section(const detail::Comparison& cmp, const std::vector<Statement>& statements) {
  return detail::format_section(*cmp.dialect, statements).sql;
}

// The rows of `columns` of a table, sorted so that order does not count.
std::optional<std::vector<Row>> select_rows(Connection& conn, const Dialect& dialect,
                                            const ObjectName& table,
                                            const std::vector<std::string>& columns,
                                            std::string* error) {
  std::string list;
  for (const auto& c : columns) list += (list.empty() ? "" : ", ") + dialect.quote_ident(c);
  if (list.empty()) list = "1";
  std::string from = dialect.quote_ident(table.name);
  if (!table.schema.empty()) from = dialect.quote_ident(table.schema) + "." + from;
  auto r = conn.query("SELECT " + list + " FROM " + from);
  if (!r) {
    *error = r.error().to_string();
    return std::nullopt;
  }
  std::vector<Row> rows = std::move(r->rows);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Runs statements: in one transaction when all allow it, else one by one.
// Returns the failure, or an empty string.
std::string execute(Connection& conn, const std::vector<Statement>& statements) {
  const bool in_transaction = std::all_of(statements.begin(), statements.end(),
                                          [](const auto& s) { return s.transactional; });
  if (in_transaction) {
    if (auto r = conn.begin(); !r) return "BEGIN: " + r.error().to_string();
  }
  int number = 0;
  for (const auto& st : statements) {
    ++number;
    if (st.sql.empty()) continue;
    if (auto r = conn.exec(st.sql); !r) {
      if (in_transaction) (void)conn.rollback();
      return "statement " + std::to_string(number) + " failed: " + st.sql + "\n  " +
             r.error().to_string();
    }
  }
  if (in_transaction) {
    if (auto r = conn.commit(); !r) return "COMMIT: " + r.error().to_string();
  }
  return {};
}

const detail::ColumnRename* column_rename(const RenameHints& hints, const ObjectName& table,
                                          const std::string& from) {
  for (const auto& r : hints.columns) {
    if (r.table == table && r.from == from) return &r;
  }
  return nullptr;
}

ObjectName renamed_table(const RenameHints& hints, const ObjectName& name) {
  for (const auto& r : hints.tables) {
    if (r.from == name) return r.to;
  }
  return name;
}

// A table of A that survives into B: B's name for it, and the columns whose
// values must be kept (A's name, B's name): those whose type and generation
// did not change.
struct Survivor {
  const Table* a = nullptr;
  const Table* b = nullptr;
  std::vector<std::string> a_columns;
  std::vector<std::string> b_columns;
};

std::vector<Survivor> survivors(const Schema& a, const Schema& b, const RenameHints& hints) {
  std::vector<Survivor> out;
  for (const auto& ta : a.tables) {
    const Table* tb = b.find_table(renamed_table(hints, ta.name));
    if (tb == nullptr) continue;
    Survivor s{&ta, tb, {}, {}};
    for (const auto& ca : ta.columns) {
      const auto* r = column_rename(hints, tb->name, ca.name);
      const auto* cb = tb->find_column(r ? r->to : ca.name);
      if (cb == nullptr || cb->type != ca.type || cb->generated != ca.generated) continue;
      s.a_columns.push_back(ca.name);
      s.b_columns.push_back(cb->name);
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The schema with each table's columns in name order.
Schema by_column_name(Schema s) {
  for (auto& t : s.tables) {
    std::sort(t.columns.begin(), t.columns.end(),
              [](const auto& x, const auto& y) { return x.name < y.name; });
  }
  return s;
}

struct Target {
  const Dialect* dialect = nullptr;
  Url dev_url;
};

// Drops every schema but the system ones and makes an empty public schema
// as CREATE DATABASE ... TEMPLATE template0 leaves it.
constexpr const char* kEmptyPostgres = R"(DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  CREATE SCHEMA public AUTHORIZATION pg_database_owner;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
END $$)";

// The MySQL equivalent: the scratch database is dropped and made again under
// its name with its charset and collation (which also takes routines and
// events along), and the session goes back into it.
std::string empty_mysql(Connection& conn, const Dialect& dialect) {
  auto r = conn.query("SELECT DATABASE(), @@character_set_database, @@collation_database");
  if (!r) return r.error().to_string();
  if (r->rows.size() != 1 || !r->rows[0][0] || !r->rows[0][1] || !r->rows[0][2]) {
    return "the session has no current database";
  }
  const std::string db = dialect.quote_ident(*r->rows[0][0]);
  for (const std::string& sql :
       {"DROP DATABASE " + db,
        "CREATE DATABASE " + db + " CHARACTER SET " + *r->rows[0][1] + " COLLATE " + *r->rows[0][2],
        "USE " + db}) {
    if (auto e = conn.exec(sql); !e) return sql + ": " + e.error().to_string();
  }
  return {};
}

class Conformance : public ::testing::TestWithParam<Param> {
 public:
  static void TearDownTestSuite() {
    for (auto& s : pool_) s.reset();
  }

 protected:
  void SetUp() override {
    const Param& p = GetParam();
    if (p.flavor == Flavor::sqlite) {
      target_.dialect = &detail::sqlite_dialect();
      target_.dev_url.scheme = "sqlite";
      return;
    }
    const bool pg = p.flavor == Flavor::postgres;
    const char* variable = pg ? "STRATA_TEST_PG_URL" : "STRATA_TEST_MYSQL_URL";
    const char* env = std::getenv(variable);
    if (env == nullptr || *env == '\0') GTEST_SKIP() << variable << " is not set";
    auto url = detail::parse_url(env);
    ASSERT_TRUE(url.has_value()) << url.error().message;
    target_.dialect = pg ? &detail::postgres_dialect() : &detail::mysql_dialect();
    target_.dev_url = *url;
  }

  // A scratch database holding `sql`. SQLite gets a new one each time; a
  // server's two are made once per suite and emptied between cases, since
  // creating and dropping databases costs most of a case's time there.
  Scratch* build(int slot, const std::string& sql, const std::string& label) {
    std::unique_ptr<Scratch>& s = pool_[slot];
    const Flavor flavor = GetParam().flavor;
    const bool reuse = flavor != Flavor::sqlite && s != nullptr && pool_flavor_[slot] == flavor;
    if (!reuse) {
      s.reset();
      pool_flavor_[slot] = flavor;
      auto made = Scratch::create(*target_.dialect, target_.dev_url);
      if (!made) {
        ADD_FAILURE() << "scratch for " << label << ": " << made.error().to_string();
        return nullptr;
      }
      s = std::move(*made);
    } else {
      std::string error;
      if (flavor == Flavor::postgres) {
        if (auto r = s->conn().exec(kEmptyPostgres); !r) error = r.error().to_string();
      } else {
        error = empty_mysql(s->conn(), *target_.dialect);
      }
      if (!error.empty()) {
        ADD_FAILURE() << "emptying the scratch for " << label << ": " << error;
        s.reset();
        return nullptr;
      }
    }
    if (auto r = s->apply(sql, label); !r) {
      ADD_FAILURE() << "building " << label << ": " << r.error().to_string();
      return nullptr;
    }
    return s.get();
  }

  std::optional<Schema> inspect(Scratch& s, const std::string& label) {
    auto r = s.inspect({});
    if (!r) {
      ADD_FAILURE() << "inspecting " << label << ": " << r.error().to_string();
      return std::nullopt;
    }
    return std::move(*r);
  }

  // `actual` must equal `expected`; the failure shows what the differ sees
  // and the model facts that differ.
  void expect_same(const Schema& expected, const Schema& actual, const std::string& what,
                   bool column_order = true) {
    if (expected == actual) return;
    if (!column_order && by_column_name(expected) == by_column_name(actual)) return;
    auto d = detail::diff_schemas(actual, expected);
    ADD_FAILURE() << what << "\n differ (result -> expected):\n"
                  << describe_changes(d.changes) << " model facts (- expected, + result):\n"
                  << model_difference(expected, actual);
  }

  // Row counts, and the values of unchanged columns, of A's surviving tables:
  // `before` as read from A against what `conn` holds now, under B's names or,
  // after the down, A's again.
  void expect_rows(Connection& conn, const std::map<ObjectName, std::vector<Row>>& before,
                   const std::vector<Survivor>& kept, bool back_in_a, const std::string& when) {
    for (const auto& s : kept) {
      const ObjectName& now_name = back_in_a ? s.a->name : s.b->name;
      const auto& now_columns = back_in_a ? s.a_columns : s.b_columns;
      std::string error;
      auto count = select_rows(conn, *target_.dialect, now_name, {}, &error);
      if (!count) {
        ADD_FAILURE() << when << ": reading " << display(now_name) << ": " << error;
        continue;
      }
      const std::vector<Row>& old = before.at(s.a->name);
      EXPECT_EQ(count->size(), old.size())
          << when << ": rows of " << display(s.a->name) << " -> " << display(now_name);
      if (now_columns.empty()) continue;
      auto values = select_rows(conn, *target_.dialect, now_name, now_columns, &error);
      if (!values) {
        ADD_FAILURE() << when << ": reading " << display(now_name) << ": " << error;
        continue;
      }
      // `before` holds every column of A; project it onto the kept ones.
      std::vector<Row> expected;
      for (const auto& row : old) {
        Row projected;
        for (const auto& name : s.a_columns) {
          size_t i = 0;
          while (s.a->columns[i].name != name) ++i;
          projected.push_back(row[i]);
        }
        expected.push_back(std::move(projected));
      }
      std::sort(expected.begin(), expected.end());
      EXPECT_TRUE(*values == expected) << when << ": values of (" << detail::join(s.a_columns, ", ")
                                       << ") in " << display(s.a->name) << " changed";
    }
  }

  void run() {
    const Case& c = GetParam().c;
    SCOPED_TRACE("A:\n" + c.a + "\nrows:\n" + c.rows + "\nB:\n" + c.b);

    // 1. A, with rows.
    Scratch* a = build(0, c.a + "\n" + c.rows, "A");
    ASSERT_TRUE(a);
    auto schema_a = inspect(*a, "A");
    ASSERT_TRUE(schema_a);
    // 2. B.
    Scratch* b = build(1, c.b, "B");
    ASSERT_TRUE(b);
    auto schema_b = inspect(*b, "B");
    ASSERT_TRUE(schema_b);

    const int version = detail::server_version_number(a->conn().server_version());
    auto cmp = detail::compare_schemas(*target_.dialect, *schema_a, *schema_b, c.hints, version);
    ASSERT_TRUE(cmp.has_value())
        << "compare_schemas(A, B): " << cmp.error().to_string() << "\nchanges:\n"
        << describe_changes(detail::diff_schemas(*schema_a, *schema_b, c.hints).changes);
    SCOPED_TRACE("changes:\n" + describe_changes(cmp->diff.changes) + "up:\n" +
                 section(*cmp, cmp->up) + "down:\n" + section(*cmp, cmp->down));
    if (const char* v = std::getenv("STRATA_CONFORMANCE_VERBOSE"); v != nullptr && *v != '\0') {
      std::printf("A:\n%s\nB:\n%s\nchanges:\n%sup:\n%sdown:\n%s", c.a.c_str(), c.b.c_str(),
                  describe_changes(cmp->diff.changes).c_str(), section(*cmp, cmp->up).c_str(),
                  section(*cmp, cmp->down).c_str());
    }
    for (const auto& kind : c.expect_kinds) {
      EXPECT_TRUE(
          std::any_of(cmp->diff.changes.begin(), cmp->diff.changes.end(),
                      [&](const auto& ch) { return detail::schema::kind_name(ch) == kind; }))
          << "the diff has no " << kind;
    }
    for (const auto& ch : cmp->diff.changes) {
      EXPECT_NE(detail::schema::kind_name(ch), "unsupported") << detail::schema::describe(ch);
    }
    for (const auto* side : {&cmp->up, &cmp->down}) {
      for (const auto& st : *side) {
        for (const auto& word : c.untouched) {
          EXPECT_EQ(st.sql.find(word), std::string::npos) << word << " touched by: " << st.sql;
        }
      }
    }

    std::map<ObjectName, std::vector<Row>> before;
    for (const auto& t : schema_a->tables) {
      std::vector<std::string> all;
      for (const auto& col : t.columns) all.push_back(col.name);
      std::string error;
      auto rows = select_rows(a->conn(), *target_.dialect, t.name, all, &error);
      ASSERT_TRUE(rows) << error;
      before[t.name] = std::move(*rows);
    }
    const std::vector<Survivor> kept = survivors(*schema_a, *schema_b, c.hints);

    // 3. Up: B, with the rows.
    const std::string up_error = execute(a->conn(), cmp->up);
    ASSERT_EQ(up_error, "") << "up failed";
    auto migrated = inspect(*a, "A migrated up");
    ASSERT_TRUE(migrated);
    expect_same(*schema_b, *migrated, "A after the up section is not B");
    expect_rows(a->conn(), before, kept, false, "after up");

    // 4. check: nothing left to do.
    auto again = detail::compare_schemas(*target_.dialect, *migrated, *schema_b, {}, version);
    ASSERT_TRUE(again.has_value()) << again.error().to_string();
    EXPECT_TRUE(again->diff.changes.empty()) << "check after up is not clean:\n"
                                             << describe_changes(again->diff.changes);

    // 5. Down: A again (tables the up dropped come back empty).
    const std::string down_error = execute(a->conn(), cmp->down);
    ASSERT_EQ(down_error, "") << "down failed";
    auto restored = inspect(*a, "A migrated down");
    ASSERT_TRUE(restored);
    expect_same(*schema_a, *restored, "A after up and down is not A", c.down_keeps_column_order);
    expect_rows(a->conn(), before, kept, true, "after down");
  }

  Target target_;
  static std::unique_ptr<Scratch> pool_[2];
  static Flavor pool_flavor_[2];
};

std::unique_ptr<Scratch> Conformance::pool_[2];
Flavor Conformance::pool_flavor_[2] = {Flavor::sqlite, Flavor::sqlite};

// A case with a known defect still runs, with its failures intercepted: it
// is skipped while it fails, and fails once it passes, so that a fix cannot
// leave a stale reason behind.
TEST_P(Conformance, RoundTrip) {
  const Case& c = GetParam().c;
  // STRATA_CONFORMANCE_KNOWN=show runs known cases as ordinary ones, to see
  // their failures.
  const char* show = std::getenv("STRATA_CONFORMANCE_KNOWN");
  if (c.known.empty() || (show != nullptr && std::string_view(show) == "show")) {
    run();
    return;
  }
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    run();
  }
  if (failures.size() == 0) {
    FAIL() << "known failure passes now; clear its reason: " << c.known;
  }
  GTEST_SKIP() << "known: " << c.known;
}

std::vector<Param> params(Flavor flavor, std::vector<Case> cases) {
  std::vector<Param> out;
  out.reserve(cases.size());
  for (auto& c : cases) out.push_back({flavor, std::move(c)});
  return out;
}

std::vector<Param> random_params(Flavor flavor) {
  std::vector<Param> out;
  int pairs = kRandomPairs;
  if (const char* n = std::getenv("STRATA_CONFORMANCE_SEEDS"); n != nullptr && *n != '\0') {
    pairs = std::atoi(n);
  }
  for (int seed = 1; seed <= pairs; ++seed) {
    out.push_back({flavor, random_case(flavor, static_cast<uint64_t>(seed))});
  }
  return out;
}

std::string param_name(const ::testing::TestParamInfo<Param>& info) { return info.param.c.name; }

INSTANTIATE_TEST_SUITE_P(Sqlite, Conformance,
                         ::testing::ValuesIn(params(Flavor::sqlite, sqlite_cases())), param_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Conformance,
                         ::testing::ValuesIn(params(Flavor::postgres, postgres_cases())),
                         param_name);
INSTANTIATE_TEST_SUITE_P(Mysql, Conformance,
                         ::testing::ValuesIn(params(Flavor::mysql, mysql_cases())), param_name);
INSTANTIATE_TEST_SUITE_P(SqliteRandom, Conformance,
                         ::testing::ValuesIn(random_params(Flavor::sqlite)), param_name);
INSTANTIATE_TEST_SUITE_P(PostgresRandom, Conformance,
                         ::testing::ValuesIn(random_params(Flavor::postgres)), param_name);
INSTANTIATE_TEST_SUITE_P(MysqlRandom, Conformance,
                         ::testing::ValuesIn(random_params(Flavor::mysql)), param_name);

}  // namespace

}  // namespace strata::conformance
