// Golden tests of the PostgreSQL renderer: the exact SQL of every change kind,
// identifier quoting, ALTER COLUMN ... TYPE ... USING decisions, enum ADD VALUE
// transactionality and the enum type swap. With STRATA_TEST_PG_URL set
// (scripts/with-postgres.sh), rendered sequences also run on a real server.
#include "dialect/postgres/postgres_render.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "common/url.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/postgres/postgres_render_names.hpp"
#include "dialect/postgres/postgres_render_parts.hpp"
#include "integration/server_test_support.hpp"
#include "unit/render_test_support.hpp"

namespace strata::detail::schema {
namespace {

using V = std::vector<std::string>;

ObjectName pub(std::string name) { return ObjectName{"public", std::move(name)}; }

Column col(std::string name, std::string type, bool not_null = false,
           std::optional<std::string> default_expr = std::nullopt) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(default_expr);
  return c;
}

std::vector<Statement> render(const ChangeList& changes, const RenderContext& context = {}) {
  auto r = render_postgres(changes, context);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::vector<Statement>{};
}

V sqls(const ChangeList& changes, const RenderContext& context = {}) {
  return sql_texts(render(changes, context));
}

V sql_of(ChangeOp op) { return sqls({change(std::move(op))}); }

Table users_table() {
  Table t;
  t.name = pub("users");
  t.columns = {col("id", "bigint", true), col("email", "text", true)};
  t.primary_key = PrimaryKey{"users_pkey", {"id"}};
  return t;
}

// ---- names

TEST(PostgresRenderNames, BareWhenPostgresReadsTheWordBackUnchanged) {
  EXPECT_EQ(pg_ident("users"), "users");
  EXPECT_EQ(pg_ident("_tmp1"), "_tmp1");
  EXPECT_EQ(pg_ident("price$usd"), "price$usd");
  // Unreserved keywords are fine as bare names.
  EXPECT_EQ(pg_ident("name"), "name");
  EXPECT_EQ(pg_ident("action"), "action");
  EXPECT_EQ(pg_ident("comment"), "comment");
}

TEST(PostgresRenderNames, QuotesKeywordsThatAreNotUnreserved) {
  EXPECT_EQ(pg_ident("user"), "\"user\"");        // reserved
  EXPECT_EQ(pg_ident("order"), "\"order\"");      // reserved
  EXPECT_EQ(pg_ident("select"), "\"select\"");    // reserved
  EXPECT_EQ(pg_ident("integer"), "\"integer\"");  // column-name keyword
  EXPECT_EQ(pg_ident("left"), "\"left\"");        // type/function-name keyword
  EXPECT_TRUE(pg_is_restricted_keyword("user"));
  EXPECT_FALSE(pg_is_restricted_keyword("name"));
  EXPECT_FALSE(pg_is_restricted_keyword("users"));
  EXPECT_FALSE(pg_is_restricted_keyword("User"));
  // Cached answers are the same answers.
  EXPECT_EQ(pg_ident("user"), "\"user\"");
  EXPECT_EQ(pg_ident("name"), "name");
}

TEST(PostgresRenderNames, QuotesWhatFoldingOrTheLexerWouldChange) {
  EXPECT_EQ(pg_ident("Users"), "\"Users\"");
  EXPECT_EQ(pg_ident("order items"), "\"order items\"");
  EXPECT_EQ(pg_ident("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(pg_ident("prénom"), "\"prénom\"");
  EXPECT_EQ(pg_ident("名前"), "\"名前\"");
  EXPECT_EQ(pg_ident("1st"), "\"1st\"");
  EXPECT_EQ(pg_ident("$x"), "\"$x\"");
  EXPECT_EQ(pg_ident("a-b"), "\"a-b\"");
  EXPECT_EQ(pg_ident(""), "\"\"");
}

TEST(PostgresRenderNames, SchemaOmittedOnlyForPublic) {
  EXPECT_EQ(pg_name(pub("users")), "users");
  EXPECT_EQ(pg_name(ObjectName{"", "users"}), "users");
  EXPECT_EQ(pg_name(ObjectName{"sales", "order"}), "sales.\"order\"");
  EXPECT_EQ(pg_name(ObjectName{"Sales", "Order Items"}), "\"Sales\".\"Order Items\"");
  EXPECT_EQ(pg_name(ObjectName{"public", "user"}), "\"user\"");
}

TEST(PostgresRenderNames, CatalogReferences) {
  EXPECT_EQ(pg_catalog_ref("C"), "\"C\"");
  EXPECT_EQ(pg_catalog_ref("en_US.utf8"), "\"en_US.utf8\"");
  EXPECT_EQ(pg_catalog_ref("text_pattern_ops"), "text_pattern_ops");
  EXPECT_EQ(pg_catalog_ref("public.gin_trgm_ops"), "gin_trgm_ops");
  EXPECT_EQ(pg_catalog_ref("ext.gin_trgm_ops"), "ext.gin_trgm_ops");
  EXPECT_EQ(pg_catalog_ref("app.German"), "app.\"German\"");
  EXPECT_EQ(pg_catalog_ref("pg_catalog.\"C\""), "pg_catalog.\"C\"");
  EXPECT_EQ(pg_catalog_ref("\"de-x-icu\""), "\"de-x-icu\"");
}

TEST(PostgresRender, QuotingInStatements) {
  Table t;
  t.name = ObjectName{"Sales", "Order Items"};
  t.columns = {col("user", "text"), col("order", "integer"), col("select", "boolean"),
               col("Prénom", "text"), col("say \"hi\"", "text")};
  t.primary_key = PrimaryKey{"Order Items_pkey", {"order"}};
  EXPECT_EQ(sql_of(CreateTable{t}),
            V{"CREATE TABLE \"Sales\".\"Order Items\" (\n"
              "    \"user\" text,\n"
              "    \"order\" integer,\n"
              "    \"select\" boolean,\n"
              "    \"Prénom\" text,\n"
              "    \"say \"\"hi\"\"\" text,\n"
              "    CONSTRAINT \"Order Items_pkey\" PRIMARY KEY (\"order\")\n"
              ")"});
  EXPECT_EQ(sql_of(RenameColumn{pub("user"), "select", "Select"}),
            V{"ALTER TABLE \"user\" RENAME COLUMN \"select\" TO \"Select\""});
}

// ---- namespaces, extensions

TEST(PostgresRender, NamespacesAndExtensions) {
  EXPECT_EQ(sql_of(CreateNamespace{"billing"}), V{"CREATE SCHEMA billing"});
  EXPECT_EQ(sql_of(DropNamespace{"Billing"}), V{"DROP SCHEMA \"Billing\""});
  EXPECT_EQ(sql_of(CreateExtension{Extension{"pgcrypto", "public"}}),
            V{"CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public"});
  EXPECT_EQ(sql_of(CreateExtension{Extension{"uuid-ossp", ""}}),
            V{"CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\""});
  EXPECT_EQ(sql_of(DropExtension{Extension{"pgcrypto", "public"}}), V{"DROP EXTENSION pgcrypto"});
}

// ---- tables and columns

TEST(PostgresRender, CreateTableWithEveryColumnAndConstraintForm) {
  Table t;
  t.name = ObjectName{"app", "orders"};
  Column id = col("id", "bigint", true);
  id.identity = Identity::always;
  Column seq = col("seq", "integer", true);
  seq.identity = Identity::by_default;
  Column code = col("code", "character varying(20)", true, "'new'::character varying");
  code.collation = "C";
  code.comment = "the customer's code";
  Column total = col("total", "numeric(12,2)");
  total.generated = "price * quantity";
  total.generated_stored = true;
  t.columns = {
      id, seq, code, total, col("price", "numeric(10,2)", true, "0"), col("quantity", "integer")};
  t.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  UniqueConstraint u1{"orders_code_key", {"code"}, true, true, true};
  UniqueConstraint u2{"", {"seq", "code"}, true, false, false};
  t.uniques = {u1, u2};
  t.checks = {CheckConstraint{"orders_price_check", "price >= 0::numeric", false},
              CheckConstraint{"orders_quantity_check", "quantity > 0", true}};
  t.comment = "orders";
  EXPECT_EQ(
      sql_of(CreateTable{t}),
      (V{"CREATE TABLE app.orders (\n"
         "    id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\n"
         "    seq integer GENERATED BY DEFAULT AS IDENTITY NOT NULL,\n"
         "    code character varying(20) COLLATE \"C\" DEFAULT 'new'::character varying NOT NULL,\n"
         "    total numeric(12,2) GENERATED ALWAYS AS (price * quantity) STORED,\n"
         "    price numeric(10,2) DEFAULT 0 NOT NULL,\n"
         "    quantity integer,\n"
         "    CONSTRAINT orders_pkey PRIMARY KEY (id),\n"
         "    CONSTRAINT orders_code_key UNIQUE NULLS NOT DISTINCT (code) DEFERRABLE INITIALLY "
         "DEFERRED,\n"
         "    UNIQUE (seq, code) DEFERRABLE,\n"
         "    CONSTRAINT orders_price_check CHECK (price >= 0::numeric)\n"
         ")",
         // CREATE TABLE would validate a NOT VALID check: it is added afterwards.
         "ALTER TABLE app.orders ADD CONSTRAINT orders_quantity_check CHECK (quantity > 0) NOT "
         "VALID",
         "COMMENT ON TABLE app.orders IS 'orders'",
         "COMMENT ON COLUMN app.orders.code IS 'the customer''s code'"}));
}

TEST(PostgresRender, CreateTableWithoutColumns) {
  Table t;
  t.name = pub("empty");
  EXPECT_EQ(sql_of(CreateTable{t}), V{"CREATE TABLE empty ()"});
}

TEST(PostgresRender, DropAndRenameTable) {
  EXPECT_EQ(sql_of(DropTable{users_table()}), V{"DROP TABLE users"});
  EXPECT_EQ(sql_of(RenameTable{pub("users"), pub("accounts")}),
            V{"ALTER TABLE users RENAME TO accounts"});
  EXPECT_EQ(sql_of(RenameTable{pub("users"), ObjectName{"auth", "accounts"}}),
            (V{"ALTER TABLE users SET SCHEMA auth", "ALTER TABLE auth.users RENAME TO accounts"}));
  EXPECT_EQ(sql_of(RenameTable{ObjectName{"old", "t"}, ObjectName{"new", "t"}}),
            V{"ALTER TABLE old.t SET SCHEMA new"});
}

TEST(PostgresRender, AddDropRenameColumn) {
  Column c = col("nickname", "text", true, "''::text");
  c.comment = "shown in the UI";
  EXPECT_EQ(sql_of(AddColumn{pub("users"), c}),
            (V{"ALTER TABLE users ADD COLUMN nickname text DEFAULT ''::text NOT NULL",
               "COMMENT ON COLUMN users.nickname IS 'shown in the UI'"}));
  EXPECT_EQ(sql_of(DropColumn{pub("users"), c}), V{"ALTER TABLE users DROP COLUMN nickname"});
  EXPECT_EQ(sql_of(RenameColumn{pub("users"), "nickname", "handle"}),
            V{"ALTER TABLE users RENAME COLUMN nickname TO handle"});
}

// ---- ALTER COLUMN

std::string alter(const Column& from, const Column& to, const ObjectName& table = pub("t")) {
  V out = sql_of(AlterColumn{table, from, to});
  return out.size() == 1 ? out[0] : fmt::format("<{} statements>", out.size());
}

std::string retype(const std::string& from, const std::string& to) {
  return alter(col("c", from), col("c", to));
}

TEST(PostgresRenderAlterColumn, UsingOnlyWhenPostgresCannotConvertImplicitly) {
  // Same base type, other modifiers.
  EXPECT_EQ(retype("character varying(20)", "character varying(40)"),
            "ALTER TABLE t ALTER COLUMN c TYPE character varying(40)");
  EXPECT_EQ(retype("numeric(10,2)", "numeric(12,2)"),
            "ALTER TABLE t ALTER COLUMN c TYPE numeric(12,2)");
  EXPECT_EQ(retype("timestamp(3) without time zone", "timestamp without time zone"),
            "ALTER TABLE t ALTER COLUMN c TYPE timestamp without time zone");
  // Widenings.
  EXPECT_EQ(retype("character varying(20)", "text"), "ALTER TABLE t ALTER COLUMN c TYPE text");
  EXPECT_EQ(retype("character(3)", "text"), "ALTER TABLE t ALTER COLUMN c TYPE text");
  EXPECT_EQ(retype("smallint", "integer"), "ALTER TABLE t ALTER COLUMN c TYPE integer");
  EXPECT_EQ(retype("integer", "bigint"), "ALTER TABLE t ALTER COLUMN c TYPE bigint");
  EXPECT_EQ(retype("smallint", "numeric(20,0)"), "ALTER TABLE t ALTER COLUMN c TYPE numeric(20,0)");
  EXPECT_EQ(retype("bigint", "numeric"), "ALTER TABLE t ALTER COLUMN c TYPE numeric");
  EXPECT_EQ(retype("real", "double precision"),
            "ALTER TABLE t ALTER COLUMN c TYPE double precision");
  EXPECT_EQ(retype("integer[]", "bigint[]"), "ALTER TABLE t ALTER COLUMN c TYPE bigint[]");
  // Everything else converts explicitly.
  EXPECT_EQ(retype("bigint", "integer"),
            "ALTER TABLE t ALTER COLUMN c TYPE integer USING c::integer");
  EXPECT_EQ(retype("text", "integer"),
            "ALTER TABLE t ALTER COLUMN c TYPE integer USING c::integer");
  EXPECT_EQ(
      retype("text", "character varying(10)"),
      "ALTER TABLE t ALTER COLUMN c TYPE character varying(10) USING c::character varying(10)");
  EXPECT_EQ(retype("numeric(10,2)", "integer"),
            "ALTER TABLE t ALTER COLUMN c TYPE integer USING c::integer");
  EXPECT_EQ(retype("double precision", "real"),
            "ALTER TABLE t ALTER COLUMN c TYPE real USING c::real");
  EXPECT_EQ(retype("text", "mood"), "ALTER TABLE t ALTER COLUMN c TYPE mood USING c::mood");
  EXPECT_EQ(retype("integer", "integer[]"),
            "ALTER TABLE t ALTER COLUMN c TYPE integer[] USING c::integer[]");
  EXPECT_EQ(alter(col("order", "text"), col("order", "jsonb")),
            "ALTER TABLE t ALTER COLUMN \"order\" TYPE jsonb USING \"order\"::jsonb");
}

TEST(PostgresRenderAlterColumn, TypeChangeHelper) {
  EXPECT_FALSE(pg_type_change_needs_using("varchar(20)", "text"));
  EXPECT_FALSE(pg_type_change_needs_using("int4", "int8"));
  EXPECT_FALSE(pg_type_change_needs_using("float4", "float8"));
  EXPECT_TRUE(pg_type_change_needs_using("text", "varchar(20)"));
  EXPECT_TRUE(pg_type_change_needs_using("integer[]", "integer"));
  EXPECT_TRUE(pg_type_change_needs_using("\"Mood\"", "\"Mood2\""));
  EXPECT_FALSE(pg_type_change_needs_using("\"Mood(x)\"", "\"Mood(x)\""));
}

TEST(PostgresRenderAlterColumn, CollationGoesWithTheType) {
  Column to = col("c", "text");
  to.collation = "C";
  EXPECT_EQ(alter(col("c", "text"), to), "ALTER TABLE t ALTER COLUMN c TYPE text COLLATE \"C\"");
  Column from = to;
  EXPECT_EQ(alter(from, col("c", "text")), "ALTER TABLE t ALTER COLUMN c TYPE text");
}

TEST(PostgresRenderAlterColumn, DefaultDroppedBeforeATypeChangeAndSetAfter) {
  EXPECT_EQ(alter(col("c", "text", false, "'0'::text"), col("c", "integer", false, "0")),
            "ALTER TABLE t ALTER COLUMN c DROP DEFAULT, ALTER COLUMN c TYPE integer USING "
            "c::integer, ALTER COLUMN c SET DEFAULT 0");
  // Only the default changes: set in place.
  EXPECT_EQ(alter(col("c", "integer", false, "0"), col("c", "integer", false, "1")),
            "ALTER TABLE t ALTER COLUMN c SET DEFAULT 1");
  EXPECT_EQ(alter(col("c", "integer", false, "0"), col("c", "integer")),
            "ALTER TABLE t ALTER COLUMN c DROP DEFAULT");
  // The default is unchanged: the type change keeps it.
  EXPECT_EQ(alter(col("c", "integer", false, "0"), col("c", "bigint", false, "0")),
            "ALTER TABLE t ALTER COLUMN c TYPE bigint");
}

TEST(PostgresRenderAlterColumn, Nullability) {
  EXPECT_EQ(alter(col("c", "text"), col("c", "text", true)),
            "ALTER TABLE t ALTER COLUMN c SET NOT NULL");
  EXPECT_EQ(alter(col("c", "text", true), col("c", "text")),
            "ALTER TABLE t ALTER COLUMN c DROP NOT NULL");
  EXPECT_EQ(alter(col("c", "integer", false), col("c", "bigint", true, "0")),
            "ALTER TABLE t ALTER COLUMN c TYPE bigint, ALTER COLUMN c SET DEFAULT 0, "
            "ALTER COLUMN c SET NOT NULL");
}

TEST(PostgresRenderAlterColumn, Identity) {
  Column plain = col("id", "bigint", true);
  Column always = plain;
  always.identity = Identity::always;
  Column by_default = plain;
  by_default.identity = Identity::by_default;
  EXPECT_EQ(alter(plain, always), "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY");
  EXPECT_EQ(alter(always, plain), "ALTER TABLE t ALTER COLUMN id DROP IDENTITY");
  EXPECT_EQ(alter(always, by_default), "ALTER TABLE t ALTER COLUMN id SET GENERATED BY DEFAULT");
  EXPECT_EQ(alter(by_default, always), "ALTER TABLE t ALTER COLUMN id SET GENERATED ALWAYS");
  // A nullable column with a default becomes an identity: default off, NOT NULL
  // on, then the identity.
  Column serial = col("id", "integer", false, "nextval('t_id_seq'::regclass)");
  Column ident = col("id", "bigint", true);
  ident.identity = Identity::by_default;
  EXPECT_EQ(alter(serial, ident),
            "ALTER TABLE t ALTER COLUMN id DROP DEFAULT, ALTER COLUMN id TYPE bigint, "
            "ALTER COLUMN id SET NOT NULL, ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY");
}

TEST(PostgresRenderAlterColumn, GeneratedExpressions) {
  Column plain = col("total", "numeric");
  Column gen = plain;
  gen.generated = "price * quantity";
  gen.generated_stored = true;
  Column gen2 = gen;
  gen2.generated = "price * quantity * 2";
  gen2.comment = "doubled";
  // Dropping the expression keeps the data.
  EXPECT_EQ(alter(gen, plain), "ALTER TABLE t ALTER COLUMN total DROP EXPRESSION");
  EXPECT_EQ(alter(gen, col("total", "numeric", false, "0")),
            "ALTER TABLE t ALTER COLUMN total DROP EXPRESSION, ALTER COLUMN total SET DEFAULT 0");
  // A new or changed expression rebuilds the column.
  auto changed = render({change(AlterColumn{ObjectName{"app", "t"}, gen, gen2})});
  ASSERT_EQ(changed.size(), 3u);
  EXPECT_EQ(changed[0].sql, "ALTER TABLE app.t DROP COLUMN total");
  EXPECT_EQ(changed[0].comment,
            "app.t.total is dropped and added again with its new generation expression: its data "
            "is recomputed");
  EXPECT_EQ(changed[1].sql,
            "ALTER TABLE app.t ADD COLUMN total numeric GENERATED ALWAYS AS (price * quantity * 2) "
            "STORED");
  EXPECT_EQ(changed[2].sql, "COMMENT ON COLUMN app.t.total IS 'doubled'");
  EXPECT_EQ(sqls({change(AlterColumn{pub("t"), plain, gen})}),
            (V{"ALTER TABLE t DROP COLUMN total",
               "ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * quantity) "
               "STORED"}));
}

TEST(PostgresRenderAlterColumn, NothingToDoRendersNothing) {
  Column a = col("c", "text");
  Column b = a;
  b.comment = "comments come as SetComment";
  EXPECT_EQ(sqls({change(AlterColumn{pub("t"), a, b})}), V{});
}

// ---- constraints

TEST(PostgresRender, ConstraintsByTheirNames) {
  EXPECT_EQ(sql_of(AddPrimaryKey{pub("users"), PrimaryKey{"users_pkey", {"id", "tenant"}}}),
            V{"ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id, tenant)"});
  EXPECT_EQ(sql_of(DropPrimaryKey{pub("users"), PrimaryKey{"users_pkey", {"id"}}}),
            V{"ALTER TABLE users DROP CONSTRAINT users_pkey"});
  EXPECT_EQ(sql_of(AddUnique{pub("users"), UniqueConstraint{"users_email_key", {"email"}}}),
            V{"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"});
  EXPECT_EQ(sql_of(AddUnique{pub("users"), UniqueConstraint{"u", {"a", "b"}, true, true, true}}),
            V{"ALTER TABLE users ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a, b) DEFERRABLE "
              "INITIALLY DEFERRED"});
  EXPECT_EQ(sql_of(DropUnique{pub("users"), UniqueConstraint{"User Key", {"email"}}}),
            V{"ALTER TABLE users DROP CONSTRAINT \"User Key\""});
  EXPECT_EQ(sql_of(AddCheck{pub("t"), CheckConstraint{"t_x_check", "x > 0", false}}),
            V{"ALTER TABLE t ADD CONSTRAINT t_x_check CHECK (x > 0)"});
  EXPECT_EQ(sql_of(AddCheck{pub("t"), CheckConstraint{"t_x_check", "x > 0", true}}),
            V{"ALTER TABLE t ADD CONSTRAINT t_x_check CHECK (x > 0) NOT VALID"});
  EXPECT_EQ(sql_of(DropCheck{pub("t"), CheckConstraint{"t_x_check", "x > 0", false}}),
            V{"ALTER TABLE t DROP CONSTRAINT t_x_check"});
}

TEST(PostgresRender, ForeignKeys) {
  ForeignKey plain;
  plain.name = "orders_user_id_fkey";
  plain.columns = {"user_id"};
  plain.ref_table = pub("users");
  plain.ref_columns = {"id"};
  EXPECT_EQ(sql_of(AddForeignKey{pub("orders"), plain}),
            V{"ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) "
              "REFERENCES users (id)"});
  ForeignKey full;
  full.name = "fk";
  full.columns = {"a", "b"};
  full.ref_table = ObjectName{"Ref", "user"};
  full.ref_columns = {"x", "order"};
  full.match_full = true;
  full.on_update = FkAction::cascade;
  full.on_delete = FkAction::set_null;
  full.deferrable = true;
  full.initially_deferred = true;
  full.not_valid = true;
  EXPECT_EQ(sql_of(AddForeignKey{ObjectName{"app", "t"}, full}),
            V{"ALTER TABLE app.t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES \"Ref\".\"user\" "
              "(x, \"order\") MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE "
              "INITIALLY DEFERRED NOT VALID"});
  ForeignKey actions = plain;
  actions.on_update = FkAction::restrict;
  actions.on_delete = FkAction::set_default;
  EXPECT_EQ(sql_of(AddForeignKey{pub("orders"), actions}),
            V{"ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) "
              "REFERENCES users (id) ON UPDATE RESTRICT ON DELETE SET DEFAULT"});
  EXPECT_EQ(sql_of(DropForeignKey{pub("orders"), plain}),
            V{"ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey"});
}

TEST(PostgresRender, UnnamedConstraints) {
  EXPECT_EQ(sql_of(AddPrimaryKey{pub("t"), PrimaryKey{"", {"id"}}}),
            V{"ALTER TABLE t ADD PRIMARY KEY (id)"});
  auto r = render_postgres({change(DropUnique{pub("t"), UniqueConstraint{"", {"a"}}})}, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            "cannot drop the unique constraint of t: it has no name, and PostgreSQL drops "
            "constraints by name");
}

// ---- indexes

TEST(PostgresRender, Indexes) {
  Index simple;
  simple.name = "ix_users_email";
  simple.keys = {IndexKey{"email"}};
  EXPECT_EQ(sql_of(CreateIndex{pub("users"), simple}),
            V{"CREATE INDEX ix_users_email ON users (email)"});

  Index full;
  full.name = "Full Index";
  full.unique = true;
  full.method = "btree";
  IndexKey lower{"lower(email)", false};
  IndexKey name{"name"};
  name.collation = "C";
  name.opclass = "text_pattern_ops";
  name.descending = true;
  name.nulls_first = false;
  IndexKey created{"created_at"};
  created.nulls_first = true;
  full.keys = {lower, name, created};
  full.include = {"id", "user"};
  full.nulls_not_distinct = true;
  full.where = "(deleted_at IS NULL)";
  full.comment = "lookups";
  EXPECT_EQ(sql_of(CreateIndex{ObjectName{"app", "users"}, full}),
            (V{"CREATE UNIQUE INDEX \"Full Index\" ON app.users USING btree ((lower(email)), name "
               "COLLATE \"C\" text_pattern_ops DESC NULLS LAST, created_at NULLS FIRST) INCLUDE "
               "(id, \"user\") NULLS NOT DISTINCT WHERE (deleted_at IS NULL)",
               "COMMENT ON INDEX app.\"Full Index\" IS 'lookups'"}));

  Index gin;
  gin.name = "ix_docs_body";
  gin.method = "gin";
  IndexKey body{"body"};
  body.opclass = "ext.gin_trgm_ops";
  gin.keys = {body};
  EXPECT_EQ(sql_of(CreateIndex{pub("docs"), gin}),
            V{"CREATE INDEX ix_docs_body ON docs USING gin (body ext.gin_trgm_ops)"});

  EXPECT_EQ(sql_of(DropIndex{pub("users"), simple}), V{"DROP INDEX ix_users_email"});
  EXPECT_EQ(sql_of(DropIndex{ObjectName{"app", "users"}, full}),
            V{"DROP INDEX app.\"Full Index\""});
}

// ---- views

TEST(PostgresRender, Views) {
  View v;
  v.name = pub("active_users");
  v.definition = " SELECT users.id,\n    users.email\n   FROM users\n  WHERE users.active;";
  v.comment = "who is active";
  EXPECT_EQ(sql_of(CreateView{v}),
            (V{"CREATE VIEW active_users AS SELECT users.id,\n    users.email\n   FROM users\n  "
               "WHERE users.active",
               "COMMENT ON VIEW active_users IS 'who is active'"}));
  EXPECT_EQ(sql_of(DropView{v}), V{"DROP VIEW active_users"});

  View m;
  m.name = ObjectName{"stats", "Daily"};
  m.materialized = true;
  m.definition = "SELECT 1 AS one";
  Index ix;
  ix.name = "daily_one";
  ix.unique = true;
  ix.keys = {IndexKey{"one"}};
  ix.comment = "for refresh concurrently";
  m.indexes = {ix};
  m.comment = "daily";
  EXPECT_EQ(sql_of(CreateView{m}), (V{"CREATE MATERIALIZED VIEW stats.\"Daily\" AS SELECT 1 AS one",
                                      "COMMENT ON MATERIALIZED VIEW stats.\"Daily\" IS 'daily'"}));
  // Its indexes are CreateIndex changes of their own, after the view.
  EXPECT_EQ(sql_of(CreateIndex{m.name, ix}),
            (V{"CREATE UNIQUE INDEX daily_one ON stats.\"Daily\" (one)",
               "COMMENT ON INDEX stats.daily_one IS 'for refresh concurrently'"}));
  EXPECT_EQ(sql_of(DropView{m}), V{"DROP MATERIALIZED VIEW stats.\"Daily\""});
}

// ---- sequences

Sequence sequence(std::string name) {
  Sequence s;
  s.name = pub(std::move(name));
  return s;
}

TEST(PostgresRender, CreateSequenceLeavesOutDefaults) {
  EXPECT_EQ(sql_of(CreateSequence{sequence("s")}), V{"CREATE SEQUENCE s"});

  Sequence small = sequence("small");
  small.type = "integer";
  small.max_value = INT32_MAX;
  small.start = 100;
  small.min_value = 1;
  small.cache = 20;
  small.cycle = true;
  EXPECT_EQ(sql_of(CreateSequence{small}),
            V{"CREATE SEQUENCE small AS integer START WITH 100 CACHE 20 CYCLE"});

  Sequence down = sequence("countdown");
  down.type = "smallint";
  down.increment = -2;
  down.min_value = -32768;
  down.max_value = -1;
  down.start = -1;
  EXPECT_EQ(sql_of(CreateSequence{down}),
            V{"CREATE SEQUENCE countdown AS smallint INCREMENT BY -2"});

  Sequence custom = sequence("custom");
  custom.increment = 10;
  custom.min_value = 5;
  custom.max_value = 1000;
  custom.start = 5;
  custom.comment = "tickets";
  EXPECT_EQ(sql_of(CreateSequence{custom}),
            (V{"CREATE SEQUENCE custom INCREMENT BY 10 MINVALUE 5 MAXVALUE 1000",
               "COMMENT ON SEQUENCE custom IS 'tickets'"}));
}

TEST(PostgresRender, SequenceOwnership) {
  Sequence owned = sequence("users_id_seq");
  owned.owned_by_table = pub("users");
  owned.owned_by_column = "id";
  // The owning table exists already: one statement.
  EXPECT_EQ(sql_of(CreateSequence{owned}), V{"CREATE SEQUENCE users_id_seq OWNED BY users.id"});
  // The owning table comes later in the list: ownership follows it.
  Table users = users_table();
  users.columns[0].default_expr = "nextval('users_id_seq'::regclass)";
  EXPECT_EQ(
      sqls({change(CreateSequence{owned}), change(CreateTable{users}),
            change(CreateIndex{pub("users"), Index{"ix", false, "", {IndexKey{"email"}}}})}),
      (V{"CREATE SEQUENCE users_id_seq",
         "CREATE TABLE users (\n"
         "    id bigint DEFAULT nextval('users_id_seq'::regclass) NOT NULL,\n"
         "    email text NOT NULL,\n"
         "    CONSTRAINT users_pkey PRIMARY KEY (id)\n"
         ")",
         "ALTER SEQUENCE users_id_seq OWNED BY users.id", "CREATE INDEX ix ON users (email)"}));
  // Or the column is added later.
  EXPECT_EQ(
      sqls({change(CreateSequence{owned}), change(AddColumn{pub("users"), col("id", "bigint")})}),
      (V{"CREATE SEQUENCE users_id_seq", "ALTER TABLE users ADD COLUMN id bigint",
         "ALTER SEQUENCE users_id_seq OWNED BY users.id"}));
  // Dropped after its table, an owned sequence may be gone already.
  EXPECT_EQ(sqls({change(DropTable{users}), change(DropSequence{owned})}),
            (V{"DROP TABLE users", "DROP SEQUENCE IF EXISTS users_id_seq"}));
  EXPECT_EQ(sql_of(DropSequence{owned}), V{"DROP SEQUENCE users_id_seq"});
}

TEST(PostgresRender, AlterSequence) {
  Sequence from = sequence("s");
  Sequence to = from;
  to.increment = 5;
  to.cycle = true;
  to.cache = 10;
  EXPECT_EQ(sql_of(AlterSequence{from, to}), V{"ALTER SEQUENCE s INCREMENT BY 5 CACHE 10 CYCLE"});
  EXPECT_EQ(sql_of(AlterSequence{to, from}), V{"ALTER SEQUENCE s INCREMENT BY 1 CACHE 1 NO CYCLE"});
  // A type change states the bounds: ALTER SEQUENCE ... AS would move bounds
  // that were the old type's own.
  Sequence narrow = from;
  narrow.type = "integer";
  narrow.max_value = INT32_MAX;
  EXPECT_EQ(sql_of(AlterSequence{narrow, from}),
            V{"ALTER SEQUENCE s AS bigint MINVALUE 1 MAXVALUE 9223372036854775807"});
  Sequence started = from;
  started.start = 42;
  started.min_value = 10;
  EXPECT_EQ(sql_of(AlterSequence{from, started}), V{"ALTER SEQUENCE s MINVALUE 10 START WITH 42"});
  Sequence owned = from;
  owned.owned_by_table = ObjectName{"app", "t"};
  owned.owned_by_column = "Id";
  EXPECT_EQ(sql_of(AlterSequence{from, owned}), V{"ALTER SEQUENCE s OWNED BY app.t.\"Id\""});
  EXPECT_EQ(sql_of(AlterSequence{owned, from}), V{"ALTER SEQUENCE s OWNED BY NONE"});
  EXPECT_EQ(sql_of(AlterSequence{from, from}), V{});
}

// ---- enums

EnumType mood(V values) {
  EnumType e;
  e.name = pub("mood");
  e.values = std::move(values);
  return e;
}

TEST(PostgresRender, CreateAndDropEnum) {
  EnumType e = mood({"sad", "ok", "it's great"});
  e.comment = "how it feels";
  EXPECT_EQ(sql_of(CreateEnum{e}), (V{"CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s great')",
                                      "COMMENT ON TYPE mood IS 'how it feels'"}));
  EXPECT_EQ(sql_of(DropEnum{e}), V{"DROP TYPE mood"});
  EnumType other;
  other.name = ObjectName{"app", "Status"};
  other.values = {};
  EXPECT_EQ(sql_of(CreateEnum{other}), V{"CREATE TYPE app.\"Status\" AS ENUM ()"});
}

TEST(PostgresRenderEnum, AddValuesInPlace) {
  EXPECT_EQ(sql_of(AlterEnum{mood({"sad", "ok"}), mood({"sad", "ok", "happy", "ecstatic"})}),
            (V{"ALTER TYPE mood ADD VALUE 'happy'", "ALTER TYPE mood ADD VALUE 'ecstatic'"}));
  EXPECT_EQ(sql_of(AlterEnum{mood({"sad", "happy"}), mood({"awful", "bad", "sad", "ok", "happy"})}),
            (V{"ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad'",
               "ALTER TYPE mood ADD VALUE 'bad' AFTER 'awful'",
               "ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad'"}));
  EXPECT_EQ(sql_of(AlterEnum{mood({}), mood({"a", "b"})}),
            (V{"ALTER TYPE mood ADD VALUE 'a'", "ALTER TYPE mood ADD VALUE 'b'"}));
  EXPECT_EQ(sql_of(AlterEnum{mood({"a"}), mood({"a"})}), V{});
}

std::vector<bool> transactional(const ChangeList& changes, int server_version = 0) {
  std::vector<bool> out;
  RenderContext context;
  context.server_version = server_version;
  for (const auto& s : render(changes, context)) out.push_back(s.transactional);
  return out;
}

TEST(PostgresRenderEnum, AddValueTransactionality) {
  Change add = change(AlterEnum{mood({"sad"}), mood({"sad", "happy"})});
  using B = std::vector<bool>;
  EXPECT_EQ(transactional({add}), B{true});
  EXPECT_EQ(transactional({add}, 150004), B{true});
  EXPECT_EQ(transactional({add}, 120000), B{true});
  // Before PostgreSQL 12 ADD VALUE cannot run in a transaction block at all.
  EXPECT_EQ(transactional({add}, 110012), B{false});
  // A later change that uses the type needs the new value committed first.
  EXPECT_EQ(transactional({add, change(AddColumn{pub("t"), col("m", "mood")})}), (B{false, true}));
  EXPECT_EQ(transactional({add, change(AddColumn{pub("t"), col("m", "mood[]")})}),
            (B{false, true}));
  Table t;
  t.name = pub("t");
  t.columns = {col("m", "public.mood")};
  EXPECT_EQ(transactional({add, change(CreateTable{t})}), (B{false, true}));
  EXPECT_EQ(transactional({add, change(AlterColumn{pub("t"), col("m", "text", false, "'x'::text"),
                                                   col("m", "text", false, "'happy'::text")})}),
            (B{false, true}));
  EXPECT_EQ(
      transactional({add, change(AddCheck{pub("t"), CheckConstraint{"c", "m <> 'happy'::mood"}})}),
      (B{false, true}));
  // Unrelated later changes, and a type of the same name elsewhere, do not count.
  EXPECT_EQ(transactional({add, change(AddColumn{pub("t"), col("m", "other.mood")})}),
            (B{true, true}));
  EXPECT_EQ(
      transactional({add, change(AddColumn{pub("t"), col("m", "text", false, "'sad'::text")})}),
      (B{true, true}));
  EXPECT_EQ(transactional({change(AddColumn{pub("t"), col("m", "mood")}), add}), (B{true, true}));
}

Schema schema_with(std::vector<Table> tables) {
  Schema s;
  s.tables = std::move(tables);
  return s;
}

TEST(PostgresRenderEnum, TypeSwapForRemovedValues) {
  Table people;
  people.name = pub("people");
  people.columns = {col("id", "bigint", true), col("mood", "mood", true, "'ok'::mood"),
                    col("history", "mood[]")};
  Table events;
  events.name = ObjectName{"app", "events"};
  events.columns = {col("user", "public.mood")};
  Table gone;
  gone.name = pub("gone");
  gone.columns = {col("m", "mood")};
  Schema from = schema_with({events, gone, people});
  Schema to = schema_with({events, people});
  RenderContext context{&from, &to, 0};

  EnumType before = mood({"sad", "ok", "happy"});
  EnumType after = mood({"sad", "ok"});
  after.comment = "no more happy";
  auto out = render({change(DropTable{gone}), change(AlterEnum{before, after})}, context);
  V expected{
      "DROP TABLE gone",
      "ALTER TYPE mood RENAME TO mood__strata_old",
      "CREATE TYPE mood AS ENUM ('sad', 'ok')",
      "COMMENT ON TYPE mood IS 'no more happy'",
      "ALTER TABLE app.events ALTER COLUMN \"user\" TYPE public.mood USING "
      "\"user\"::text::public.mood",
      "ALTER TABLE people ALTER COLUMN mood DROP DEFAULT, ALTER COLUMN mood TYPE mood USING "
      "mood::text::mood, ALTER COLUMN mood SET DEFAULT 'ok'::mood, ALTER COLUMN history TYPE "
      "mood[] USING history::text::mood[]",
      "DROP TYPE mood__strata_old"};
  V got;
  for (const auto& s : out) got.push_back(s.sql);
  EXPECT_EQ(got, expected);
  ASSERT_EQ(out.size(), expected.size());
  EXPECT_EQ(out[1].comment, "rows holding a removed value make this fail; update them first");
  for (const auto& s : out) EXPECT_TRUE(s.transactional);
}

TEST(PostgresRenderEnum, TypeSwapSeesTheTablesAsTheyAreWhenItRuns) {
  Table t;
  t.name = pub("t");
  t.columns = {col("m", "mood", false, "'happy'::mood"), col("n", "text")};
  Table created;
  created.name = pub("created");
  created.columns = {col("m", "mood")};
  Schema from = schema_with({t});
  Table t_after = t;
  t_after.columns = {col("m", "mood", false, "'ok'::mood"), col("n", "mood"), col("k", "mood")};
  Schema to = schema_with({created, t_after});
  RenderContext context{&from, &to, 0};
  // n becomes a mood and k is added before the swap; "created" only after it.
  ChangeList changes{change(AlterColumn{pub("t"), col("n", "text"), col("n", "mood")}),
                     change(AddColumn{pub("t"), col("k", "mood")}),
                     change(AlterEnum{mood({"sad", "happy"}), mood({"ok", "sad"})}),
                     change(CreateTable{created})};
  auto out = render(changes, context);
  ASSERT_EQ(out.size(), 7u);
  EXPECT_EQ(out[2].sql, "ALTER TYPE mood RENAME TO mood__strata_old");
  EXPECT_EQ(out[3].sql, "CREATE TYPE mood AS ENUM ('ok', 'sad')");
  // The default names the removed value 'happy': not set again.
  EXPECT_EQ(out[4].sql,
            "ALTER TABLE t ALTER COLUMN m DROP DEFAULT, ALTER COLUMN m TYPE mood USING "
            "m::text::mood, ALTER COLUMN n TYPE mood USING n::text::mood, ALTER COLUMN k TYPE "
            "mood USING k::text::mood");
  EXPECT_EQ(out[4].comment, "the default of t.m names a removed value and is not set again");
  EXPECT_EQ(out[5].sql, "DROP TYPE mood__strata_old");
  EXPECT_EQ(out[6].sql, "CREATE TABLE created (\n    m mood\n)");
}

TEST(PostgresRenderEnum, ReorderAndRenameSwapToo) {
  EnumType e = mood({"a", "b"});
  e.name = ObjectName{"app", "Mood"};
  EnumType reordered = e;
  reordered.values = {"b", "a"};
  EXPECT_EQ(
      sql_of(AlterEnum{e, reordered}),
      (V{"ALTER TYPE app.\"Mood\" RENAME TO \"Mood__strata_old\"",
         "CREATE TYPE app.\"Mood\" AS ENUM ('b', 'a')", "DROP TYPE app.\"Mood__strata_old\""}));
  EnumType renamed = e;
  renamed.values = {"a", "c"};
  EXPECT_EQ(
      sql_of(AlterEnum{e, renamed}),
      (V{"ALTER TYPE app.\"Mood\" RENAME TO \"Mood__strata_old\"",
         "CREATE TYPE app.\"Mood\" AS ENUM ('a', 'c')", "DROP TYPE app.\"Mood__strata_old\""}));
}

// ---- comments

TEST(PostgresRender, SetComment) {
  auto comment = [](CommentTarget target, ObjectName object, std::string column,
                    std::optional<std::string> to, const RenderContext& context = {}) {
    SetComment c;
    c.target = target;
    c.object = std::move(object);
    c.column = std::move(column);
    c.to = std::move(to);
    V out = sqls({change(c)}, context);
    return out.size() == 1 ? out[0] : std::string("?");
  };
  EXPECT_EQ(comment(CommentTarget::table, pub("users"), "", "people"),
            "COMMENT ON TABLE users IS 'people'");
  EXPECT_EQ(comment(CommentTarget::table, pub("users"), "", std::nullopt),
            "COMMENT ON TABLE users IS NULL");
  EXPECT_EQ(comment(CommentTarget::column, ObjectName{"app", "user"}, "Email", "it's a\\path"),
            "COMMENT ON COLUMN app.\"user\".\"Email\" IS E'it''s a\\\\path'");
  EXPECT_EQ(comment(CommentTarget::view, pub("v"), "", "v"), "COMMENT ON VIEW v IS 'v'");
  View m;
  m.name = pub("m");
  m.materialized = true;
  Schema with_view;
  with_view.views = {m};
  EXPECT_EQ(comment(CommentTarget::view, pub("m"), "", "m", RenderContext{nullptr, &with_view, 0}),
            "COMMENT ON MATERIALIZED VIEW m IS 'm'");
  EXPECT_EQ(comment(CommentTarget::view, pub("m"), "", "m", RenderContext{&with_view, nullptr, 0}),
            "COMMENT ON MATERIALIZED VIEW m IS 'm'");
  EXPECT_EQ(comment(CommentTarget::index, ObjectName{"app", "ix"}, "", "i"),
            "COMMENT ON INDEX app.ix IS 'i'");
  EXPECT_EQ(comment(CommentTarget::sequence, pub("s"), "", std::nullopt),
            "COMMENT ON SEQUENCE s IS NULL");
  EXPECT_EQ(comment(CommentTarget::type, pub("mood"), "", "t"), "COMMENT ON TYPE mood IS 't'");
}

// ---- other objects

OtherObject other(std::string kind, ObjectName name, ObjectName table = {},
                  std::string definition = {}) {
  return OtherObject{std::move(kind), std::move(name), std::move(table), std::move(definition)};
}

TEST(PostgresRender, OtherObjects) {
  EXPECT_EQ(sql_of(CreateOther{other("function", pub("f(integer)"), {},
                                     "CREATE OR REPLACE FUNCTION public.f(x integer)\n RETURNS "
                                     "integer\n LANGUAGE sql\nAS $function$ SELECT x; "
                                     "$function$\n;\n")}),
            V{"CREATE OR REPLACE FUNCTION public.f(x integer)\n RETURNS integer\n LANGUAGE "
              "sql\nAS $function$ SELECT x; $function$"});
  auto unknown = render({change(CreateOther{other("policy", pub("p"), pub("t"))})});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].sql, "");
  EXPECT_EQ(unknown[0].comment, "cannot create policy p: its definition is unknown");

  EXPECT_EQ(sql_of(DropOther{other("function", ObjectName{"app", "Calc(integer, text)"})}),
            V{"DROP FUNCTION app.\"Calc\"(integer, text)"});
  EXPECT_EQ(sql_of(DropOther{other("procedure", pub("p()"))}), V{"DROP PROCEDURE p()"});
  EXPECT_EQ(sql_of(DropOther{other("trigger", pub("trg"), ObjectName{"app", "user"})}),
            V{"DROP TRIGGER trg ON app.\"user\""});
  EXPECT_EQ(sql_of(DropOther{other("policy", pub("Own rows"), pub("t"))}),
            V{"DROP POLICY \"Own rows\" ON t"});
  EXPECT_EQ(sql_of(DropOther{other("rule", pub("r"), pub("t"))}), V{"DROP RULE r ON t"});
  EXPECT_EQ(sql_of(DropOther{other("domain", ObjectName{"app", "email"})}),
            V{"DROP DOMAIN app.email"});
  EXPECT_EQ(sql_of(DropOther{other("type", pub("pair"))}), V{"DROP TYPE pair"});
}

TEST(PostgresRender, UnsupportedBecomesAComment) {
  auto out = render({change(Unsupported{"cast text AS point differs"})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].sql, "");
  EXPECT_EQ(out[0].comment, "cast text AS point differs");
}

// ---- list handling

TEST(PostgresRender, ImpliedChangesRenderNothingAndNotesBecomeComments) {
  Table t = users_table();
  Index ix;
  ix.name = "ix_users_email";
  ix.keys = {IndexKey{"email"}};
  auto out = render({implied(DropIndex{pub("users"), ix}),
                     change(DropTable{t}, "the rows of users are not restored"),
                     change(AddColumn{pub("a"), col("c", "text")})});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].sql, "DROP TABLE users");
  EXPECT_EQ(out[0].comment, "the rows of users are not restored");
  EXPECT_EQ(out[1].comment, "");

  // A note goes on the first statement, above what the renderer says itself.
  Column gen = col("g", "integer");
  gen.generated = "1";
  auto rebuilt = render({change(AlterColumn{pub("t"), col("g", "integer"), gen}, "careful")});
  ASSERT_EQ(rebuilt.size(), 2u);
  EXPECT_EQ(rebuilt[0].comment,
            "careful\nt.g is dropped and added again with its new generation expression: its "
            "data is recomputed");

  // A note on a change without statements is still printed.
  auto nothing = render({change(AlterSequence{sequence("s"), sequence("s")}, "no-op")});
  ASSERT_EQ(nothing.size(), 1u);
  EXPECT_EQ(nothing[0].sql, "");
  EXPECT_EQ(nothing[0].comment, "no-op");
}

TEST(PostgresRender, StatementsAreTransactionalUnlessNoted) {
  for (const auto& s :
       render({change(CreateTable{users_table()}), change(CreateEnum{mood({"a"})})})) {
    EXPECT_TRUE(s.transactional) << s.sql;
  }
}

// ---- reverses: the down section is the rendering of reverse(changes), with
// the schemas swapped.

V down_sqls(const ChangeList& changes, const RenderContext& context = {}) {
  return sqls(reverse(changes), RenderContext{context.to, context.from, context.server_version});
}

struct Case {
  ChangeOp op;
  V up;
  V down;
};

TEST(PostgresRenderReverse, EveryChangeKindAndItsReverse) {
  Table t = users_table();
  Column nick = col("nick", "text", false, "'?'::text");
  Index ix{"ix_users_email", true, "", {IndexKey{"email"}}};
  ForeignKey fk;
  fk.name = "orders_user_fk";
  fk.columns = {"user_id"};
  fk.ref_table = pub("users");
  fk.ref_columns = {"id"};
  fk.on_delete = FkAction::cascade;
  View v;
  v.name = pub("v");
  v.definition = "SELECT 1";
  Sequence s = sequence("s");
  Sequence s2 = s;
  s2.increment = 2;
  SetComment comment;
  comment.target = CommentTarget::column;
  comment.object = pub("users");
  comment.column = "email";
  comment.from = "old";
  comment.to = "new";
  OtherObject trg{"trigger", pub("trg"), pub("users"),
                  "CREATE TRIGGER trg BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE "
                  "FUNCTION touch()"};

  std::vector<Case> cases = {
      {CreateNamespace{"app"}, {"CREATE SCHEMA app"}, {"DROP SCHEMA app"}},
      {DropNamespace{"app"}, {"DROP SCHEMA app"}, {"CREATE SCHEMA app"}},
      {CreateExtension{Extension{"citext", "public"}},
       {"CREATE EXTENSION IF NOT EXISTS citext SCHEMA public"},
       {"DROP EXTENSION citext"}},
      {CreateEnum{mood({"a", "b"})}, {"CREATE TYPE mood AS ENUM ('a', 'b')"}, {"DROP TYPE mood"}},
      {DropEnum{mood({"a"})}, {"DROP TYPE mood"}, {"CREATE TYPE mood AS ENUM ('a')"}},
      {AlterEnum{mood({"a"}), mood({"a", "b"})},
       {"ALTER TYPE mood ADD VALUE 'b'"},
       {"ALTER TYPE mood RENAME TO mood__strata_old", "CREATE TYPE mood AS ENUM ('a')",
        "DROP TYPE mood__strata_old"}},
      {CreateSequence{s}, {"CREATE SEQUENCE s"}, {"DROP SEQUENCE s"}},
      {DropSequence{s2}, {"DROP SEQUENCE s"}, {"CREATE SEQUENCE s INCREMENT BY 2"}},
      {AlterSequence{s, s2},
       {"ALTER SEQUENCE s INCREMENT BY 2"},
       {"ALTER SEQUENCE s INCREMENT BY 1"}},
      {CreateTable{t},
       {"CREATE TABLE users (\n    id bigint NOT NULL,\n    email text NOT NULL,\n    "
        "CONSTRAINT users_pkey PRIMARY KEY (id)\n)"},
       {"DROP TABLE users"}},
      {RenameTable{pub("users"), pub("people")},
       {"ALTER TABLE users RENAME TO people"},
       {"ALTER TABLE people RENAME TO users"}},
      {AddColumn{pub("users"), nick},
       {"ALTER TABLE users ADD COLUMN nick text DEFAULT '?'::text"},
       {"ALTER TABLE users DROP COLUMN nick"}},
      {RenameColumn{pub("users"), "nick", "handle"},
       {"ALTER TABLE users RENAME COLUMN nick TO handle"},
       {"ALTER TABLE users RENAME COLUMN handle TO nick"}},
      {AlterColumn{pub("users"), col("age", "text"), col("age", "integer", true)},
       {"ALTER TABLE users ALTER COLUMN age TYPE integer USING age::integer, ALTER COLUMN age SET "
        "NOT NULL"},
       {"ALTER TABLE users ALTER COLUMN age DROP NOT NULL, ALTER COLUMN age TYPE text USING "
        "age::text"}},
      {AddPrimaryKey{pub("users"), *t.primary_key},
       {"ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id)"},
       {"ALTER TABLE users DROP CONSTRAINT users_pkey"}},
      {DropUnique{pub("users"), UniqueConstraint{"users_email_key", {"email"}}},
       {"ALTER TABLE users DROP CONSTRAINT users_email_key"},
       {"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)"}},
      {AddForeignKey{pub("orders"), fk},
       {"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users "
        "(id) ON DELETE CASCADE"},
       {"ALTER TABLE orders DROP CONSTRAINT orders_user_fk"}},
      {DropCheck{pub("users"), CheckConstraint{"ck", "id > 0", false}},
       {"ALTER TABLE users DROP CONSTRAINT ck"},
       {"ALTER TABLE users ADD CONSTRAINT ck CHECK (id > 0)"}},
      {CreateIndex{pub("users"), ix},
       {"CREATE UNIQUE INDEX ix_users_email ON users (email)"},
       {"DROP INDEX ix_users_email"}},
      {CreateView{v}, {"CREATE VIEW v AS SELECT 1"}, {"DROP VIEW v"}},
      {DropView{v}, {"DROP VIEW v"}, {"CREATE VIEW v AS SELECT 1"}},
      {comment,
       {"COMMENT ON COLUMN users.email IS 'new'"},
       {"COMMENT ON COLUMN users.email IS 'old'"}},
      {CreateOther{trg}, {trg.definition}, {"DROP TRIGGER trg ON users"}},
      {DropOther{trg}, {"DROP TRIGGER trg ON users"}, {trg.definition}},
      {Unsupported{"x"}, {""}, {""}},
  };
  for (const auto& c : cases) {
    ChangeList list{change(c.op)};
    SCOPED_TRACE(c.up.empty() ? std::string() : c.up[0]);
    EXPECT_EQ(sqls(list), c.up);
    EXPECT_EQ(down_sqls(list), c.down);
  }
}

TEST(PostgresRenderReverse, DroppedDataIsNotRestoredAndSaysSo) {
  Table t = users_table();
  Index ix{"ix_users_email", false, "", {IndexKey{"email"}}};
  t.indexes = {ix};
  ChangeList up{implied(DropIndex{pub("users"), ix}), change(DropTable{t}),
                change(DropColumn{pub("orders"), col("note", "text")})};
  EXPECT_EQ(sqls(up), (V{"DROP TABLE users", "ALTER TABLE orders DROP COLUMN note"}));
  auto down = render(reverse(up));
  ASSERT_EQ(down.size(), 3u);
  EXPECT_EQ(down[0].sql, "ALTER TABLE orders ADD COLUMN note text");
  EXPECT_EQ(down[0].comment, "the data of orders.note is not restored");
  EXPECT_EQ(down[1].sql,
            "CREATE TABLE users (\n    id bigint NOT NULL,\n    email text NOT NULL,\n    "
            "CONSTRAINT users_pkey PRIMARY KEY (id)\n)");
  EXPECT_EQ(down[1].comment, "the rows of users are not restored");
  EXPECT_EQ(down[2].sql, "CREATE INDEX ix_users_email ON users (email)");
}

TEST(PostgresRenderReverse, EnumSwapAndItsReverse) {
  // Up: the column stops defaulting to 'happy', then 'happy' is removed (a
  // swap). Down: 'happy' comes back in place, outside the transaction since
  // the default that follows names it.
  Table t;
  t.name = pub("t");
  t.columns = {col("m", "mood", false, "'happy'::mood")};
  Table t_after = t;
  t_after.columns = {col("m", "mood", false, "'ok'::mood")};
  Schema from = schema_with({t});
  Schema to = schema_with({t_after});
  ChangeList up{change(AlterColumn{pub("t"), t.columns[0], t_after.columns[0]}),
                change(AlterEnum{mood({"ok", "happy", "sad"}), mood({"ok", "sad"})})};
  RenderContext context{&from, &to, 0};
  EXPECT_EQ(
      sqls(up, context),
      (V{"ALTER TABLE t ALTER COLUMN m SET DEFAULT 'ok'::mood",
         "ALTER TYPE mood RENAME TO mood__strata_old", "CREATE TYPE mood AS ENUM ('ok', 'sad')",
         "ALTER TABLE t ALTER COLUMN m DROP DEFAULT, ALTER COLUMN m TYPE mood USING "
         "m::text::mood, ALTER COLUMN m SET DEFAULT 'ok'::mood",
         "DROP TYPE mood__strata_old"}));
  auto down = render(reverse(up), RenderContext{&to, &from, 0});
  ASSERT_EQ(down.size(), 2u);
  EXPECT_EQ(down[0].sql, "ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok'");
  EXPECT_FALSE(down[0].transactional);
  EXPECT_EQ(down[1].sql, "ALTER TABLE t ALTER COLUMN m SET DEFAULT 'happy'::mood");
  EXPECT_TRUE(down[1].transactional);
}

// ---- on a real server

using test_support::random_suffix;

// Runs rendered statements as the runner would: transactional ones together
// in one transaction, the others between transactions.
class PostgresRenderLive : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_PG_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    auto admin = postgres_dialect().connect(*admin_url);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    db_name_ = "strata_render_" + random_suffix();
    ASSERT_TRUE(admin_->exec("CREATE DATABASE " + db_name_).has_value());
    Url url = *admin_url;
    url.database = db_name_;
    auto conn = postgres_dialect().connect(url);
    ASSERT_TRUE(conn.has_value()) << conn.error().message;
    conn_ = std::move(*conn);
  }

  void TearDown() override {
    conn_.reset();
    if (admin_ && !db_name_.empty()) {
      auto dropped = admin_->exec("DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
      EXPECT_TRUE(dropped.has_value()) << dropped.error().message;
    }
  }

  // True when every statement ran; the failing one is reported.
  bool apply(const ChangeList& changes, const RenderContext& context = {}) {
    auto statements = render_postgres(changes, context);
    if (!statements) {
      ADD_FAILURE() << statements.error().message;
      return false;
    }
    return execute(*statements);
  }

  bool execute(const std::vector<Statement>& statements, bool report = true) {
    bool open = false;
    for (const auto& s : statements) {
      if (s.sql.empty()) continue;
      if (s.transactional && !open) {
        if (!conn_->begin()) return false;
        open = true;
      } else if (!s.transactional && open) {
        if (!conn_->commit()) return false;
        open = false;
      }
      auto r = conn_->exec(s.sql);
      if (!r) {
        if (report) ADD_FAILURE() << s.sql << "\n -> " << r.error().message;
        if (open) (void)conn_->rollback();
        return false;
      }
    }
    if (open && !conn_->commit()) return false;
    return true;
  }

  std::string value(std::string_view sql) {
    auto r = conn_->query(sql);
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
    if (!r || r->rows.size() != 1 || r->rows[0].size() != 1 || !r->rows[0][0]) return "<none>";
    return *r->rows[0][0];
  }

  void exec(std::string_view sql) {
    auto r = conn_->exec(sql);
    ASSERT_TRUE(r.has_value()) << sql << ": " << r.error().message;
  }

  std::string db_name_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PostgresRenderLive, TablesIndexesForeignKeysViewsAndSequences) {
  Table users;
  users.name = ObjectName{"Auth", "user"};
  Column id = col("id", "bigint", true);
  id.identity = Identity::always;
  Column email = col("Email", "text", true);
  email.collation = "C";
  email.comment = "login";
  Column total = col("select", "integer");
  total.generated = "length(\"Email\")";
  total.generated_stored = true;
  users.columns = {id, email, total, col("prénom", "character varying(40)", false, "'x'::text")};
  users.primary_key = PrimaryKey{"user_pkey", {"id"}};
  users.uniques = {UniqueConstraint{"user email", {"Email"}, true, true, true}};
  users.checks = {CheckConstraint{"email_at", "\"Email\" ~~ '%@%'::text", true}};
  users.comment = "people";

  Table orders;
  orders.name = pub("order");
  orders.columns = {col("id", "integer", true, "nextval('order_id_seq'::regclass)"),
                    col("user_id", "bigint"), col("placed", "timestamp with time zone")};
  orders.primary_key = PrimaryKey{"", {"id"}};

  Sequence seq = sequence("order_id_seq");
  seq.type = "integer";
  seq.max_value = INT32_MAX;
  seq.owned_by_table = pub("order");
  seq.owned_by_column = "id";

  ForeignKey fk;
  fk.name = "order_user";
  fk.columns = {"user_id"};
  fk.ref_table = users.name;
  fk.ref_columns = {"id"};
  fk.match_full = true;
  fk.on_delete = FkAction::cascade;
  fk.deferrable = true;
  fk.not_valid = true;

  Index ix;
  ix.name = "ix_user_email";
  ix.unique = true;
  IndexKey lower{"lower(\"Email\")", false};
  lower.descending = true;
  ix.keys = {lower};
  ix.include = {"id"};
  ix.where = "(id > 0)";
  ix.comment = "case-insensitive";

  View v;
  v.name = pub("recent");
  v.definition =
      " SELECT o.id\n   FROM \"order\" o\n  WHERE o.placed > (now() - '1 day'::interval);";
  View m = v;
  m.name = pub("recent_m");
  m.materialized = true;
  m.indexes = {Index{"recent_m_id", true, "", {IndexKey{"id"}}}};
  m.comment = "snapshot";

  ChangeList up{change(CreateNamespace{"Auth"}),
                change(CreateSequence{seq}),
                change(CreateTable{users}),
                change(CreateTable{orders}),
                change(CreateIndex{users.name, ix}),
                change(AddForeignKey{orders.name, fk}),
                change(CreateView{v}),
                change(CreateView{m}),
                change(CreateIndex{m.name, m.indexes[0]})};
  ASSERT_TRUE(apply(up));
  exec("INSERT INTO \"Auth\".\"user\" (\"Email\") VALUES ('a@x')");
  exec("INSERT INTO \"order\" (user_id) VALUES (1)");
  EXPECT_EQ(value("SELECT \"select\" FROM \"Auth\".\"user\""), "3");
  EXPECT_EQ(value("SELECT pg_get_serial_sequence('\"order\"', 'id')"), "public.order_id_seq");
  EXPECT_EQ(value("SELECT obj_description('\"Auth\".ix_user_email'::regclass)"),
            "case-insensitive");
  EXPECT_EQ(value("SELECT convalidated FROM pg_constraint WHERE conname = 'order_user'"), "f");
  EXPECT_EQ(value("SELECT convalidated FROM pg_constraint WHERE conname = 'email_at'"), "f");

  ChangeList down{change(DropView{m}),
                  change(DropView{v}),
                  change(DropForeignKey{orders.name, fk}),
                  change(DropIndex{users.name, ix}),
                  change(DropTable{orders}),
                  change(DropSequence{seq}),
                  change(DropTable{users}),
                  change(DropNamespace{"Auth"})};
  ASSERT_TRUE(apply(down));
  EXPECT_EQ(value("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"),
            "0");
}

TEST_F(PostgresRenderLive, AlterColumns) {
  exec(
      "CREATE TABLE t (a text DEFAULT '1', b serial, g integer GENERATED ALWAYS AS (2) STORED, "
      "v varchar(10) NOT NULL DEFAULT 'x')");
  exec("INSERT INTO t (a) VALUES ('42')");
  Column b_from = col("b", "integer", true, "nextval('t_b_seq'::regclass)");
  Column b_to = col("b", "bigint", true);
  b_to.identity = Identity::by_default;
  Column g_from = col("g", "integer");
  g_from.generated = "2";
  g_from.generated_stored = true;
  Column g_to = g_from;
  g_to.generated = "3";
  ChangeList up{
      change(AlterColumn{pub("t"), col("a", "text", false, "'1'::text"),
                         col("a", "integer", true, "7")}),
      change(AlterColumn{pub("t"), b_from, b_to}),
      change(AlterColumn{pub("t"), g_from, g_to}),
      change(AlterColumn{pub("t"),
                         col("v", "character varying(10)", true, "'x'::character varying"),
                         col("v", "text")}),
  };
  ASSERT_TRUE(apply(up));
  EXPECT_EQ(value("SELECT a + 1 FROM t"), "43");
  EXPECT_EQ(value("SELECT g FROM t"), "3");
  EXPECT_EQ(value("SELECT attidentity FROM pg_attribute WHERE attrelid = 't'::regclass AND "
                  "attname = 'b'"),
            "d");
  EXPECT_EQ(value("SELECT format_type(atttypid, atttypmod) || attnotnull FROM pg_attribute WHERE "
                  "attrelid = 't'::regclass AND attname = 'v'"),
            "textfalse");
  exec("INSERT INTO t DEFAULT VALUES");
  EXPECT_EQ(value("SELECT string_agg(a::text, ',' ORDER BY a) FROM t"), "7,42");
  ChangeList back{change(AlterColumn{pub("t"), g_to, col("g", "integer")}),
                  change(AlterColumn{pub("t"), col("a", "integer", true, "7"), col("a", "text")})};
  ASSERT_TRUE(apply(back));
  EXPECT_EQ(value("SELECT string_agg(a || ':' || g, ',' ORDER BY a) FROM t"), "42:3,7:3");
}

TEST_F(PostgresRenderLive, EnumValuesAddedAndUsedInOneRun) {
  exec("CREATE TYPE mood AS ENUM ('sad', 'ok')");
  exec("CREATE TABLE t (id int)");
  // ADD VALUE runs outside the transaction because the column's default uses
  // a new value: inside it, PostgreSQL refuses ("unsafe use of new value").
  ChangeList up{
      change(AlterEnum{mood({"sad", "ok"}), mood({"awful", "sad", "meh", "ok", "happy"})}),
      change(AddColumn{pub("t"), col("m", "mood", false, "'happy'::mood")})};
  auto statements = render(up);
  ASSERT_EQ(statements.size(), 4u);
  std::vector<Statement> all_in_one = statements;
  for (auto& s : all_in_one) s.transactional = true;
  EXPECT_FALSE(execute(all_in_one, false));
  ASSERT_TRUE(execute(statements));
  EXPECT_EQ(value("SELECT enum_range(NULL::mood)::text"), "{awful,sad,meh,ok,happy}");
  exec("INSERT INTO t (id) VALUES (1)");
  EXPECT_EQ(value("SELECT m FROM t"), "happy");
}

TEST_F(PostgresRenderLive, EnumTypeSwapKeepsRowsAndDefaults) {
  exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  exec("CREATE SCHEMA app");
  exec("CREATE TABLE t (id int, m mood NOT NULL DEFAULT 'ok', hist mood[])");
  exec("CREATE TABLE app.\"user\" (\"order\" mood DEFAULT 'happy')");
  exec("INSERT INTO t VALUES (1, 'sad', '{sad,ok}'), (2, 'ok', NULL)");
  exec("INSERT INTO app.\"user\" VALUES ('ok')");
  Table t;
  t.name = pub("t");
  t.columns = {col("id", "integer"), col("m", "mood", true, "'ok'::mood"), col("hist", "mood[]")};
  Table u;
  u.name = ObjectName{"app", "user"};
  u.columns = {col("order", "mood", false, "'happy'::mood")};
  Schema from = schema_with({u, t});
  Table u_after = u;
  u_after.columns = {col("order", "mood", false, "'ok'::mood")};
  Schema to = schema_with({u_after, t});
  ChangeList changes{change(AlterEnum{mood({"sad", "ok", "happy"}), mood({"ok", "sad"})}),
                     change(AlterColumn{u.name, u.columns[0], u_after.columns[0]})};
  ASSERT_TRUE(apply(changes, RenderContext{&from, &to, 150000}));
  EXPECT_EQ(value("SELECT enum_range(NULL::mood)::text"), "{ok,sad}");
  EXPECT_EQ(value("SELECT string_agg(m || '/' || coalesce(hist::text, '-'), ',' ORDER BY id) "
                  "FROM t"),
            "sad/{sad,ok},ok/-");
  EXPECT_EQ(value("SELECT count(*) FROM pg_type WHERE typname = 'mood__strata_old'"), "0");
  exec("INSERT INTO t (id) VALUES (3)");
  exec("INSERT INTO app.\"user\" DEFAULT VALUES");
  EXPECT_EQ(value("SELECT string_agg(\"order\"::text, ',') FROM app.\"user\""), "ok,ok");
  EXPECT_EQ(value("SELECT m FROM t WHERE id = 3"), "ok");
}

// The catalog's own description of the public schema: columns, constraints,
// indexes, enum values, comments and views.
constexpr std::string_view kFingerprintSql = R"sql(
SELECT concat_ws(E'\n---\n',
  (SELECT string_agg(format('%s.%s %s %s %s %s', c.relname, a.attname,
                            format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,
                            pg_get_expr(d.adbin, d.adrelid)), E'\n' ORDER BY c.relname, a.attnum)
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
      AND NOT a.attisdropped),
  (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname)
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace),
  (SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes
    WHERE schemaname = 'public'),
  (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum
    WHERE enumtypid = 'mood'::regtype),
  (SELECT string_agg(c.relname || ': ' || obj_description(c.oid, 'pg_class'), E'\n')
     FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
      AND obj_description(c.oid, 'pg_class') IS NOT NULL),
  (SELECT string_agg(viewname, ',') FROM pg_views WHERE schemaname = 'public'))
)sql";

TEST_F(PostgresRenderLive, DownRestoresTheSchemaUpChanged) {
  exec("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  exec(
      "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
      "email text NOT NULL, m mood DEFAULT 'ok', age text)");
  exec("CREATE TABLE orders (id integer PRIMARY KEY, user_id bigint)");
  exec("INSERT INTO users (email, m, age) VALUES ('a@x', 'happy', '30'), ('b@x', 'sad', NULL)");
  exec("INSERT INTO orders VALUES (1, 1), (2, 2)");
  std::string before = value(kFingerprintSql);

  Column id = col("id", "bigint", true);
  id.identity = Identity::always;
  Table users;
  users.name = pub("users");
  users.columns = {id, col("email", "text", true), col("m", "mood", false, "'ok'::mood"),
                   col("age", "text")};
  users.primary_key = PrimaryKey{"users_pkey", {"id"}};
  Table orders;
  orders.name = pub("orders");
  orders.columns = {col("id", "integer", true), col("user_id", "bigint")};
  orders.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  Schema from = schema_with({orders, users});
  Table users_after = users;
  users_after.columns[3] = col("age", "integer");
  users_after.columns.push_back(col("nick", "text", false, "'?'::text"));
  users_after.uniques = {UniqueConstraint{"users_email_key", {"email"}}};
  users_after.comment = "people";
  Schema to = schema_with({orders, users_after});

  ForeignKey fk;
  fk.name = "orders_user_id_fkey";
  fk.columns = {"user_id"};
  fk.ref_table = pub("users");
  fk.ref_columns = {"id"};
  fk.on_delete = FkAction::cascade;
  Index lower{"ix_users_lower_email", false, "", {IndexKey{"lower(email)", false}}};
  View v;
  v.name = pub("moods");
  v.definition = "SELECT users.m, count(*) AS n FROM users GROUP BY users.m;";
  SetComment comment;
  comment.object = pub("users");
  comment.to = "people";

  ChangeList up{
      change(AlterEnum{mood({"sad", "ok", "happy"}), mood({"sad", "ok", "happy", "great"})}),
      change(AddColumn{pub("users"), users_after.columns[4]}),
      change(AlterColumn{pub("users"), users.columns[3], users_after.columns[3]}),
      change(AddUnique{pub("users"), users_after.uniques[0]}),
      change(AddForeignKey{pub("orders"), fk}),
      change(CreateIndex{pub("users"), lower}),
      change(comment),
      change(CreateView{v})};
  ASSERT_TRUE(apply(up, RenderContext{&from, &to, 150000}));
  EXPECT_NE(value(kFingerprintSql), before);
  EXPECT_EQ(value("SELECT sum(age) FROM users"), "30");
  ASSERT_TRUE(apply(reverse(up), RenderContext{&to, &from, 150000}));
  EXPECT_EQ(value(kFingerprintSql), before);
  EXPECT_EQ(
      value("SELECT string_agg(email || m || coalesce(age, '-'), ',' ORDER BY id) FROM users"),
      "a@xhappy30,b@xsad-");
}

TEST_F(PostgresRenderLive, AwkwardNamesRunAsWritten) {
  Table t;
  t.name = ObjectName{"Über Schema", "Order"};
  t.columns = {col("user", "integer", true), col("say \"hi\"", "text"), col("名前", "text")};
  t.primary_key = PrimaryKey{"Order pkey", {"user"}};
  Index ix{"select", false, "", {IndexKey{"say \"hi\""}, IndexKey{"名前"}}};
  ChangeList up{change(CreateNamespace{"Über Schema"}),
                change(CreateTable{t}),
                change(CreateIndex{t.name, ix}),
                change(RenameColumn{t.name, "名前", "Name"}),
                change(AddColumn{t.name, col("order", "text")}),
                change(RenameTable{t.name, ObjectName{"Über Schema", "group"}})};
  ASSERT_TRUE(apply(up));
  exec("INSERT INTO \"Über Schema\".\"group\" VALUES (1, 'hi', 'n', 'o')");
  EXPECT_EQ(
      value("SELECT \"Name\" || \"order\" || \"say \"\"hi\"\"\" FROM \"Über Schema\".\"group\""),
      "nohi");
  EXPECT_EQ(value("SELECT count(*) FROM pg_indexes WHERE indexname = 'select'"), "1");
  ASSERT_TRUE(apply(reverse(up)));
  EXPECT_EQ(value("SELECT count(*) FROM pg_namespace WHERE nspname = 'Über Schema'"), "0");
}

}  // namespace
}  // namespace strata::detail::schema
