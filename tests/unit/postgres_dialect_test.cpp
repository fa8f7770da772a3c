// The PostgreSQL dialect's pure parts: traits, quoting, bookkeeping DDL text,
// and the advisory-lock key.
#include "dialect/postgres/postgres_dialect.hpp"

#include <gtest/gtest.h>

#include "dialect/postgres/postgres_connection.hpp"

namespace strata::detail {
namespace {

TEST(PostgresDialect, Traits) {
  const Traits& t = postgres_dialect().traits();
  EXPECT_EQ(t.name, "postgresql");
  EXPECT_TRUE(t.transactional_ddl);
  // A transaction:false statement in flight at a crash is not recognised
  // as done: --resume runs it again and reports what the server says.
  EXPECT_FALSE(t.recognises_done_ddl);
  EXPECT_TRUE(t.has_lock_timeout);
  EXPECT_EQ(t.param_style, "$");
}

TEST(PostgresDialect, QuoteIdentAlwaysQuotes) {
  const Dialect& d = postgres_dialect();
  EXPECT_EQ(d.quote_ident("users"), "\"users\"");
  EXPECT_EQ(d.quote_ident("User"), "\"User\"");
  EXPECT_EQ(d.quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(d.quote_ident(""), "\"\"");
}

TEST(PostgresDialect, QuoteLiteral) {
  const Dialect& d = postgres_dialect();
  EXPECT_EQ(d.quote_literal("plain"), "'plain'");
  EXPECT_EQ(d.quote_literal("it's"), "'it''s'");
  EXPECT_EQ(d.quote_literal(""), "''");
  // A backslash reads the same whatever standard_conforming_strings says.
  EXPECT_EQ(d.quote_literal("a\\'b"), "E'a\\\\''b'");
}

TEST(PostgresDialect, NowSql) { EXPECT_EQ(postgres_dialect().now_sql(), "now()"); }

TEST(PostgresDialect, BookkeepingDdl) {
  auto ddl = postgres_dialect().bookkeeping_ddl("strata_version");
  ASSERT_EQ(ddl.size(), 3u);
  EXPECT_EQ(ddl[0],
            "CREATE TABLE IF NOT EXISTS \"strata_version\" (\n"
            "    version_num VARCHAR(255) NOT NULL PRIMARY KEY\n)");
  EXPECT_EQ(ddl[1],
            "CREATE TABLE IF NOT EXISTS \"strata_version_history\" (\n"
            "    id BIGSERIAL PRIMARY KEY,\n"
            "    revision VARCHAR(255) NOT NULL,\n"
            "    direction VARCHAR(10) NOT NULL,\n"
            "    checksum VARCHAR(64),\n"
            "    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
            "    duration_ms BIGINT,\n"
            "    applied_by TEXT,\n"
            "    hostname TEXT,\n"
            "    strata_version TEXT,\n"
            "    message TEXT\n)");
  EXPECT_EQ(ddl[2],
            "CREATE TABLE IF NOT EXISTS \"strata_version_journal\" (\n"
            "    revision VARCHAR(255) NOT NULL,\n"
            "    direction VARCHAR(10) NOT NULL,\n"
            "    statement_index INTEGER NOT NULL,\n"
            "    statement_count INTEGER NOT NULL,\n"
            "    state VARCHAR(12) NOT NULL,\n"
            "    checksum VARCHAR(64),\n"
            "    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
            "    error TEXT,\n"
            "    PRIMARY KEY (revision, direction)\n)");
}

TEST(PostgresDialect, SchemaQualifiedVersionTable) {
  auto ddl = postgres_dialect().bookkeeping_ddl("Ops.versions");
  ASSERT_EQ(ddl.size(), 3u);
  EXPECT_EQ(ddl[0].substr(0, ddl[0].find(" (")), "CREATE TABLE IF NOT EXISTS \"Ops\".\"versions\"");
  EXPECT_EQ(ddl[1].substr(0, ddl[1].find(" (")),
            "CREATE TABLE IF NOT EXISTS \"Ops\".\"versions_history\"");
  EXPECT_EQ(ddl[2].substr(0, ddl[2].find(" (")),
            "CREATE TABLE IF NOT EXISTS \"Ops\".\"versions_journal\"");
}

TEST(PostgresDialect, AdvisoryLockKeyIsFnv1a64) {
  EXPECT_EQ(static_cast<uint64_t>(advisory_lock_key("")), 0xcbf29ce484222325ULL);
  EXPECT_EQ(static_cast<uint64_t>(advisory_lock_key("a")), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(static_cast<uint64_t>(advisory_lock_key("foobar")), 0x85944171f73967e8ULL);
  EXPECT_NE(advisory_lock_key("strata_version"), advisory_lock_key("other.strata_version"));
}

}  // namespace
}  // namespace strata::detail
