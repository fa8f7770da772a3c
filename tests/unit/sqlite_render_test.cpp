// Golden tests of the SQLite renderer: the exact statements for every change
// kind, ALTER TABLE versus the table rebuild, identifier quoting, and a
// rebuild executed on a real in-memory database that must keep every row,
// index and trigger.
#include "dialect/sqlite/sqlite_render.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dialect/sqlite/sqlite_connection.hpp"
#include "dialect/sqlite/sqlite_render_sql.hpp"
#include "unit/render_test_support.hpp"

namespace strata::detail {
namespace {

using schema::change;
using schema::implied;

using namespace schema;
using ::testing::ElementsAre;

ObjectName name(std::string n) { return ObjectName{"", std::move(n)}; }

Column col(std::string n, std::string type, bool not_null = false,
           std::optional<std::string> default_expr = std::nullopt) {
  Column c;
  c.name = std::move(n);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(default_expr);
  return c;
}

IndexKey key(std::string column) { return IndexKey{std::move(column)}; }

Index index(std::string n, std::vector<IndexKey> keys, bool unique = false) {
  Index i;
  i.name = std::move(n);
  i.unique = unique;
  i.keys = std::move(keys);
  return i;
}

ForeignKey fk(std::string n, std::vector<std::string> columns, std::string table,
              std::vector<std::string> ref_columns) {
  ForeignKey k;
  k.name = std::move(n);
  k.columns = std::move(columns);
  k.ref_table = name(std::move(table));
  k.ref_columns = std::move(ref_columns);
  return k;
}

OtherObject trigger(std::string n, std::string table, std::string definition) {
  return OtherObject{"trigger", name(std::move(n)), name(std::move(table)), std::move(definition)};
}

// users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INT, note TEXT)
// with an index on email.
Table users() {
  Table t;
  t.name = name("users");
  t.columns = {col("id", "INTEGER"), col("email", "TEXT", true), col("age", "INT"),
               col("note", "TEXT")};
  t.primary_key = PrimaryKey{"", {"id"}};
  t.indexes = {index("ix_users_email", {key("email")})};
  return t;
}

Schema with(std::vector<Table> tables, std::vector<View> views = {},
            std::vector<OtherObject> others = {}) {
  Schema s;
  s.tables = std::move(tables);
  s.views = std::move(views);
  s.others = std::move(others);
  s.canonicalize();
  return s;
}

std::vector<Statement> render(const ChangeList& changes, const Schema* from = nullptr,
                              const Schema* to = nullptr) {
  RenderContext context;
  context.from = from;
  context.to = to;
  auto r = render_sqlite(changes, context);
  if (!r) {
    ADD_FAILURE() << r.error().message;
    return {};
  }
  return std::move(*r);
}

std::vector<std::string> sqls(const std::vector<Statement>& statements) {
  return schema::sql_texts(statements);
}

std::vector<std::string> comments(const std::vector<Statement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.comment);
  return out;
}

std::vector<std::string> render_sql(const ChangeList& changes, const Schema* from = nullptr,
                                    const Schema* to = nullptr) {
  return sqls(render(changes, from, to));
}

// ---- quoting

TEST(SqliteRenderQuote, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(sqlite_sql::ident("users"), "users");
  EXPECT_EQ(sqlite_sql::ident("_x1"), "_x1");
  EXPECT_EQ(sqlite_sql::ident("Email_2"), "Email_2");
  EXPECT_EQ(sqlite_sql::ident("order"), "\"order\"");
  EXPECT_EQ(sqlite_sql::ident("SELECT"), "\"SELECT\"");
  EXPECT_EQ(sqlite_sql::ident("key"), "\"key\"");
  EXPECT_EQ(sqlite_sql::ident("my table"), "\"my table\"");
  EXPECT_EQ(sqlite_sql::ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(sqlite_sql::ident("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(sqlite_sql::ident("1st"), "\"1st\"");
  EXPECT_EQ(sqlite_sql::ident("a$b"), "\"a$b\"");
  EXPECT_EQ(sqlite_sql::ident(""), "\"\"");
}

TEST(SqliteRenderQuote, EveryStatementQuotesTheSameWay) {
  Table t;
  t.name = name("order items");
  t.columns = {col("order", "INTEGER", true), col("say \"hi\"", "TEXT"),
               col("caf\xc3\xa9", "TEXT")};
  t.primary_key = PrimaryKey{"", {"order"}};
  t.uniques = {UniqueConstraint{"uq \"x\"", {"say \"hi\""}}};
  auto added = col("group", "TEXT");
  EXPECT_THAT(
      render_sql({change(CreateTable{t}),
                  change(CreateIndex{t.name, index("ix order", {key("caf\xc3\xa9")})}),
                  change(AddColumn{t.name, added}), change(RenameColumn{t.name, "group", "table"}),
                  change(DropColumn{t.name, col("table", "TEXT")}),
                  change(RenameTable{t.name, name("select")}),
                  change(DropIndex{name("select"), index("ix order", {key("caf\xc3\xa9")})})}),
      ElementsAre("CREATE TABLE \"order items\" (\n"
                  "    \"order\" INTEGER NOT NULL,\n"
                  "    \"say \"\"hi\"\"\" TEXT,\n"
                  "    \"caf\xc3\xa9\" TEXT,\n"
                  "    PRIMARY KEY (\"order\"),\n"
                  "    CONSTRAINT \"uq \"\"x\"\"\" UNIQUE (\"say \"\"hi\"\"\")\n"
                  ")",
                  "CREATE INDEX \"ix order\" ON \"order items\" (\"caf\xc3\xa9\")",
                  "ALTER TABLE \"order items\" ADD COLUMN \"group\" TEXT",
                  "ALTER TABLE \"order items\" RENAME COLUMN \"group\" TO \"table\"",
                  "ALTER TABLE \"order items\" DROP COLUMN \"table\"",
                  "ALTER TABLE \"order items\" RENAME TO \"select\"", "DROP INDEX \"ix order\""));
  EXPECT_THAT(render_sql({change(DropTable{Table{name("select")}})}),
              ElementsAre("DROP TABLE \"select\""));
}

// ---- tables

TEST(SqliteRenderTable, CreateTableWithEveryClauseAndItsForeignKeysFolded) {
  Table t;
  t.name = name("posts");
  Column title = col("title", "TEXT", true, "'untitled'");
  title.collation = "NOCASE";
  Column slug = col("slug", "TEXT");
  slug.generated = "lower(title)";
  slug.generated_stored = true;
  Column len = col("len", "INT");
  len.generated = "length(title)";
  t.columns = {col("id", "INTEGER"),
               col("author_id", "INTEGER", true),
               title,
               slug,
               len,
               col("created", "TEXT", false, "CURRENT_TIMESTAMP"),
               col("score", "REAL", false, "-1.5"),
               col("stamp", "TEXT", false, "datetime('now')")};
  t.primary_key = PrimaryKey{"pk_posts", {"id", "author_id"}};
  t.uniques = {UniqueConstraint{"", {"title", "author_id"}}};
  t.checks = {CheckConstraint{"ck_score", "score >= -1.5"}, CheckConstraint{"", "len < 200"}};
  t.without_rowid = true;
  t.strict = true;
  ForeignKey author = fk("fk_author", {"author_id"}, "users", {"id"});
  author.on_delete = FkAction::cascade;
  author.on_update = FkAction::set_null;
  author.deferrable = true;
  author.initially_deferred = true;
  ForeignKey self = fk("", {"id"}, "posts", {});
  self.deferrable = true;
  const auto statements = render({change(CreateTable{t}), change(AddForeignKey{t.name, author}),
                                  change(AddForeignKey{t.name, self}, "self reference")});
  EXPECT_THAT(
      sqls(statements),
      ElementsAre(
          "CREATE TABLE posts (\n"
          "    id INTEGER,\n"
          "    author_id INTEGER NOT NULL,\n"
          "    title TEXT NOT NULL DEFAULT 'untitled' COLLATE NOCASE,\n"
          "    slug TEXT GENERATED ALWAYS AS (lower(title)) STORED,\n"
          "    len INT GENERATED ALWAYS AS (length(title)) VIRTUAL,\n"
          "    created TEXT DEFAULT CURRENT_TIMESTAMP,\n"
          "    score REAL DEFAULT -1.5,\n"
          "    stamp TEXT DEFAULT (datetime('now')),\n"
          "    CONSTRAINT pk_posts PRIMARY KEY (id, author_id),\n"
          "    UNIQUE (title, author_id),\n"
          "    CONSTRAINT ck_score CHECK (score >= -1.5),\n"
          "    CHECK (len < 200),\n"
          "    CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE "
          "CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
          "    FOREIGN KEY (id) REFERENCES posts DEFERRABLE\n"
          ") WITHOUT ROWID, STRICT"));
  // The folded key's note joins the CREATE TABLE.
  EXPECT_THAT(comments(statements), ElementsAre("self reference"));
}

TEST(SqliteRenderTable, ForeignKeysInTheTableAndInChangesAreRenderedOnce) {
  Table t;
  t.name = name("a");
  t.columns = {col("b_id", "INT")};
  t.foreign_keys = {fk("fk_b", {"b_id"}, "b", {"id"})};
  EXPECT_THAT(
      render_sql({change(CreateTable{t}), change(AddForeignKey{t.name, t.foreign_keys[0]})}),
      ElementsAre("CREATE TABLE a (\n"
                  "    b_id INT,\n"
                  "    CONSTRAINT fk_b FOREIGN KEY (b_id) REFERENCES b (id)\n"
                  ")"));
}

TEST(SqliteRenderTable, AutoincrementIsInlineOnItsIntegerPrimaryKey) {
  Table t;
  t.name = name("events");
  t.columns = {col("id", "INTEGER", true), col("kind", "TEXT")};
  t.primary_key = PrimaryKey{"", {"id"}};
  t.autoincrement = true;
  Table s = t;
  s.name = name("strict_events");
  s.strict = true;
  EXPECT_THAT(render_sql({change(CreateTable{t}), change(CreateTable{s})}),
              ElementsAre("CREATE TABLE events (\n"
                          "    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                          "    kind TEXT\n"
                          ")",
                          "CREATE TABLE strict_events (\n"
                          "    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                          "    kind TEXT\n"
                          ") STRICT"));
}

TEST(SqliteRenderTable, DropTableSkipsItsImpliedChanges) {
  const Table t = users();
  EXPECT_THAT(render_sql({implied(DropIndex{t.name, t.indexes[0]}),
                          implied(DropForeignKey{t.name, fk("f", {"age"}, "x", {"id"})}),
                          change(DropTable{t})}),
              ElementsAre("DROP TABLE users"));
}

TEST(SqliteRenderTable, RenamesUseAlterTable) {
  EXPECT_THAT(render_sql({change(RenameTable{name("users"), name("people")}),
                          change(RenameColumn{name("people"), "email", "mail"})}),
              ElementsAre("ALTER TABLE users RENAME TO people",
                          "ALTER TABLE people RENAME COLUMN email TO mail"));
}

// ---- indexes, views, other objects, comments

TEST(SqliteRenderObjects, IndexesViewsTriggersAndComments) {
  Index partial = index("ix_users_age", {key("age")}, true);
  partial.where = "age IS NOT NULL";
  IndexKey expr{"lower(email)", false};
  IndexKey desc = key("note");
  desc.descending = true;
  desc.collation = "NOCASE";
  desc.nulls_first = false;
  View v{name("adults"), "SELECT id FROM users WHERE age >= 18;", false, {name("users")}};
  const auto trig = trigger("trg_touch", "users",
                            "CREATE TRIGGER trg_touch AFTER UPDATE ON users BEGIN SELECT 1; END;");
  SetComment comment{CommentTarget::table, name("users"), "", std::nullopt, "people"};
  const auto statements = render(
      {change(CreateIndex{name("users"), partial}),
       change(CreateIndex{name("users"), index("ix_mixed", {expr, desc})}),
       change(DropIndex{name("users"), partial}, "index note"), change(CreateView{v}),
       change(DropView{v}), change(CreateOther{trig}), change(DropOther{trig}), change(comment)});
  EXPECT_THAT(
      sqls(statements),
      ElementsAre("CREATE UNIQUE INDEX ix_users_age ON users (age) WHERE age IS NOT NULL",
                  "CREATE INDEX ix_mixed ON users (lower(email), note COLLATE NOCASE DESC "
                  "NULLS LAST)",
                  "DROP INDEX ix_users_age",
                  "CREATE VIEW adults AS SELECT id FROM users WHERE age >= 18", "DROP VIEW adults",
                  "CREATE TRIGGER trg_touch AFTER UPDATE ON users BEGIN SELECT 1; END",
                  "DROP TRIGGER trg_touch"));
  EXPECT_THAT(comments(statements), ElementsAre("", "", "index note", "", "", "", ""));
}

TEST(SqliteRenderObjects, WhatSqliteDoesNotHaveBecomesAComment) {
  EnumType mood{name("mood"), {"sad", "happy"}};
  Sequence seq;
  seq.name = name("counter");
  View mat{name("totals"), "SELECT 1", true};
  OtherObject fn{"function", name("f(integer)"), {}, "CREATE FUNCTION f ..."};
  OtherObject blind = trigger("t_blind", "users", "");
  const auto statements =
      render({change(CreateNamespace{"app"}), change(DropNamespace{"app"}),
              change(CreateExtension{Extension{"pgcrypto", "public"}}),
              change(DropExtension{Extension{"pgcrypto", "public"}}), change(CreateEnum{mood}),
              change(AlterEnum{mood, mood}), change(DropEnum{mood}), change(CreateSequence{seq}),
              change(AlterSequence{seq, seq}), change(DropSequence{seq}), change(CreateView{mat}),
              change(DropView{mat}), change(DropOther{fn}), change(CreateOther{blind}),
              change(Unsupported{"policy p on users differs"}, "check it by hand")});
  EXPECT_THAT(sqls(statements), ::testing::Each(""));
  EXPECT_THAT(comments(statements),
              ElementsAre("not supported by SQLite: create schema app",
                          "not supported by SQLite: drop schema app",
                          "not supported by SQLite: create extension pgcrypto",
                          "not supported by SQLite: drop extension pgcrypto",
                          "not supported by SQLite: create enum mood",
                          "not supported by SQLite: alter enum mood",
                          "not supported by SQLite: drop enum mood",
                          "not supported by SQLite: create sequence counter",
                          "not supported by SQLite: alter sequence counter",
                          "not supported by SQLite: drop sequence counter",
                          "not supported by SQLite: create materialized view totals",
                          "not supported by SQLite: drop materialized view totals",
                          "not supported by SQLite: drop function f(integer)",
                          "not supported by SQLite: create trigger t_blind (its definition is "
                          "unknown)",
                          "policy p on users differs\ncheck it by hand"));
}

// ---- ADD COLUMN

TEST(SqliteRenderAddColumn, AlterTableWhenSqliteAllowsIt) {
  const Schema from = with({users()});
  Table final_users = users();
  final_users.columns.push_back(col("active", "INT", true, "1"));
  final_users.columns.push_back(col("team_id", "INTEGER"));
  Column upper = col("upper_email", "TEXT");
  upper.generated = "upper(email)";
  final_users.columns.push_back(upper);
  ForeignKey team = fk("fk_team", {"team_id"}, "teams", {"id"});
  team.on_delete = FkAction::set_null;
  final_users.foreign_keys = {team};
  const Schema to = with({final_users});
  const auto statements = render({change(AddColumn{name("users"), final_users.columns[4]}),
                                  change(AddColumn{name("users"), final_users.columns[5]}),
                                  change(AddColumn{name("users"), upper}),
                                  change(AddForeignKey{name("users"), team}, "team note")},
                                 &from, &to);
  EXPECT_THAT(
      sqls(statements),
      ElementsAre("ALTER TABLE users ADD COLUMN active INT NOT NULL DEFAULT 1",
                  "ALTER TABLE users ADD COLUMN team_id INTEGER CONSTRAINT fk_team REFERENCES "
                  "teams (id) ON DELETE SET NULL",
                  "ALTER TABLE users ADD COLUMN upper_email TEXT GENERATED ALWAYS AS "
                  "(upper(email)) VIRTUAL"));
  EXPECT_THAT(comments(statements), ElementsAre("", "team note", ""));
}

// Each column ALTER TABLE ADD COLUMN refuses, with the reason the rebuild gives.
TEST(SqliteRenderAddColumn, RebuildWhenSqliteRefuses) {
  struct Case {
    Column column;
    bool unique = false;
    std::string reason;
  };
  Column stored = col("email_key", "TEXT");
  stored.generated = "lower(email)";
  stored.generated_stored = true;
  const std::vector<Case> cases = {
      {col("code", "TEXT", true), false, "add column code (NOT NULL without a non-NULL default)"},
      {col("code", "TEXT", true, "NULL"), false,
       "add column code (NOT NULL without a non-NULL default)"},
      {col("code", "TEXT", false, "current_timestamp"), false,
       "add column code (default current_timestamp)"},
      {col("code", "TEXT", false, "abs(-1)"), false,
       "add column code (its default is an expression)"},
      {col("code", "TEXT", false, "(1 + 2)"), false,
       "add column code (its default is an expression)"},
      {col("code", "TEXT"), true, "add column code (part of a unique constraint)"},
      {stored, false, "add column email_key (a STORED generated column)"},
  };
  for (const auto& c : cases) {
    const Schema from = with({users()});
    Table t = users();
    t.columns.push_back(c.column);
    if (c.unique) t.uniques.push_back(UniqueConstraint{"uq_code", {"code"}});
    const Schema to = with({t});
    const auto statements = render({change(AddColumn{name("users"), c.column})}, &from, &to);
    ASSERT_FALSE(statements.empty());
    EXPECT_EQ(statements[0].comment, "rebuild users: SQLite's ALTER TABLE cannot " + c.reason);
    EXPECT_EQ(statements[1].sql,
              "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, "
              "email, age, note FROM users");
  }
}

// ---- DROP COLUMN

TEST(SqliteRenderDropColumn, AlterTableWhenNothingUsesTheColumn) {
  const Schema from = with({users()});
  Table t = users();
  t.columns.pop_back();
  const Schema to = with({t});
  EXPECT_THAT(render_sql({change(DropColumn{name("users"), col("note", "TEXT")})}, &from, &to),
              ElementsAre("ALTER TABLE users DROP COLUMN note"));
}

TEST(SqliteRenderDropColumn, AlterTableOnceTheIndexIsDroppedFirst) {
  const Schema from = with({users()});
  Table t = users();
  t.indexes.clear();
  t.columns.erase(t.columns.begin() + 1);
  const Schema to = with({t});
  EXPECT_THAT(render_sql({change(DropIndex{name("users"), users().indexes[0]}),
                          change(DropColumn{name("users"), col("email", "TEXT", true)})},
                         &from, &to),
              ElementsAre("DROP INDEX ix_users_email", "ALTER TABLE users DROP COLUMN email"));
}

// The rebuild for a dropped column that an index still uses: the index goes
// with the column and the table's other index comes back.
TEST(SqliteRenderDropColumn, RebuildWhenAnIndexUsesIt) {
  Table before = users();
  before.indexes.push_back(index("ix_users_age", {key("age")}));
  const Schema from = with({before});
  Table after = before;
  after.columns.erase(after.columns.begin() + 1);
  after.indexes = {index("ix_users_age", {key("age")})};
  const Schema to = with({after});
  const auto statements = render(
      {change(DropColumn{name("users"), col("email", "TEXT", true)}, "email is lost")}, &from, &to);
  EXPECT_THAT(
      sqls(statements),
      ElementsAre("CREATE TABLE _strata_new_users (\n"
                  "    id INTEGER,\n"
                  "    age INT,\n"
                  "    note TEXT,\n"
                  "    PRIMARY KEY (id)\n"
                  ")",
                  "INSERT INTO _strata_new_users (id, age, note) SELECT id, age, note "
                  "FROM users",
                  "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                  "CREATE INDEX ix_users_age ON users (age)", "PRAGMA foreign_key_check(users)"));
  EXPECT_THAT(comments(statements),
              ElementsAre("rebuild users: SQLite's ALTER TABLE cannot drop column email (used by "
                          "index ix_users_email)\nemail is lost",
                          "", "", "", "", ""));
}

TEST(SqliteRenderDropColumn, EveryDependencyThatForcesARebuild) {
  struct Case {
    std::string column;
    std::string reason;  // empty: ALTER TABLE DROP COLUMN
  };
  Table t;
  t.name = name("t");
  Column g = col("g", "INT");
  g.generated = "\"gen_src\" * 2";
  t.columns = {col("pk", "INT"),      col("u", "INT"),       col("fkc", "INT"),
               col("chk", "INT"),     col("gen_src", "INT"), g,
               col("in_view", "INT"), col("in_trig", "INT"), col("in_where", "INT"),
               col("in_expr", "INT"), col("free", "INT"),    col("in_string", "INT")};
  t.primary_key = PrimaryKey{"", {"pk"}};
  t.uniques = {UniqueConstraint{"uq_u", {"u"}}};
  t.foreign_keys = {fk("fk_c", {"fkc"}, "other", {"id"})};
  t.checks = {CheckConstraint{"ck", "[CHK] > 0 AND 'in_string' <> ''"}};
  Index partial = index("ix_where", {key("pk")});
  partial.where = "in_where > 0";
  t.indexes = {partial, index("ix_expr", {IndexKey{"abs(`in_expr`)", false}})};
  View v{name("v"), "SELECT In_View FROM t", false, {name("t")}};
  const auto trig = trigger("tr", "t",
                            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                            "UPDATE t SET in_trig = 1; END");
  const Schema from = with({t}, {v}, {trig});
  const std::vector<Case> cases = {
      {"pk", "part of the primary key"},
      {"u", "part of unique uq_u"},
      {"fkc", "part of foreign key fk_c"},
      {"chk", "used by check ck"},
      {"gen_src", "used by generated column g"},
      {"in_view", "used by view v"},
      {"in_trig", "used by trigger tr"},
      {"in_where", "used by index ix_where"},
      {"in_expr", "used by index ix_expr"},
      {"free", ""},
      {"in_string", ""},
      {"g", ""},
  };
  for (const auto& c : cases) {
    Table after = t;
    after.columns.erase(after.columns.begin() +
                        (after.find_column(c.column) - after.columns.data()));
    const Schema to = with({after}, {v}, {trig});
    const auto statements =
        render({change(DropColumn{name("t"), *t.find_column(c.column)})}, &from, &to);
    ASSERT_FALSE(statements.empty()) << c.column;
    if (c.reason.empty()) {
      EXPECT_EQ(statements[0].sql, "ALTER TABLE t DROP COLUMN " + c.column);
    } else {
      EXPECT_EQ(statements[0].comment, "rebuild t: SQLite's ALTER TABLE cannot drop column " +
                                           c.column + " (" + c.reason + ")");
    }
  }
}

TEST(SqliteRenderDropColumn, ViewsAndTriggersDroppedEarlierDoNotCount) {
  const Table t = users();
  View v{name("v"), "SELECT note FROM users", false, {name("users")}};
  const auto trig = trigger("tr", "users",
                            "CREATE TRIGGER tr AFTER INSERT ON users BEGIN "
                            "SELECT new.note; END");
  const Schema from = with({t}, {v}, {trig});
  EXPECT_THAT(render_sql({change(DropView{v}), change(DropOther{trig}),
                          change(DropColumn{name("users"), col("note", "TEXT")})},
                         &from, &from),
              ElementsAre("DROP VIEW v", "DROP TRIGGER tr", "ALTER TABLE users DROP COLUMN note"));
}

// ---- the rebuild

// A type change: the new table comes from the target schema, rows are copied,
// and the table's indexes and triggers come back.
TEST(SqliteRenderRebuild, TypeChange) {
  Table before = users();
  const auto trig =
      trigger("trg_users", "users",
              "CREATE TRIGGER trg_users AFTER INSERT ON users BEGIN SELECT new.age; END;");
  const Schema from = with({before}, {}, {trig});
  Table after = before;
  after.columns[2].type = "TEXT";
  const Schema to = with({after}, {}, {trig});
  const auto statements =
      render({change(AlterColumn{name("users"), before.columns[2], after.columns[2]})}, &from, &to);
  EXPECT_THAT(
      sqls(statements),
      ElementsAre("CREATE TABLE _strata_new_users (\n"
                  "    id INTEGER,\n"
                  "    email TEXT NOT NULL,\n"
                  "    age TEXT,\n"
                  "    note TEXT,\n"
                  "    PRIMARY KEY (id)\n"
                  ")",
                  "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                  "age, note FROM users",
                  "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                  "CREATE INDEX ix_users_email ON users (email)",
                  "CREATE TRIGGER trg_users AFTER INSERT ON users BEGIN SELECT new.age; END",
                  "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot change column age (type)");
}

TEST(SqliteRenderRebuild, NotNullChange) {
  Table before = users();
  const Schema from = with({before});
  Table after = before;
  after.columns[3].not_null = true;
  after.columns[3].default_expr = "''";
  const Schema to = with({after});
  const auto statements =
      render({change(AlterColumn{name("users"), before.columns[3], after.columns[3]})}, &from, &to);
  EXPECT_THAT(sqls(statements),
              ElementsAre("CREATE TABLE _strata_new_users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    age INT,\n"
                          "    note TEXT NOT NULL DEFAULT '',\n"
                          "    PRIMARY KEY (id)\n"
                          ")",
                          "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                          "age, note FROM users",
                          "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                          "CREATE INDEX ix_users_email ON users (email)",
                          "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot change column note (NOT NULL, default)");
}

TEST(SqliteRenderRebuild, AddedForeignKey) {
  Table before = users();
  const Schema from = with({before});
  Table after = before;
  ForeignKey k = fk("", {"age"}, "ages", {"years"});
  k.on_update = FkAction::cascade;
  after.foreign_keys = {k};
  const Schema to = with({after});
  const auto statements = render({change(AddForeignKey{name("users"), k})}, &from, &to);
  EXPECT_THAT(sqls(statements),
              ElementsAre("CREATE TABLE _strata_new_users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    age INT,\n"
                          "    note TEXT,\n"
                          "    PRIMARY KEY (id),\n"
                          "    FOREIGN KEY (age) REFERENCES ages (years) ON UPDATE CASCADE\n"
                          ")",
                          "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                          "age, note FROM users",
                          "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                          "CREATE INDEX ix_users_email ON users (email)",
                          "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot add a foreign key on (age)");
}

// Every constraint change on an existing table is a rebuild to the target's
// definition.
TEST(SqliteRenderRebuild, ConstraintChanges) {
  Table keyed = users();
  keyed.uniques = {UniqueConstraint{"uq_email", {"email"}}};
  keyed.checks = {CheckConstraint{"", "age > 0"}};
  keyed.foreign_keys = {fk("fk_note", {"note"}, "notes", {"body"})};
  Table bare = users();
  bare.primary_key.reset();
  struct Case {
    Table from;
    Table to;
    ChangeOp op;
    std::string comment;
    std::string create;
  };
  const std::string columns =
      "CREATE TABLE _strata_new_users (\n"
      "    id INTEGER,\n"
      "    email TEXT NOT NULL,\n"
      "    age INT,\n"
      "    note TEXT";
  const std::vector<Case> cases = {
      {bare, users(), AddPrimaryKey{name("users"), *users().primary_key}, "add a primary key",
       columns + ",\n    PRIMARY KEY (id)\n)"},
      {users(), bare, DropPrimaryKey{name("users"), *users().primary_key}, "drop the primary key",
       columns + "\n)"},
      {users(), keyed, AddUnique{name("users"), keyed.uniques[0]}, "add unique constraint uq_email",
       columns +
           ",\n    PRIMARY KEY (id),\n    CONSTRAINT uq_email UNIQUE (email),\n    CHECK (age > "
           "0),\n    CONSTRAINT fk_note FOREIGN KEY (note) REFERENCES notes (body)\n)"},
      {keyed, users(), DropUnique{name("users"), keyed.uniques[0]},
       "drop unique constraint uq_email", columns + ",\n    PRIMARY KEY (id)\n)"},
      {users(), keyed, AddCheck{name("users"), keyed.checks[0]}, "add a check constraint",
       columns +
           ",\n    PRIMARY KEY (id),\n    CONSTRAINT uq_email UNIQUE (email),\n    CHECK (age > "
           "0),\n    CONSTRAINT fk_note FOREIGN KEY (note) REFERENCES notes (body)\n)"},
      {keyed, users(), DropCheck{name("users"), keyed.checks[0]}, "drop a check constraint",
       columns + ",\n    PRIMARY KEY (id)\n)"},
      {keyed, users(), DropForeignKey{name("users"), keyed.foreign_keys[0]},
       "drop foreign key fk_note", columns + ",\n    PRIMARY KEY (id)\n)"},
  };
  for (const auto& c : cases) {
    const Schema from = with({c.from});
    const Schema to = with({c.to});
    const auto statements = render({change(c.op)}, &from, &to);
    ASSERT_EQ(statements.size(), 6u) << c.comment;
    EXPECT_EQ(statements[0].comment, "rebuild users: SQLite's ALTER TABLE cannot " + c.comment);
    EXPECT_EQ(statements[0].sql, c.create);
    EXPECT_EQ(statements[1].sql,
              "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, age, note "
              "FROM users");
  }
}

// A rename right before the change joins the rebuild: rows are read under
// the old name.
TEST(SqliteRenderRebuild, RenamedColumnInTheSameRunIsReadUnderItsOldName) {
  Table before = users();
  const Schema from = with({before});
  Table after = before;
  after.columns[2].name = "years";
  after.columns[2].type = "INTEGER";
  const Schema to = with({after});
  Column renamed = before.columns[2];
  renamed.name = "years";
  const auto statements =
      render({change(RenameColumn{name("users"), "age", "years"}, "renamed"),
              change(AlterColumn{name("users"), renamed, after.columns[2]}, "retyped")},
             &from, &to);
  EXPECT_THAT(sqls(statements),
              ElementsAre("CREATE TABLE _strata_new_users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    years INTEGER,\n"
                          "    note TEXT,\n"
                          "    PRIMARY KEY (id)\n"
                          ")",
                          "INSERT INTO _strata_new_users (id, email, years, note) SELECT id, "
                          "email, age, note FROM users",
                          "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                          "CREATE INDEX ix_users_email ON users (email)",
                          "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot change column years (type)\nrenamed\n"
            "retyped");
}

// A rename earlier in the list, not next to the change: it runs as ALTER
// TABLE and the rebuild reads the column under its new name.
TEST(SqliteRenderRebuild, RenamedColumnEarlierInTheListIsReadUnderItsNewName) {
  Table before = users();
  const Schema from = with({before});
  Table after = before;
  after.columns[2].name = "years";
  after.columns[1].type = "BLOB";
  const Schema to = with({after});
  Column email_after = after.columns[1];
  EXPECT_THAT(
      render_sql({change(RenameColumn{name("users"), "age", "years"}),
                  change(CreateIndex{name("other"), index("ix_o", {key("x")})}),
                  change(AlterColumn{name("users"), before.columns[1], email_after})},
                 &from, &to),
      ElementsAre("ALTER TABLE users RENAME COLUMN age TO years", "CREATE INDEX ix_o ON other (x)",
                  "CREATE TABLE _strata_new_users (\n"
                  "    id INTEGER,\n"
                  "    email BLOB NOT NULL,\n"
                  "    years INT,\n"
                  "    note TEXT,\n"
                  "    PRIMARY KEY (id)\n"
                  ")",
                  "INSERT INTO _strata_new_users (id, email, years, note) SELECT id, "
                  "email, years, note FROM users",
                  "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                  "CREATE INDEX ix_users_email ON users (email)",
                  "PRAGMA foreign_key_check(users)"));
}

// One rebuild makes the table's final state; the later changes to the same
// table (a foreign key the differ adds at the end, a dropped index) print
// nothing, and indexes the list creates itself are left to it.
TEST(SqliteRenderRebuild, LaterChangesToARebuiltTableRenderNothing) {
  Table before = users();
  before.indexes.push_back(index("ix_old", {key("note")}));
  const Schema from = with({before});
  Table after = users();
  after.columns[2].not_null = true;
  after.columns[2].default_expr = "0";
  after.columns.push_back(col("team", "INT"));
  after.foreign_keys = {fk("fk_team", {"team"}, "teams", {"id"})};
  after.checks = {CheckConstraint{"ck_age", "age >= 0"}};
  after.indexes.push_back(index("ix_new", {key("team")}));
  const Schema to = with({after});
  const auto statements =
      render({change(AddColumn{name("users"), col("team", "INT")}),
              change(AlterColumn{name("users"), before.columns[2], after.columns[2]}),
              change(AddCheck{name("users"), after.checks[0]}),
              change(DropIndex{name("users"), before.indexes[1]}, "old index"),
              change(CreateIndex{name("users"), after.indexes[1]}),
              change(AddForeignKey{name("users"), after.foreign_keys[0]}, "late key")},
             &from, &to);
  EXPECT_THAT(
      sqls(statements),
      ElementsAre("CREATE TABLE _strata_new_users (\n"
                  "    id INTEGER,\n"
                  "    email TEXT NOT NULL,\n"
                  "    age INT NOT NULL DEFAULT 0,\n"
                  "    note TEXT,\n"
                  "    team INT,\n"
                  "    PRIMARY KEY (id),\n"
                  "    CONSTRAINT ck_age CHECK (age >= 0),\n"
                  "    CONSTRAINT fk_team FOREIGN KEY (team) REFERENCES teams (id)\n"
                  ")",
                  "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                  "age, note FROM users",
                  "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                  "CREATE INDEX ix_users_email ON users (email)",
                  "CREATE INDEX ix_new ON users (team)", "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot change column age (NOT NULL, default); "
            "add check ck_age\nold index\nlate key");
}

TEST(SqliteRenderRebuild, AutoincrementKeepsItsSequence) {
  Table before;
  before.name = name("events");
  before.columns = {col("id", "INTEGER", true), col("kind", "TEXT")};
  before.primary_key = PrimaryKey{"", {"id"}};
  before.autoincrement = true;
  const Schema from = with({before});
  Table after = before;
  after.columns[1].not_null = true;
  after.columns[1].default_expr = "'x'";
  const Schema to = with({after});
  EXPECT_THAT(
      render_sql({change(AlterColumn{name("events"), before.columns[1], after.columns[1]})}, &from,
                 &to),
      ElementsAre("CREATE TABLE _strata_new_events (\n"
                  "    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n"
                  "    kind TEXT NOT NULL DEFAULT 'x'\n"
                  ")",
                  "INSERT INTO sqlite_sequence (name, seq) SELECT '_strata_new_events', seq FROM "
                  "sqlite_sequence WHERE name = 'events'",
                  "INSERT INTO _strata_new_events (id, kind) SELECT id, kind FROM events",
                  "DROP TABLE events", "ALTER TABLE _strata_new_events RENAME TO events",
                  "PRAGMA foreign_key_check(events)"));
}

TEST(SqliteRenderRebuild, QuotedTableName) {
  Table before;
  before.name = name("order");
  before.columns = {col("id", "INT"), col("group", "TEXT")};
  const Schema from = with({before});
  Table after = before;
  after.columns[1].collation = "NOCASE";
  const Schema to = with({after});
  EXPECT_THAT(
      render_sql({change(AlterColumn{name("order"), before.columns[1], after.columns[1]})}, &from,
                 &to),
      ElementsAre(
          "CREATE TABLE _strata_new_order (\n"
          "    id INT,\n"
          "    \"group\" TEXT COLLATE NOCASE\n"
          ")",
          "INSERT INTO _strata_new_order (id, \"group\") SELECT id, \"group\" FROM \"order\"",
          "DROP TABLE \"order\"", "ALTER TABLE _strata_new_order RENAME TO \"order\"",
          "PRAGMA foreign_key_check(\"order\")"));
}

// A table renamed after its rebuild is rebuilt under the name it has then,
// from the definition it ends with.
TEST(SqliteRenderRebuild, TableRenamedLaterInTheList) {
  Table before;
  before.name = name("a");
  before.columns = {col("x", "INT")};
  const Schema from = with({before});
  Table after = before;
  after.name = name("b");
  after.columns[0].type = "TEXT";
  const Schema to = with({after});
  EXPECT_THAT(render_sql({change(AlterColumn{name("a"), before.columns[0], after.columns[0]}),
                          change(RenameTable{name("a"), name("b")})},
                         &from, &to),
              ElementsAre("CREATE TABLE _strata_new_a (\n    x TEXT\n)",
                          "INSERT INTO _strata_new_a (x) SELECT x FROM a", "DROP TABLE a",
                          "ALTER TABLE _strata_new_a RENAME TO a", "ALTER TABLE a RENAME TO b",
                          "PRAGMA foreign_key_check(b)"));
}

// A down section that takes back a created table drops its keys first; the
// table goes anyway, so nothing is rebuilt for them.
TEST(SqliteRenderRebuild, ChangesToATableDroppedLaterRenderNothing) {
  Table t = users();
  t.foreign_keys = {fk("fk_age", {"age"}, "ages", {"id"})};
  const Schema from = with({t});
  const Schema to;
  EXPECT_THAT(
      render_sql({change(DropIndex{t.name, t.indexes[0]}),
                  change(DropForeignKey{t.name, t.foreign_keys[0]}),
                  change(AlterColumn{t.name, t.columns[2], t.columns[3]}), change(DropTable{t})},
                 &from, &to),
      ElementsAre("DROP INDEX ix_users_email", "DROP TABLE users"));
}

TEST(SqliteRenderRebuild, ErrorsNameTheTable) {
  Table before = users();
  Table after = users();
  after.columns[2].type = "TEXT";
  const ChangeList changes = {
      change(AlterColumn{name("users"), before.columns[2], after.columns[2]})};
  const Schema from = with({before});
  const Schema empty;
  RenderContext context;
  context.from = &from;
  auto r = render_sqlite(changes, context);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot rebuild table users: the target schema is not known");
  context.to = &empty;
  r = render_sqlite(changes, context);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot rebuild table users: it is not in the target schema");
  const Schema to = with({after});
  context.from = &empty;
  context.to = &to;
  r = render_sqlite(changes, context);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "cannot rebuild table users: it is not in the source schema");
}

// ---- reverses (schema::reverse from src/schema/change.cpp)

// The down section of "add a column with a foreign key": the key cannot be
// dropped by ALTER TABLE, so one rebuild drops both.
TEST(SqliteRenderReverse, AddedReferenceColumnComesOffInOneRebuild) {
  const Table before = users();
  Table after = users();
  after.columns.push_back(col("team_id", "INTEGER"));
  after.foreign_keys = {fk("fk_team", {"team_id"}, "teams", {"id"})};
  const Schema a = with({before});
  const Schema b = with({after});
  const ChangeList up = {change(AddColumn{name("users"), after.columns[4]}),
                         change(AddForeignKey{name("users"), after.foreign_keys[0]})};
  EXPECT_THAT(render_sql(up, &a, &b),
              ElementsAre("ALTER TABLE users ADD COLUMN team_id INTEGER CONSTRAINT fk_team "
                          "REFERENCES teams (id)"));
  const auto down = render(reverse(up), &b, &a);
  EXPECT_THAT(sqls(down),
              ElementsAre("CREATE TABLE _strata_new_users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    age INT,\n"
                          "    note TEXT,\n"
                          "    PRIMARY KEY (id)\n"
                          ")",
                          "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                          "age, note FROM users",
                          "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                          "CREATE INDEX ix_users_email ON users (email)",
                          "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(down[0].comment, "rebuild users: SQLite's ALTER TABLE cannot drop foreign key fk_team");
  // Going up again from the down section: the column comes back by ALTER
  // TABLE, with reverse()'s note that its data does not.
  const auto again = render(reverse(reverse(up)), &a, &b);
  EXPECT_THAT(sqls(again),
              ElementsAre("ALTER TABLE users ADD COLUMN team_id INTEGER CONSTRAINT fk_team "
                          "REFERENCES teams (id)"));
  EXPECT_THAT(comments(again), ElementsAre("the data of users.team_id is not restored"));
}

// The down section of a dropped table recreates it with its foreign keys
// inline and its indexes after.
TEST(SqliteRenderReverse, DroppedTableComesBackWithItsKeysAndIndexes) {
  Table t = users();
  t.foreign_keys = {fk("fk_age", {"age"}, "ages", {"id"})};
  const Schema a = with({t});
  const Schema b;
  const ChangeList up = {implied(DropIndex{t.name, t.indexes[0]}),
                         implied(DropForeignKey{t.name, t.foreign_keys[0]}), change(DropTable{t})};
  EXPECT_THAT(render_sql(up, &a, &b), ElementsAre("DROP TABLE users"));
  const auto down = render(reverse(up), &b, &a);
  EXPECT_THAT(sqls(down),
              ElementsAre("CREATE TABLE users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    age INT,\n"
                          "    note TEXT,\n"
                          "    PRIMARY KEY (id),\n"
                          "    CONSTRAINT fk_age FOREIGN KEY (age) REFERENCES ages (id)\n"
                          ")",
                          "CREATE INDEX ix_users_email ON users (email)"));
  EXPECT_THAT(comments(down), ElementsAre("the rows of users are not restored", ""));
}

// Rename then retype, reversed: retype back then rename back, still one
// rebuild that reads the column under the name it has before the run.
TEST(SqliteRenderReverse, RenameAndRetypeGoBackInOneRebuild) {
  const Table before = users();
  Table after = users();
  after.columns[2].name = "years";
  after.columns[2].type = "INTEGER";
  Column renamed = before.columns[2];
  renamed.name = "years";
  const Schema a = with({before});
  const Schema b = with({after});
  const ChangeList up = {change(RenameColumn{name("users"), "age", "years"}),
                         change(AlterColumn{name("users"), renamed, after.columns[2]})};
  const auto down = render(reverse(up), &b, &a);
  EXPECT_THAT(sqls(down),
              ElementsAre("CREATE TABLE _strata_new_users (\n"
                          "    id INTEGER,\n"
                          "    email TEXT NOT NULL,\n"
                          "    age INT,\n"
                          "    note TEXT,\n"
                          "    PRIMARY KEY (id)\n"
                          ")",
                          "INSERT INTO _strata_new_users (id, email, age, note) SELECT id, email, "
                          "years, note FROM users",
                          "DROP TABLE users", "ALTER TABLE _strata_new_users RENAME TO users",
                          "CREATE INDEX ix_users_email ON users (email)",
                          "PRAGMA foreign_key_check(users)"));
  EXPECT_EQ(down[0].comment,
            "rebuild users: SQLite's ALTER TABLE cannot change column years "
            "(type)");
}

// ---- executing a rebuild

std::string rows_of(Connection& c, std::string_view sql) {
  auto r = c.query(sql);
  if (!r) return "error: " + r.error().message;
  std::string out;
  for (const auto& row : r->rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += '|';
      out += row[i].value_or("NULL");
    }
    out += '\n';
  }
  return out;
}

TEST(SqliteRenderExecute, RebuildKeepsRowsIndexesTriggersAndViews) {
  auto opened = SqliteConnection::open(":memory:");
  ASSERT_TRUE(opened) << opened.error().message;
  auto& db = **opened;
  ASSERT_TRUE(db.exec(R"(
    CREATE TABLE teams (id INTEGER PRIMARY KEY, label TEXT);
    INSERT INTO teams VALUES (1, 'red'), (2, 'blue');
    CREATE TABLE "order" (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "the qty" INT,
                          note TEXT, team INT);
    CREATE INDEX ix_order_qty ON "order" ("the qty");
    CREATE TABLE audit (entry TEXT);
    CREATE TRIGGER trg_order AFTER INSERT ON "order" BEGIN
      INSERT INTO audit VALUES ('order ' || new.id);
    END;
    CREATE VIEW big_orders AS SELECT id, "the qty" FROM "order" WHERE "the qty" > 10;
    INSERT INTO "order" ("the qty", note, team) VALUES (5, 'a', 1), (50, NULL, 2), (7, 'c''s', 1),
                                                       (NULL, 'd', NULL);
    DELETE FROM "order" WHERE id = 4;
    DELETE FROM audit;
  )"));

  Table before;
  before.name = name("order");
  before.columns = {col("id", "INTEGER", true), col("the qty", "INT"), col("note", "TEXT"),
                    col("team", "INT")};
  before.primary_key = PrimaryKey{"", {"id"}};
  before.autoincrement = true;
  before.indexes = {index("ix_order_qty", {key("the qty")})};
  const auto trig = trigger("trg_order", "order",
                            "CREATE TRIGGER trg_order AFTER INSERT ON \"order\" BEGIN\n"
                            "      INSERT INTO audit VALUES ('order ' || new.id);\n"
                            "    END");
  View view{name("big_orders"),
            "SELECT id, \"the qty\" FROM \"order\" WHERE \"the qty\" > 10",
            false,
            {name("order")}};
  const Schema from = with({before}, {view}, {trig});

  Table after = before;
  after.columns[1].name = "quantity";
  after.columns[1].type = "INTEGER";
  after.columns[1].not_null = true;
  after.columns[1].default_expr = "0";
  after.columns[2].not_null = true;
  after.columns[2].default_expr = "''";
  after.columns.push_back(col("added", "TEXT", true, "'new'"));
  after.indexes = {index("ix_order_qty", {key("quantity")})};
  after.foreign_keys = {fk("fk_team", {"team"}, "teams", {"id"})};
  View view_after = view;
  view_after.definition = "SELECT id, quantity FROM \"order\" WHERE quantity > 10";
  const Schema to = with({after}, {view_after}, {trig});

  Column qty = before.columns[1];
  qty.name = "quantity";
  const ChangeList changes = {
      change(DropView{view}),
      change(RenameColumn{name("order"), "the qty", "quantity"}),
      change(AlterColumn{name("order"), qty, after.columns[1]}),
      change(AlterColumn{name("order"), before.columns[2], after.columns[2]}),
      change(AddColumn{name("order"), after.columns[4]}),
      change(AddForeignKey{name("order"), after.foreign_keys[0]}),
      change(CreateView{view_after}),
  };
  const auto statements = render(changes, &from, &to);
  ASSERT_EQ(statements.size(), 10u);
  // A NULL note violates the new NOT NULL: the migration fails and rolls back.
  ASSERT_TRUE(db.begin());
  Status failed;
  for (const auto& s : statements) {
    failed = db.exec(s.sql);
    if (!failed) break;
  }
  ASSERT_FALSE(failed);
  EXPECT_THAT(failed.error().message,
              ::testing::HasSubstr("NOT NULL constraint failed: _strata_new_order.note"));
  ASSERT_TRUE(db.rollback());
  EXPECT_EQ(rows_of(db, "SELECT * FROM \"order\" ORDER BY id"),
            "1|5|a|1\n2|50|NULL|2\n3|7|c's|1\n");

  ASSERT_TRUE(db.exec("UPDATE \"order\" SET note = '' WHERE note IS NULL"));
  ASSERT_TRUE(db.begin());
  for (const auto& s : statements) ASSERT_TRUE(db.exec(s.sql)) << s.sql;
  ASSERT_TRUE(db.commit());

  EXPECT_EQ(rows_of(db, "SELECT id, quantity, note, team, added FROM \"order\" ORDER BY id"),
            "1|5|a|1|new\n2|50||2|new\n3|7|c's|1|new\n");
  EXPECT_EQ(rows_of(db,
                    "SELECT name, tbl_name FROM sqlite_master WHERE type IN ('index', "
                    "'trigger', 'view') ORDER BY name"),
            "big_orders|big_orders\nix_order_qty|order\ntrg_order|order\n");
  EXPECT_EQ(rows_of(db, "SELECT name FROM pragma_index_info('ix_order_qty')"), "quantity\n");
  EXPECT_EQ(rows_of(db, "SELECT * FROM big_orders"), "2|50\n");
  EXPECT_EQ(rows_of(db, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('order')"),
            "teams|team|id\n");
  // The trigger fires, and AUTOINCREMENT does not reuse the deleted id 4.
  ASSERT_TRUE(db.exec("INSERT INTO \"order\" (quantity, note) VALUES (1, 'e')"));
  EXPECT_EQ(rows_of(db, "SELECT * FROM audit"), "order 5\n");
  EXPECT_EQ(rows_of(db, "SELECT name, seq FROM sqlite_sequence"), "order|5\n");
  EXPECT_EQ(rows_of(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '_strata%'"), "0\n");

  // The down section: one rebuild back, every row kept.
  const auto down = render(reverse(changes), &to, &from);
  ASSERT_EQ(down.size(), 10u);
  EXPECT_EQ(down[2].sql,
            "INSERT INTO sqlite_sequence (name, seq) SELECT '_strata_new_order', "
            "seq FROM sqlite_sequence WHERE name = 'order'");
  EXPECT_EQ(down[3].sql,
            "INSERT INTO _strata_new_order (id, \"the qty\", note, team) SELECT id, "
            "quantity, note, team FROM \"order\"");
  ASSERT_TRUE(db.begin());
  for (const auto& s : down) ASSERT_TRUE(db.exec(s.sql)) << s.sql;
  ASSERT_TRUE(db.commit());
  EXPECT_EQ(rows_of(db, "SELECT * FROM \"order\" ORDER BY id"),
            "1|5|a|1\n2|50||2\n3|7|c's|1\n5|1|e|NULL\n");
  EXPECT_EQ(rows_of(db, "SELECT name FROM pragma_index_info('ix_order_qty')"), "the qty\n");
  EXPECT_EQ(rows_of(db, "SELECT * FROM big_orders"), "2|50\n");
  EXPECT_EQ(rows_of(db, "SELECT count(*) FROM pragma_foreign_key_list('order')"), "0\n");
  ASSERT_TRUE(db.exec("INSERT INTO \"order\" (\"the qty\") VALUES (2)"));
  EXPECT_EQ(rows_of(db, "SELECT * FROM audit"), "order 5\norder 6\n");
}

// SQLite refuses to rename the new table into place while a trigger on
// another table reads the dropped one: the rebuild takes such triggers off
// first and puts them back after.
TEST(SqliteRenderExecute, TriggersOnOtherTablesThatReadTheTableComeBack) {
  auto opened = SqliteConnection::open(":memory:");
  ASSERT_TRUE(opened) << opened.error().message;
  auto& db = **opened;
  const std::string inbox_trigger =
      "CREATE TRIGGER trg_inbox AFTER INSERT ON inbox BEGIN INSERT INTO t (a) VALUES (new.q); "
      "END";
  ASSERT_TRUE(
      db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE TABLE inbox (q "
              "TEXT); INSERT INTO t (a) VALUES ('x'), ('y'); " +
              inbox_trigger));
  Table before;
  before.name = name("t");
  before.columns = {col("id", "INTEGER"), col("a", "TEXT")};
  before.primary_key = PrimaryKey{"", {"id"}};
  Table inbox;
  inbox.name = name("inbox");
  inbox.columns = {col("q", "TEXT")};
  const auto reader = trigger("trg_inbox", "inbox", inbox_trigger);
  const Schema from = with({before, inbox}, {}, {reader});
  Table after = before;
  after.columns[1].not_null = true;
  after.columns[1].default_expr = "''";
  const Schema to = with({after, inbox}, {}, {reader});
  const auto statements =
      render({change(AlterColumn{name("t"), before.columns[1], after.columns[1]})}, &from, &to);
  EXPECT_THAT(sqls(statements), ElementsAre("CREATE TABLE _strata_new_t (\n"
                                            "    id INTEGER,\n"
                                            "    a TEXT NOT NULL DEFAULT '',\n"
                                            "    PRIMARY KEY (id)\n"
                                            ")",
                                            "INSERT INTO _strata_new_t (id, a) SELECT id, a FROM t",
                                            "DROP TRIGGER trg_inbox", "DROP TABLE t",
                                            "ALTER TABLE _strata_new_t RENAME TO t", inbox_trigger,
                                            "PRAGMA foreign_key_check(t)"));
  ASSERT_TRUE(db.begin());
  for (const auto& s : statements) ASSERT_TRUE(db.exec(s.sql)) << s.sql;
  ASSERT_TRUE(db.commit());
  ASSERT_TRUE(db.exec("INSERT INTO inbox VALUES ('z')"));
  EXPECT_EQ(rows_of(db, "SELECT * FROM t ORDER BY id"), "1|x\n2|y\n3|z\n");
}

// A trigger that reads the table and that the list drops later is not put
// back, and its later DROP TRIGGER prints nothing.
TEST(SqliteRenderRebuild, TriggerReadingTheTableThatTheListDropsStaysDropped) {
  Table before;
  before.name = name("t");
  before.columns = {col("a", "TEXT")};
  const auto reader = trigger("trg_inbox", "inbox",
                              "CREATE TRIGGER trg_inbox AFTER INSERT ON inbox BEGIN INSERT INTO t "
                              "(a) VALUES (new.q); END");
  const Schema from = with({before}, {}, {reader});
  Table after = before;
  after.columns[0].type = "BLOB";
  const Schema to = with({after});
  const auto statements =
      render({change(AlterColumn{name("t"), before.columns[0], after.columns[0]}),
              change(DropOther{reader}, "trigger gone")},
             &from, &to);
  EXPECT_THAT(sqls(statements),
              ElementsAre("CREATE TABLE _strata_new_t (\n    a BLOB\n)",
                          "INSERT INTO _strata_new_t (a) SELECT a FROM t", "DROP TRIGGER trg_inbox",
                          "DROP TABLE t", "ALTER TABLE _strata_new_t RENAME TO t",
                          "PRAGMA foreign_key_check(t)"));
  EXPECT_EQ(statements[0].comment,
            "rebuild t: SQLite's ALTER TABLE cannot change column a (type)\ntrigger gone");
}

}  // namespace
}  // namespace strata::detail
