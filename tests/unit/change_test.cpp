#include "schema/change.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace strata::detail::schema {
namespace {

ObjectName pub(std::string name) { return {"public", std::move(name)}; }

Column col(std::string name, std::string type, bool not_null = false,
           std::optional<std::string> def = std::nullopt) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(def);
  return c;
}

Table users() {
  Table t;
  t.name = pub("users");
  t.columns = {col("id", "integer", true), col("email", "text")};
  t.primary_key = PrimaryKey{"users_pkey", {"id"}};
  t.indexes.push_back(Index{"ix_users_email", false, "", {IndexKey{"email"}}});
  return t;
}

Change ch(ChangeOp op) { return Change{std::move(op), false, {}}; }

EnumType mood(std::vector<std::string> values) {
  EnumType e;
  e.name = pub("mood");
  e.values = std::move(values);
  return e;
}

ForeignKey fk_a_b() {
  ForeignKey k;
  k.name = "fk_a_b";
  k.columns = {"b_id"};
  k.ref_table = pub("b");
  k.ref_columns = {"id"};
  return k;
}

OtherObject trigger() {
  OtherObject o;
  o.kind = "trigger";
  o.name = pub("trg_touch");
  o.table = pub("users");
  o.definition = "CREATE TRIGGER trg_touch ...";
  return o;
}

TEST(KindName, EveryAlternativeHasItsStableName) {
  Sequence seq;
  seq.name = pub("s");
  View view;
  view.name = pub("v");
  const std::vector<std::pair<ChangeOp, std::string>> cases = {
      {CreateNamespace{"audit"}, "create_namespace"},
      {DropNamespace{"audit"}, "drop_namespace"},
      {CreateExtension{{"pgcrypto", "public"}}, "create_extension"},
      {DropExtension{{"pgcrypto", "public"}}, "drop_extension"},
      {CreateEnum{mood({"a"})}, "create_enum"},
      {DropEnum{mood({"a"})}, "drop_enum"},
      {AlterEnum{mood({"a"}), mood({"a", "b"})}, "alter_enum"},
      {CreateSequence{seq}, "create_sequence"},
      {DropSequence{seq}, "drop_sequence"},
      {AlterSequence{seq, seq}, "alter_sequence"},
      {CreateTable{users()}, "create_table"},
      {DropTable{users()}, "drop_table"},
      {RenameTable{pub("a"), pub("b")}, "rename_table"},
      {AddColumn{pub("t"), col("c", "text")}, "add_column"},
      {DropColumn{pub("t"), col("c", "text")}, "drop_column"},
      {RenameColumn{pub("t"), "a", "b"}, "rename_column"},
      {AlterColumn{pub("t"), col("c", "text"), col("c", "integer")}, "alter_column"},
      {AddPrimaryKey{pub("t"), {"pk", {"id"}}}, "add_primary_key"},
      {DropPrimaryKey{pub("t"), {"pk", {"id"}}}, "drop_primary_key"},
      {AddUnique{pub("t"), {"uq", {"a"}}}, "add_unique"},
      {DropUnique{pub("t"), {"uq", {"a"}}}, "drop_unique"},
      {AddForeignKey{pub("a"), fk_a_b()}, "add_foreign_key"},
      {DropForeignKey{pub("a"), fk_a_b()}, "drop_foreign_key"},
      {AddCheck{pub("t"), {"ck", "x > 0"}}, "add_check"},
      {DropCheck{pub("t"), {"ck", "x > 0"}}, "drop_check"},
      {CreateIndex{pub("t"), Index{"ix"}}, "create_index"},
      {DropIndex{pub("t"), Index{"ix"}}, "drop_index"},
      {CreateView{view}, "create_view"},
      {DropView{view}, "drop_view"},
      {SetComment{}, "set_comment"},
      {CreateOther{trigger()}, "create_other"},
      {DropOther{trigger()}, "drop_other"},
      {Unsupported{"x"}, "unsupported"},
  };
  ASSERT_EQ(cases.size(), std::variant_size_v<ChangeOp>);
  for (const auto& [op, name] : cases) {
    EXPECT_EQ(kind_name(ch(op)), name);
    EXPECT_EQ(cases[op.index()].second, name) << "listed in variant order";
  }
}

TEST(Describe, NamespacesExtensionsEnums) {
  EXPECT_EQ(describe(ch(CreateNamespace{"audit"})), "create schema audit");
  EXPECT_EQ(describe(ch(DropNamespace{"audit"})), "drop schema audit");
  EXPECT_EQ(describe(ch(CreateExtension{{"pgcrypto", "public"}})), "create extension pgcrypto");
  EXPECT_EQ(describe(ch(DropExtension{{"pgcrypto", "public"}})), "drop extension pgcrypto");
  EXPECT_EQ(describe(ch(CreateEnum{mood({"sad", "o'k"})})), "create enum mood ('sad', 'o''k')");
  EnumType audit_mood = mood({"a"});
  audit_mood.name = {"audit", "mood"};
  EXPECT_EQ(describe(ch(DropEnum{audit_mood})), "drop enum audit.mood");
}

TEST(Describe, AlterEnumListsAddedRemovedAndReorderedValues) {
  EXPECT_EQ(describe(ch(AlterEnum{mood({"sad", "happy"}), mood({"sad", "ok", "happy"})})),
            "alter enum mood: add value 'ok'");
  EXPECT_EQ(describe(ch(AlterEnum{mood({"sad"}), mood({"sad", "ok", "happy"})})),
            "alter enum mood: add values 'ok', 'happy'");
  EXPECT_EQ(describe(ch(AlterEnum{mood({"sad", "meh", "happy"}), mood({"sad", "happy", "ok"})})),
            "alter enum mood: add value 'ok'; remove value 'meh'");
  EXPECT_EQ(describe(ch(AlterEnum{mood({"a", "b"}), mood({"b", "a"})})),
            "alter enum mood: reorder values ('a', 'b') -> ('b', 'a')");
}

TEST(Describe, Sequences) {
  Sequence s;
  s.name = pub("orders_id_seq");
  EXPECT_EQ(describe(ch(CreateSequence{s})), "create sequence orders_id_seq");
  EXPECT_EQ(describe(ch(DropSequence{s})), "drop sequence orders_id_seq");
  Sequence t = s;
  t.increment = 10;
  t.cycle = true;
  t.type = "integer";
  t.owned_by_table = pub("orders");
  t.owned_by_column = "id";
  EXPECT_EQ(describe(ch(AlterSequence{s, t})),
            "alter sequence orders_id_seq: type bigint -> integer; increment 1 -> 10; "
            "CYCLE added; owned by none -> orders.id");
  Sequence u = s;
  u.start = 5;
  u.min_value = 0;
  u.max_value = 99;
  u.cache = 20;
  EXPECT_EQ(describe(ch(AlterSequence{s, u})),
            "alter sequence orders_id_seq: start 1 -> 5; minvalue 1 -> 0; "
            "maxvalue 9223372036854775807 -> 99; cache 1 -> 20");
}

TEST(Describe, TablesAndColumns) {
  EXPECT_EQ(describe(ch(CreateTable{users()})), "create table users (2 columns)");
  Table one;
  one.name = {"audit", "log"};
  one.columns = {col("id", "integer")};
  EXPECT_EQ(describe(ch(CreateTable{one})), "create table audit.log (1 column)");
  EXPECT_EQ(describe(ch(DropTable{one})), "drop table audit.log");
  EXPECT_EQ(describe(ch(RenameTable{pub("a"), pub("b")})), "rename table a -> b");
  EXPECT_EQ(describe(ch(AddColumn{pub("users"), col("email", "text", true)})),
            "add column users.email (text NOT NULL)");
  Column rich = col("n", "text", true, "'x'::text");
  rich.collation = "\"C\"";
  EXPECT_EQ(describe(ch(AddColumn{pub("users"), rich})),
            "add column users.n (text COLLATE \"C\" NOT NULL DEFAULT 'x'::text)");
  Column ident = col("id", "bigint", true);
  ident.identity = Identity::always;
  EXPECT_EQ(describe(ch(AddColumn{pub("t"), ident})),
            "add column t.id (bigint NOT NULL GENERATED ALWAYS AS IDENTITY)");
  Column gen = col("total", "integer");
  gen.generated = "a + b";
  gen.generated_stored = true;
  EXPECT_EQ(describe(ch(AddColumn{pub("t"), gen})),
            "add column t.total (integer GENERATED ALWAYS AS (a + b) STORED)");
  EXPECT_EQ(describe(ch(AddColumn{{"", "t"}, col("x", "")})), "add column t.x");
  EXPECT_EQ(describe(ch(DropColumn{pub("users"), col("email", "text")})),
            "drop column users.email");
  EXPECT_EQ(describe(ch(RenameColumn{pub("users"), "mail", "email"})),
            "rename column users.mail -> email");
}

TEST(Describe, AlterColumnListsEachDifference) {
  EXPECT_EQ(describe(ch(AlterColumn{pub("users"), col("name", "character varying(20)", true, "'x'"),
                                    col("name", "text")})),
            "alter column users.name: type character varying(20) -> text; NOT NULL dropped; "
            "default 'x' -> none");
  Column from = col("id", "integer");
  Column to = col("id", "integer", true);
  to.identity = Identity::by_default;
  to.collation = "C";
  EXPECT_EQ(describe(ch(AlterColumn{pub("t"), from, to})),
            "alter column t.id: collation default -> C; NOT NULL added; "
            "identity none -> by default");
  Column g1 = col("g", "integer");
  g1.generated = "a";
  Column g2 = g1;
  g2.generated_stored = true;
  EXPECT_EQ(describe(ch(AlterColumn{pub("t"), g1, g2})),
            "alter column t.g: generated (a) VIRTUAL -> (a) STORED");
  EXPECT_EQ(describe(ch(AlterColumn{pub("t"), g1, g1})), "alter column t.g: no change");
}

TEST(Describe, KeysAndConstraints) {
  EXPECT_EQ(describe(ch(AddPrimaryKey{pub("users"), {"users_pkey", {"id"}}})),
            "add primary key users_pkey on users (id)");
  EXPECT_EQ(describe(ch(DropPrimaryKey{pub("users"), {"users_pkey", {"id"}}})),
            "drop primary key users_pkey on users");
  EXPECT_EQ(describe(ch(AddPrimaryKey{{"", "t"}, {"", {"a", "b"}}})),
            "add primary key on t (a, b)");
  EXPECT_EQ(describe(ch(DropPrimaryKey{{"", "t"}, {"", {"a", "b"}}})),
            "drop primary key on t (a, b)");
  EXPECT_EQ(describe(ch(AddUnique{pub("users"), {"uq_email", {"email"}}})),
            "add unique uq_email on users (email)");
  EXPECT_EQ(describe(ch(DropUnique{pub("users"), {"uq_email", {"email"}}})),
            "drop unique uq_email on users");
  EXPECT_EQ(describe(ch(DropUnique{{"", "users"}, {"", {"email"}}})),
            "drop unique on users (email)");
  EXPECT_EQ(describe(ch(AddCheck{pub("t"), {"ck_pos", "x > 0"}})), "add check ck_pos on t (x > 0)");
  EXPECT_EQ(describe(ch(DropCheck{pub("t"), {"ck_pos", "x > 0"}})), "drop check ck_pos on t");
  EXPECT_EQ(describe(ch(DropCheck{{"", "t"}, {"", "x > 0"}})), "drop check on t (x > 0)");
}

TEST(Describe, ForeignKeys) {
  EXPECT_EQ(describe(ch(AddForeignKey{pub("a"), fk_a_b()})),
            "add foreign key fk_a_b on a (b_id) -> b (id)");
  EXPECT_EQ(describe(ch(DropForeignKey{pub("a"), fk_a_b()})), "drop foreign key fk_a_b on a");
  ForeignKey k = fk_a_b();
  k.name.clear();
  k.on_delete = FkAction::cascade;
  k.on_update = FkAction::set_null;
  EXPECT_EQ(describe(ch(AddForeignKey{pub("a"), k})),
            "add foreign key on a (b_id) -> b (id) on update set null on delete cascade");
  EXPECT_EQ(describe(ch(DropForeignKey{pub("a"), k})),
            "drop foreign key on a (b_id) -> b (id) on update set null on delete cascade");
}

TEST(Describe, IndexesViewsCommentsOthers) {
  EXPECT_EQ(describe(ch(CreateIndex{pub("users"), users().indexes[0]})),
            "create index ix_users_email on users");
  Index u = users().indexes[0];
  u.unique = true;
  EXPECT_EQ(describe(ch(CreateIndex{pub("users"), u})),
            "create unique index ix_users_email on users");
  EXPECT_EQ(describe(ch(DropIndex{pub("users"), u})), "drop index ix_users_email on users");
  View v;
  v.name = {"report", "totals"};
  EXPECT_EQ(describe(ch(CreateView{v})), "create view report.totals");
  v.materialized = true;
  EXPECT_EQ(describe(ch(DropView{v})), "drop materialized view report.totals");
  EXPECT_EQ(
      describe(ch(SetComment{CommentTarget::table, pub("users"), "", std::nullopt, "the users"})),
      "comment on table users: none -> 'the users'");
  EXPECT_EQ(
      describe(ch(SetComment{CommentTarget::column, pub("users"), "email", "it's", std::nullopt})),
      "comment on column users.email: 'it''s' -> none");
  EXPECT_EQ(describe(ch(SetComment{CommentTarget::index, pub("ix"), "", "a", "b"})),
            "comment on index ix: 'a' -> 'b'");
  EXPECT_EQ(describe(ch(SetComment{CommentTarget::type, pub("mood"), "", "a", "b"})),
            "comment on type mood: 'a' -> 'b'");
  EXPECT_EQ(describe(ch(CreateOther{trigger()})), "create trigger trg_touch on users");
  OtherObject f;
  f.kind = "function";
  f.name = pub("touch()");
  EXPECT_EQ(describe(ch(DropOther{f})), "drop function touch()");
  EXPECT_EQ(describe(ch(Unsupported{"policy p on users exists only in the target"})),
            "policy p on users exists only in the target");
}

TEST(Reverse, SwapsEachChange) {
  Table t = users();
  Change r = reverse(Change{CreateTable{t}, true, "warning"});
  ASSERT_TRUE(std::holds_alternative<DropTable>(r.op));
  EXPECT_EQ(std::get<DropTable>(r.op).table, t) << "keeps the whole object";
  EXPECT_FALSE(r.implied);
  EXPECT_EQ(r.note, "");

  r = reverse(ch(RenameTable{pub("a"), pub("b")}));
  EXPECT_EQ(std::get<RenameTable>(r.op).from, pub("b"));
  EXPECT_EQ(std::get<RenameTable>(r.op).to, pub("a"));

  r = reverse(ch(RenameColumn{pub("t"), "a", "b"}));
  EXPECT_EQ(std::get<RenameColumn>(r.op).from, "b");
  EXPECT_EQ(std::get<RenameColumn>(r.op).to, "a");
  EXPECT_EQ(std::get<RenameColumn>(r.op).table, pub("t"));

  r = reverse(ch(AlterColumn{pub("t"), col("c", "text"), col("c", "integer")}));
  EXPECT_EQ(std::get<AlterColumn>(r.op).from.type, "integer");
  EXPECT_EQ(std::get<AlterColumn>(r.op).to.type, "text");

  r = reverse(ch(AlterEnum{mood({"a"}), mood({"a", "b"})}));
  EXPECT_EQ(std::get<AlterEnum>(r.op).from.values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(describe(r), "alter enum mood: remove value 'b'");

  Sequence s1, s2;
  s1.name = s2.name = pub("s");
  s2.increment = 5;
  r = reverse(ch(AlterSequence{s1, s2}));
  EXPECT_EQ(std::get<AlterSequence>(r.op).from.increment, 5);
  EXPECT_EQ(std::get<AlterSequence>(r.op).to.increment, 1);

  r = reverse(ch(SetComment{CommentTarget::column, pub("t"), "c", "old", std::nullopt}));
  const auto& sc = std::get<SetComment>(r.op);
  EXPECT_EQ(sc.target, CommentTarget::column);
  EXPECT_EQ(sc.column, "c");
  EXPECT_EQ(sc.from, std::nullopt);
  EXPECT_EQ(sc.to, "old");

  r = reverse(ch(DropOther{trigger()}));
  EXPECT_EQ(std::get<CreateOther>(r.op).object, trigger());
  r = reverse(ch(Unsupported{"x"}));
  EXPECT_EQ(std::get<Unsupported>(r.op).description, "x");
}

TEST(Reverse, KindPairs) {
  const std::vector<std::pair<ChangeOp, std::string>> cases = {
      {CreateNamespace{"a"}, "drop_namespace"},
      {DropExtension{{"x", "public"}}, "create_extension"},
      {DropEnum{mood({"a"})}, "create_enum"},
      {CreateSequence{}, "drop_sequence"},
      {DropTable{users()}, "create_table"},
      {AddColumn{pub("t"), col("c", "text")}, "drop_column"},
      {DropPrimaryKey{pub("t"), {"pk", {"id"}}}, "add_primary_key"},
      {AddUnique{pub("t"), {"uq", {"a"}}}, "drop_unique"},
      {DropForeignKey{pub("a"), fk_a_b()}, "add_foreign_key"},
      {AddCheck{pub("t"), {"ck", "x"}}, "drop_check"},
      {DropIndex{pub("t"), Index{"ix"}}, "create_index"},
      {CreateView{}, "drop_view"},
      {CreateOther{trigger()}, "drop_other"},
  };
  for (const auto& [op, name] : cases) {
    Change c = ch(op);
    EXPECT_EQ(kind_name(reverse(c)), name);
    EXPECT_EQ(kind_name(reverse(reverse(c))), kind_name(c));
  }
}

TEST(Reverse, NotesWhereDataDoesNotComeBack) {
  Change r = reverse(ch(DropColumn{pub("users"), col("email", "text")}));
  EXPECT_EQ(kind_name(r), "add_column");
  EXPECT_EQ(r.note, "the data of users.email is not restored");
  r = reverse(Change{DropTable{users()}, false, ""});
  EXPECT_EQ(kind_name(r), "create_table");
  EXPECT_EQ(r.note, "the rows of users are not restored");
  r = reverse(Change{DropIndex{pub("users"), users().indexes[0]}, true, "x"});
  EXPECT_FALSE(r.implied);
  EXPECT_EQ(r.note, "");
}

TEST(Reverse, ListIsReversedListOfReverses) {
  ChangeList up = {ch(CreateTable{users()}), ch(CreateIndex{pub("users"), users().indexes[0]}),
                   ch(AddColumn{pub("a"), col("x", "text")})};
  ChangeList down = reverse(up);
  ASSERT_EQ(down.size(), 3u);
  EXPECT_EQ(describe(down[0]), "drop column a.x");
  EXPECT_EQ(describe(down[1]), "drop index ix_users_email on users");
  EXPECT_EQ(describe(down[2]), "drop table users");
  EXPECT_EQ(describe(reverse(down)[0]), "create table users (2 columns)");
}

TEST(IsDestructive, DropsAndTypeChanges) {
  EXPECT_TRUE(is_destructive(ch(DropTable{users()})));
  EXPECT_TRUE(is_destructive(ch(DropColumn{pub("t"), col("c", "text")})));
  // A generated column's values come back with the column.
  Column computed = col("twice", "integer");
  computed.generated = "a * 2";
  EXPECT_FALSE(is_destructive(ch(DropColumn{pub("t"), computed})));
  EXPECT_EQ(reverse(ch(DropColumn{pub("t"), computed})).note, "");
  EXPECT_TRUE(is_destructive(ch(DropSequence{})));
  EXPECT_TRUE(is_destructive(ch(DropEnum{mood({"a"})})));
  EXPECT_TRUE(is_destructive(ch(AlterEnum{mood({"a", "b"}), mood({"a"})})));
  EXPECT_FALSE(is_destructive(ch(AlterEnum{mood({"a"}), mood({"a", "b"})})));
  EXPECT_FALSE(is_destructive(ch(AlterEnum{mood({"a", "b"}), mood({"b", "a"})})));
  EXPECT_TRUE(is_destructive(ch(AlterColumn{pub("t"), col("c", "text"), col("c", "integer")})));
  EXPECT_FALSE(is_destructive(ch(AlterColumn{pub("t"), col("c", "text"), col("c", "text", true)})));
  EXPECT_FALSE(is_destructive(ch(DropIndex{pub("t"), Index{"ix"}})));
  EXPECT_FALSE(is_destructive(ch(DropView{})));
  EXPECT_FALSE(is_destructive(ch(DropForeignKey{pub("a"), fk_a_b()})));
  EXPECT_FALSE(is_destructive(ch(CreateTable{users()})));
  EXPECT_FALSE(is_destructive(ch(RenameTable{pub("a"), pub("b")})));
}

}  // namespace
}  // namespace strata::detail::schema
