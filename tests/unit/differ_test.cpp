#include "diff/differ.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "diff/diff_support.hpp"

namespace strata::detail {
namespace {

using namespace schema;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

ObjectName pub(std::string name) { return {"public", std::move(name)}; }
ObjectName lite(std::string name) { return {"", std::move(name)}; }

Column col(std::string name, std::string type, bool not_null = false,
           std::optional<std::string> def = std::nullopt) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(def);
  return c;
}

Table table(ObjectName name, std::vector<Column> columns) {
  Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  return t;
}

Index index(std::string name, std::vector<std::string> columns, bool unique = false) {
  Index i;
  i.name = std::move(name);
  i.unique = unique;
  for (auto& c : columns) i.keys.push_back(IndexKey{std::move(c)});
  return i;
}

ForeignKey fk(std::string name, std::vector<std::string> columns, ObjectName ref,
              std::vector<std::string> ref_columns) {
  ForeignKey k;
  k.name = std::move(name);
  k.columns = std::move(columns);
  k.ref_table = std::move(ref);
  k.ref_columns = std::move(ref_columns);
  return k;
}

View view(ObjectName name, std::string definition, std::vector<ObjectName> depends_on) {
  View v;
  v.name = std::move(name);
  v.definition = std::move(definition);
  v.depends_on = std::move(depends_on);
  return v;
}

OtherObject other(std::string kind, ObjectName name, ObjectName on, std::string definition) {
  return OtherObject{std::move(kind), std::move(name), std::move(on), std::move(definition)};
}

Schema pg(std::vector<Table> tables, std::vector<View> views = {}) {
  Schema s;
  s.namespaces = {"public"};
  s.tables = std::move(tables);
  s.views = std::move(views);
  return s;
}

// describe() of each change, implied ones marked.
std::vector<std::string> lines(const ChangeList& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back((c.implied ? "(implied) " : "") + describe(c));
  return out;
}

std::vector<std::string> kinds(const ChangeList& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(kind_name(c));
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string candidate_text(const RenameCandidate& c) {
  if (c.is_column) return display(c.table) + ": " + c.from.name + " -> " + c.to.name;
  return display(c.from) + " -> " + display(c.to);
}

// ---- a PostgreSQL-like pair touching every group of the order

Schema shop_before() {
  Schema s = pg({});
  s.namespaces = {"legacy_ns", "public"};
  s.extensions = {{"hstore", "public"}};
  s.enums = {EnumType{pub("mood"), {"sad", "happy"}, std::nullopt},
             EnumType{pub("status"), {"a", "b"}, std::nullopt}};
  Sequence old_seq;
  old_seq.name = pub("old_seq");
  s.sequences = {old_seq};

  Table users = table(
      pub("users"), {col("id", "integer", true), col("name", "character varying(20)", true, "'x'"),
                     col("email", "text")});
  users.primary_key = PrimaryKey{"users_pkey", {"id"}};
  users.indexes = {index("ix_users_name", {"name"})};

  Table legacy = table(pub("legacy"), {col("id", "integer"), col("user_id", "integer")});
  legacy.foreign_keys = {fk("legacy_user_fk", {"user_id"}, pub("users"), {"id"})};
  legacy.indexes = {index("ix_legacy_user", {"user_id"})};

  Table orders = table(pub("orders"), {col("id", "integer", true), col("user_id", "integer"),
                                       col("total", "numeric")});
  orders.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  orders.foreign_keys = {fk("orders_user_fk", {"user_id"}, pub("users"), {"id"})};
  orders.checks = {CheckConstraint{"orders_total_ck", "total >= 0"}};
  orders.uniques = {UniqueConstraint{"orders_uq", {"id", "user_id"}}};
  s.tables = {legacy, orders, users};

  s.views = {view(pub("v_users"), "SELECT id, name FROM users", {pub("users")})};
  s.others = {other("function", pub("f()"), {}, "CREATE FUNCTION f() v1"),
              other("policy", pub("p"), pub("users"), "")};
  return s;
}

Schema shop_after() {
  Schema s = pg({});
  s.namespaces = {"audit", "public"};
  s.extensions = {{"pgcrypto", "public"}};
  s.enums = {EnumType{pub("mood"), {"sad", "ok", "happy"}, std::nullopt}};
  Sequence inv_seq;
  inv_seq.name = pub("invoices_id_seq");
  inv_seq.type = "integer";
  inv_seq.owned_by_table = pub("invoices");
  inv_seq.owned_by_column = "id";
  s.sequences = {inv_seq};

  Table users = table(pub("users"), {col("id", "integer", true), col("name", "text"),
                                     col("email", "text"), col("created_at", "timestamp")});
  users.columns[2].comment = "mail";
  users.primary_key = PrimaryKey{"users_pkey", {"id"}};
  users.indexes = {index("ix_users_email", {"email"})};
  users.comment = "people";

  Table orders = table(pub("orders"), {col("id", "integer", true), col("user_id", "integer"),
                                       col("total", "numeric")});
  orders.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  orders.foreign_keys = {fk("orders_user_fk", {"user_id"}, pub("users"), {"id"})};
  orders.foreign_keys[0].on_delete = FkAction::cascade;
  orders.checks = {CheckConstraint{"orders_total_ck", "total > 0"}};
  orders.uniques = {UniqueConstraint{"orders_uq", {"id", "user_id"}}};

  Table invoices =
      table(pub("invoices"), {col("id", "integer", true, "nextval('invoices_id_seq'::regclass)"),
                              col("order_id", "integer")});
  invoices.primary_key = PrimaryKey{"invoices_pkey", {"id"}};
  invoices.foreign_keys = {fk("invoices_order_fk", {"order_id"}, pub("orders"), {"id"})};
  invoices.indexes = {index("ix_invoices_order", {"order_id"})};
  s.tables = {invoices, orders, users};

  s.views = {view(pub("v_users"), "SELECT id, name FROM users", {pub("users")}),
             view(pub("v_orders"), "SELECT * FROM orders JOIN invoices",
                  {pub("invoices"), pub("orders")})};
  s.others = {other("function", pub("f()"), {}, "CREATE FUNCTION f() v2"),
              other("policy", pub("p"), pub("users"), ""),
              other("trigger", pub("t"), pub("invoices"), "CREATE TRIGGER t ...")};
  return s;
}

TEST(Differ, IdenticalSchemasGiveNoChange) {
  DiffResult d = diff_schemas(shop_before(), shop_before());
  EXPECT_THAT(d.changes, IsEmpty());
  EXPECT_THAT(d.candidates, IsEmpty());
  EXPECT_THAT(diff_schemas(shop_after(), shop_after()).changes, IsEmpty());
  EXPECT_THAT(diff_schemas(Schema{}, Schema{}).changes, IsEmpty());
}

TEST(Differ, PostgresShopInDependencyOrder) {
  DiffResult d = diff_schemas(shop_before(), shop_after());
  EXPECT_THAT(
      lines(d.changes),
      ElementsAre(
          "create schema audit", "create extension pgcrypto", "alter enum mood: add value 'ok'",
          "create sequence invoices_id_seq", "drop function f()", "create function f()",
          "drop view v_users", "(implied) drop foreign key legacy_user_fk on legacy",
          "drop foreign key orders_user_fk on orders", "drop index ix_users_name on users",
          "drop check orders_total_ck on orders", "add check orders_total_ck on orders (total > 0)",
          "add column users.created_at (timestamp)",
          "alter column users.name: type character varying(20) -> text; NOT NULL dropped; "
          "default 'x' -> none",
          "create table invoices (2 columns)", "create index ix_invoices_order on invoices",
          "create index ix_users_email on users",
          "add foreign key invoices_order_fk on invoices (order_id) -> orders (id)",
          "add foreign key orders_user_fk on orders (user_id) -> users (id) on delete cascade",
          "alter sequence invoices_id_seq: owned by none -> invoices.id",
          "(implied) drop index ix_legacy_user on legacy", "drop table legacy",
          "drop sequence old_seq", "create view v_orders", "create view v_users",
          "create trigger t on invoices", "comment on table users: none -> 'people'",
          "comment on column users.email: none -> 'mail'", "drop enum status",
          "drop extension hstore", "drop schema legacy_ns"));
  EXPECT_THAT(d.candidates, IsEmpty());

  // The new sequence is created unowned; the later change sets its owner.
  const auto& created = std::get<CreateSequence>(d.changes[3].op).sequence;
  EXPECT_EQ(created.owned_by_table, std::nullopt);
  EXPECT_EQ(created.type, "integer");
  EXPECT_TRUE(is_destructive(d.changes[13]));
}

TEST(Differ, PostgresShopDownIsTheReverse) {
  ChangeList down = reverse(diff_schemas(shop_before(), shop_after()).changes);
  EXPECT_THAT(
      lines(down),
      ElementsAre(
          "create schema legacy_ns", "create extension hstore", "create enum status ('a', 'b')",
          "comment on column users.email: 'mail' -> none",
          "comment on table users: 'people' -> none", "drop trigger t on invoices",
          "drop view v_users", "drop view v_orders", "create sequence old_seq",
          "create table legacy (2 columns)", "create index ix_legacy_user on legacy",
          "alter sequence invoices_id_seq: owned by invoices.id -> none",
          "drop foreign key orders_user_fk on orders",
          "drop foreign key invoices_order_fk on invoices", "drop index ix_users_email on users",
          "drop index ix_invoices_order on invoices", "drop table invoices",
          "alter column users.name: type text -> character varying(20); NOT NULL added; "
          "default none -> 'x'",
          "drop column users.created_at", "drop check orders_total_ck on orders",
          "add check orders_total_ck on orders (total >= 0)", "create index ix_users_name on users",
          "add foreign key orders_user_fk on orders (user_id) -> users (id)",
          "add foreign key legacy_user_fk on legacy (user_id) -> users (id)", "create view v_users",
          "drop function f()", "create function f()", "drop sequence invoices_id_seq",
          "alter enum mood: remove value 'ok'", "drop extension pgcrypto", "drop schema audit"));
  EXPECT_EQ(down[9].note, "the rows of legacy are not restored");
  for (const auto& c : down) EXPECT_FALSE(c.implied) << describe(c);
  EXPECT_EQ(sorted(kinds(down)), sorted(kinds(diff_schemas(shop_after(), shop_before()).changes)));
}

// ---- views

TEST(Differ, ViewsDroppedBeforeColumnTypeChangeAndRecreatedAfter) {
  Table t = table(pub("t"), {col("id", "integer"), col("n", "integer")});
  Table u = table(pub("u"), {col("id", "integer")});
  std::vector<View> views = {
      view(pub("a_top"), "SELECT * FROM v_mid", {pub("v_mid")}),
      view(pub("v_mid"), "SELECT * FROM v_base", {pub("v_base")}),
      view(pub("v_base"), "SELECT * FROM t", {pub("t")}),
      view(pub("v_other"), "SELECT * FROM u", {pub("u")}),
  };
  Schema from = pg({t, u}, views);
  Table t2 = t;
  t2.columns[1].type = "bigint";
  Schema to = pg({t2, u}, views);
  EXPECT_THAT(lines(diff_schemas(from, to).changes),
              ElementsAre("drop view a_top", "drop view v_mid", "drop view v_base",
                          "alter column t.n: type integer -> bigint", "create view v_base",
                          "create view v_mid", "create view a_top"));

  // A comment or an index on the table leaves the views alone.
  Table t3 = t;
  t3.comment = "c";
  t3.indexes = {index("ix_t_n", {"n"})};
  EXPECT_THAT(lines(diff_schemas(from, pg({t3, u}, views)).changes),
              ElementsAre("create index ix_t_n on t", "comment on table t: none -> 'c'"));
}

TEST(Differ, ChangedViewRecreatesItsReadersAndDroppedViewGoesFirst) {
  Table t = table(pub("t"), {col("id", "integer")});
  Schema from = pg({t}, {view(pub("base"), "SELECT id FROM t", {pub("t")}),
                         view(pub("reader"), "SELECT * FROM base", {pub("base")}),
                         view(pub("gone"), "SELECT 1", {})});
  Schema to = pg({t}, {view(pub("base"), "SELECT id, 1 FROM t", {pub("t")}),
                       view(pub("reader"), "SELECT * FROM base", {pub("base")}),
                       view(pub("fresh"), "SELECT * FROM reader", {pub("reader")})});
  EXPECT_THAT(lines(diff_schemas(from, to).changes),
              ElementsAre("drop view gone", "drop view reader", "drop view base",
                          "create view base", "create view reader", "create view fresh"));
}

TEST(Differ, MaterializedViewIndexes) {
  Table t = table(pub("t"), {col("id", "integer")});
  View mv = view(pub("mv"), "SELECT id FROM t", {pub("t")});
  mv.materialized = true;
  mv.indexes = {index("mv_a", {"id"}), index("mv_b", {"id"}, true)};
  View mv_idx = mv;
  mv_idx.indexes = {index("mv_a", {"id"}), index("mv_c", {"id"})};
  mv_idx.comment = "summary";
  EXPECT_THAT(lines(diff_schemas(pg({t}, {mv}), pg({t}, {mv_idx})).changes),
              ElementsAre("drop index mv_b on mv", "create index mv_c on mv",
                          "comment on view mv: none -> 'summary'"));

  View mv_def = mv;
  mv_def.definition = "SELECT id + 1 FROM t";
  DiffResult d = diff_schemas(pg({t}, {mv}), pg({t}, {mv_def}));
  EXPECT_THAT(lines(d.changes),
              ElementsAre("(implied) drop index mv_a on mv", "(implied) drop index mv_b on mv",
                          "drop materialized view mv", "create materialized view mv",
                          "create index mv_a on mv", "create unique index mv_b on mv"));
  EXPECT_EQ(sorted(kinds(reverse(d.changes))),
            sorted(kinds(diff_schemas(pg({t}, {mv_def}), pg({t}, {mv})).changes)));
}

// ---- foreign keys and table order

TEST(Differ, ForeignKeyDroppedBeforeTheTableItReferences) {
  Table parent = table(pub("a_parent"), {col("id", "integer", true)});
  parent.primary_key = PrimaryKey{"a_parent_pkey", {"id"}};
  Table child = table(pub("b_child"), {col("id", "integer"), col("parent_id", "integer")});
  child.foreign_keys = {fk("b_child_parent_fk", {"parent_id"}, pub("a_parent"), {"id"}),
                        fk("b_child_self_fk", {"id"}, pub("b_child"), {"id"})};
  child.indexes = {index("ix_b_child_parent", {"parent_id"})};

  // Both go: the key pointing at the other dropped table goes first; the
  // self-reference goes with its table.
  EXPECT_THAT(
      lines(diff_schemas(pg({parent, child}), pg({})).changes),
      ElementsAre("drop foreign key b_child_parent_fk on b_child", "drop table a_parent",
                  "(implied) drop foreign key b_child_self_fk on b_child",
                  "(implied) drop index ix_b_child_parent on b_child", "drop table b_child"));

  // Only the parent goes: the child's key is an ordinary drop before it.
  Table kept_child = child;
  kept_child.foreign_keys.erase(kept_child.foreign_keys.begin());
  EXPECT_THAT(lines(diff_schemas(pg({parent, child}), pg({kept_child})).changes),
              ElementsAre("drop foreign key b_child_parent_fk on b_child", "drop table a_parent"));
}

TEST(Differ, NewTableBeforeTheForeignKeyReferencingIt) {
  Table orders = table(pub("orders"), {col("id", "integer")});
  Table orders2 = orders;
  orders2.columns.push_back(col("customer_id", "integer"));
  orders2.foreign_keys = {fk("orders_customer_fk", {"customer_id"}, pub("customers"), {"id"})};
  Table customers = table(pub("customers"), {col("id", "integer", true)});
  customers.primary_key = PrimaryKey{"customers_pkey", {"id"}};
  customers.foreign_keys = {fk("customers_self_fk", {"id"}, pub("customers"), {"id"})};
  EXPECT_THAT(
      lines(diff_schemas(pg({orders}), pg({customers, orders2})).changes),
      ElementsAre("add column orders.customer_id (integer)", "create table customers (1 column)",
                  "add foreign key customers_self_fk on customers (id) -> customers (id)",
                  "add foreign key orders_customer_fk on orders (customer_id) -> customers (id)"));
}

TEST(Differ, ForeignKeysOnAReplacedKeyAreDroppedAndAddedAgain) {
  Table parent = table(pub("parent"), {col("id", "integer", true)});
  parent.primary_key = PrimaryKey{"parent_pkey", {"id"}};
  Table child = table(pub("child"), {col("parent_id", "integer")});
  child.foreign_keys = {fk("child_parent_fk", {"parent_id"}, pub("parent"), {"id"})};
  Table gone = table(pub("gone"), {col("parent_id", "integer")});
  gone.foreign_keys = {fk("gone_parent_fk", {"parent_id"}, pub("parent"), {"id"})};
  Table parent2 = parent;
  parent2.primary_key->name = "parent_id_pk";
  EXPECT_THAT(lines(diff_schemas(pg({child, gone, parent}), pg({child, parent2})).changes),
              ElementsAre("drop foreign key child_parent_fk on child",
                          "drop foreign key gone_parent_fk on gone",
                          "drop primary key parent_pkey on parent",
                          "add primary key parent_id_pk on parent (id)",
                          "add foreign key child_parent_fk on child (parent_id) -> parent (id)",
                          "drop table gone"));
}

TEST(Differ, DroppedTableKeepsImpliedChangesAndReverseRestoresThem) {
  Table t = table(pub("events"), {col("id", "integer"), col("at", "timestamp")});
  t.indexes = {index("ix_events_b", {"at"}), index("ix_events_a", {"id"}, true)};
  DiffResult d = diff_schemas(pg({t}), pg({}));
  EXPECT_THAT(lines(d.changes),
              ElementsAre("(implied) drop index ix_events_a on events",
                          "(implied) drop index ix_events_b on events", "drop table events"));
  ChangeList down = reverse(d.changes);
  EXPECT_THAT(lines(down),
              ElementsAre("create table events (2 columns)", "create index ix_events_b on events",
                          "create unique index ix_events_a on events"));
  EXPECT_EQ(down[0].note, "the rows of events are not restored");
  EXPECT_EQ(std::get<CreateTable>(down[0].op).table, t);
}

// ---- columns, keys, comments

TEST(Differ, ColumnChangesInOrderAndCommentsApart) {
  Table t = table(pub("t"), {col("a", "integer"), col("b", "text"), col("c", "text")});
  Table t2 = table(pub("t"), {col("z", "text", true), col("c", "text"), col("a", "bigint")});
  t2.columns[1].comment = "see";
  EXPECT_THAT(
      lines(diff_schemas(pg({t}), pg({t2})).changes),
      ElementsAre("add column t.z (text NOT NULL)", "alter column t.a: type integer -> bigint",
                  "drop column t.b", "comment on column t.c: none -> 'see'"));
  // Column order alone is no difference.
  Table t3 = table(pub("t"), {col("c", "text"), col("b", "text"), col("a", "integer")});
  EXPECT_THAT(diff_schemas(pg({t}), pg({t3})).changes, IsEmpty());
}

TEST(Differ, KeysAndConstraintsByName) {
  Table t = table(pub("t"), {col("a", "integer"), col("b", "integer")});
  t.primary_key = PrimaryKey{"t_pkey", {"a"}};
  t.uniques = {UniqueConstraint{"t_b_key", {"b"}}, UniqueConstraint{"t_old_key", {"a", "b"}}};
  t.checks = {CheckConstraint{"t_b_check", "b > 0"}};
  Table t2 = t;
  t2.primary_key = PrimaryKey{"t_pkey", {"a", "b"}};
  t2.uniques = {UniqueConstraint{"t_b_key", {"b"}, true}};
  t2.checks = {CheckConstraint{"t_b_check", "b > 0"}, CheckConstraint{"t_a_check", "a > 0"}};
  EXPECT_THAT(lines(diff_schemas(pg({t}), pg({t2})).changes),
              ElementsAre("drop unique t_b_key on t", "drop unique t_old_key on t",
                          "drop primary key t_pkey on t", "add primary key t_pkey on t (a, b)",
                          "add unique t_b_key on t (b)", "add check t_a_check on t (a > 0)"));
  Table t3 = t;
  t3.primary_key.reset();
  EXPECT_THAT(lines(diff_schemas(pg({t}), pg({t3})).changes),
              ElementsAre("drop primary key t_pkey on t"));
}

TEST(Differ, IndexChangeIsDropAndCreateCommentIsSetComment) {
  Table t = table(pub("t"), {col("a", "integer")});
  t.indexes = {index("ix_a", {"a"}), index("ix_b", {"a"})};
  Table t2 = t;
  t2.indexes[0].where = "a > 0";
  t2.indexes[1].comment = "hot";
  EXPECT_THAT(lines(diff_schemas(pg({t}), pg({t2})).changes),
              ElementsAre("drop index ix_a on t", "create index ix_a on t",
                          "comment on index ix_b: none -> 'hot'"));
}

TEST(Differ, EnumsSequencesAndComments) {
  Schema from = pg({});
  from.enums = {EnumType{pub("e"), {"a", "b"}, std::nullopt}};
  Sequence s;
  s.name = pub("s");
  from.sequences = {s};
  Schema to = from;
  to.enums[0].values = {"a"};
  to.enums[0].comment = "letters";
  to.sequences[0].increment = 2;
  to.sequences[0].comment = "counter";
  DiffResult d = diff_schemas(from, to);
  EXPECT_THAT(lines(d.changes),
              ElementsAre("alter enum e: remove value 'b'", "alter sequence s: increment 1 -> 2",
                          "comment on type e: none -> 'letters'",
                          "comment on sequence s: none -> 'counter'"));
  EXPECT_TRUE(is_destructive(d.changes[0]));
}

TEST(Differ, SequenceOwnedByADroppedTableIsReleasedFirst) {
  Table t = table(pub("t"), {col("id", "integer", true, "nextval('t_id_seq'::regclass)")});
  Sequence s;
  s.name = pub("t_id_seq");
  s.owned_by_table = pub("t");
  s.owned_by_column = "id";
  Schema from = pg({t});
  from.sequences = {s};
  DiffResult d = diff_schemas(from, pg({}));
  EXPECT_THAT(lines(d.changes), ElementsAre("alter sequence t_id_seq: owned by t.id -> none",
                                            "drop table t", "drop sequence t_id_seq"));
  // Down: the sequence comes back unowned, the table, then the owner.
  EXPECT_THAT(lines(reverse(d.changes)),
              ElementsAre("create sequence t_id_seq", "create table t (1 column)",
                          "alter sequence t_id_seq: owned by none -> t.id"));
  EXPECT_EQ(lines(reverse(d.changes)), lines(diff_schemas(pg({}), from).changes));

  // The sequence stays but its owner column goes.
  Table t2 = table(pub("t"), {col("other", "integer")});
  Schema to = pg({t2});
  Sequence unowned = s;
  unowned.owned_by_table.reset();
  unowned.owned_by_column.clear();
  to.sequences = {unowned};
  EXPECT_THAT(lines(diff_schemas(from, to).changes),
              ElementsAre("alter sequence t_id_seq: owned by t.id -> none",
                          "add column t.other (integer)", "drop column t.id"));
}

// ---- renames

TEST(Differ, TableRenameFromHint) {
  Table a = table(pub("a"), {col("id", "integer", true)});
  a.primary_key = PrimaryKey{"a_pkey", {"id"}};
  a.indexes = {index("ix_a_id", {"id"})};
  Table ref = table(pub("ref"), {col("a_id", "integer")});
  ref.foreign_keys = {fk("ref_a_fk", {"a_id"}, pub("a"), {"id"})};
  Table b = a;
  b.name = pub("b");
  b.columns.push_back(col("x", "text"));
  Table ref2 = ref;
  ref2.foreign_keys[0].ref_table = pub("b");

  RenameHints hints;
  hints.tables = {{pub("a"), pub("b")}};
  DiffResult d = diff_schemas(pg({a, ref}), pg({b, ref2}), hints);
  EXPECT_THAT(lines(d.changes), ElementsAre("rename table a -> b", "add column b.x (text)"));
  EXPECT_THAT(d.candidates, IsEmpty());

  // Without the hint: a drop and a create, and no guess (the shapes differ).
  DiffResult plain = diff_schemas(pg({a, ref}), pg({b, ref2}));
  EXPECT_THAT(kinds(plain.changes), ElementsAre("drop_foreign_key", "create_table", "create_index",
                                                "add_foreign_key", "drop_index", "drop_table"));
  EXPECT_THAT(plain.candidates, IsEmpty());

  // A hint naming a table that does not go is ignored.
  RenameHints bad;
  bad.tables = {{pub("ref"), pub("b")}};
  EXPECT_EQ(lines(diff_schemas(pg({a, ref}), pg({b, ref2}), bad).changes), lines(plain.changes));
}

TEST(Differ, RenamedTableIndexChangeUsesTheNameOfItsTime) {
  Table a = table(pub("a"), {col("id", "integer")});
  a.indexes = {index("ix", {"id"})};
  Table b = a;
  b.name = pub("b");
  b.indexes[0].unique = true;
  RenameHints hints;
  hints.tables = {{pub("a"), pub("b")}};
  DiffResult d = diff_schemas(pg({a}), pg({b}), hints);
  EXPECT_THAT(lines(d.changes), ElementsAre("drop index ix on a", "rename table a -> b",
                                            "create unique index ix on b"));
  RenameHints back;
  back.tables = {{pub("b"), pub("a")}};
  EXPECT_EQ(lines(reverse(d.changes)), lines(diff_schemas(pg({b}), pg({a}), back).changes));
}

TEST(Differ, ColumnRenameFromHint) {
  Table t = table(pub("t"), {col("id", "integer"), col("mail", "character varying(50)")});
  t.indexes = {index("ix_t_mail", {"mail"})};
  t.uniques = {UniqueConstraint{"t_mail_key", {"mail"}}};
  Table other = table(pub("o"), {col("t_mail", "text")});
  other.foreign_keys = {fk("o_fk", {"t_mail"}, pub("t"), {"mail"})};
  Table t2 = table(pub("t"), {col("id", "integer"), col("email", "text")});
  t2.indexes = {index("ix_t_mail", {"email"})};
  t2.uniques = {UniqueConstraint{"t_mail_key", {"email"}}};
  Table other2 = other;
  other2.foreign_keys[0].ref_columns = {"email"};

  RenameHints hints;
  hints.columns = {{pub("t"), "mail", "email"}};
  DiffResult d = diff_schemas(pg({other, t}), pg({other2, t2}), hints);
  EXPECT_THAT(lines(d.changes),
              ElementsAre("rename column t.mail -> email",
                          "alter column t.email: type character varying(50) -> text"));
  EXPECT_THAT(d.candidates, IsEmpty());

  // Without it: a drop, an add, a candidate, and every object on the column redone.
  DiffResult plain = diff_schemas(pg({other, t}), pg({other2, t2}));
  EXPECT_THAT(kinds(plain.changes),
              ElementsAre("drop_foreign_key", "drop_index", "drop_unique", "add_column",
                          "drop_column", "add_unique", "create_index", "add_foreign_key"));
  EXPECT_THAT(plain.candidates, IsEmpty()) << "the types differ";
}

// A hint that cannot be one rename (both names on both sides) is reported,
// never turned silently into a drop and an add; a stale one is ignored.
TEST(Differ, HintsThatCannotBeOneRenameAreReported) {
  Table t = table(pub("t"), {col("id", "integer"), col("a", "text"), col("b", "integer")});
  Table swapped = table(pub("t"), {col("id", "integer"), col("b", "text"), col("a", "integer")});
  RenameHints swap;
  swap.columns = {{pub("t"), "a", "b"}, {pub("t"), "b", "a"}};
  DiffResult d = diff_schemas(pg({t}), pg({swapped}), swap);
  EXPECT_THAT(d.unusable_hints,
              ElementsAre("rename of column t.a to b: both names exist before and after, so it "
                          "cannot be one rename (a swap, or a name dropped and reused at once); "
                          "do it in two migrations",
                          "rename of column t.b to a: both names exist before and after, so it "
                          "cannot be one rename (a swap, or a name dropped and reused at once); "
                          "do it in two migrations"));

  Table u = table(pub("u"), {col("id", "integer")});
  Table v = table(pub("v"), {col("id", "integer")});
  RenameHints onto;
  onto.tables = {{pub("u"), pub("v")}};
  EXPECT_THAT(diff_schemas(pg({u, v}), pg({v}), onto).unusable_hints,
              ElementsAre(testing::HasSubstr("rename of table u to v: both names exist")));

  // Already done by an earlier migration: nothing to say.
  RenameHints stale;
  stale.tables = {{pub("gone"), pub("v")}};
  EXPECT_THAT(diff_schemas(pg({v}), pg({v}), stale).unusable_hints, IsEmpty());
}

// A dropped table's key to a table that changes is listed before those
// changes (it still goes with its table), so that the down, the reversed
// list, adds it back only once the referenced table is as it was.
TEST(Differ, DroppedTableKeyToARenamedTableGoesBeforeTheRename) {
  Table parent = table(pub("parent"), {col("id", "integer", true), col("code", "text")});
  parent.primary_key = PrimaryKey{"pk_parent", {"id"}};
  parent.uniques = {UniqueConstraint{"uq_code", {"code"}}};
  Table child = table(pub("child"), {col("id", "integer"), col("parent_id", "integer")});
  child.foreign_keys = {fk("fk_child_parent", {"parent_id"}, pub("parent"), {"id"})};
  child.indexes = {index("ix_child_parent", {"parent_id"})};
  Table guardian = parent;
  guardian.name = pub("guardian");

  RenameHints hints;
  hints.tables = {{pub("parent"), pub("guardian")}};
  DiffResult d = diff_schemas(pg({child, parent}), pg({guardian}), hints);
  EXPECT_THAT(lines(d.changes),
              ElementsAre("(implied) drop foreign key fk_child_parent on child",
                          "rename table parent -> guardian",
                          "(implied) drop index ix_child_parent on child", "drop table child"));
  ChangeList down = reverse(d.changes);
  EXPECT_THAT(lines(down),
              ElementsAre("create table child (2 columns)", "create index ix_child_parent on child",
                          "rename table guardian -> parent",
                          "add foreign key fk_child_parent on child (parent_id) -> parent (id)"));
  for (const auto& c : down) EXPECT_FALSE(c.implied) << describe(c);

  // The same for a key to a renamed column.
  Table child2 = child;
  child2.foreign_keys = {fk("fk_child_code", {"parent_id"}, pub("parent"), {"code"})};
  Table renamed_code = parent;
  renamed_code.columns[1].name = "ref";
  renamed_code.uniques[0].columns = {"ref"};
  RenameHints column_hint;
  column_hint.columns = {{pub("parent"), "code", "ref"}};
  DiffResult c = diff_schemas(pg({child2, parent}), pg({renamed_code}), column_hint);
  EXPECT_THAT(lines(c.changes),
              ElementsAre("(implied) drop foreign key fk_child_code on child",
                          "rename column parent.code -> ref",
                          "(implied) drop index ix_child_parent on child", "drop table child"));
  EXPECT_THAT(lines(reverse(c.changes)),
              ElementsAre("create table child (2 columns)", "create index ix_child_parent on child",
                          "rename column parent.ref -> code",
                          "add foreign key fk_child_code on child (parent_id) -> parent (code)"));

  // A key to a table that does not change stays with its table.
  EXPECT_THAT(lines(diff_schemas(pg({child, parent}), pg({parent})).changes),
              ElementsAre("(implied) drop foreign key fk_child_parent on child",
                          "(implied) drop index ix_child_parent on child", "drop table child"));
}

Column generated(std::string name, std::string expression) {
  Column c = col(std::move(name), "integer");
  c.generated = std::move(expression);
  c.generated_stored = true;
  return c;
}

// A generated column reading a renamed column: altered after the rename, its
// reverse would run before the rename back (and read a column not there
// yet); altered before it, its new expression would. It is dropped before
// the rename and added again after, with what is on it.
TEST(Differ, GeneratedColumnReadingARenamedColumnIsDroppedBeforeAndAddedAfter) {
  Table t = table(pub("nums"), {col("id", "integer"), col("a", "integer"),
                                generated("twice", "(a * 2)"), generated("b3", "(id * 3)")});
  t.indexes = {index("ix_twice", {"twice"}), index("ix_id", {"id"})};
  t.checks = {CheckConstraint{"ck_twice", "twice < 100"}, CheckConstraint{"ck_id", "id > 0"}};
  Table t2 = table(pub("nums"), {col("id", "integer"), col("z", "integer"),
                                 generated("twice", "(z * 2)"), generated("b3", "(id * 4)")});
  t2.indexes = t.indexes;
  t2.checks = t.checks;
  RenameHints hints;
  hints.columns = {{pub("nums"), "a", "z"}};
  DiffResult d = diff_schemas(pg({t}), pg({t2}), hints);
  EXPECT_THAT(
      lines(d.changes),
      ElementsAre("drop index ix_twice on nums", "drop check ck_twice on nums",
                  "drop column nums.twice", "rename column nums.a -> z",
                  "add column nums.twice (integer GENERATED ALWAYS AS ((z * 2)) STORED)",
                  "alter column nums.b3: generated ((id * 3)) STORED -> ((id * 4)) STORED",
                  "add check ck_twice on nums (twice < 100)", "create index ix_twice on nums"));
  EXPECT_EQ(d.changes[2].note,
            "nums.twice reads a renamed column: dropped here and added again after the rename "
            "(its values are computed)");
  EXPECT_THAT(
      lines(reverse(d.changes)),
      ElementsAre("drop index ix_twice on nums", "drop check ck_twice on nums",
                  "alter column nums.b3: generated ((id * 4)) STORED -> ((id * 3)) STORED",
                  "drop column nums.twice", "rename column nums.z -> a",
                  "add column nums.twice (integer GENERATED ALWAYS AS ((a * 2)) STORED)",
                  "add check ck_twice on nums (twice < 100)", "create index ix_twice on nums"));

  // MySQL's quoting, and the generated column renamed too: no rename of it.
  Table m = table(pub("nums"), {col("a", "int"), generated("twice", "`a` * 2")});
  Table m2 = table(pub("nums"), {col("z", "int"), generated("double", "`z` * 2")});
  RenameHints both;
  both.columns = {{pub("nums"), "a", "z"}, {pub("nums"), "twice", "double"}};
  EXPECT_THAT(lines(diff_schemas(pg({m}), pg({m2}), both).changes),
              ElementsAre("drop column nums.twice", "rename column nums.a -> z",
                          "add column nums.double (integer GENERATED ALWAYS AS (`z` * 2) STORED)"));

  // One that stops being generated is altered before the rename, under its
  // old expression; its reverse comes after the rename back.
  Table p2 = t2;
  p2.columns[2] = col("twice", "integer");
  p2.columns[3] = t.columns[3];
  DiffResult plain = diff_schemas(pg({t}), pg({p2}), hints);
  EXPECT_THAT(lines(plain.changes),
              ElementsAre("alter column nums.twice: generated ((a * 2)) STORED -> none",
                          "rename column nums.a -> z"));
  EXPECT_THAT(lines(reverse(plain.changes)),
              ElementsAre("rename column nums.z -> a",
                          "alter column nums.twice: generated none -> ((a * 2)) STORED"));
}

TEST(DiffSupport, MentionsFindsAWordBareOrQuotedButNotInAString) {
  EXPECT_TRUE(diff::mentions("(a * 2)", "a"));
  EXPECT_TRUE(diff::mentions("`a` * 2", "a"));
  EXPECT_TRUE(diff::mentions("\"A\" + [b]", "a"));
  EXPECT_TRUE(diff::mentions("x + [b]", "B"));
  EXPECT_TRUE(diff::mentions("\"we\"\"ird\" || 1", "we\"ird"));
  EXPECT_FALSE(diff::mentions("(ab * 2) + a_b", "a"));
  EXPECT_FALSE(diff::mentions("concat(b, 'a')", "a"));
  EXPECT_FALSE(diff::mentions("'it''s a' || b", "a"));
  EXPECT_FALSE(diff::mentions("", "a"));
}

TEST(Differ, RenameCandidates) {
  Table a = table(pub("a"), {col("id", "integer"), col("old", "text"), col("n", "integer")});
  Table a2 = table(pub("a"), {col("id", "integer"), col("new", "text"), col("m", "bigint")});
  Table gone = table(pub("gone"), {col("id", "integer"), col("v", "text")});
  Table came = table(pub("came"), {col("id", "integer"), col("v", "text")});
  Table twin1 = table(pub("twin1"), {col("k", "integer")});
  Table twin2 = table(pub("twin2"), {col("k", "integer")});
  Table new1 = table(pub("new1"), {col("k", "integer")});
  DiffResult d = diff_schemas(pg({a, gone, twin1, twin2}), pg({a2, came, new1}));
  std::vector<std::string> found;
  for (const auto& c : d.candidates) found.push_back(candidate_text(c));
  // twin1/twin2 -> new1 is ambiguous; n -> m changes type.
  EXPECT_THAT(found, ElementsAre("gone -> came", "a: old -> new"));
  EXPECT_TRUE(d.candidates[1].is_column);
  EXPECT_EQ(d.candidates[1].table, pub("a"));
  // Candidates are never applied: the changes stay drops and adds.
  std::vector<std::string> text = lines(d.changes);
  EXPECT_NE(std::find(text.begin(), text.end(), "drop table gone"), text.end());
  EXPECT_NE(std::find(text.begin(), text.end(), "create table came (2 columns)"), text.end());
  EXPECT_NE(std::find(text.begin(), text.end(), "drop column a.old"), text.end());
  EXPECT_NE(std::find(text.begin(), text.end(), "add column a.new (text)"), text.end());
}

// ---- SQLite-like schemas: no schema, unnamed constraints

Schema sqlite(std::vector<Table> tables) {
  Schema s;
  s.tables = std::move(tables);
  return s;
}

TEST(Differ, SqliteUnnamedConstraintsMatchByContent) {
  Table t = table(lite("t"), {col("id", "INTEGER"), col("a", "TEXT"), col("p", "INTEGER")});
  t.primary_key = PrimaryKey{"", {"id"}};
  t.uniques = {UniqueConstraint{"", {"a"}}};
  t.checks = {CheckConstraint{"", "length(a) > 1"}, CheckConstraint{"", "p > 0"}};
  t.foreign_keys = {fk("", {"p"}, lite("parent"), {"id"})};
  Table parent = table(lite("parent"), {col("id", "INTEGER")});
  parent.primary_key = PrimaryKey{"", {"id"}};
  EXPECT_THAT(diff_schemas(sqlite({parent, t}), sqlite({parent, t})).changes, IsEmpty());

  Table t2 = t;
  t2.uniques = {UniqueConstraint{"", {"a", "p"}}};
  t2.checks = {CheckConstraint{"", "p > 0"}, CheckConstraint{"", "length(a) > 2"}};
  t2.foreign_keys[0].on_delete = FkAction::cascade;
  t2.strict = true;
  EXPECT_THAT(lines(diff_schemas(sqlite({parent, t}), sqlite({parent, t2})).changes),
              ElementsAre("drop foreign key on t (p) -> parent (id)", "drop unique on t (a)",
                          "drop check on t (length(a) > 1)", "add unique on t (a, p)",
                          "add check on t (length(a) > 2)",
                          "add foreign key on t (p) -> parent (id) on delete cascade",
                          "table t: STRICT changed"));
}

TEST(Differ, SqliteOptionsAndTriggers) {
  Table t = table(lite("t"), {col("id", "INTEGER")});
  Table t2 = t;
  t2.without_rowid = true;
  t2.autoincrement = true;
  Schema from = sqlite({t});
  from.others = {other("trigger", lite("trg_old"), lite("t"), "CREATE TRIGGER trg_old ..."),
                 other("trigger", lite("trg_same"), lite("t"), "CREATE TRIGGER trg_same ...")};
  Schema to = sqlite({t2});
  to.others = {other("trigger", lite("trg_new"), lite("t"), "CREATE TRIGGER trg_new ..."),
               other("trigger", lite("trg_same"), lite("t"), "CREATE TRIGGER trg_same ...")};
  EXPECT_THAT(lines(diff_schemas(from, to).changes),
              ElementsAre("drop trigger trg_old on t", "create trigger trg_new on t",
                          "table t: AUTOINCREMENT changed", "table t: WITHOUT ROWID changed"));
}

// ---- objects strata does not model

TEST(Differ, OthersWithoutDefinitionAreReportedNotIgnored) {
  Table users = table(pub("users"), {col("id", "integer")});
  Schema from = pg({users});
  from.others = {other("policy", pub("p_old"), pub("users"), ""), other("domain", pub("d"), {}, ""),
                 other("trigger", pub("trg"), pub("users"), "CREATE TRIGGER trg v1")};
  Schema to = pg({users});
  to.others = {other("policy", pub("p"), pub("users"), ""),
               other("domain", pub("d"), {}, "CREATE DOMAIN d AS integer"),
               other("trigger", pub("trg"), pub("users"), "CREATE TRIGGER trg v2")};
  EXPECT_THAT(lines(diff_schemas(from, to).changes),
              ElementsAre("drop trigger trg on users", "create trigger trg on users",
                          "domain d differs", "policy p on users exists only in the target",
                          "policy p_old on users exists only in the source"));
}

TEST(Differ, TriggerOfADroppedTableGoesBeforeIt) {
  Table users = table(pub("users"), {col("id", "integer")});
  Schema from = pg({users});
  from.others = {other("trigger", pub("trg"), pub("users"), "CREATE TRIGGER trg"),
                 other("function", pub("touch()"), {}, "CREATE FUNCTION touch()")};
  DiffResult d = diff_schemas(from, pg({}));
  EXPECT_THAT(lines(d.changes), ElementsAre("drop trigger trg on users", "drop table users",
                                            "drop function touch()"));
  EXPECT_THAT(lines(diff_schemas(pg({}), from).changes),
              ElementsAre("create function touch()", "create table users (1 column)",
                          "create trigger trg on users"));
}

// ---- the self-check property: diff(A,B) reversed is diff(B,A)

struct Case {
  std::string name;
  Schema a;
  Schema b;
  RenameHints a_to_b;
  RenameHints b_to_a;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  out.push_back({"shop", shop_before(), shop_after(), {}, {}});

  Table t = table(pub("t"), {col("id", "integer", true), col("n", "integer")});
  t.primary_key = PrimaryKey{"t_pkey", {"id"}};
  t.indexes = {index("ix_t_n", {"n"})};
  Table t2 = t;
  t2.columns[1] = col("n", "bigint", true, "0");
  t2.indexes = {index("ix_t_n", {"n"}, true)};
  t2.checks = {CheckConstraint{"t_n_check", "n >= 0"}};
  Table u = table(pub("u"), {col("t_id", "integer")});
  u.foreign_keys = {fk("u_t_fk", {"t_id"}, pub("t"), {"id"})};
  out.push_back({"views",
                 pg({t, u}, {view(pub("v"), "SELECT * FROM t", {pub("t")}),
                             view(pub("w"), "SELECT * FROM v", {pub("v")})}),
                 pg({t2}, {view(pub("v"), "SELECT * FROM t", {pub("t")})}),
                 {},
                 {}});

  Table r = t;
  r.name = pub("renamed");
  Table k = t;
  k.name = pub("k");
  k.indexes[0].name = "ix_k_n";
  Table k2 = k;
  k2.columns[1].name = "m";
  k2.indexes[0].keys[0].expression = "m";
  Case rename{"rename", pg({k, t}), pg({k2, r}), {}, {}};
  rename.a_to_b.tables = {{pub("t"), pub("renamed")}};
  rename.a_to_b.columns = {{pub("k"), "n", "m"}};
  rename.b_to_a.tables = {{pub("renamed"), pub("t")}};
  rename.b_to_a.columns = {{pub("k"), "m", "n"}};
  out.push_back(rename);

  Table s1 = table(lite("s"), {col("id", "INTEGER"), col("a", "TEXT")});
  s1.primary_key = PrimaryKey{"", {"id"}};
  s1.uniques = {UniqueConstraint{"", {"a"}}};
  Table s2 = s1;
  s2.primary_key = PrimaryKey{"", {"id", "a"}};
  s2.uniques.clear();
  s2.checks = {CheckConstraint{"", "a <> ''"}};
  Table p = table(lite("p"), {col("s_id", "INTEGER")});
  p.foreign_keys = {fk("", {"s_id"}, lite("s"), {"id"})};
  out.push_back({"sqlite", sqlite({s1, p}), sqlite({s2}), {}, {}});

  Table g = table(pub("g"), {col("a", "integer"), generated("twice", "(a * 2)")});
  g.indexes = {index("ix_g_twice", {"twice"})};
  Table g2 = table(pub("g"), {col("z", "integer"), generated("twice", "(z * 2)")});
  g2.indexes = g.indexes;
  Table gone_child = table(pub("gone_child"), {col("g_a", "integer")});
  gone_child.foreign_keys = {fk("gone_child_fk", {"g_a"}, pub("g"), {"a"})};
  Case regenerated{"generated", pg({g, gone_child}), pg({g2}), {}, {}};
  regenerated.a_to_b.columns = {{pub("g"), "a", "z"}};
  regenerated.b_to_a.columns = {{pub("g"), "z", "a"}};
  out.push_back(regenerated);
  return out;
}

TEST(DifferProperty, ReverseOfForwardMatchesBackward) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_THAT(diff_schemas(c.a, c.a).changes, IsEmpty());
    EXPECT_THAT(diff_schemas(c.b, c.b).changes, IsEmpty());
    DiffResult forward = diff_schemas(c.a, c.b, c.a_to_b);
    DiffResult backward = diff_schemas(c.b, c.a, c.b_to_a);
    ASSERT_FALSE(forward.changes.empty());
    ChangeList down = reverse(forward.changes);
    EXPECT_EQ(sorted(kinds(down)), sorted(kinds(backward.changes)));
    // Same changes too, except what Unsupported says about which side has the object.
    std::vector<std::string> want, got;
    for (const auto& ch : down) {
      if (kind_name(ch) != "unsupported") want.push_back(describe(ch));
    }
    for (const auto& ch : backward.changes) {
      if (kind_name(ch) != "unsupported") got.push_back(describe(ch));
    }
    EXPECT_EQ(sorted(want), sorted(got));
    EXPECT_EQ(reverse(down).size(), forward.changes.size());
  }
}

// ---- scale

// Correctness at the size of the benchmark schema (timings live in bench/).
TEST(DifferScale, ThousandTablesWithOnePercentChanged) {
  auto build = [](bool changed) {
    Schema s = pg({});
    for (int i = 0; i < 1000; ++i) {
      std::string n = "t" + std::to_string(i);
      Table t =
          table(pub(n), {col("id", "integer", true), col("name", "text"), col("ref_id", "integer"),
                         col("created_at", "timestamp"), col("note", "text")});
      t.primary_key = PrimaryKey{n + "_pkey", {"id"}};
      t.indexes = {index("ix_" + n + "_name", {"name"}), index("ix_" + n + "_ref", {"ref_id"})};
      if (i > 0) {
        t.foreign_keys = {fk(n + "_ref_fk", {"ref_id"}, pub("t" + std::to_string(i - 1)), {"id"})};
      }
      if (changed && i % 100 == 5) t.columns[1].type = "character varying(10)";
      if (changed && i % 100 == 42) t.columns.push_back(col("extra", "integer"));
      s.tables.push_back(std::move(t));
    }
    for (int i = 0; i < 200; ++i) {
      std::string n = "t" + std::to_string(i * 5);
      s.views.push_back(view(pub("v" + std::to_string(i)), "SELECT * FROM " + n, {pub(n)}));
    }
    s.canonicalize();
    return s;
  };
  Schema a = build(false);
  Schema b = build(true);
  DiffResult d = diff_schemas(a, b);
  // 10 type changes, each under a view, and 10 added columns.
  std::vector<std::string> k = kinds(d.changes);
  EXPECT_EQ(std::count(k.begin(), k.end(), "alter_column"), 10);
  EXPECT_EQ(std::count(k.begin(), k.end(), "add_column"), 10);
  EXPECT_EQ(std::count(k.begin(), k.end(), "drop_view"), 10);
  EXPECT_EQ(std::count(k.begin(), k.end(), "create_view"), 10);
  EXPECT_EQ(k.size(), 40u);
  EXPECT_THAT(diff_schemas(a, a).changes, IsEmpty());
}

}  // namespace
}  // namespace strata::detail
