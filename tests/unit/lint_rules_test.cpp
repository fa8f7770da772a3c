// The lint rule catalogue and the PostgreSQL and SQLite statement analyzers,
// through Dialect::lint(): exact rule ids, severities and messages for the
// risky cases, and no hit for their safe counterparts (CONCURRENTLY outside a
// transaction, binary-coercible type changes, tables created in the same
// migration, NOT VALID constraints). Severity drops to info on tables known
// to be small.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/sqlite/sqlite_dialect.hpp"
#include "lint/lint_types.hpp"
#include "unit/lint_test_support.hpp"

namespace strata::detail::lint {
namespace {

StatementAnalysis analyze(const Dialect& dialect, const std::string& sql, const Ctx& ctx) {
  auto r = dialect.lint(StatementText{sql, 0}, ctx.context());
  EXPECT_TRUE(r.has_value()) << sql;
  if (!r) return {};
  for (const Hit& h : r->hits) {
    const RuleInfo* info = find_rule(h.rule);
    EXPECT_NE(info, nullptr) << "rule not in the catalogue: " << h.rule;
    if (info) {
      EXPECT_EQ(h.fix, info->fix) << h.rule;
      EXPECT_NE(info->dialects.find(dialect.traits().name), std::string_view::npos)
          << h.rule << " fired on " << dialect.traits().name;
    }
  }
  return *r;
}

StatementAnalysis pg(const std::string& sql, const Ctx& ctx = {}) {
  return analyze(postgres_dialect(), sql, ctx);
}
StatementAnalysis lite(const std::string& sql, const Ctx& ctx = {}) {
  return analyze(sqlite_dialect(), sql, ctx);
}

constexpr int64_t kMillion = 1'000'000;
constexpr int64_t k72MB = 72LL * 1024 * 1024;

Ctx big_users() { return Ctx().size("users", kMillion, k72MB); }
Ctx tiny_users() { return Ctx().size("users", 12, 16384); }

// ---------------------------------------------------------------- catalogue

TEST(LintCatalogue, EveryRuleIsDocumented) {
  std::set<std::string_view> seen;
  for (const RuleInfo& r : rule_catalogue()) {
    EXPECT_TRUE(seen.insert(r.id).second) << "duplicate id " << r.id;
    for (char c : r.id) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << r.id;
    EXPECT_TRUE(r.dialects == "postgresql" || r.dialects == "sqlite" ||
                r.dialects == "postgresql, sqlite" || r.dialects == "mysql" ||
                r.dialects == "postgresql, mysql" || r.dialects == "postgresql, sqlite, mysql")
        << r.id;
    EXPECT_GT(r.summary.size(), 5u) << r.id;
    EXPECT_GT(r.why.size(), 40u) << r.id;
    EXPECT_GT(r.fix.size(), 20u) << r.id;
    EXPECT_EQ(find_rule(r.id), &r);
  }
  EXPECT_EQ(rule_catalogue().size(), 32u);
  EXPECT_EQ(find_rule("no-such-rule"), nullptr);
  ASSERT_NE(find_rule("add-index-non-concurrently"), nullptr);
  EXPECT_EQ(find_rule("add-index-non-concurrently")->default_severity, Severity::kError);
  EXPECT_EQ(find_rule("drop-column")->default_severity, Severity::kWarning);
  EXPECT_EQ(find_rule("truncate-table")->default_severity, Severity::kInfo);
  // The why names the lock level.
  EXPECT_NE(find_rule("add-index-non-concurrently")->why.find("SHARE lock"), std::string::npos);
  EXPECT_NE(find_rule("set-not-null-scan")->why.find("ACCESS EXCLUSIVE"), std::string::npos);
  EXPECT_NE(find_rule("add-foreign-key-without-not-valid")->why.find("SHARE ROW EXCLUSIVE"),
            std::string::npos);
}

// ---------------------------------------------------------------- PostgreSQL: indexes

TEST(PostgresLint, CreateIndexOnExistingTable) {
  auto a = pg("CREATE INDEX users_email ON users (email)", big_users());
  EXPECT_EQ(ids(a), "add-index-non-concurrently:error");
  EXPECT_EQ(a.hits[0].table, "users");
  EXPECT_EQ(message(a),
            "CREATE INDEX on users (1.0M rows, 72 MB) blocks writes to the table under SHARE lock "
            "until the build ends");
  EXPECT_EQ(message(pg("CREATE UNIQUE INDEX u ON users (email)")),
            "CREATE UNIQUE INDEX on users (size unknown: assumed large) blocks writes to the "
            "table under SHARE lock until the build ends");
  auto q = pg("CREATE INDEX ON app.\"Users\" (email)");
  EXPECT_EQ(ids(q), "add-index-non-concurrently:error");
  EXPECT_EQ(q.hits[0].table, "app.Users");
}

TEST(PostgresLint, CreateIndexRiskFollowsTheTable) {
  EXPECT_EQ(ids(pg("CREATE INDEX i ON users (email)", tiny_users())),
            "add-index-non-concurrently:info");
  EXPECT_EQ(message(pg("CREATE INDEX i ON users (email)", tiny_users())),
            "CREATE INDEX on users (12 rows, 16 kB) blocks writes to the table under SHARE lock "
            "until the build ends");
  EXPECT_EQ(ids(pg("CREATE INDEX i ON users (email)", Ctx().create("users"))), "");
  // Known database, table not in it yet (created by an earlier migration of
  // the run): still treated as large.
  EXPECT_EQ(ids(pg("CREATE INDEX i ON orders (x)", Ctx().db())),
            "add-index-non-concurrently:error");
  EXPECT_EQ(message(pg("CREATE INDEX i ON orders (x)", Ctx().db())),
            "CREATE INDEX on orders (not in the database yet) blocks writes to the table under "
            "SHARE lock until the build ends");
}

TEST(PostgresLint, ConcurrentlyNeedsNoTransaction) {
  EXPECT_EQ(ids(pg("CREATE INDEX CONCURRENTLY i ON users (email)", big_users().outside())), "");
  auto in = pg("CREATE INDEX CONCURRENTLY i ON users (email)", big_users());
  EXPECT_EQ(ids(in), "concurrently-in-transaction:error");
  EXPECT_EQ(message(in),
            "CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and this section "
            "runs in one: the migration fails");
  // Even on a new table: it fails at run time all the same.
  EXPECT_EQ(ids(pg("CREATE INDEX CONCURRENTLY i ON t (a)", Ctx().create("t"))),
            "concurrently-in-transaction:error");
  EXPECT_EQ(ids(pg("DROP INDEX CONCURRENTLY IF EXISTS i", Ctx().outside())), "");
  EXPECT_EQ(ids(pg("DROP INDEX CONCURRENTLY i")), "concurrently-in-transaction:error");
  EXPECT_EQ(ids(pg("REINDEX TABLE CONCURRENTLY users", Ctx().outside())), "");
  EXPECT_EQ(ids(pg("REINDEX TABLE CONCURRENTLY users")), "concurrently-in-transaction:error");
  EXPECT_EQ(ids(pg("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY")),
            "concurrently-in-transaction:error");
  EXPECT_EQ(ids(pg("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", Ctx().outside())), "");
  EXPECT_EQ(ids(pg("ALTER TABLE p DETACH PARTITION p1")), "");
}

TEST(PostgresLint, DropAndReindex) {
  auto d = pg("DROP INDEX a.i, j", Ctx().outside());
  EXPECT_EQ(ids(d), "drop-index-non-concurrently:warning, drop-index-non-concurrently:warning");
  EXPECT_EQ(message(d),
            "DROP INDEX a.i takes an ACCESS EXCLUSIVE lock on its table: while it waits for "
            "running queries, every read and write of the table queues behind it");
  EXPECT_EQ(ids(pg("REINDEX TABLE users", tiny_users())), "reindex-non-concurrently:info");
  EXPECT_EQ(ids(pg("REINDEX TABLE users", big_users())), "reindex-non-concurrently:error");
  EXPECT_EQ(ids(pg("REINDEX INDEX users_email")), "reindex-non-concurrently:error");
  EXPECT_EQ(ids(pg("REINDEX DATABASE d")), "non-transactional-in-transaction:error");
  EXPECT_EQ(ids(pg("REINDEX TABLE t", Ctx().create("t"))), "");
}

// ---------------------------------------------------------------- PostgreSQL: new columns

TEST(PostgresLint, NotNullColumnNeedsADefault) {
  auto a = pg("ALTER TABLE users ADD COLUMN age int NOT NULL", big_users());
  EXPECT_EQ(ids(a), "add-column-not-null-without-default:error");
  EXPECT_EQ(message(a),
            "ADD COLUMN age NOT NULL without a DEFAULT on users (1.0M rows, 72 MB) fails as soon "
            "as the table has a row: existing rows would hold NULL");
  // Small but not empty: it still fails.
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int NOT NULL", tiny_users())),
            "add-column-not-null-without-default:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int NOT NULL", Ctx().size("users", 0, 8192))),
            "add-column-not-null-without-default:warning");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT NULL")),
            "add-column-not-null-without-default:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int PRIMARY KEY")),
            "add-column-not-null-without-default:error, add-unique-builds-index:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN age int")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE t ADD COLUMN age int NOT NULL", Ctx().create("t"))), "");
  // Values come from a sequence or an expression: no NULL, but a rewrite.
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN n int NOT NULL GENERATED ALWAYS AS IDENTITY")),
            "add-column-volatile-default:error");
}

TEST(PostgresLint, VolatileDefaultRewrites) {
  auto a = pg("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()", big_users());
  EXPECT_EQ(ids(a), "add-column-volatile-default:error");
  EXPECT_EQ(message(a),
            "ADD COLUMN token on users (1.0M rows, 72 MB) rewrites the table and its indexes "
            "under an ACCESS EXCLUSIVE lock: the DEFAULT calls gen_random_uuid(), which is "
            "volatile, so every existing row gets its own value; reads and writes wait until it "
            "ends");
  for (const char* expr :
       {"random()", "uuid_generate_v4()", "public.uuid_generate_v4()", "clock_timestamp()",
        "nextval('s')", "'x' || random()::text", "(random() * 10)::int"}) {
    EXPECT_EQ(ids(pg(std::string("ALTER TABLE users ADD COLUMN c text DEFAULT ") + expr)),
              "add-column-volatile-default:error")
        << expr;
  }
  for (const char* expr : {"now()", "CURRENT_TIMESTAMP", "current_date", "0", "'active'",
                           "lower('X')", "'{}'::jsonb", "NULL"}) {
    EXPECT_EQ(ids(pg(std::string("ALTER TABLE users ADD COLUMN c text DEFAULT ") + expr)), "")
        << expr;
  }
  EXPECT_EQ(message(pg("ALTER TABLE users ADD COLUMN id2 bigserial")),
            "ADD COLUMN id2 on users (size unknown: assumed large) rewrites the table and its "
            "indexes under an ACCESS EXCLUSIVE lock: the serial column fills every existing row "
            "from a sequence; reads and writes wait until it ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED")),
            "add-column-volatile-default:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN c float DEFAULT random()", tiny_users())),
            "add-column-volatile-default:info");
  EXPECT_EQ(ids(pg("ALTER TABLE t ADD COLUMN c float DEFAULT random()", Ctx().create("t"))), "");
}

TEST(PostgresLint, AnyDefaultRewritesBeforePostgres11) {
  auto old =
      pg("ALTER TABLE users ADD COLUMN flag bool NOT NULL DEFAULT false", Ctx().server(100012));
  EXPECT_EQ(ids(old), "add-column-volatile-default:error");
  EXPECT_EQ(message(old),
            "ADD COLUMN flag on users (size unknown: assumed large) rewrites the table and its "
            "indexes under an ACCESS EXCLUSIVE lock: before PostgreSQL 11 (target: 100012) every "
            "DEFAULT is written into every existing row; reads and writes wait until it ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN flag bool DEFAULT NULL", Ctx().server(100012))),
            "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN flag bool DEFAULT false", Ctx().server(110000))),
            "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN flag bool DEFAULT false", Ctx().server(0))), "");
}

// ---------------------------------------------------------------- PostgreSQL: type changes

Ctx typed_users(int64_t rows = kMillion) {
  return Ctx().size("users", rows, k72MB,
                    {{"name", "character varying(10)"},
                     {"bio", "text"},
                     {"price", "numeric(10,2)"},
                     {"flags", "bit varying(5)"},
                     {"net", "cidr"},
                     {"seen", "timestamp without time zone"},
                     {"at3", "timestamp(3) with time zone"},
                     {"id", "integer"},
                     {"tags", "character varying(10)[]"}});
}

std::string retype(const std::string& column, const std::string& type, const Ctx& ctx) {
  return ids(pg("ALTER TABLE users ALTER COLUMN " + column + " TYPE " + type, ctx));
}

TEST(PostgresLint, BinaryCoercibleTypeChangesDoNotRewrite) {
  Ctx c = typed_users();
  EXPECT_EQ(retype("name", "varchar(20)", c), "");
  EXPECT_EQ(retype("name", "character varying(10)", c), "");
  EXPECT_EQ(retype("name", "varchar", c), "");
  EXPECT_EQ(retype("name", "text", c), "");
  EXPECT_EQ(retype("bio", "varchar", c), "");
  EXPECT_EQ(retype("bio", "text", c), "");
  EXPECT_EQ(retype("price", "numeric(12,2)", c), "");
  EXPECT_EQ(retype("price", "decimal", c), "");
  EXPECT_EQ(retype("flags", "varbit(8)", c), "");
  EXPECT_EQ(retype("flags", "bit varying", c), "");
  EXPECT_EQ(retype("net", "inet", c), "");
  EXPECT_EQ(retype("at3", "timestamptz(6)", c), "");
  EXPECT_EQ(retype("id", "int4", c), "");
}

TEST(PostgresLint, RewritingTypeChanges) {
  Ctx c = typed_users();
  EXPECT_EQ(retype("name", "varchar(5)", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("bio", "varchar(100)", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("price", "numeric(12,3)", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("price", "numeric(9,2)", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("flags", "varbit(3)", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("net", "text", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("seen", "timestamptz", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("id", "bigint", c), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("tags", "varchar(20)[]", c), "alter-column-type-rewrite:error");
  auto a = pg("ALTER TABLE users ALTER COLUMN id TYPE bigint", c);
  EXPECT_EQ(message(a),
            "ALTER COLUMN id TYPE int8 on users (1.0M rows, 72 MB) rewrites the table and its "
            "indexes under an ACCESS EXCLUSIVE lock: integer to int8 is not binary-coercible; "
            "reads and writes wait until it ends");
  // USING recomputes every row, even for a widening.
  auto u = pg("ALTER TABLE users ALTER COLUMN name TYPE varchar(20) USING name::varchar(20)", c);
  EXPECT_EQ(ids(u), "alter-column-type-rewrite:error");
  EXPECT_EQ(message(u),
            "ALTER COLUMN name TYPE varchar(20) on users (1.0M rows, 72 MB) rewrites the table "
            "and its indexes under an ACCESS EXCLUSIVE lock: USING recomputes every row; reads "
            "and writes wait until it ends");
  // Small table: info; new table: nothing.
  EXPECT_EQ(retype("id", "bigint", typed_users(100)), "alter-column-type-rewrite:info");
  EXPECT_EQ(ids(pg("ALTER TABLE t ALTER COLUMN id TYPE bigint", Ctx().create("t"))), "");
}

TEST(PostgresLint, TypeChangeWithUnknownCurrentType) {
  // No database: a target that some widening reaches is a warning, any other an error.
  EXPECT_EQ(retype("name", "varchar(20)", Ctx()), "alter-column-type-rewrite:warning");
  EXPECT_EQ(retype("name", "text", Ctx()), "alter-column-type-rewrite:warning");
  EXPECT_EQ(retype("id", "bigint", Ctx()), "alter-column-type-rewrite:error");
  EXPECT_EQ(retype("seen", "timestamptz", Ctx()), "alter-column-type-rewrite:error");
  EXPECT_EQ(message(pg("ALTER TABLE users ALTER COLUMN name TYPE varchar(20)")),
            "ALTER COLUMN name TYPE varchar(20) on users (size unknown: assumed large) rewrites "
            "the table and its indexes under an ACCESS EXCLUSIVE lock unless the column's current "
            "type converts without one (a shorter varchar to varchar or text, a narrower numeric, "
            "cidr to inet); its current type is unknown");
  // A column the sizes do not list (added by an earlier migration of the run).
  EXPECT_EQ(retype("nickname", "varchar(20)", typed_users()), "alter-column-type-rewrite:warning");
  EXPECT_EQ(retype("nickname", "varchar(20)", typed_users(10)), "alter-column-type-rewrite:info");
}

// ---------------------------------------------------------------- PostgreSQL: constraints

TEST(PostgresLint, SetNotNullScans) {
  auto a = pg("ALTER TABLE users ALTER COLUMN email SET NOT NULL", big_users());
  EXPECT_EQ(ids(a), "set-not-null-scan:error");
  EXPECT_EQ(message(a),
            "ALTER COLUMN email SET NOT NULL scans all of users (1.0M rows, 72 MB) for NULLs "
            "under an ACCESS EXCLUSIVE lock: reads and writes wait until the scan ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ALTER COLUMN email SET NOT NULL", tiny_users())),
            "set-not-null-scan:info");
  EXPECT_EQ(ids(pg("ALTER TABLE t ALTER COLUMN email SET NOT NULL", Ctx().create("t"))), "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ALTER COLUMN email DROP NOT NULL")), "");
}

TEST(PostgresLint, ForeignKeys) {
  auto a =
      pg("ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) "
         "REFERENCES users (id)");
  EXPECT_EQ(ids(a), "add-foreign-key-without-not-valid:error");
  EXPECT_EQ(a.hits[0].table, "orders");
  EXPECT_EQ(message(a),
            "ADD CONSTRAINT orders_user FOREIGN KEY on orders (size unknown: assumed large) "
            "checks every existing row while holding SHARE ROW EXCLUSIVE locks on orders and "
            "users: writes to both wait until the check ends");
  EXPECT_EQ(ids(pg("ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id) NOT "
                   "VALID")),
            "");
  EXPECT_EQ(ids(pg("ALTER TABLE orders VALIDATE CONSTRAINT orders_user")), "");
  // A new column without a default holds only NULLs: PostgreSQL skips the check.
  EXPECT_EQ(ids(pg("ALTER TABLE orders ADD COLUMN user_id int REFERENCES users (id)")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE orders ADD COLUMN user_id int DEFAULT 1 REFERENCES users (id)")),
            "add-foreign-key-without-not-valid:error");
  EXPECT_EQ(ids(pg("ALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users (id)",
                   Ctx().size("orders", 50, 8192))),
            "add-foreign-key-without-not-valid:info");
  EXPECT_EQ(ids(pg("ALTER TABLE orders ADD FOREIGN KEY (u) REFERENCES users (id)",
                   Ctx().create("orders"))),
            "");
}

TEST(PostgresLint, CheckConstraints) {
  auto a = pg("ALTER TABLE users ADD CHECK (age >= 0)", big_users());
  EXPECT_EQ(ids(a), "add-check-without-not-valid:error");
  EXPECT_EQ(message(a),
            "ADD CHECK on users (1.0M rows, 72 MB) checks every existing row under an ACCESS "
            "EXCLUSIVE lock: reads and writes wait until the scan ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0) NOT VALID")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN n int CHECK (n > 0)")),
            "add-check-without-not-valid:error");
}

TEST(PostgresLint, UniqueAndPrimaryKeys) {
  auto a = pg("ALTER TABLE users ADD CONSTRAINT users_email UNIQUE (email)", big_users());
  EXPECT_EQ(ids(a), "add-unique-builds-index:error");
  EXPECT_EQ(message(a),
            "ADD CONSTRAINT users_email UNIQUE on users (1.0M rows, 72 MB) builds its index under "
            "an ACCESS EXCLUSIVE lock: reads and writes wait until the build ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD CONSTRAINT users_email UNIQUE USING INDEX ue")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD PRIMARY KEY USING INDEX users_pk")), "");
  EXPECT_EQ(message(pg("ALTER TABLE users ADD PRIMARY KEY (id)")),
            "ADD PRIMARY KEY on users (size unknown: assumed large) builds its index under an "
            "ACCESS EXCLUSIVE lock: reads and writes wait until the build ends");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD EXCLUDE USING gist (during WITH &&)")),
            "add-unique-builds-index:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD COLUMN code text UNIQUE")),
            "add-unique-builds-index:error");
  EXPECT_EQ(ids(pg("ALTER TABLE users ADD UNIQUE (email)", tiny_users())),
            "add-unique-builds-index:info");
}

// ---------------------------------------------------------------- PostgreSQL: breaking changes

TEST(PostgresLint, RenamesAndDrops) {
  auto rc = pg("ALTER TABLE users RENAME COLUMN name TO full_name", tiny_users());
  EXPECT_EQ(ids(rc), "rename-column:warning");  // size does not matter: the code breaks
  EXPECT_EQ(message(rc),
            "renaming column name of users (12 rows, 16 kB) to full_name: running code that uses "
            "the old name fails until it is deployed again");
  auto rt = pg("ALTER TABLE users RENAME TO members");
  EXPECT_EQ(ids(rt), "rename-table:warning");
  EXPECT_EQ(message(rt),
            "renaming table users (size unknown: assumed large) to members: running code that "
            "uses the old name fails until it is deployed again");
  EXPECT_TRUE(rt.created_tables.empty());
  auto rn = pg("ALTER TABLE app.t RENAME TO t2", Ctx().create("app.t"));
  EXPECT_EQ(ids(rn), "");
  EXPECT_EQ(rn.created_tables, std::vector<std::string>{"app.t2"});
  EXPECT_EQ(ids(pg("ALTER INDEX i RENAME TO j")), "");
  EXPECT_EQ(ids(pg("ALTER TABLE t RENAME COLUMN a TO b", Ctx().create("t"))), "");

  auto dc = pg("ALTER TABLE users DROP COLUMN legacy", big_users());
  EXPECT_EQ(ids(dc), "drop-column:warning");
  EXPECT_EQ(message(dc),
            "DROP COLUMN legacy of users (1.0M rows, 72 MB) deletes its data; code still reading "
            "or writing the column fails");
  auto dt = pg("DROP TABLE IF EXISTS users, app.old, t CASCADE", big_users().create("t"));
  EXPECT_EQ(ids(dt), "drop-table:warning, drop-table:warning");
  EXPECT_EQ(dt.hits[1].table, "app.old");
  EXPECT_EQ(message(dt),
            "DROP TABLE users (1.0M rows, 72 MB) deletes the table and all its data; code still "
            "using it fails");
  EXPECT_EQ(ids(pg("DROP VIEW v")), "");
}

TEST(PostgresLint, Truncate) {
  EXPECT_EQ(ids(pg("TRUNCATE users", big_users())), "truncate-table:info");
  auto c = pg("TRUNCATE users, orders CASCADE");
  EXPECT_EQ(ids(c), "truncate-cascade:warning, truncate-cascade:warning");
  EXPECT_EQ(message(c),
            "TRUNCATE users (size unknown: assumed large) CASCADE also empties every table with "
            "a foreign key to it, recursively, including tables this migration does not name");
  EXPECT_EQ(ids(pg("TRUNCATE t", Ctx().create("t"))), "");
}

TEST(PostgresLint, VacuumFullAndCluster) {
  auto v = pg("VACUUM FULL users", big_users().outside());
  EXPECT_EQ(ids(v), "vacuum-full:error");
  EXPECT_EQ(message(v),
            "VACUUM FULL rewrites users (1.0M rows, 72 MB) under an ACCESS EXCLUSIVE lock: reads "
            "and writes wait until it ends");
  EXPECT_EQ(ids(pg("VACUUM (FULL) users", tiny_users().outside())), "vacuum-full:info");
  EXPECT_EQ(ids(pg("VACUUM FULL", Ctx().outside())), "vacuum-full:error");
  EXPECT_EQ(ids(pg("VACUUM (FULL false, VERBOSE) users", Ctx().outside())), "");
  EXPECT_EQ(ids(pg("VACUUM (FULL 0) users", Ctx().outside())), "");
  EXPECT_EQ(ids(pg("VACUUM ANALYZE users", Ctx().outside())), "");
  auto in = pg("VACUUM FULL users");
  EXPECT_EQ(ids(in), "non-transactional-in-transaction:error");
  EXPECT_EQ(message(in),
            "VACUUM cannot run inside a transaction block, and this section runs in one: the "
            "migration fails");
  EXPECT_EQ(ids(pg("ANALYZE users")), "");

  auto cl = pg("CLUSTER users USING users_pkey", big_users());
  EXPECT_EQ(ids(cl), "cluster:error");
  EXPECT_EQ(message(cl),
            "CLUSTER rewrites users (1.0M rows, 72 MB) under an ACCESS EXCLUSIVE lock: reads and "
            "writes wait until it ends");
  EXPECT_EQ(ids(pg("CLUSTER users", tiny_users())), "cluster:info");
  EXPECT_EQ(ids(pg("CLUSTER")), "non-transactional-in-transaction:error");
  EXPECT_EQ(ids(pg("CLUSTER", Ctx().outside())), "cluster:error");
}

// ---------------------------------------------------------------- PostgreSQL: transactions

TEST(PostgresLint, TransactionControlInAWrappedSection) {
  for (const char* sql : {"BEGIN", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "COMMIT",
                          "END", "ROLLBACK", "ABORT", "PREPARE TRANSACTION 'x'"}) {
    EXPECT_EQ(ids(pg(sql)), "transaction-control-in-transaction:error") << sql;
    EXPECT_EQ(ids(pg(sql, Ctx().outside())), "") << sql;
  }
  EXPECT_EQ(message(pg("COMMIT")),
            "COMMIT in a section strata already runs in a transaction: it ends strata's "
            "transaction early, so the revision is no longer applied and recorded atomically");
  EXPECT_EQ(message(pg("BEGIN")),
            "BEGIN in a section strata already runs in a transaction: PostgreSQL ignores it with "
            "a warning, and a later COMMIT in the SQL would end strata's transaction early");
  for (const char* sql : {"SAVEPOINT a", "RELEASE SAVEPOINT a", "ROLLBACK TO SAVEPOINT a"}) {
    EXPECT_EQ(ids(pg(sql)), "") << sql;
  }
}

TEST(PostgresLint, EnumAddValue) {
  auto old = pg("ALTER TYPE mood ADD VALUE 'meh'", Ctx().server(110005));
  EXPECT_EQ(ids(old), "enum-add-value-in-transaction:error");
  EXPECT_EQ(message(old),
            "ALTER TYPE mood ADD VALUE 'meh' cannot run inside a transaction block before "
            "PostgreSQL 12 (target: 110005), and this section runs in one: the migration fails");
  auto now =
      pg("ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'sad'", Ctx().server(150004));
  EXPECT_EQ(ids(now), "enum-add-value-in-transaction:info");
  EXPECT_EQ(message(now),
            "the new value 'meh' of app.mood cannot be used until this section's transaction "
            "commits: a later statement of the section that uses it fails");
  EXPECT_EQ(ids(pg("ALTER TYPE mood ADD VALUE 'meh'")), "enum-add-value-in-transaction:info");
  EXPECT_EQ(ids(pg("ALTER TYPE mood ADD VALUE 'meh'", Ctx().server(110005).outside())), "");
  EXPECT_EQ(ids(pg("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", Ctx().server(110005))), "");
}

TEST(PostgresLint, OtherStatementsThatCannotRunInATransaction) {
  EXPECT_EQ(ids(pg("CREATE DATABASE x")), "non-transactional-in-transaction:error");
  EXPECT_EQ(ids(pg("DROP DATABASE x")), "non-transactional-in-transaction:error");
  EXPECT_EQ(ids(pg("ALTER SYSTEM SET work_mem = '64MB'")),
            "non-transactional-in-transaction:error");
  EXPECT_EQ(ids(pg("CREATE DATABASE x", Ctx().outside())), "");
}

// ---------------------------------------------------------------- PostgreSQL: bookkeeping

TEST(PostgresLint, CreatedTables) {
  EXPECT_EQ(pg("CREATE TABLE users (id int)").created_tables, std::vector<std::string>{"users"});
  EXPECT_EQ(pg("CREATE TABLE IF NOT EXISTS app.\"Orders\" (id int)").created_tables,
            std::vector<std::string>{"app.Orders"});
  EXPECT_EQ(pg("CREATE TABLE t2 AS SELECT * FROM t").created_tables,
            std::vector<std::string>{"t2"});
  EXPECT_EQ(pg("CREATE MATERIALIZED VIEW mv AS SELECT 1").created_tables,
            std::vector<std::string>{"mv"});
  EXPECT_EQ(pg("SELECT * INTO t3 FROM t").created_tables, std::vector<std::string>{"t3"});
  EXPECT_TRUE(pg("SELECT * FROM t").created_tables.empty());
  EXPECT_EQ(ids(pg("CREATE TABLE users (id int NOT NULL, email text UNIQUE, CHECK (id > 0))")), "");
}

TEST(PostgresLint, SeveralCommandsInOneAlter) {
  auto a =
      pg("ALTER TABLE users ADD COLUMN a int NOT NULL, ALTER COLUMN b SET NOT NULL, "
         "DROP COLUMN c, ADD CONSTRAINT k CHECK (a > 0) NOT VALID",
         big_users());
  EXPECT_EQ(ids(a),
            "add-column-not-null-without-default:error, set-not-null-scan:error, "
            "drop-column:warning");
}

TEST(PostgresLint, UnparsableStatementsGiveNoHits) {
  for (const char* sql : {"SELECT FROM WHERE (", "CREATE INDEX ON", "\x01\x02 garbage", "",
                          "ALTER TABLE users ADD COLUMN", "/* unterminated"}) {
    auto r = postgres_dialect().lint(StatementText{sql, 0}, Ctx().context());
    ASSERT_TRUE(r.has_value()) << sql;
    EXPECT_TRUE(r->hits.empty()) << sql;
    EXPECT_TRUE(r->created_tables.empty()) << sql;
  }
  // Deeper than the JSON reader allows: no hits, no crash.
  std::string deep = "SELECT " + std::string(3000, '(') + "1" + std::string(3000, ')');
  auto r = postgres_dialect().lint(StatementText{deep, 0}, Ctx().context());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->hits.empty());
}

// ---------------------------------------------------------------- SQLite

TEST(SqliteLint, TableRebuild) {
  Ctx c = Ctx().size("users", kMillion, k72MB).create("_strata_new_users");
  auto a = lite(
      "INSERT INTO \"_strata_new_users\" (\"id\", \"name\") SELECT \"id\", \"name\" "
      "FROM \"users\"",
      c);
  EXPECT_EQ(ids(a), "table-rebuild:warning");
  EXPECT_EQ(a.hits[0].table, "users");
  EXPECT_EQ(message(a),
            "copying users (1.0M rows, 72 MB) into _strata_new_users reads and writes every row "
            "while the migration holds the database's write lock: other writers wait until it "
            "commits");
  // The source is being replaced: the DROP that completes the rebuild is no loss.
  EXPECT_EQ(a.created_tables, std::vector<std::string>{"users"});
  EXPECT_EQ(ids(lite("INSERT INTO main._strata_new_users SELECT * FROM Users WHERE 1",
                     Ctx().size("users", 40, 8192).create("_strata_new_users"))),
            "table-rebuild:info");
  EXPECT_EQ(ids(lite("WITH s AS (SELECT 1) INSERT INTO n SELECT a FROM (SELECT a FROM x) JOIN "
                     "users",
                     Ctx().create("n"))),
            "");  // the source is a subquery
  EXPECT_EQ(
      ids(lite("WITH s AS (SELECT * FROM a) INSERT INTO n SELECT * FROM users", Ctx().create("n"))),
      "table-rebuild:warning");
  // Not a rebuild: the target is an existing table, or the source is new too.
  EXPECT_EQ(ids(lite("INSERT INTO archive SELECT * FROM users")), "");
  EXPECT_EQ(ids(lite("INSERT INTO n SELECT * FROM m", Ctx().create("n").create("m"))), "");
  EXPECT_EQ(ids(lite("INSERT INTO n VALUES (1)", Ctx().create("n"))), "");
  EXPECT_EQ(ids(lite("INSERT INTO sqlite_sequence (name, seq) SELECT 'n', seq FROM "
                     "sqlite_sequence WHERE name = 'users'",
                     Ctx().create("n"))),
            "");
}

TEST(SqliteLint, AddColumn) {
  auto a = lite("ALTER TABLE users ADD COLUMN age INTEGER NOT NULL", Ctx().size("users", 5, 4096));
  EXPECT_EQ(ids(a), "add-column-not-null-without-default:error");
  EXPECT_EQ(message(a),
            "ADD COLUMN age NOT NULL without a DEFAULT on users (5 rows, 4 kB) fails as soon as "
            "the table has a row (\"Cannot add a NOT NULL column with default value NULL\")");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD age INTEGER NOT NULL DEFAULT NULL")),
            "add-column-not-null-without-default:error");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD age INTEGER NOT NULL", Ctx().size("users", 0, 4096))),
            "add-column-not-null-without-default:warning");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN age INTEGER NOT NULL DEFAULT 0")), "");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN note TEXT CHECK (note IS NOT NULL)")), "");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN n INT NOT NULL AS (id * 2)")), "");
  EXPECT_EQ(ids(lite("ALTER TABLE t ADD COLUMN age INTEGER NOT NULL", Ctx().create("t"))), "");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN d REAL DEFAULT (-1.5)")), "");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN d TEXT DEFAULT 'x'")), "");
}

TEST(SqliteLint, AddColumnSqliteRefuses) {
  auto pk = lite("ALTER TABLE users ADD COLUMN id2 INTEGER PRIMARY KEY");
  EXPECT_EQ(ids(pk), "add-column-unsupported:error");
  EXPECT_EQ(message(pk),
            "ADD COLUMN id2 on users (size unknown: assumed large): SQLite cannot add a PRIMARY "
            "KEY column with ALTER TABLE, so the migration fails");
  EXPECT_EQ(ids(lite("ALTER TABLE t ADD COLUMN code TEXT UNIQUE", Ctx().create("t"))),
            "add-column-unsupported:error");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN d INT GENERATED ALWAYS AS (id + 1) STORED")),
            "add-column-unsupported:error");
  auto ts = lite("ALTER TABLE users ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP");
  EXPECT_EQ(ids(ts), "add-column-unsupported:error");
  EXPECT_EQ(message(ts),
            "ADD COLUMN at on users (size unknown: assumed large) has a non-constant default: "
            "SQLite refuses it as soon as the table has a row (\"Cannot add a column with "
            "non-constant default\")");
  EXPECT_EQ(ids(lite("ALTER TABLE users ADD COLUMN n INT DEFAULT (1 + 1)")),
            "add-column-unsupported:error");
  EXPECT_EQ(
      ids(lite("ALTER TABLE t ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP", Ctx().create("t"))),
      "");
}

TEST(SqliteLint, RenamesAndDrops) {
  auto rc = lite("ALTER TABLE \"Users\" RENAME COLUMN name TO full_name");
  EXPECT_EQ(ids(rc), "rename-column:warning");
  EXPECT_EQ(rc.hits[0].table, "users");
  EXPECT_EQ(message(rc),
            "renaming column name of users (size unknown: assumed large) to full_name: running "
            "code that uses the old name fails until it is deployed again");
  EXPECT_EQ(ids(lite("ALTER TABLE users RENAME name TO full_name")), "rename-column:warning");
  EXPECT_EQ(ids(lite("ALTER TABLE main.users RENAME TO members")), "rename-table:warning");
  auto rn =
      lite("ALTER TABLE _strata_new_users RENAME TO users", Ctx().create("_strata_new_users"));
  EXPECT_EQ(ids(rn), "");
  EXPECT_EQ(rn.created_tables, std::vector<std::string>{"users"});
  auto dc = lite("ALTER TABLE users DROP COLUMN legacy", Ctx().size("users", 20000, 2 << 20));
  EXPECT_EQ(ids(dc), "drop-column:warning");
  EXPECT_EQ(message(dc),
            "DROP COLUMN legacy of users (20k rows, 2 MB) deletes its data and rewrites every row "
            "of the table; code still reading or writing the column fails");
  EXPECT_EQ(ids(lite("DROP TABLE IF EXISTS users")), "drop-table:warning");
  EXPECT_EQ(ids(lite("DROP TABLE users", Ctx().create("users"))), "");
  EXPECT_EQ(ids(lite("DROP INDEX users_email")), "");
  EXPECT_EQ(ids(lite("DROP VIEW v")), "");
}

TEST(SqliteLint, TransactionsAndVacuum) {
  for (const char* sql :
       {"BEGIN", "BEGIN IMMEDIATE TRANSACTION", "COMMIT", "END TRANSACTION", "ROLLBACK"}) {
    EXPECT_EQ(ids(lite(sql)), "transaction-control-in-transaction:error") << sql;
    EXPECT_EQ(ids(lite(sql, Ctx().outside())), "") << sql;
  }
  EXPECT_EQ(message(lite("begin")),
            "BEGIN in a section strata already runs in a transaction: SQLite refuses it (\"cannot "
            "start a transaction within a transaction\"), so the migration fails");
  EXPECT_EQ(ids(lite("ROLLBACK TO sp")), "");
  EXPECT_EQ(ids(lite("ROLLBACK TRANSACTION TO SAVEPOINT sp")), "");
  EXPECT_EQ(ids(lite("SAVEPOINT sp")), "");
  // A trigger body's BEGIN ... END is not transaction control.
  EXPECT_EQ(ids(lite("CREATE TRIGGER tr AFTER INSERT ON users BEGIN UPDATE x SET n = n + 1; END")),
            "");

  auto v = lite("VACUUM");
  EXPECT_EQ(ids(v), "non-transactional-in-transaction:error");
  EXPECT_EQ(message(v),
            "VACUUM in a section strata runs in a transaction: SQLite refuses it (\"cannot VACUUM "
            "from within a transaction\"), so the migration fails");
  EXPECT_EQ(ids(lite("VACUUM", Ctx().outside())), "vacuum:warning");
  EXPECT_EQ(ids(lite("VACUUM main INTO '/tmp/copy.db'", Ctx().outside())), "");
  EXPECT_EQ(ids(lite("VACUUM INTO '/tmp/copy.db'")), "non-transactional-in-transaction:error");
}

TEST(SqliteLint, CreatedTables) {
  EXPECT_EQ(lite("CREATE TABLE \"_strata_new_Users\" (id INTEGER)").created_tables,
            std::vector<std::string>{"_strata_new_users"});
  EXPECT_EQ(lite("CREATE TEMP TABLE IF NOT EXISTS main.t (id)").created_tables,
            std::vector<std::string>{"t"});
  EXPECT_EQ(lite("CREATE TABLE aux.t (id)").created_tables, std::vector<std::string>{"aux.t"});
  EXPECT_EQ(lite("CREATE VIRTUAL TABLE f USING fts5(body)").created_tables,
            std::vector<std::string>{"f"});
  EXPECT_TRUE(lite("CREATE INDEX i ON t (a)").created_tables.empty());
  EXPECT_TRUE(lite("CREATE VIEW v AS SELECT 1").created_tables.empty());
}

TEST(SqliteLint, OddInputGivesNoHits) {
  for (const char* sql : {"", "ALTER", "ALTER TABLE", "ALTER TABLE t ADD", "INSERT INTO",
                          "DROP TABLE", "'unterminated", "CREATE TABLE", "ALTER TABLE t RENAME"}) {
    auto r = sqlite_dialect().lint(StatementText{sql, 0}, Ctx().context());
    ASSERT_TRUE(r.has_value()) << sql;
  }
  EXPECT_EQ(ids(lite("ALTER TABLE t RENAME")), "");
  EXPECT_EQ(ids(lite("ALTER TABLE t DROP COLUMN")), "");
}

}  // namespace
}  // namespace strata::detail::lint
