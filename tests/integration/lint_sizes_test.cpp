// Dialect::table_sizes() on real databases: a SQLite file and the PostgreSQL
// server of STRATA_TEST_PG_URL (skipped when unset). Tables of known row
// counts, ANALYZEd or not, give exact rows and the engine's own byte counts,
// in a fixed number of queries; the sizes then drive lint's severities.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "common/url.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "integration/counting_connection.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail {
namespace {

using Sizes = std::map<std::string, lint::TableSize>;

int64_t scalar(Connection& conn, const std::string& sql) {
  auto r = conn.query(sql, {});
  EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
  if (!r || r->rows.empty() || !r->rows[0][0]) return -1;
  return std::stoll(*r->rows[0][0]);
}

void run(Connection& conn, const std::string& sql) {
  auto r = conn.exec(sql);
  ASSERT_TRUE(r.has_value()) << r.error().message << "\nin: " << sql;
}

// A lint context whose sizes come from `sizes`, inside a transaction.
lint::StatementContext context_of(const Sizes& sizes) {
  lint::StatementContext ctx;
  ctx.table_size = [&sizes](std::string_view t) -> std::optional<lint::TableSize> {
    auto it = sizes.find(std::string(t));
    if (it == sizes.end()) return std::nullopt;
    return it->second;
  };
  return ctx;
}

std::string hits_of(const Dialect& d, const std::string& sql, const lint::StatementContext& ctx) {
  auto r = d.lint(StatementText{sql, 0}, ctx);
  EXPECT_TRUE(r.has_value());
  std::string out;
  for (const auto& h : r ? r->hits : std::vector<lint::Hit>{}) {
    if (!out.empty()) out += " | ";
    out += h.rule + ":" + std::string(lint::severity_name(h.severity)) + ": " + h.message;
  }
  return out;
}

// ---------------------------------------------------------------- SQLite

class SqliteSizes : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/strata-lint-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Url url;
    url.scheme = "sqlite";
    url.database = dir_ + "/sizes.db";
    auto c = sqlite_dialect().connect(url);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    conn_ = std::move(*c);
  }
  void TearDown() override {
    conn_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Sizes sizes(int* queries = nullptr) {
    CountingConnection counting(*conn_);
    auto r = sqlite_dialect().table_sizes(counting);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    if (queries) *queries = counting.queries;
    return r ? *r : Sizes{};
  }

  std::string dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(SqliteSizes, RowsAndBytesOfEachTable) {
  run(*conn_, "CREATE TABLE \"Items\" (id INTEGER PRIMARY KEY, name TEXT, note TEXT)");
  run(*conn_, "CREATE INDEX items_name ON \"Items\" (name)");
  run(*conn_,
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
      "INSERT INTO \"Items\" SELECT i, 'name ' || i, printf('%.200c', 'x') FROM n");
  run(*conn_, "CREATE TABLE empty_one (a TEXT UNIQUE)");
  run(*conn_, "CREATE TABLE few (a)");
  run(*conn_, "INSERT INTO few VALUES (1), (2), (3)");

  int queries = 0;
  Sizes s = sizes(&queries);
  ASSERT_EQ(s.size(), 3u);
  ASSERT_TRUE(s.count("items"));  // folded, as lint looks tables up
  EXPECT_EQ(s["items"].rows, 3000);
  EXPECT_EQ(s["few"].rows, 3);
  EXPECT_EQ(s["empty_one"].rows, 0);
  // Bytes: the table's pages plus its index's, as dbstat counts them.
  int64_t page = scalar(*conn_, "PRAGMA page_size");
  int64_t table_bytes = scalar(*conn_, "SELECT sum(pgsize) FROM dbstat WHERE name = 'Items'");
  int64_t index_bytes = scalar(*conn_, "SELECT sum(pgsize) FROM dbstat WHERE name = 'items_name'");
  EXPECT_GT(table_bytes, 3000 * 200);
  EXPECT_GT(index_bytes, 0);
  EXPECT_EQ(s["items"].bytes, table_bytes + index_bytes);
  EXPECT_EQ(s["few"].bytes, page);
  EXPECT_EQ(s["empty_one"].bytes, 2 * page);  // the table and its UNIQUE index, one page each
  // sqlite_master check, table list, one count(*) per table, dbstat.
  EXPECT_EQ(queries, 2 + 3 + 1);

  // After ANALYZE the row counts come from sqlite_stat1, with no count(*).
  run(*conn_, "ANALYZE");
  Sizes analyzed = sizes(&queries);
  EXPECT_EQ(analyzed["items"].rows, 3000);
  EXPECT_EQ(analyzed["few"].rows, 3);
  EXPECT_EQ(analyzed["empty_one"].rows, 0);  // no stat row: counted
  EXPECT_EQ(queries, 2 + 1 + 1 + 1);         // + the sqlite_stat1 read, one count(*)
}

TEST_F(SqliteSizes, DriveLintSeverities) {
  run(*conn_, "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT)");
  run(*conn_,
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
      "INSERT INTO big SELECT i, 'v' FROM n");
  run(*conn_, "CREATE TABLE small (id INTEGER PRIMARY KEY, v TEXT)");
  run(*conn_, "INSERT INTO small VALUES (1, 'a')");
  Sizes s = sizes();
  lint::StatementContext ctx = context_of(s);
  std::set<std::string> created{"_strata_new_big", "_strata_new_small"};
  ctx.created_tables = &created;
  const std::string big_desc = lint::describe_table("big", ctx);
  EXPECT_EQ(big_desc.rfind("big (20k rows, ", 0), 0u) << big_desc;
  EXPECT_EQ(hits_of(sqlite_dialect(), "INSERT INTO _strata_new_big SELECT * FROM big", ctx),
            "table-rebuild:warning: copying " + big_desc +
                " into _strata_new_big reads and writes every row while the migration holds the "
                "database's write lock: other writers wait until it commits");
  EXPECT_EQ(hits_of(sqlite_dialect(), "INSERT INTO _strata_new_small SELECT * FROM small", ctx)
                .rfind("table-rebuild:info: copying small (1 rows, ", 0),
            0u);
}

// ---------------------------------------------------------------- PostgreSQL

using strata::test_support::random_suffix;

class PostgresSizes : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_PG_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    auto admin = postgres_dialect().connect(*admin_url);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    db_name_ = "strata_lint_" + random_suffix();
    ASSERT_TRUE(admin_->exec("CREATE DATABASE " + db_name_).has_value());
    Url url = *admin_url;
    url.database = db_name_;
    auto c = postgres_dialect().connect(url);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    conn_ = std::move(*c);
  }

  void TearDown() override {
    conn_.reset();
    if (admin_ && !db_name_.empty()) {
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  Sizes sizes(int* queries = nullptr) {
    CountingConnection counting(*conn_);
    auto r = postgres_dialect().table_sizes(counting);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    if (queries) *queries = counting.queries;
    return r ? *r : Sizes{};
  }

  std::string db_name_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PostgresSizes, RowsBytesAndColumnTypes) {
  run(*conn_, "CREATE SCHEMA app");
  run(*conn_, "SET search_path = app, public");
  run(*conn_,
      "CREATE TABLE app.items (id int PRIMARY KEY, name varchar(10), price numeric(10,2), "
      "seen timestamp(3), tags text[], \"Mixed Case\" int)");
  run(*conn_,
      "INSERT INTO app.items SELECT i, 'n' || i, i / 100.0, now(), '{a}', i "
      "FROM generate_series(1, 5000) i");
  run(*conn_, "CREATE TABLE public.items (id int)");
  run(*conn_, "INSERT INTO public.items SELECT generate_series(1, 10)");
  run(*conn_, "CREATE TABLE public.\"Other\" (id int)");
  run(*conn_, "CREATE TABLE app.events (id int, at date) PARTITION BY RANGE (at)");
  run(*conn_,
      "CREATE TABLE app.events_2023 PARTITION OF app.events "
      "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')");
  run(*conn_,
      "CREATE TABLE app.events_2024 PARTITION OF app.events "
      "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  run(*conn_,
      "INSERT INTO app.events SELECT i, DATE '2023-06-01' + (i % 400) "
      "FROM generate_series(1, 1200) i");
  run(*conn_, "CREATE SCHEMA hidden");
  run(*conn_, "CREATE TABLE hidden.secret (id int)");
  run(*conn_, "ANALYZE");

  int queries = 0;
  Sizes s = sizes(&queries);
  EXPECT_EQ(queries, 2);
  // Keys: bare (first schema of the search_path wins) and qualified.
  ASSERT_TRUE(s.count("items"));
  ASSERT_TRUE(s.count("app.items"));
  ASSERT_TRUE(s.count("public.items"));
  ASSERT_TRUE(s.count("Other"));
  ASSERT_TRUE(s.count("public.Other"));
  EXPECT_FALSE(s.count("secret"));
  EXPECT_FALSE(s.count("hidden.secret"));
  EXPECT_EQ(s["items"].rows, 5000);
  EXPECT_EQ(s["app.items"].rows, 5000);
  EXPECT_EQ(s["public.items"].rows, 10);
  EXPECT_EQ(s["Other"].rows, 0);
  EXPECT_EQ(s["items"].bytes, scalar(*conn_, "SELECT pg_total_relation_size('app.items')"));
  EXPECT_EQ(s["public.items"].bytes,
            scalar(*conn_, "SELECT pg_total_relation_size('public.items')"));
  EXPECT_GT(s["items"].bytes, 5000 * 20);
  // A partitioned table counts its partitions.
  EXPECT_EQ(s["events"].rows, 1200);
  EXPECT_EQ(s["events_2023"].rows + s["events_2024"].rows, 1200);
  EXPECT_EQ(s["events"].bytes, scalar(*conn_,
                                      "SELECT pg_total_relation_size('app.events_2023') + "
                                      "pg_total_relation_size('app.events_2024')"));
  // Column types as format_type() prints them.
  const auto& cols = s["items"].column_types;
  EXPECT_EQ(cols.size(), 6u);
  EXPECT_EQ(cols.at("id"), "integer");
  EXPECT_EQ(cols.at("name"), "character varying(10)");
  EXPECT_EQ(cols.at("price"), "numeric(10,2)");
  EXPECT_EQ(cols.at("seen"), "timestamp(3) without time zone");
  EXPECT_EQ(cols.at("tags"), "text[]");
  EXPECT_EQ(cols.at("Mixed Case"), "integer");
  EXPECT_EQ(s["public.items"].column_types.at("id"), "integer");
}

TEST_F(PostgresSizes, RowsBeforeTheFirstAnalyze) {
  run(*conn_, "CREATE TABLE fresh (id int)");
  run(*conn_, "INSERT INTO fresh SELECT generate_series(1, 700)");
  // pg_class.reltuples is -1 until ANALYZE; the statistics' live-row count
  // is published when the backend next flushes them.
  run(*conn_, "SELECT pg_stat_force_next_flush()");
  run(*conn_, "SELECT 1");
  Sizes s = sizes();
  EXPECT_EQ(scalar(*conn_, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'fresh'"), -1);
  EXPECT_EQ(s["fresh"].rows, 700);
}

TEST_F(PostgresSizes, DriveLintSeverities) {
  run(*conn_, "CREATE TABLE big (id int PRIMARY KEY, name varchar(10), n int)");
  run(*conn_, "INSERT INTO big SELECT i, 'x', i FROM generate_series(1, 20000) i");
  run(*conn_, "CREATE TABLE small (id int, name varchar(10))");
  run(*conn_, "INSERT INTO small VALUES (1, 'a')");
  run(*conn_, "ANALYZE");
  Sizes s = sizes();
  lint::StatementContext ctx = context_of(s);
  const Dialect& pg = postgres_dialect();
  const std::string big = lint::describe_table("big", ctx);
  EXPECT_EQ(big.rfind("big (20k rows, ", 0), 0u) << big;
  // Widening a varchar is done in the catalog; narrowing or int -> bigint rewrites.
  EXPECT_EQ(hits_of(pg, "ALTER TABLE big ALTER COLUMN name TYPE varchar(20)", ctx), "");
  EXPECT_EQ(hits_of(pg, "ALTER TABLE big ALTER COLUMN name TYPE text", ctx), "");
  EXPECT_EQ(hits_of(pg, "ALTER TABLE big ALTER COLUMN n TYPE bigint", ctx),
            "alter-column-type-rewrite:error: ALTER COLUMN n TYPE int8 on " + big +
                " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock: integer to "
                "int8 is not binary-coercible; reads and writes wait until it ends");
  EXPECT_EQ(hits_of(pg, "CREATE INDEX ON big (n)", ctx),
            "add-index-non-concurrently:error: CREATE INDEX on " + big +
                " blocks writes to the table under SHARE lock until the build ends");
  EXPECT_EQ(hits_of(pg, "CREATE INDEX ON small (name)", ctx)
                .rfind("add-index-non-concurrently:info: CREATE INDEX on small (1 rows, ", 0),
            0u);
  EXPECT_EQ(hits_of(pg, "ALTER TABLE small ALTER COLUMN name TYPE varchar(5)", ctx)
                .rfind("alter-column-type-rewrite:info: ", 0),
            0u);
}

}  // namespace
}  // namespace strata::detail
