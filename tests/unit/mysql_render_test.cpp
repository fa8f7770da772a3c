// Golden tests of the MySQL/MariaDB renderer: the exact SQL of every change
// kind, the online-DDL decisions (a table of operations and server versions),
// the ordering of foreign keys, their indexes and the tables they reference,
// and down sections (the rendering of reverse(diff)). No server: the live
// round trip is tests/integration/mysql_render_roundtrip_test.cpp.
#include "dialect/mysql/mysql_render.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/strings.hpp"
#include "dialect/mysql/mysql_render_online.hpp"
#include "dialect/mysql/mysql_render_order.hpp"
#include "dialect/mysql/mysql_render_parts.hpp"
#include "dialect/mysql/mysql_render_state.hpp"
#include "diff/differ.hpp"
#include "unit/render_test_support.hpp"

namespace strata::detail::schema {
namespace {

using V = std::vector<std::string>;

// As server_version_number() reads the connection's label.
constexpr int kMariaDb1011 = 100011;  // MariaDB 10.11.x
constexpr int kMariaDb106 = 100006;   // MariaDB 10.6.x
constexpr int kMariaDb102 = 100002;   // MariaDB 10.2.x
constexpr int kMysql80 = 80035;       // MySQL 8.0.35
constexpr int kMysql57 = 50744;       // MySQL 5.7.44

ObjectName n(std::string name) { return ObjectName{"", std::move(name)}; }

Column col(std::string name, std::string type, bool not_null = false,
           std::optional<std::string> default_expr = std::nullopt) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  c.default_expr = std::move(default_expr);
  return c;
}

IndexKey key(std::string column) { return IndexKey{std::move(column), true}; }

Index index(std::string name, std::vector<IndexKey> keys, bool unique = false) {
  Index i;
  i.name = std::move(name);
  i.keys = std::move(keys);
  i.unique = unique;
  return i;
}

ForeignKey fk(std::string name, std::vector<std::string> columns, std::string ref_table,
              std::vector<std::string> ref_columns) {
  ForeignKey k;
  k.name = std::move(name);
  k.columns = std::move(columns);
  k.ref_table = n(std::move(ref_table));
  k.ref_columns = std::move(ref_columns);
  k.on_update = FkAction::restrict;
  k.on_delete = FkAction::restrict;
  return k;
}

std::vector<Statement> render(const ChangeList& changes, const RenderContext& context = {}) {
  auto r = render_mysql(changes, context);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::vector<Statement>{};
}

V sqls(const ChangeList& changes, const RenderContext& context = {}) {
  return sql_texts(render(changes, context));
}

// "sql" or "-- comment\nsql" per statement.
V texts(const ChangeList& changes, const RenderContext& context = {}) {
  V out;
  for (const auto& s : render(changes, context)) {
    out.push_back(s.comment.empty() ? s.sql : "-- " + s.comment + "\n" + s.sql);
  }
  return out;
}

Table users() {
  Table t;
  t.name = n("users");
  Column id = col("id", "int(11)", true);
  id.auto_increment = true;
  t.columns = {id, col("email", "varchar(100)", true), col("name", "varchar(50)")};
  t.primary_key = PrimaryKey{"", {"id"}};
  t.engine = "InnoDB";
  t.collation = "utf8mb4_general_ci";
  return t;
}

Table orders() {
  Table t;
  t.name = n("orders");
  t.columns = {col("id", "int(11)", true), col("user_id", "int(11)"), col("note", "varchar(20)")};
  t.primary_key = PrimaryKey{"", {"id"}};
  t.indexes = {index("orders_user_fk", {key("user_id")})};
  t.foreign_keys = {fk("orders_user_fk", {"user_id"}, "users", {"id"})};
  t.engine = "InnoDB";
  t.collation = "utf8mb4_general_ci";
  return t;
}

Schema schema_of(std::vector<Table> tables) {
  Schema s;
  s.tables = std::move(tables);
  s.canonicalize();
  return s;
}

// ---- the online-DDL table

TEST(MysqlRenderOnline, ServerVersionConvention) {
  // The numbers server_version_number() makes of Connection::server_version().
  EXPECT_EQ(server_version_number("MariaDB 10.6.11"), 100006);
  EXPECT_EQ(server_version_number("MariaDB 10.11.6"), 100011);
  EXPECT_EQ(server_version_number("MySQL 8.0.35"), 80035);
  EXPECT_EQ(server_version_number("MySQL 9.1.0"), 90100);
  MysqlRenderTarget unknown = mysql_render_target(0);
  EXPECT_TRUE(unknown.mariadb);
  EXPECT_EQ(unknown.version, 100011);
  EXPECT_TRUE(mysql_render_target(100006).mariadb);
  EXPECT_EQ(mysql_render_target(100006).version, 100006);
  EXPECT_TRUE(mysql_render_target(110004).mariadb);
  EXPECT_FALSE(mysql_render_target(80035).mariadb);
  EXPECT_FALSE(mysql_render_target(90100).mariadb);
}

TEST(MysqlRenderOnline, AlgorithmByOperationAndServer) {
  using A = MysqlAlgorithm;
  using O = MysqlOnlineOp;
  struct Case {
    O op;
    int version;
    A expected;
  };
  const Case cases[] = {
      // ADD COLUMN: INSTANT from MariaDB 10.3 and MySQL 8.0.12, rebuilt in place before.
      {O::add_column, 100011, A::instant},
      {O::add_column, 100003, A::instant},
      {O::add_column, 100002, A::inplace_rebuild},
      {O::add_column, 110004, A::instant},
      {O::add_column, 80012, A::instant},
      {O::add_column, 80011, A::inplace_rebuild},
      {O::add_column, 50544, A::none},
      // DROP COLUMN: MariaDB 10.4, MySQL 8.0.29.
      {O::drop_column, 100004, A::instant},
      {O::drop_column, 100003, A::inplace_rebuild},
      {O::drop_column, 80029, A::instant},
      {O::drop_column, 80028, A::inplace_rebuild},
      {O::rename_column, 100003, A::instant},
      {O::rename_column, 100002, A::inplace},
      {O::rename_column, 80028, A::instant},
      {O::rename_column, 80027, A::inplace},
      {O::change_default, 100006, A::instant},
      {O::change_default, 50744, A::inplace},
      {O::change_column_comment, 100011, A::instant},
      {O::change_column_comment, 100006, A::none},
      {O::change_column_comment, 80035, A::none},
      // VARCHAR lengthened: INSTANT from MariaDB 10.4, in place in 10.2-10.3 and MySQL 5.7+.
      {O::extend_varchar, 100004, A::instant},
      {O::extend_varchar, 100003, A::inplace},
      {O::extend_varchar, 100001, A::copy},
      {O::extend_varchar, 80035, A::inplace},
      {O::extend_varchar, 50644, A::copy},
      {O::append_enum_values, 100011, A::instant},
      {O::append_enum_values, 100006, A::inplace},
      {O::append_enum_values, 80035, A::instant},
      {O::drop_not_null, 100011, A::inplace_rebuild},
      {O::drop_not_null, 80035, A::inplace_rebuild},
      {O::set_not_null, 100011, A::copy},
      {O::set_not_null, 80035, A::copy},
      {O::change_type, 100011, A::copy},
      {O::change_type, 80035, A::copy},
      {O::other_column_change, 100011, A::none},
      {O::table_comment, 100011, A::instant},
      {O::table_comment, 100006, A::none},
      {O::table_comment, 80035, A::none},
      {O::create_index, 100011, A::inplace},
      {O::create_index, 100000, A::inplace},
      {O::create_index, 50600, A::inplace},
      {O::create_index, 50544, A::none},
      {O::create_special_index, 100011, A::blocking},
      {O::create_special_index, 80035, A::blocking},
      {O::drop_index, 100011, A::inplace},
      {O::drop_index, 80035, A::inplace},
      // ADD FOREIGN KEY copies unless foreign_key_checks=0: no clause.
      {O::add_foreign_key, 100011, A::copy},
      {O::add_foreign_key, 80035, A::copy},
      {O::drop_foreign_key, 100011, A::inplace},
      {O::drop_foreign_key, 80035, A::inplace},
      {O::add_check, 100011, A::copy},
      {O::drop_check, 100011, A::instant},
      {O::drop_check, 100006, A::none},
      {O::drop_check, 80035, A::none},
      {O::add_primary_key, 100011, A::inplace_rebuild},
      {O::drop_primary_key, 100011, A::copy},
      {O::drop_primary_key, 80035, A::copy},
      {O::replace_primary_key, 100011, A::inplace_rebuild},
      {O::replace_primary_key, 80035, A::inplace_rebuild},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(mysql_online_algorithm(c.op, mysql_render_target(c.version)), c.expected)
        << "operation " << static_cast<int>(c.op) << " on " << c.version;
  }
  // Unknown counts as MariaDB 10.11.
  EXPECT_EQ(mysql_online_algorithm(O::drop_check, mysql_render_target(0)), A::instant);
}

TEST(MysqlRenderOnline, ClausesCommentsAndCombination) {
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::instant), ", ALGORITHM=INSTANT");
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::inplace), ", ALGORITHM=INPLACE, LOCK=NONE");
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::inplace_rebuild),
            ", ALGORITHM=INPLACE, LOCK=NONE");
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::none), "");
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::blocking), "");
  EXPECT_EQ(mysql_algorithm_clause(MysqlAlgorithm::copy), "");
  EXPECT_EQ(mysql_algorithm_comment(MysqlAlgorithm::instant, "t"), "");
  EXPECT_EQ(mysql_algorithm_comment(MysqlAlgorithm::none, "t"), "");
  EXPECT_EQ(mysql_algorithm_comment(MysqlAlgorithm::copy, "t"),
            "rebuilds table t (ALGORITHM=COPY): every row is copied and writes to the table are "
            "blocked until it finishes");
  EXPECT_EQ(mysql_algorithm_comment(MysqlAlgorithm::inplace_rebuild, "t"),
            "rebuilds table t in place; writes continue meanwhile");
  EXPECT_EQ(mysql_algorithm_comment(MysqlAlgorithm::blocking, "t"),
            "blocks writes to table t until it finishes");
  EXPECT_EQ(mysql_combine(MysqlAlgorithm::instant, MysqlAlgorithm::inplace),
            MysqlAlgorithm::inplace);
  EXPECT_EQ(mysql_combine(MysqlAlgorithm::inplace, MysqlAlgorithm::none), MysqlAlgorithm::none);
  EXPECT_EQ(mysql_combine(MysqlAlgorithm::copy, MysqlAlgorithm::instant), MysqlAlgorithm::copy);
}

TEST(MysqlRenderOnline, VarcharLengthPrefixClass) {
  // utf8mb4: 4 bytes a character, so 63 characters fit a 1-byte prefix and 64 do not.
  EXPECT_TRUE(mysql_extends_varchar("varchar(20)", "varchar(63)", 4));
  EXPECT_FALSE(mysql_extends_varchar("varchar(63)", "varchar(64)", 4));
  EXPECT_TRUE(mysql_extends_varchar("varchar(64)", "varchar(1000)", 4));
  EXPECT_TRUE(mysql_extends_varchar("varchar(100)", "varchar(255)", 1));
  EXPECT_FALSE(mysql_extends_varchar("varchar(100)", "varchar(256)", 1));
  EXPECT_FALSE(mysql_extends_varchar("varchar(50)", "varchar(40)", 4));
  EXPECT_FALSE(mysql_extends_varchar("varchar(50)", "varchar(50)", 4));
  EXPECT_FALSE(mysql_extends_varchar("varchar(5)", "varchar(6)", 0));
  EXPECT_FALSE(mysql_extends_varchar("char(5)", "char(6)", 1));
  EXPECT_FALSE(mysql_extends_varchar("varchar(5)", "text", 1));
  EXPECT_TRUE(mysql_extends_varchar("varbinary(10)", "varbinary(255)", 4));
  EXPECT_EQ(mysql_charset_max_bytes("utf8mb4_general_ci"), 4);
  EXPECT_EQ(mysql_charset_max_bytes("utf8mb3_bin"), 3);
  EXPECT_EQ(mysql_charset_max_bytes("latin1_swedish_ci"), 1);
  EXPECT_EQ(mysql_charset_max_bytes("binary"), 1);
  EXPECT_EQ(mysql_charset_max_bytes("uca1400_ai_ci"), 0);
  EXPECT_EQ(mysql_charset_max_bytes(""), 0);
}

TEST(MysqlRenderOnline, EnumAndSetMembersAppended) {
  EXPECT_TRUE(mysql_appends_enum_values("enum('a','b')", "enum('a','b','c')"));
  EXPECT_TRUE(mysql_appends_enum_values("enum('it''s')", "enum('it''s','x,y')"));
  EXPECT_FALSE(mysql_appends_enum_values("enum('a','b')", "enum('b','a','c')"));
  EXPECT_FALSE(mysql_appends_enum_values("enum('a','b')", "enum('a')"));
  EXPECT_FALSE(mysql_appends_enum_values("enum('a','b')", "set('a','b','c')"));
  EXPECT_TRUE(mysql_appends_enum_values("set('a')", "set('a','b')"));
  // SET: 8 members fit one byte, the ninth needs a second.
  std::string eight = "set('1','2','3','4','5','6','7','8')";
  EXPECT_FALSE(mysql_appends_enum_values(eight, "set('1','2','3','4','5','6','7','8','9')"));
  // ENUM: 255 members fit one byte.
  std::string big = "enum(";
  for (int i = 0; i < 255; ++i) big += (i ? ",'" : "'") + std::to_string(i) + "'";
  EXPECT_FALSE(mysql_appends_enum_values(big + ")", big + ",'x')"));
  EXPECT_TRUE(mysql_appends_enum_values("enum('0')", "enum('0','1')"));
  EXPECT_FALSE(mysql_appends_enum_values("int(11)", "int(12)"));
}

// ---- statements

TEST(MysqlRender, CreateTableWithEveryPart) {
  Table t;
  t.name = n("items");
  Column id = col("id", "bigint(20) unsigned", true);
  id.auto_increment = true;
  Column code = col("code", "varchar(20)", true, "'x'");
  code.collation = "utf8mb4_bin";
  code.comment = "the code's text";
  Column ts = col("changed", "timestamp", true, "current_timestamp()");
  ts.on_update = "current_timestamp()";
  Column seen = col("seen", "timestamp");
  Column total = col("total", "decimal(12,2)");
  total.generated = "`price` * `qty`";
  total.generated_stored = true;
  Column half = col("half", "int(11)");
  half.generated = "`qty` / 2";
  t.columns = {id,
               code,
               ts,
               seen,
               col("parent_id", "bigint(20) unsigned"),
               col("price", "decimal(10,2)", true, "0.00"),
               col("qty", "int(11)", true, "1"),
               total,
               half,
               col("body", "text"),
               col("kind", "enum('a','b')", false, "'a'")};
  t.primary_key = PrimaryKey{"", {"id"}};
  Index body = index("items_body", {key("body")});
  body.method = "FULLTEXT";
  Index prefix = index("items_code_desc", {IndexKey{"code", true, true}, key("body")});
  prefix.keys[1].prefix_length = 10;
  prefix.comment = "for lookups";
  t.indexes = {index("items_code", {key("code")}, true), prefix, body,
               index("items_parent", {key("parent_id")})};
  ForeignKey parent = fk("items_parent", {"parent_id"}, "items", {"id"});
  parent.on_delete = FkAction::set_null;
  parent.on_update = FkAction::cascade;
  t.foreign_keys = {parent};
  t.checks = {CheckConstraint{"items_qty", "`qty` >= 0"}};
  t.comment = "stock 'items'";
  t.engine = "InnoDB";
  t.collation = "utf8mb4_general_ci";
  EXPECT_EQ(sqls({change(CreateTable{t})}),
            V{"CREATE TABLE `items` (\n"
              "    `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n"
              "    `code` varchar(20) COLLATE utf8mb4_bin NOT NULL DEFAULT 'x' COMMENT 'the "
              "code''s text',\n"
              "    `changed` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE "
              "current_timestamp(),\n"
              "    `seen` timestamp NULL,\n"
              "    `parent_id` bigint(20) unsigned,\n"
              "    `price` decimal(10,2) NOT NULL DEFAULT 0.00,\n"
              "    `qty` int(11) NOT NULL DEFAULT 1,\n"
              "    `total` decimal(12,2) GENERATED ALWAYS AS (`price` * `qty`) STORED,\n"
              "    `half` int(11) GENERATED ALWAYS AS (`qty` / 2) VIRTUAL,\n"
              "    `body` text,\n"
              "    `kind` enum('a','b') DEFAULT 'a',\n"
              "    PRIMARY KEY (`id`),\n"
              "    UNIQUE KEY `items_code` (`code`),\n"
              "    KEY `items_code_desc` (`code` DESC, `body`(10)) COMMENT 'for lookups',\n"
              "    FULLTEXT KEY `items_body` (`body`),\n"
              "    KEY `items_parent` (`parent_id`),\n"
              "    CONSTRAINT `items_parent` FOREIGN KEY (`parent_id`) REFERENCES `items` (`id`) "
              "ON DELETE SET NULL ON UPDATE CASCADE,\n"
              "    CONSTRAINT `items_qty` CHECK (`qty` >= 0)\n"
              ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci "
              "COMMENT='stock ''items'''"});
}

TEST(MysqlRender, QuotingOfAwkwardNames) {
  Table t;
  t.name = n("we`ird ta\\ble");
  Column c = col("select", "int(11)");
  c.comment = "back\\slash";
  t.columns = {c};
  EXPECT_EQ(sqls({change(CreateTable{t})}),
            V{"CREATE TABLE `we``ird ta\\ble` (\n    `select` int(11) COMMENT 'back\\\\slash'\n)"});
  EXPECT_EQ(sqls({change(RenameTable{n("a`b"), n("c d")})}), V{"RENAME TABLE `a``b` TO `c d`"});
}

TEST(MysqlRender, ForeignKeyActionsAndOtherDatabases) {
  ForeignKey k = fk("k", {"a", "b"}, "p", {"x", "y"});
  k.ref_table.schema = "other";
  EXPECT_EQ(mysql_foreign_key_element(k),
            "CONSTRAINT `k` FOREIGN KEY (`a`, `b`) REFERENCES `other`.`p` (`x`, `y`)");
  k.on_delete = FkAction::no_action;
  k.on_update = FkAction::set_default;
  EXPECT_EQ(mysql_foreign_key_element(k),
            "CONSTRAINT `k` FOREIGN KEY (`a`, `b`) REFERENCES `other`.`p` (`x`, `y`) ON DELETE "
            "NO ACTION ON UPDATE SET DEFAULT");
}

TEST(MysqlRender, IndexForms) {
  Index spatial = index("g", {key("geo")});
  spatial.method = "SPATIAL";
  EXPECT_EQ(mysql_index_element(spatial), "SPATIAL KEY `g` (`geo`)");
  Index hash = index("h", {key("blob")}, true);
  hash.method = "HASH";
  EXPECT_EQ(mysql_index_element(hash, "INDEX"), "UNIQUE INDEX `h` USING HASH (`blob`)");
  Index expr = index("e", {IndexKey{"lower(`name`)", false, true}});
  EXPECT_EQ(mysql_index_element(expr), "KEY `e` ((lower(`name`)) DESC)");
}

TEST(MysqlRender, TableOptions) {
  Table t;
  EXPECT_EQ(mysql_table_options(t), "");
  t.collation = "binary";
  EXPECT_EQ(mysql_table_options(t), "COLLATE=binary");
  t.engine = "MyISAM";
  t.collation = "latin1_swedish_ci";
  EXPECT_EQ(mysql_table_options(t),
            "ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci");
}

TEST(MysqlRender, DropAndRenameTable) {
  EXPECT_EQ(sqls({change(DropTable{users()})}), V{"DROP TABLE `users`"});
  EXPECT_EQ(sqls({change(RenameTable{n("users"), n("people")})}),
            V{"RENAME TABLE `users` TO `people`"});
}

TEST(MysqlRender, ColumnsOnAnExistingTable) {
  Schema from = schema_of({users()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Column age = col("age", "int(11)", true, "0");
  EXPECT_EQ(texts({change(AddColumn{n("users"), age})}, ctx),
            V{"ALTER TABLE `users` ADD COLUMN `age` int(11) NOT NULL DEFAULT 0, "
              "ALGORITHM=INSTANT"});
  // Dropping a column in no index is instant; one in an index is left to the server.
  EXPECT_EQ(texts({change(DropColumn{n("users"), col("name", "varchar(50)")})}, ctx),
            V{"ALTER TABLE `users` DROP COLUMN `name`, ALGORITHM=INSTANT"});
  EXPECT_EQ(texts({change(DropColumn{n("users"), col("id", "int(11)", true)})}, ctx),
            V{"ALTER TABLE `users` DROP COLUMN `id`"});
  EXPECT_EQ(texts({change(RenameColumn{n("users"), "name", "full_name"})}, ctx),
            V{"ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`, ALGORITHM=INSTANT"});
  // A STORED generated column copies the table.
  Column stored = col("len", "int(11)");
  stored.generated = "char_length(`email`)";
  stored.generated_stored = true;
  EXPECT_EQ(texts({change(AddColumn{n("users"), stored})}, ctx),
            V{"-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `users` ADD COLUMN `len` int(11) GENERATED ALWAYS AS "
              "(char_length(`email`)) STORED"});
  // Without the table's current shape (no context), no clause is risked.
  EXPECT_EQ(sqls({change(AddColumn{n("users"), age})}),
            V{"ALTER TABLE `users` ADD COLUMN `age` int(11) NOT NULL DEFAULT 0"});
  // A table with a FULLTEXT index cannot add or drop columns instantly.
  Table with_text = users();
  Index ft = index("ft", {key("name")});
  ft.method = "FULLTEXT";
  with_text.indexes = {ft};
  Schema text_from = schema_of({with_text});
  RenderContext text_ctx{&text_from, nullptr, kMariaDb1011};
  EXPECT_EQ(sqls({change(AddColumn{n("users"), age})}, text_ctx),
            V{"ALTER TABLE `users` ADD COLUMN `age` int(11) NOT NULL DEFAULT 0"});
  EXPECT_EQ(sqls({change(DropColumn{n("users"), col("email", "varchar(100)", true)})}, text_ctx),
            V{"ALTER TABLE `users` DROP COLUMN `email`"});
}

TEST(MysqlRender, AddedColumnsTakeTheirPlaceInTheTargetOrder) {
  Table before = users();
  before.columns = {users().columns[0], users().columns[2]};  // id, name
  Table after = users();                                      // id, email, name
  after.columns.insert(after.columns.begin(), col("tenant", "int(11)"));
  after.columns.push_back(col("age", "int(11)"));  // tenant, id, email, name, age
  Schema from = schema_of({before});
  Schema to = schema_of({after});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"ALTER TABLE `users` ADD COLUMN `tenant` int(11) FIRST, ALGORITHM=INSTANT",
               "ALTER TABLE `users` ADD COLUMN `email` varchar(100) NOT NULL AFTER `id`, "
               "ALGORITHM=INSTANT",
               "ALTER TABLE `users` ADD COLUMN `age` int(11), ALGORITHM=INSTANT"}));
  // A placed column is instant from MariaDB 10.4 and MySQL 8.0.29 only; a
  // column appended last from 10.3 and 8.0.12.
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, 100003}),
            (V{"ALTER TABLE `users` ADD COLUMN `tenant` int(11) FIRST, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `users` ADD COLUMN `email` varchar(100) NOT NULL AFTER `id`, "
               "ALGORITHM=INPLACE, LOCK=NONE",
               "ALTER TABLE `users` ADD COLUMN `age` int(11), ALGORITHM=INSTANT"}));
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, 80028}),
            (V{"ALTER TABLE `users` ADD COLUMN `tenant` int(11) FIRST, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `users` ADD COLUMN `email` varchar(100) NOT NULL AFTER `id`, "
               "ALGORITHM=INPLACE, LOCK=NONE",
               "ALTER TABLE `users` ADD COLUMN `age` int(11), ALGORITHM=INSTANT"}));
  // Down, dropped columns come back where they were, whatever the order of the adds.
  Table wide = users();
  wide.columns.push_back(col("a", "int(11)"));
  wide.columns.push_back(col("b", "int(11)"));
  wide.columns.push_back(col("z", "int(11)"));
  Table narrow = users();
  narrow.columns.push_back(col("z", "int(11)"));
  Schema w = schema_of({wide});
  Schema nw = schema_of({narrow});
  auto drops = diff_schemas(w, nw);
  EXPECT_EQ(sqls(reverse(drops.changes), RenderContext{&nw, &w, kMariaDb1011}),
            (V{"ALTER TABLE `users` ADD COLUMN `b` int(11) AFTER `name`, ALGORITHM=INSTANT",
               "ALTER TABLE `users` ADD COLUMN `a` int(11) AFTER `name`, ALGORITHM=INSTANT"}));
  // MariaDB moves a VIRTUAL column only by copying.
  Table virt = narrow;
  Column v = col("v", "int(11)");
  v.generated = "`id` + 1";
  virt.columns.push_back(v);
  Table virt_wide = virt;
  virt_wide.columns.insert(virt_wide.columns.begin() + 3, col("a", "int(11)"));
  Schema vf = schema_of({virt});
  Schema vt = schema_of({virt_wide});
  EXPECT_EQ(texts(diff_schemas(vf, vt).changes, RenderContext{&vf, &vt, kMariaDb1011}),
            V{"-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `users` ADD COLUMN `a` int(11) AFTER `name`"});
}

TEST(MysqlRender, RenameColumnOnServersWithoutRenameColumn) {
  Schema from = schema_of({users()});
  // MariaDB 10.2-10.4 and MySQL 5.7 rename through CHANGE COLUMN and the full definition.
  RenderContext old_maria{&from, nullptr, kMariaDb102};
  EXPECT_EQ(sqls({change(RenameColumn{n("users"), "email", "mail"})}, old_maria),
            V{"ALTER TABLE `users` CHANGE COLUMN `email` `mail` varchar(100) NOT NULL, "
              "ALGORITHM=INPLACE, LOCK=NONE"});
  RenderContext old_mysql{&from, nullptr, kMysql57};
  EXPECT_EQ(sqls({change(RenameColumn{n("users"), "email", "mail"})}, old_mysql),
            V{"ALTER TABLE `users` CHANGE COLUMN `email` `mail` varchar(100) NOT NULL, "
              "ALGORITHM=INPLACE, LOCK=NONE"});
  RenderContext maria104{&from, nullptr, 100004};
  EXPECT_EQ(sqls({change(RenameColumn{n("users"), "email", "mail"})}, maria104),
            V{"ALTER TABLE `users` CHANGE COLUMN `email` `mail` varchar(100) NOT NULL, "
              "ALGORITHM=INSTANT"});
  RenderContext maria105{&from, nullptr, 100005};
  EXPECT_EQ(sqls({change(RenameColumn{n("users"), "email", "mail"})}, maria105),
            V{"ALTER TABLE `users` RENAME COLUMN `email` TO `mail`, ALGORITHM=INSTANT"});
  RenderContext mysql8{&from, nullptr, kMysql80};
  EXPECT_EQ(sqls({change(RenameColumn{n("users"), "email", "mail"})}, mysql8),
            V{"ALTER TABLE `users` RENAME COLUMN `email` TO `mail`, ALGORITHM=INSTANT"});
}

TEST(MysqlRender, AlterColumnRestatesTheWholeColumn) {
  Schema from = schema_of({users()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  auto alter = [&](Column before, Column after, const RenderContext& c) {
    return texts({change(AlterColumn{n("users"), std::move(before), std::move(after)})}, c);
  };
  Column name = col("name", "varchar(50)");
  // A longer VARCHAR in the same length-prefix class: instant.
  Column longer = col("name", "varchar(60)");
  EXPECT_EQ(alter(name, longer, ctx),
            V{"ALTER TABLE `users` MODIFY COLUMN `name` varchar(60), ALGORITHM=INSTANT"});
  // Past 255 bytes (64 utf8mb4 characters) the prefix grows: the table is copied.
  Column much_longer = col("name", "varchar(64)");
  EXPECT_EQ(alter(name, much_longer, ctx),
            V{"-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `users` MODIFY COLUMN `name` varchar(64)"});
  // A default, an ON UPDATE, a comment: instant; everything else is restated.
  Column with_default = name;
  with_default.default_expr = "'anon'";
  with_default.comment = "shown";
  EXPECT_EQ(alter(name, with_default, ctx),
            V{"ALTER TABLE `users` MODIFY COLUMN `name` varchar(50) DEFAULT 'anon' COMMENT "
              "'shown', ALGORITHM=INSTANT"});
  // NOT NULL added: copied; dropped: rebuilt in place.
  Column required = name;
  required.not_null = true;
  EXPECT_EQ(alter(name, required, ctx),
            V{"-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `users` MODIFY COLUMN `name` varchar(50) NOT NULL"});
  EXPECT_EQ(alter(required, name, ctx),
            V{"-- rebuilds table users in place; writes continue meanwhile\n"
              "ALTER TABLE `users` MODIFY COLUMN `name` varchar(50), ALGORITHM=INPLACE, "
              "LOCK=NONE"});
  // A type change with a collation.
  Column binary_name = name;
  binary_name.type = "varchar(40)";
  binary_name.collation = "utf8mb4_bin";
  EXPECT_EQ(sqls({change(AlterColumn{n("users"), name, binary_name})}, ctx),
            V{"ALTER TABLE `users` MODIFY COLUMN `name` varchar(40) COLLATE utf8mb4_bin"});
  // ENUM members appended: instant on MariaDB 10.11, in place on 10.6.
  Column kind = col("kind", "enum('a','b')", true, "'a'");
  Column more = kind;
  more.type = "enum('a','b','c')";
  EXPECT_EQ(alter(kind, more, ctx),
            V{"ALTER TABLE `users` MODIFY COLUMN `kind` enum('a','b','c') NOT NULL DEFAULT 'a', "
              "ALGORITHM=INSTANT"});
  RenderContext maria106{&from, nullptr, kMariaDb106};
  EXPECT_EQ(alter(kind, more, maria106),
            V{"ALTER TABLE `users` MODIFY COLUMN `kind` enum('a','b','c') NOT NULL DEFAULT 'a', "
              "ALGORITHM=INPLACE, LOCK=NONE"});
  // A VIRTUAL expression change is left to the server.
  Column v1 = col("v", "int(11)");
  v1.generated = "`id` + 1";
  Column v2 = v1;
  v2.generated = "`id` + 2";
  EXPECT_EQ(alter(v1, v2, ctx),
            V{"ALTER TABLE `users` MODIFY COLUMN `v` int(11) GENERATED ALWAYS AS (`id` + 2) "
              "VIRTUAL"});
  // Nothing to do renders nothing.
  EXPECT_EQ(alter(name, name, ctx), V{});
}

TEST(MysqlRender, PrimaryKeys) {
  Schema from = schema_of({orders()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  EXPECT_EQ(texts({change(DropPrimaryKey{n("orders"), PrimaryKey{"", {"id"}}})}, ctx),
            V{"-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `orders` DROP PRIMARY KEY"});
  EXPECT_EQ(texts({change(AddPrimaryKey{n("orders"), PrimaryKey{"", {"id", "user_id"}}})}, ctx),
            V{"-- rebuilds table orders in place; writes continue meanwhile\n"
              "ALTER TABLE `orders` ADD PRIMARY KEY (`id`, `user_id`), ALGORITHM=INPLACE, "
              "LOCK=NONE"});
  // A replaced key is one statement: an AUTO_INCREMENT column is never keyless.
  EXPECT_EQ(sqls({change(DropPrimaryKey{n("orders"), PrimaryKey{"", {"id"}}}),
                  change(AddColumn{n("orders"), col("tenant", "int(11)", true)}),
                  change(AddPrimaryKey{n("orders"), PrimaryKey{"", {"id", "tenant"}}})},
                 ctx),
            (V{"ALTER TABLE `orders` ADD COLUMN `tenant` int(11) NOT NULL, ALGORITHM=INSTANT",
               "ALTER TABLE `orders` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `tenant`), "
               "ALGORITHM=INPLACE, LOCK=NONE"}));
  // A change to a key column in between keeps the drop where it was.
  Column id = col("id", "int(11)", true);
  Column id_big = col("id", "bigint(20)", true);
  EXPECT_EQ(sqls({change(DropPrimaryKey{n("orders"), PrimaryKey{"", {"id"}}}),
                  change(AlterColumn{n("orders"), id, id_big}),
                  change(AddPrimaryKey{n("orders"), PrimaryKey{"", {"id", "user_id"}}})},
                 ctx),
            (V{"ALTER TABLE `orders` DROP PRIMARY KEY",
               "ALTER TABLE `orders` MODIFY COLUMN `id` bigint(20) NOT NULL",
               "ALTER TABLE `orders` ADD PRIMARY KEY (`id`, `user_id`), ALGORITHM=INPLACE, "
               "LOCK=NONE"}));
}

TEST(MysqlRender, AutoIncrementColumnsGetTheirKeyInTheSameStatement) {
  Table t = orders();
  t.primary_key.reset();
  Schema from = schema_of({t});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Column serial = col("serial", "int(11)", true);
  serial.auto_increment = true;
  ChangeList up{change(AddColumn{n("orders"), serial}),
                change(AddPrimaryKey{n("orders"), PrimaryKey{"", {"serial"}}})};
  EXPECT_EQ(texts(up, ctx),
            V{"-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `orders` ADD COLUMN `serial` int(11) NOT NULL AUTO_INCREMENT, ADD "
              "PRIMARY KEY (`serial`)"});
  // Down: the key goes with the column.
  EXPECT_EQ(sqls(reverse(up), RenderContext{nullptr, &from, kMariaDb1011}),
            V{"ALTER TABLE `orders` DROP PRIMARY KEY, DROP COLUMN `serial`"});
  // Through a unique index, and on an existing column.
  Column id = col("id", "int(11)", true);
  Column id_serial = id;
  id_serial.auto_increment = true;
  ChangeList alter{change(AlterColumn{n("orders"), id, id_serial}),
                   change(CreateIndex{n("orders"), index("orders_id", {key("id")}, true)})};
  EXPECT_EQ(sqls(alter, ctx),
            V{"ALTER TABLE `orders` MODIFY COLUMN `id` int(11) NOT NULL AUTO_INCREMENT, ADD "
              "UNIQUE INDEX `orders_id` (`id`)"});
  // Taking AUTO_INCREMENT off a key column and dropping the key: one statement.
  Table keyed = orders();
  keyed.columns[0] = id_serial;
  Schema keyed_from = schema_of({keyed});
  EXPECT_EQ(sqls({change(DropPrimaryKey{n("orders"), PrimaryKey{"", {"id"}}}),
                  change(AlterColumn{n("orders"), id_serial, id})},
                 RenderContext{&keyed_from, nullptr, kMariaDb1011}),
            V{"ALTER TABLE `orders` DROP PRIMARY KEY, MODIFY COLUMN `id` int(11) NOT NULL"});
}

TEST(MysqlRender, IndexesKeysAndChecks) {
  Schema from = schema_of({users(), orders()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Index by_name = index("users_name", {key("name"), IndexKey{"email", true, true}});
  by_name.keys[0].prefix_length = 8;
  EXPECT_EQ(texts({change(CreateIndex{n("users"), by_name})}, ctx),
            V{"ALTER TABLE `users` ADD INDEX `users_name` (`name`(8), `email` DESC), "
              "ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_EQ(texts({change(DropIndex{n("users"), by_name})}, ctx),
            V{"ALTER TABLE `users` DROP INDEX `users_name`, ALGORITHM=INPLACE, LOCK=NONE"});
  Index text = index("users_text", {key("name")});
  text.method = "FULLTEXT";
  EXPECT_EQ(texts({change(CreateIndex{n("users"), text})}, ctx),
            V{"-- blocks writes to table users until it finishes\n"
              "ALTER TABLE `users` ADD FULLTEXT INDEX `users_text` (`name`)"});
  ForeignKey k = fk("orders_user_fk", {"user_id"}, "users", {"id"});
  k.on_delete = FkAction::cascade;
  EXPECT_EQ(texts({change(AddForeignKey{n("orders"), k})}, ctx),
            V{"-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
              "REFERENCES `users` (`id`) ON DELETE CASCADE"});
  EXPECT_EQ(texts({change(DropForeignKey{n("orders"), k})}, ctx),
            V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
              "LOCK=NONE"});
  CheckConstraint check{"orders_note", "char_length(`note`) > 2"};
  EXPECT_EQ(texts({change(AddCheck{n("orders"), check})}, ctx),
            V{"-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the "
              "table are blocked until it finishes\n"
              "ALTER TABLE `orders` ADD CONSTRAINT `orders_note` CHECK (char_length(`note`) > 2)"});
  EXPECT_EQ(texts({change(DropCheck{n("orders"), check})}, ctx),
            V{"ALTER TABLE `orders` DROP CONSTRAINT `orders_note`, ALGORITHM=INSTANT"});
  EXPECT_EQ(sqls({change(DropCheck{n("orders"), check})}, RenderContext{&from, nullptr, 80018}),
            V{"ALTER TABLE `orders` DROP CHECK `orders_note`"});
  EXPECT_EQ(sqls({change(DropCheck{n("orders"), check})}, RenderContext{&from, nullptr, 80019}),
            V{"ALTER TABLE `orders` DROP CONSTRAINT `orders_note`"});
  UniqueConstraint u{"users_email", {"email"}};
  EXPECT_EQ(sqls({change(AddUnique{n("users"), u}), change(DropUnique{n("users"), u})}, ctx),
            (V{"ALTER TABLE `users` ADD CONSTRAINT `users_email` UNIQUE KEY (`email`), "
               "ALGORITHM=INPLACE, LOCK=NONE",
               "ALTER TABLE `users` DROP INDEX `users_email`, ALGORITHM=INPLACE, LOCK=NONE"}));
}

TEST(MysqlRender, Comments) {
  Table t = users();
  t.indexes = {index("users_email", {key("email")}, true)};
  Schema from = schema_of({t});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  EXPECT_EQ(sqls({change(SetComment{CommentTarget::table, n("users"), "", std::nullopt,
                                    "people's accounts"})},
                 ctx),
            V{"ALTER TABLE `users` COMMENT = 'people''s accounts', ALGORITHM=INSTANT"});
  Table commented = t;
  commented.comment = "x";
  Schema commented_from = schema_of({commented});
  EXPECT_EQ(sqls({change(SetComment{CommentTarget::table, n("users"), "", "x", std::nullopt})},
                 RenderContext{&commented_from, nullptr, kMysql80}),
            V{"ALTER TABLE `users` COMMENT = ''"});
  // A comment the table already has is not set again.
  EXPECT_EQ(sqls({change(SetComment{CommentTarget::table, n("users"), "", "y", "x"})},
                 RenderContext{&commented_from, nullptr, kMysql80}),
            V{});
  // A column comment restates the column as it is.
  EXPECT_EQ(
      sqls({change(SetComment{CommentTarget::column, n("users"), "email", std::nullopt, "login"})},
           ctx),
      V{"ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL COMMENT 'login', "
        "ALGORITHM=INSTANT"});
  // Without the schema before, the column is read from the schema after.
  Table commented_after = t;
  commented_after.columns[1].comment = "login";
  Schema after = schema_of({commented_after});
  EXPECT_EQ(
      sqls({change(SetComment{CommentTarget::column, n("users"), "email", std::nullopt, "login"})},
           RenderContext{nullptr, &after, kMariaDb1011}),
      V{"ALTER TABLE `users` MODIFY COLUMN `email` varchar(100) NOT NULL COMMENT 'login', "
        "ALGORITHM=INSTANT"});
  // After a MODIFY COLUMN that already carried it, nothing is left to do.
  Column email = t.columns[1];
  Column email2 = email;
  email2.type = "varchar(120)";
  email2.comment = "login";
  EXPECT_EQ(
      sqls({change(AlterColumn{n("users"), email, email2}),
            change(SetComment{CommentTarget::column, n("users"), "email", std::nullopt, "login"})},
           ctx),
      V{"ALTER TABLE `users` MODIFY COLUMN `email` varchar(120) NOT NULL COMMENT 'login', "
        "ALGORITHM=INSTANT"});
  // An index comment recreates the index in one statement.
  EXPECT_EQ(sqls({change(SetComment{CommentTarget::index, n("users_email"), "", std::nullopt,
                                    "unique logins"})},
                 ctx),
            V{"ALTER TABLE `users` DROP INDEX `users_email`, ADD UNIQUE INDEX `users_email` "
              "(`email`) COMMENT 'unique logins', ALGORITHM=INPLACE, LOCK=NONE"});
  // Unknown columns and indexes, and view comments, are errors.
  auto missing = render_mysql(
      {change(SetComment{CommentTarget::column, n("users"), "nope", std::nullopt, "x"})}, ctx);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message,
            "cannot set the comment of column users.nope: MySQL restates the whole column "
            "(MODIFY COLUMN) and its definition is unknown");
  auto no_index = render_mysql(
      {change(SetComment{CommentTarget::index, n("nope"), "", std::nullopt, "x"})}, ctx);
  ASSERT_FALSE(no_index.has_value());
  EXPECT_EQ(no_index.error().message,
            "cannot set the comment of index nope: MySQL recreates the index and no single table "
            "has an index of that name");
  auto view =
      render_mysql({change(SetComment{CommentTarget::view, n("v"), "", std::nullopt, "x"})}, ctx);
  ASSERT_FALSE(view.has_value());
  EXPECT_EQ(view.error().message,
            "cannot set the comment of view v: MySQL/MariaDB views have no comment");
}

TEST(MysqlRender, ViewsTriggersAndOtherObjects) {
  View v;
  v.name = n("active_users");
  v.definition = "select `users`.`id` AS `id` from `users` where `users`.`name` is not null";
  EXPECT_EQ(sqls({change(CreateView{v}), change(DropView{v})}),
            (V{"CREATE VIEW `active_users` AS select `users`.`id` AS `id` from `users` where "
               "`users`.`name` is not null",
               "DROP VIEW `active_users`"}));
  OtherObject trigger;
  trigger.kind = "trigger";
  trigger.name = n("users_bi");
  trigger.table = n("users");
  trigger.definition =
      "CREATE TRIGGER `users_bi` BEFORE INSERT ON `users` FOR EACH ROW BEGIN\n"
      "  SET NEW.name = lower(NEW.name);\n"
      "  SET NEW.email = trim(NEW.email);\n"
      "END;\n";
  auto statements = render({change(CreateOther{trigger}), change(DropOther{trigger})});
  ASSERT_EQ(statements.size(), 2u);
  // One statement, body and all: the migration writer adds the DELIMITER lines.
  EXPECT_EQ(statements[0].sql,
            "CREATE TRIGGER `users_bi` BEFORE INSERT ON `users` FOR EACH ROW BEGIN\n"
            "  SET NEW.name = lower(NEW.name);\n"
            "  SET NEW.email = trim(NEW.email);\n"
            "END");
  EXPECT_EQ(statements[1].sql, "DROP TRIGGER `users_bi`");
  OtherObject proc;
  proc.kind = "procedure";
  proc.name = n("cleanup");
  EXPECT_EQ(texts({change(CreateOther{proc}), change(DropOther{proc})}),
            (V{"-- cannot create procedure cleanup: its definition is unknown\n",
               "DROP PROCEDURE `cleanup`"}));
  proc.kind = "policy";
  EXPECT_EQ(texts({change(DropOther{proc})}),
            V{"-- cannot drop policy cleanup: strata does not know how\n"});
  EXPECT_EQ(texts({change(Unsupported{"event nightly exists only in the target"})}),
            V{"-- event nightly exists only in the target\n"});
}

TEST(MysqlRender, KindsMysqlDoesNotHaveAreErrors) {
  EnumType e;
  e.name = n("mood");
  Sequence s;
  s.name = n("seq");
  const std::pair<ChangeOp, std::string> cases[] = {
      {CreateNamespace{"s"}, "a schema (namespace) change"},
      {DropNamespace{"s"}, "a schema (namespace) change"},
      {CreateExtension{Extension{"x", ""}}, "an extension change"},
      {DropExtension{Extension{"x", ""}}, "an extension change"},
      {CreateEnum{e}, "an enum type change"},
      {DropEnum{e}, "an enum type change"},
      {AlterEnum{e, e}, "an enum type change"},
      {CreateSequence{s}, "a sequence change"},
      {DropSequence{s}, "a sequence change"},
      {AlterSequence{s, s}, "a sequence change"},
      {SetComment{CommentTarget::sequence, n("seq"), "", std::nullopt, "x"},
       "a sequence or type comment"},
  };
  for (const auto& [op, what] : cases) {
    auto r = render_mysql({change(op)}, {});
    ASSERT_FALSE(r.has_value()) << what;
    EXPECT_EQ(r.error().message,
              what + " cannot be rendered for MySQL/MariaDB: the server has no such object");
  }
}

TEST(MysqlRender, EveryStatementIsOutsideATransactionAndNotesBecomeComments) {
  Schema from = schema_of({users()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  auto statements =
      render({change(DropColumn{n("users"), col("name", "varchar(50)")},
                     "the data of users.name is not restored"),
              change(AddCheck{n("users"), CheckConstraint{"c", "`id` > 0"}}, "a warning"),
              implied(DropIndex{n("users"), index("x", {key("id")})}),
              change(Unsupported{"something"}, "a note")},
             ctx);
  ASSERT_EQ(statements.size(), 3u);
  for (const auto& s : statements) EXPECT_TRUE(s.transactional) << s.sql;
  EXPECT_EQ(statements[0].comment, "the data of users.name is not restored");
  EXPECT_EQ(statements[1].comment,
            "a warning\nrebuilds table users (ALGORITHM=COPY): every row is copied and writes "
            "to the table are blocked until it finishes");
  EXPECT_EQ(statements[2].comment, "a note\nsomething");
}

// ---- order

TEST(MysqlRenderOrder, NewTablesCarryTheirIndexesAndKeys) {
  Schema from = schema_of({users()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  // orders references users, which exists: the key is part of CREATE TABLE.
  Table o = orders();
  ChangeList changes{change(CreateTable{o}), change(CreateIndex{n("orders"), o.indexes[0]}),
                     change(AddForeignKey{n("orders"), o.foreign_keys[0]})};
  EXPECT_EQ(sqls(changes, ctx),
            V{"CREATE TABLE `orders` (\n"
              "    `id` int(11) NOT NULL,\n"
              "    `user_id` int(11),\n"
              "    `note` varchar(20),\n"
              "    PRIMARY KEY (`id`),\n"
              "    KEY `orders_user_fk` (`user_id`),\n"
              "    CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)\n"
              ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"});
}

TEST(MysqlRenderOrder, KeysToTablesNotYetCreatedComeAfter) {
  // The differ creates tables by name: "a_orders" before "users".
  Table o = orders();
  o.name = n("a_orders");
  Table u = users();
  u.engine.clear();
  u.collation.clear();
  o.engine.clear();
  o.collation.clear();
  Schema to = schema_of({o, u});
  Schema empty;
  auto diff = diff_schemas(empty, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&empty, &to, kMariaDb1011}),
            (V{"CREATE TABLE `a_orders` (\n"
               "    `id` int(11) NOT NULL,\n"
               "    `user_id` int(11),\n"
               "    `note` varchar(20),\n"
               "    PRIMARY KEY (`id`),\n"
               "    KEY `orders_user_fk` (`user_id`)\n"
               ")",
               "CREATE TABLE `users` (\n"
               "    `id` int(11) NOT NULL AUTO_INCREMENT,\n"
               "    `email` varchar(100) NOT NULL,\n"
               "    `name` varchar(50),\n"
               "    PRIMARY KEY (`id`)\n"
               ")",
               "ALTER TABLE `a_orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));
  // Down: the key goes first, since users is dropped before a_orders.
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &empty, kMariaDb1011}),
            (V{"ALTER TABLE `a_orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "DROP TABLE `users`", "DROP TABLE `a_orders`"}));
  // A key CREATE TABLE could not hold and no later change adds goes last.
  EXPECT_EQ(sqls({change(CreateTable{o}), change(CreateTable{u})}),
            (V{sqls({change(CreateTable{o})})[0], sqls({change(CreateTable{u})})[0],
               "ALTER TABLE `a_orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));
}

TEST(MysqlRenderOrder, DroppedTablesTakeTheirIndexesAndKeysAlong) {
  Schema from = schema_of({users(), orders()});
  Schema to = schema_of({users()});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}), V{"DROP TABLE `orders`"});
  // Down: the table comes back whole.
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            V{"CREATE TABLE `orders` (\n"
              "    `id` int(11) NOT NULL,\n"
              "    `user_id` int(11),\n"
              "    `note` varchar(20),\n"
              "    PRIMARY KEY (`id`),\n"
              "    KEY `orders_user_fk` (`user_id`),\n"
              "    CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)\n"
              ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"});
  // Written out by hand, the drops of the table's parts are skipped too.
  Table o = orders();
  EXPECT_EQ(sqls({change(DropForeignKey{n("orders"), o.foreign_keys[0]}),
                  change(DropIndex{n("orders"), o.indexes[0]}), change(DropTable{o})},
                 RenderContext{&from, &to, kMariaDb1011}),
            V{"DROP TABLE `orders`"});
}

TEST(MysqlRenderOrder, ForeignKeyDroppedBeforeTheIndexItNeeds) {
  Schema from = schema_of({users(), orders()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Table o = orders();
  // Out of order: MySQL would refuse the index drop (error 1553).
  EXPECT_EQ(sqls({change(DropIndex{n("orders"), o.indexes[0]}),
                  change(DropColumn{n("orders"), col("note", "varchar(20)")}),
                  change(DropForeignKey{n("orders"), o.foreign_keys[0]})},
                 ctx),
            (V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ALGORITHM=INPLACE, LOCK=NONE",
               "ALTER TABLE `orders` DROP COLUMN `note`, ALGORITHM=INSTANT"}));
  // An index that does not lead with the key's columns stays where it is.
  ChangeList other{change(DropIndex{n("orders"), index("x", {key("note"), key("user_id")})}),
                   change(DropForeignKey{n("orders"), o.foreign_keys[0]})};
  EXPECT_TRUE(std::holds_alternative<DropIndex>(mysql_order_changes(other)[0].op));
}

TEST(MysqlRenderOrder, IndexCreatedBeforeTheForeignKeyThatUsesIt) {
  Table o = orders();
  o.indexes.clear();
  o.foreign_keys.clear();
  Schema from = schema_of({users(), o});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Table wanted = orders();
  EXPECT_EQ(sqls({change(AddForeignKey{n("orders"), wanted.foreign_keys[0]}),
                  change(CreateIndex{n("orders"), wanted.indexes[0]})},
                 ctx),
            (V{"ALTER TABLE `orders` ADD INDEX `orders_user_fk` (`user_id`), ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));
  // And the differ's own order, with its reverse.
  Schema to = schema_of({users(), wanted});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(texts(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"ALTER TABLE `orders` ADD INDEX `orders_user_fk` (`user_id`), ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the "
               "table are blocked until it finishes\n"
               "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ALGORITHM=INPLACE, LOCK=NONE"}));
}

TEST(MysqlRenderOrder, KeysReferencingADroppedTableGoFirst) {
  Schema from = schema_of({users(), orders()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Table o = orders();
  EXPECT_EQ(
      sqls({change(DropTable{users()}), change(DropForeignKey{n("orders"), o.foreign_keys[0]})},
           ctx),
      (V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
         "LOCK=NONE",
         "DROP TABLE `users`"}));
  // The differ: orders keeps its column but loses the key, users goes.
  Table kept = orders();
  kept.foreign_keys.clear();
  Schema to = schema_of({kept});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "DROP TABLE `users`"}));
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"CREATE TABLE `users` (\n"
               "    `id` int(11) NOT NULL AUTO_INCREMENT,\n"
               "    `email` varchar(100) NOT NULL,\n"
               "    `name` varchar(50),\n"
               "    PRIMARY KEY (`id`)\n"
               ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
               "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));
}

// ---- down sections

TEST(MysqlRenderReverse, ColumnChangesAndTheirReverse) {
  Table before = users();
  Table after = users();
  after.columns[2] = col("name", "varchar(60)", false, "''");
  after.columns.push_back(col("age", "int(11)"));
  after.comment = "accounts";
  after.indexes = {index("users_email", {key("email")}, true)};
  Schema from = schema_of({before});
  Schema to = schema_of({after});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"ALTER TABLE `users` ADD COLUMN `age` int(11), ALGORITHM=INSTANT",
               "ALTER TABLE `users` MODIFY COLUMN `name` varchar(60) DEFAULT '', "
               "ALGORITHM=INSTANT",
               "ALTER TABLE `users` ADD UNIQUE INDEX `users_email` (`email`), ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `users` COMMENT = 'accounts', ALGORITHM=INSTANT"}));
  EXPECT_EQ(texts(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"ALTER TABLE `users` COMMENT = '', ALGORITHM=INSTANT",
               "ALTER TABLE `users` DROP INDEX `users_email`, ALGORITHM=INPLACE, LOCK=NONE",
               "-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
               "table are blocked until it finishes\n"
               "ALTER TABLE `users` MODIFY COLUMN `name` varchar(50)",
               "ALTER TABLE `users` DROP COLUMN `age`, ALGORITHM=INSTANT"}));
  // Dropping a column says the down section cannot bring its data back.
  EXPECT_EQ(texts(reverse(ChangeList{change(DropColumn{n("users"), col("age", "int(11)")})}),
                  RenderContext{&to, &from, kMariaDb1011}),
            V{"-- the data of users.age is not restored\n"
              "ALTER TABLE `users` ADD COLUMN `age` int(11), ALGORITHM=INSTANT"});
}

TEST(MysqlRenderReverse, RenamesAndTheirReverse) {
  Table before = users();
  Table after = users();
  after.name = n("people");
  after.columns[2].name = "full_name";
  Schema from = schema_of({before});
  Schema to = schema_of({after});
  RenameHints hints;
  hints.tables = {TableRename{n("users"), n("people")}};
  hints.columns = {ColumnRename{n("people"), "name", "full_name"}};
  auto diff = diff_schemas(from, to, hints);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"RENAME TABLE `users` TO `people`",
               "ALTER TABLE `people` RENAME COLUMN `name` TO `full_name`, ALGORITHM=INSTANT"}));
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"ALTER TABLE `people` RENAME COLUMN `full_name` TO `name`, ALGORITHM=INSTANT",
               "RENAME TABLE `people` TO `users`"}));
}

TEST(MysqlRenderReverse, PrimaryKeyReplacedBothWays) {
  Table before = orders();
  before.columns[0].auto_increment = true;
  Table after = before;
  after.columns.push_back(col("tenant", "int(11)", true));
  after.primary_key = PrimaryKey{"", {"id", "tenant"}};
  Schema from = schema_of({before});
  Schema to = schema_of({after});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(sqls(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"ALTER TABLE `orders` ADD COLUMN `tenant` int(11) NOT NULL, ALGORITHM=INSTANT",
               "ALTER TABLE `orders` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`, `tenant`), "
               "ALGORITHM=INPLACE, LOCK=NONE"}));
  // Down: dropping the key column and restoring the old key is one statement
  // (DROP PRIMARY KEY, DROP COLUMN alone leaves `id` keyless: error 1075).
  EXPECT_EQ(texts(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            V{"-- rebuilds table orders in place; writes continue meanwhile\n"
              "ALTER TABLE `orders` DROP PRIMARY KEY, DROP COLUMN `tenant`, ADD PRIMARY KEY "
              "(`id`), ALGORITHM=INPLACE, LOCK=NONE"});
}

// ---- foreign keys in the way of a column or index change

constexpr const char* kCopyOrders =
    "-- rebuilds table orders (ALGORITHM=COPY): every row is copied and writes to the table are "
    "blocked until it finishes\n";

TEST(MysqlRenderKeys, KeysStepAsideWhileTheirColumnsChangeType) {
  // users.id and orders.user_id go from int to bigint: MySQL refuses either
  // MODIFY under orders_user_fk (errors 1832, 1833), and the key comes back
  // only once both ends have the new type.
  Table wide_users = users();
  wide_users.columns[0].type = "bigint(20)";
  Table wide_orders = orders();
  wide_orders.columns[1].type = "bigint(20)";
  Schema from = schema_of({users(), orders()});
  Schema to = schema_of({wide_users, wide_orders});
  auto diff = diff_schemas(from, to);
  const std::string drop_note =
      "-- foreign key orders_user_fk is dropped while {} changes type (MySQL refuses the change "
      "under it), and added back below\n";
  auto note = [&](const std::string& column) {
    std::string s = drop_note;
    return s.replace(s.find("{}"), 2, column);
  };
  const std::string add_back = std::string(kCopyOrders) +
                               "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY "
                               "(`user_id`) REFERENCES `users` (`id`)";
  EXPECT_EQ(texts(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{note("orders.user_id") +
                   "ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
                   "LOCK=NONE",
               std::string(kCopyOrders) + "ALTER TABLE `orders` MODIFY COLUMN `user_id` bigint(20)",
               "-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
               "table are blocked until it finishes\n"
               "ALTER TABLE `users` MODIFY COLUMN `id` bigint(20) NOT NULL AUTO_INCREMENT",
               add_back}));
  // Down: the referenced end first, the key back after the other end.
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `users` MODIFY COLUMN `id` int(11) NOT NULL AUTO_INCREMENT",
               "ALTER TABLE `orders` MODIFY COLUMN `user_id` int(11)",
               "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY (`user_id`) "
               "REFERENCES `users` (`id`)"}));

  RenderContext ctx{&from, nullptr, kMariaDb1011};
  // A comment, NOT NULL: MySQL allows them under the key.
  Column user_id = orders().columns[1];
  Column commented = user_id;
  commented.comment = "buyer";
  commented.not_null = true;
  EXPECT_EQ(sqls({change(AlterColumn{n("orders"), user_id, commented})}, ctx),
            (V{"ALTER TABLE `orders` MODIFY COLUMN `user_id` int(11) NOT NULL COMMENT 'buyer'"}));
  // A column no key uses is changed alone.
  Column note_column = orders().columns[2];
  Column longer_note = note_column;
  longer_note.type = "text";
  EXPECT_EQ(sqls({change(AlterColumn{n("orders"), note_column, longer_note})}, ctx),
            (V{"ALTER TABLE `orders` MODIFY COLUMN `note` text"}));
  // The referencing table goes later in the list: its key is not added back.
  Table o = orders();
  Column id = users().columns[0];
  Column big_id = id;
  big_id.type = "bigint(20)";
  EXPECT_EQ(texts({change(AlterColumn{n("users"), id, big_id}),
                   implied(DropForeignKey{n("orders"), o.foreign_keys[0]}),
                   implied(DropIndex{n("orders"), o.indexes[0]}), change(DropTable{o})},
                  ctx),
            (V{"-- foreign key orders_user_fk is dropped while users.id changes type (MySQL "
               "refuses the change under it)\n"
               "ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "-- rebuilds table users (ALGORITHM=COPY): every row is copied and writes to the "
               "table are blocked until it finishes\n"
               "ALTER TABLE `users` MODIFY COLUMN `id` bigint(20) NOT NULL AUTO_INCREMENT",
               "DROP TABLE `orders`"}));
}

TEST(MysqlRenderKeys, IndexAKeyNeedsIsReplacedInOneStatement) {
  // The index MySQL made for orders_user_fk gives way to a wider one. Two
  // statements fail either way round: DROP INDEX first is error 1553, ADD
  // INDEX first makes MySQL drop its own index silently (then DROP INDEX is
  // error 1091).
  Table wider = orders();
  wider.indexes = {index("ix_orders_user", {key("user_id"), key("id")})};
  Schema from = schema_of({users(), orders()});
  Schema to = schema_of({users(), wider});
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(texts(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"-- one statement: foreign key orders_user_fk needs index orders_user_fk or "
               "ix_orders_user at all times\n"
               "ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ADD INDEX `ix_orders_user` "
               "(`user_id`, `id`), ALGORITHM=INPLACE, LOCK=NONE"}));
  EXPECT_EQ(sqls(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP INDEX `ix_orders_user`, ADD INDEX `orders_user_fk` "
               "(`user_id`), ALGORITHM=INPLACE, LOCK=NONE"}));
  // The same name with other columns.
  Table renamed_keys = orders();
  renamed_keys.indexes = {index("orders_user_fk", {key("user_id"), key("note")})};
  Schema to2 = schema_of({users(), renamed_keys});
  EXPECT_EQ(sqls(diff_schemas(from, to2).changes, RenderContext{&from, &to2, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ADD INDEX `orders_user_fk` "
               "(`user_id`, `note`), ALGORITHM=INPLACE, LOCK=NONE"}));
  // Another index serves the key already: the drop goes alone.
  Table both = orders();
  both.indexes.push_back(index("ix_orders_user", {key("user_id"), key("id")}));
  Schema from_both = schema_of({users(), both});
  EXPECT_EQ(sqls({change(DropIndex{n("orders"), both.indexes[0]})},
                 RenderContext{&from_both, nullptr, kMariaDb1011}),
            (V{"ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ALGORITHM=INPLACE, LOCK=NONE"}));
  EXPECT_TRUE(
      MysqlTableState(&from_both).keys_needing_index(n("orders"), "orders_user_fk").empty());
  // Nor does the primary key when it leads with the key's columns.
  Table by_pk = orders();
  by_pk.primary_key = PrimaryKey{"", {"user_id", "id"}};
  Schema from_pk = schema_of({users(), by_pk});
  EXPECT_TRUE(MysqlTableState(&from_pk).keys_needing_index(n("orders"), "orders_user_fk").empty());
  // A prefix index serves no key; the referenced end needs its index too.
  Table prefixed = orders();
  IndexKey part = key("user_id");
  part.prefix_length = 4;
  prefixed.indexes.push_back(index("ix_prefix", {part}));
  EXPECT_FALSE(mysql_index_serves(prefixed.indexes[1], {"user_id"}));
  Schema from_prefixed = schema_of({users(), prefixed});
  auto needing = MysqlTableState(&from_prefixed).keys_needing_index(n("orders"), "orders_user_fk");
  ASSERT_EQ(needing.size(), 1u);
  EXPECT_EQ(needing[0].key.name, "orders_user_fk");
  Table users_by_email = users();
  users_by_email.indexes = {index("users_email", {key("email")}, true)};
  Table by_email = orders();
  by_email.foreign_keys.push_back(fk("orders_email_fk", {"note"}, "users", {"email"}));
  Schema from_email = schema_of({users_by_email, by_email});
  needing = MysqlTableState(&from_email).keys_needing_index(n("users"), "users_email");
  ASSERT_EQ(needing.size(), 1u);
  EXPECT_EQ(needing[0].table, n("orders"));
  EXPECT_EQ(needing[0].key.name, "orders_email_fk");
}

TEST(MysqlRenderKeys, KeysStepAsideWhenTheirIndexCannotBeReplacedAtOnce) {
  Schema from = schema_of({users(), orders()});
  RenderContext ctx{&from, nullptr, kMariaDb1011};
  Table o = orders();
  // The replacement reads a column that changes first: the key is dropped
  // for the while and added back after the new index.
  Column note_column = o.columns[2];
  Column longer_note = note_column;
  longer_note.type = "varchar(30)";
  EXPECT_EQ(texts({change(DropIndex{n("orders"), o.indexes[0]}),
                   change(AlterColumn{n("orders"), note_column, longer_note}),
                   change(CreateIndex{n("orders"), index("ix", {key("user_id"), key("note")})})},
                  ctx),
            (V{"-- foreign key orders_user_fk is dropped while index orders_user_fk is replaced "
               "(MySQL refuses to drop the index under it), and added back below\n"
               "ALTER TABLE `orders` DROP FOREIGN KEY `orders_user_fk`, ALGORITHM=INPLACE, "
               "LOCK=NONE",
               "ALTER TABLE `orders` DROP INDEX `orders_user_fk`, ALGORITHM=INPLACE, LOCK=NONE",
               "ALTER TABLE `orders` MODIFY COLUMN `note` varchar(30), ALGORITHM=INSTANT",
               "ALTER TABLE `orders` ADD INDEX `ix` (`user_id`, `note`), ALGORITHM=INPLACE, "
               "LOCK=NONE",
               std::string(kCopyOrders) +
                   "ALTER TABLE `orders` ADD CONSTRAINT `orders_user_fk` FOREIGN KEY "
                   "(`user_id`) REFERENCES `users` (`id`)"}));
  // A referenced index whose referencing table goes later: that key is
  // dropped first and not added back.
  Table u = users();
  u.indexes = {index("users_email", {key("email")}, true)};
  Table accounts;
  accounts.name = n("accounts");
  accounts.columns = {col("id", "int(11)", true), col("email", "varchar(100)")};
  accounts.primary_key = PrimaryKey{"", {"id"}};
  accounts.indexes = {index("fk_accounts_email", {key("email")})};
  accounts.foreign_keys = {fk("fk_accounts_email", {"email"}, "users", {"email"})};
  Schema with_accounts = schema_of({u, accounts});
  EXPECT_EQ(
      texts({change(DropIndex{n("users"), u.indexes[0]}),
             implied(DropForeignKey{n("accounts"), accounts.foreign_keys[0]}),
             implied(DropIndex{n("accounts"), accounts.indexes[0]}), change(DropTable{accounts})},
            RenderContext{&with_accounts, nullptr, kMariaDb1011}),
      (V{"-- foreign key fk_accounts_email is dropped before index users_email goes "
         "(MySQL refuses to drop the index under it)\n"
         "ALTER TABLE `accounts` DROP FOREIGN KEY `fk_accounts_email`, ALGORITHM=INPLACE, "
         "LOCK=NONE",
         "ALTER TABLE `users` DROP INDEX `users_email`, ALGORITHM=INPLACE, LOCK=NONE",
         "DROP TABLE `accounts`"}));
}

// ---- generated columns

TEST(MysqlRender, VirtualColumnsSwitchByDropAndAddInPlace) {
  Table items;
  items.name = n("items");
  Column total = col("total", "decimal(20,2)");
  total.generated = "`qty` * 2";
  items.columns = {col("id", "int(11)", true), col("qty", "int(11)"), total,
                   col("price", "decimal(10,2)")};
  items.primary_key = PrimaryKey{"", {"id"}};
  items.indexes = {index("ix_total", {key("total")})};
  Table stored = items;
  stored.columns[2].generated_stored = true;
  Schema from = schema_of({items});
  Schema to = schema_of({stored});
  // MySQL refuses MODIFY COLUMN between VIRTUAL and STORED (error 1907):
  // the column goes and comes back where it was, its index kept.
  // (texts() prints "-- " before the first comment line only.)
  const std::string copy =
      "rebuilds table items (ALGORITHM=COPY): every row is copied and writes to the table are "
      "blocked until it finishes\n";
  auto diff = diff_schemas(from, to);
  EXPECT_EQ(texts(diff.changes, RenderContext{&from, &to, kMariaDb1011}),
            (V{"-- items.total is dropped and added again STORED, its values recomputed: MySQL "
               "cannot switch a column to or from VIRTUAL in place\n" +
               copy +
               "ALTER TABLE `items` DROP COLUMN `total`, ADD COLUMN `total` decimal(20,2) "
               "GENERATED ALWAYS AS (`qty` * 2) STORED AFTER `qty`"}));
  EXPECT_EQ(texts(reverse(diff.changes), RenderContext{&to, &from, kMariaDb1011}),
            (V{"-- items.total is dropped and added again VIRTUAL, computed when read: MySQL "
               "cannot switch a column to or from VIRTUAL in place\n" +
               copy +
               "ALTER TABLE `items` DROP COLUMN `total`, ADD COLUMN `total` decimal(20,2) "
               "GENERATED ALWAYS AS (`qty` * 2) VIRTUAL AFTER `qty`"}));
  // VIRTUAL to plain keeps the values: STORED first, then the expression
  // goes (MySQL allows that one in place).
  Table plain = items;
  plain.columns[2].generated.reset();
  Schema to_plain = schema_of({plain});
  EXPECT_EQ(
      texts(diff_schemas(from, to_plain).changes, RenderContext{&from, &to_plain, kMariaDb1011}),
      (V{"-- items.total is dropped and added again STORED, its values recomputed: MySQL "
         "cannot switch a column to or from VIRTUAL in place\n" +
             copy +
             "ALTER TABLE `items` DROP COLUMN `total`, ADD COLUMN `total` decimal(20,2) "
             "GENERATED ALWAYS AS (`qty` * 2) STORED AFTER `qty`",
         "-- items.total keeps the computed values as plain ones\n" + copy +
             "ALTER TABLE `items` MODIFY COLUMN `total` decimal(20,2)"}));
  // The first column comes back FIRST; STORED to plain stays a MODIFY.
  Table first = items;
  std::swap(first.columns[0], first.columns[2]);
  Table first_plain = first;
  first_plain.columns[0].generated.reset();
  Schema from_first = schema_of({first_plain});
  EXPECT_EQ(sqls({change(AlterColumn{n("items"), first_plain.columns[0], first.columns[0]})},
                 RenderContext{&from_first, nullptr, kMariaDb1011}),
            (V{"ALTER TABLE `items` DROP COLUMN `total`, ADD COLUMN `total` decimal(20,2) "
               "GENERATED ALWAYS AS (`qty` * 2) VIRTUAL FIRST"}));
  Column stored_total = stored.columns[2];
  Column plain_total = plain.columns[2];
  EXPECT_EQ(sqls({change(AlterColumn{n("items"), stored_total, plain_total})},
                 RenderContext{&to, nullptr, kMariaDb1011}),
            (V{"ALTER TABLE `items` MODIFY COLUMN `total` decimal(20,2)"}));
}

}  // namespace
}  // namespace strata::detail::schema
