// Hand-written conformance cases for SQLite: one or more per change kind,
// the table-rebuild procedure with everything that hangs off a table, and
// identifiers that need quoting.
#include "conformance.hpp"

namespace strata::conformance {

namespace {

Case make(std::string name, std::string a, std::string rows, std::string b,
          std::vector<std::string> kinds) {
  Case c;
  c.name = std::move(name);
  c.a = std::move(a);
  c.rows = std::move(rows);
  c.b = std::move(b);
  c.expect_kinds = std::move(kinds);
  return c;
}

// The reverse pair: B's script becomes A and A's becomes B, with B's rows.
Case flip(std::string name, const Case& c, std::string rows_for_b, std::vector<std::string> kinds) {
  return make(std::move(name), c.b, std::move(rows_for_b), c.a, std::move(kinds));
}

detail::schema::ObjectName t(std::string name) { return {"", std::move(name)}; }

constexpr const char* kPeople =
    "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);\n";
constexpr const char* kPeopleRows =
    "INSERT INTO people (id, name, age) VALUES (1, 'ann', 31), (2, 'bob', NULL), "
    "(3, 'it''s', 7);\n";

// Known failures, each naming the code that has to change. A case carrying
// one is skipped with it; clear it once that code is fixed.
constexpr const char* kKnownDroppedRef =
    "limitation (needs a decision): the down recreates the dropped table empty, then "
    "re-adds the foreign key from the surviving table, whose rows still point at the "
    "lost rows, so the key check fails";
constexpr const char* kKnownColumnOrder =
    "differ/renderers: the down of a dropped middle column re-adds it last; the "
    "differ ignores column order (check is clean) but the inspected model differs in "
    "column positions";
constexpr const char* kKnownDropNotNull =
    "limitation (needs a decision): the down re-adds a dropped NOT NULL column "
    "without a default on a table with rows, which the engine rejects";
constexpr const char* kKnownRenameHint =
    "a rename hint whose names both exist on both sides (a swap, or a rename onto a "
    "dropped name) cannot be one rename: strata refuses it with a clear error (two "
    "migrations are needed) instead of losing data";
constexpr const char* kKnownStrict =
    "differ: a STRICT change is reported as Unsupported, though a table rebuild could "
    "make it";

}  // namespace

std::vector<Case> sqlite_cases() {
  std::vector<Case> out;

  // Tables.
  Case create = make("create_table", kPeople, kPeopleRows,
                     std::string(kPeople) +
                         "CREATE TABLE pets (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT "
                         "'x', owner INTEGER REFERENCES people (id) ON DELETE CASCADE);\n",
                     {"create_table"});
  out.push_back(create);
  out.push_back(flip("drop_table", create,
                     std::string(kPeopleRows) +
                         "INSERT INTO pets (id, label, owner) VALUES (1, 'cat', 1), (2, 'dog', 1), "
                         "(3, 'eel', NULL);\n",
                     {"drop_table"}));

  // Columns.
  const std::string two = "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT);\n";
  const std::string two_rows =
      "INSERT INTO people (id, name) VALUES (1, 'ann'), (2, NULL), (3, 'it''s');\n";
  out.push_back(make("add_column", two, two_rows, kPeople, {"add_column"}));
  out.push_back(make("add_column_not_null_default", two, two_rows,
                     "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, flag INTEGER NOT "
                     "NULL DEFAULT 0);\n",
                     {"add_column"}));
  out.push_back(make("drop_column", kPeople, kPeopleRows, two, {"drop_column"}));
  {
    Case c = make("drop_not_null_column",
                  "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER NOT "
                  "NULL);\n",
                  "INSERT INTO people VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);\n", two,
                  {"drop_column"});
    c.known = kKnownDropNotNull;
    out.push_back(c);
  }
  out.push_back(make("drop_indexed_column",
                     std::string(kPeople) + "CREATE INDEX ix_people_age ON people (age);\n",
                     kPeopleRows, two, {"drop_column", "drop_index"}));
  {
    Case c = make("rename_column", kPeople, kPeopleRows,
                  "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT, age INTEGER);\n",
                  {"rename_column"});
    c.hints.columns.push_back({t("people"), "name", "full_name"});
    out.push_back(c);
  }
  out.push_back(make("alter_type", kPeople, kPeopleRows,
                     "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age REAL);\n",
                     {"alter_column"}));
  Case not_null = make("not_null_on", kPeople, kPeopleRows,
                       "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age "
                       "INTEGER);\n",
                       {"alter_column"});
  out.push_back(not_null);
  out.push_back(flip("not_null_off", not_null, kPeopleRows, {"alter_column"}));
  const std::string with_default =
      "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER DEFAULT 18);\n";
  out.push_back(make("default_add", kPeople, kPeopleRows, with_default, {"alter_column"}));
  out.push_back(make("default_change", with_default, kPeopleRows,
                     "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT DEFAULT 'n/a', age "
                     "INTEGER DEFAULT (21 + 0));\n",
                     {"alter_column"}));
  out.push_back(make("default_drop", with_default, kPeopleRows, kPeople, {"alter_column"}));

  // Generated columns and collations.
  const std::string order =
      "CREATE TABLE lines (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price INTEGER NOT NULL";
  const std::string order_rows =
      "INSERT INTO lines (id, qty, price) VALUES (1, 2, 10), (2, 3, 5), (3, 0, 9);\n";
  out.push_back(make("generated_add_virtual", order + ");\n", order_rows,
                     order + ", total INTEGER GENERATED ALWAYS AS (qty * price) VIRTUAL);\n",
                     {"add_column"}));
  out.push_back(make(
      "generated_change_stored",
      order + ", total INTEGER GENERATED ALWAYS AS (qty * price) STORED);\n", order_rows,
      order + ", total INTEGER GENERATED ALWAYS AS (qty + price) STORED);\n", {"alter_column"}));
  out.push_back(make("collation", kPeople, kPeopleRows,
                     "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, age "
                     "INTEGER);\n",
                     {"alter_column"}));

  // Keys and constraints.
  const std::string pair_rows =
      "INSERT INTO pairs (a, b, note) VALUES (1, 1, 'x'), (2, 1, NULL), (3, 2, 'z');\n";
  out.push_back(make("primary_key_change",
                     "CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT, "
                     "PRIMARY KEY (a));\n",
                     pair_rows,
                     "CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT, "
                     "PRIMARY KEY (a, b));\n",
                     {"add_primary_key"}));
  out.push_back(make("primary_key_add",
                     "CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT);\n",
                     pair_rows,
                     "CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT, "
                     "CONSTRAINT pk_pairs PRIMARY KEY (a, b));\n",
                     {"add_primary_key"}));
  const std::string users = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, qty INTEGER";
  const std::string user_rows =
      "INSERT INTO users (id, email, qty) VALUES (1, 'a@x', 1), (2, 'b@x', 0), (3, NULL, 5);\n";
  Case unique = make("unique_add", users + ");\n", user_rows,
                     users + ", CONSTRAINT uq_users_email UNIQUE (email));\n", {"add_unique"});
  out.push_back(unique);
  out.push_back(flip("unique_drop", unique, user_rows, {"drop_unique"}));
  out.push_back(make("unique_inline_add", users + ");\n", user_rows,
                     "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, qty "
                     "INTEGER);\n",
                     {"add_unique"}));
  Case check = make("check_add", users + ");\n", user_rows,
                    users + ", CONSTRAINT ck_users_qty CHECK (qty >= 0));\n", {"add_check"});
  out.push_back(check);
  out.push_back(flip("check_drop", check, user_rows, {"drop_check"}));

  const std::string parent =
      "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER";
  const std::string family_rows =
      "INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2'), (3, 'p3');\n"
      "INSERT INTO child (id, parent_id) VALUES (1, 1), (2, 1), (3, NULL);\n";
  Case fk = make("foreign_key_add", parent + ");\n", family_rows,
                 parent +
                     ", CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) "
                     "ON DELETE CASCADE ON UPDATE SET NULL);\n",
                 {"add_foreign_key"});
  out.push_back(fk);
  out.push_back(flip("foreign_key_drop", fk, family_rows, {"drop_foreign_key"}));
  out.push_back(make("foreign_key_actions_change", fk.b, family_rows,
                     parent +
                         ", CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent "
                         "(id) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED);\n",
                     {"add_foreign_key", "drop_foreign_key"}));
  out.push_back(make("foreign_key_parent_rebuilt", fk.b, family_rows,
                     "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n" +
                         fk.b.substr(fk.b.find("CREATE TABLE child")),
                     {"alter_column"}));

  // Indexes.
  const std::string items =
      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, qty INTEGER);\n";
  const std::string item_rows =
      "INSERT INTO items (id, name, email, qty) VALUES (1, 'Bolt', 'a@x', 3), "
      "(2, 'nut', 'b@x', 0), (3, NULL, NULL, 2);\n";
  const std::string indexes =
      "CREATE UNIQUE INDEX ux_items_email ON items (email);\n"
      "CREATE INDEX ix_items_partial ON items (name) WHERE qty > 0;\n"
      "CREATE INDEX ix_items_lower ON items (lower(name));\n"
      "CREATE INDEX ix_items_desc ON items (qty DESC, name COLLATE NOCASE);\n";
  Case index = make("index_create", items, item_rows, items + indexes, {"create_index"});
  out.push_back(index);
  out.push_back(flip("index_drop", index, item_rows, {"drop_index"}));
  out.push_back(make("index_change", items + indexes, item_rows,
                     items + "CREATE INDEX ux_items_email ON items (email, qty);\n"
                             "CREATE INDEX ix_items_partial ON items (name) WHERE qty > 1;\n"
                             "CREATE INDEX ix_items_lower ON items (upper(name));\n"
                             "CREATE INDEX ix_items_desc ON items (qty, name);\n",
                     {"create_index", "drop_index"}));

  // Views.
  const std::string view = "CREATE VIEW v_items AS SELECT id, name FROM items WHERE qty > 0;\n";
  out.push_back(make("view_on_rebuilt_table", items + view, item_rows,
                     "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, qty "
                     "REAL);\n" +
                         view,
                     {"alter_column"}));
  out.push_back(make("view_change", items + view, item_rows,
                     items + "CREATE VIEW v_items AS SELECT id, name, qty FROM items;\n",
                     {"create_view", "drop_view"}));
  out.push_back(make("view_chain_on_dropped_column",
                     items + view + "CREATE VIEW v_names AS SELECT name FROM v_items;\n", item_rows,
                     "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);\n" +
                         view + "CREATE VIEW v_names AS SELECT name FROM v_items;\n",
                     {"drop_column"}));
  out.push_back(make("drop_table_with_view", items + view + kPeople, item_rows + kPeopleRows,
                     kPeople, {"drop_view", "drop_table"}));

  // Renames.
  {
    Case c = make("table_rename",
                  "CREATE TABLE old_name (id INTEGER PRIMARY KEY, name TEXT);\n"
                  "CREATE TABLE refs (id INTEGER PRIMARY KEY, o INTEGER REFERENCES old_name "
                  "(id));\n",
                  "INSERT INTO old_name (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO refs (id, o) VALUES (1, 1), (2, 3), (3, NULL);\n",
                  "CREATE TABLE new_name (id INTEGER PRIMARY KEY, name TEXT);\n"
                  "CREATE TABLE refs (id INTEGER PRIMARY KEY, o INTEGER REFERENCES new_name "
                  "(id));\n",
                  {"rename_table"});
    c.hints.tables.push_back({t("old_name"), t("new_name")});
    out.push_back(c);
  }
  {
    Case c = make("table_rename_and_alter",
                  "CREATE TABLE old_name (id INTEGER PRIMARY KEY, name TEXT, n INTEGER);\n",
                  "INSERT INTO old_name (id, name, n) VALUES (1, 'a', 1), (2, 'b', 2), "
                  "(3, 'c', NULL);\n",
                  "CREATE TABLE new_name (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n REAL, "
                  "extra TEXT);\n",
                  {"rename_table", "rename_column"});
    c.hints.tables.push_back({t("old_name"), t("new_name")});
    c.hints.columns.push_back({t("new_name"), "name", "label"});
    out.push_back(c);
  }

  // A dropped table that a surviving table's foreign key referenced.
  // Rows of child pointing at parent make the down's foreign key fail: the
  // down cannot bring parent's rows back.
  Case dropped_ref = make("drop_referenced_table_rows_lost", fk.b, family_rows,
                          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER);\n",
                          {"drop_table", "drop_foreign_key"});
  dropped_ref.known = kKnownDroppedRef;
  out.push_back(dropped_ref);
  const std::string unreferenced_rows =
      "INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2'), (3, 'p3');\n"
      "INSERT INTO child (id, parent_id) VALUES (1, NULL), (2, NULL), (3, NULL);\n";
  out.push_back(make("drop_referenced_table", fk.b, unreferenced_rows,
                     "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER);\n",
                     {"drop_table", "drop_foreign_key"}));

  // Column order: the down puts a dropped middle column back last.
  {
    Case c = make("drop_middle_column", kPeople, kPeopleRows,
                  "CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER);\n", {"drop_column"});
    c.down_keeps_column_order = true;
    c.known = kKnownColumnOrder;
    out.push_back(c);
  }

  // The rebuild procedure with an index, a trigger and a view on the table.
  {
    const std::string base =
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, item_id INTEGER, note TEXT);\n"
        "CREATE INDEX ix_items_name ON items (name);\n"
        "CREATE TRIGGER trg_items_insert AFTER INSERT ON items BEGIN\n"
        "  INSERT INTO audit (item_id, note) VALUES (NEW.id, 'insert; -- not a comment');\n"
        "END;\n" +
        view;
    out.push_back(make("rebuild_with_dependants", items + base,
                       "INSERT INTO items (id, name, email, qty) VALUES (1, 'Bolt', 'a@x', 3), "
                       "(2, 'nut', 'b@x', 0), (3, 'pin', NULL, NULL);\n",
                       "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT "
                       "'?', email TEXT, qty REAL CHECK (qty >= 0));\n" +
                           base,
                       {"alter_column", "add_check"}));
  }
  {
    Case c = make("rebuild_many_changes", kPeople, kPeopleRows,
                  "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL DEFAULT "
                  "'', email TEXT UNIQUE);\n",
                  {"rename_column", "drop_column", "add_column"});
    c.hints.columns.push_back({t("people"), "name", "full_name"});
    c.rows =
        "INSERT INTO people (id, name, age) VALUES (1, 'ann', 31), (2, 'bob', NULL), "
        "(3, 'cy', 7);\n";
    out.push_back(c);
  }
  out.push_back(make("autoincrement_rebuild",
                     "CREATE TABLE seqs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n",
                     "INSERT INTO seqs (name) VALUES ('a'), ('b'), ('c');\n"
                     "DELETE FROM seqs WHERE name = 'c';\n",
                     "CREATE TABLE seqs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT "
                     "NULL);\n",
                     {"alter_column"}));
  {
    Case c =
        make("strict_on", kPeople, kPeopleRows,
             "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER) STRICT;\n", {});
    c.known = kKnownStrict;
    out.push_back(c);
  }

  // Identifiers that need quoting; the canary table must not be touched.
  {
    const std::string odd = "\"my \"\"odd\"\" table; --x\"";
    const std::string canary = "CREATE TABLE canary_tbl (id INTEGER PRIMARY KEY, v TEXT);\n";
    const std::string a = "CREATE TABLE " + odd +
                          " (id INTEGER PRIMARY KEY, \"select\" TEXT, \"naïve café\" TEXT, "
                          "\"semi;colon\" INTEGER);\n"
                          "CREATE INDEX \"ix; --odd\" ON " +
                          odd + " (\"select\");\n" + canary;
    const std::string rows = "INSERT INTO " + odd +
                             " VALUES (1, 'a', 'é', 1), (2, 'b''--', NULL, 2), (3, NULL, 'ü', "
                             "NULL);\n"
                             "INSERT INTO canary_tbl VALUES (1, 'keep'), (2, 'me'), (3, NULL);\n";
    Case alter = make("identifiers_alter", a, rows,
                      "CREATE TABLE " + odd +
                          " (id INTEGER PRIMARY KEY, \"from\" TEXT, \"naïve café\" TEXT, "
                          "\"semi;colon\" INTEGER, \"group by\" TEXT DEFAULT 'it''s; --');\n"
                          "CREATE INDEX \"ix; --odd\" ON " +
                          odd + " (\"from\");\n" + canary,
                      {"rename_column", "add_column"});
    alter.hints.columns.push_back({t("my \"odd\" table; --x"), "select", "from"});
    alter.untouched = {"canary_tbl"};
    out.push_back(alter);
    Case rebuild = make("identifiers_rebuild", a, rows,
                        "CREATE TABLE " + odd +
                            " (id INTEGER PRIMARY KEY, \"select\" TEXT NOT NULL DEFAULT '', "
                            "\"naïve café\" TEXT COLLATE NOCASE, \"Ünïcode\" INTEGER);\n"
                            "CREATE INDEX \"ix; --odd\" ON " +
                            odd +
                            " (\"select\" DESC);\n"
                            "CREATE VIEW \"view \"\"q\"\"\" AS SELECT \"naïve café\" FROM " +
                            odd + ";\n" + canary,
                        {"drop_column", "add_column", "alter_column", "create_view"});
    rebuild.rows = "INSERT INTO " + odd +
                   " VALUES (1, 'a', 'é', 1), (2, 'b''--', NULL, 2), (3, 'c', 'ü', NULL);\n"
                   "INSERT INTO canary_tbl VALUES (1, 'keep'), (2, 'me'), (3, NULL);\n";
    rebuild.untouched = {"canary_tbl"};
    out.push_back(rebuild);
    Case table = make("identifiers_table_rename", a, rows,
                      "CREATE TABLE \"Tâble \"\"2\"\"\" (id INTEGER PRIMARY KEY, \"select\" TEXT, "
                      "\"naïve café\" TEXT, \"semi;colon\" INTEGER);\n"
                      "CREATE INDEX \"ix; --odd\" ON \"Tâble \"\"2\"\"\" (\"select\");\n" +
                          canary,
                      {"rename_table"});
    table.hints.tables.push_back({t("my \"odd\" table; --x"), t("Tâble \"2\"")});
    table.untouched = {"canary_tbl"};
    out.push_back(table);
  }

  // Orderings the differ must get right.
  {
    Case c = make(
        "swap_column_names", "CREATE TABLE pairs (id INTEGER PRIMARY KEY, a TEXT, b INTEGER);\n",
        "INSERT INTO pairs VALUES (1, 'x', 1), (2, 'y', 2), (3, NULL, NULL);\n",
        "CREATE TABLE pairs (id INTEGER PRIMARY KEY, b TEXT, a INTEGER);\n", {"rename_column"});
    c.hints.columns.push_back({t("pairs"), "a", "b"});
    c.hints.columns.push_back({t("pairs"), "b", "a"});
    c.known = kKnownRenameHint;
    out.push_back(c);
  }
  {
    Case c = make("rename_into_dropped_name",
                  "CREATE TABLE current (id INTEGER PRIMARY KEY, v TEXT);\n"
                  "CREATE TABLE next (id INTEGER PRIMARY KEY, v TEXT, w INTEGER);\n",
                  "INSERT INTO current VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO next VALUES (1, 'n', 1), (2, 'm', 2), (3, NULL, NULL);\n",
                  "CREATE TABLE current (id INTEGER PRIMARY KEY, v TEXT, w INTEGER);\n",
                  {"rename_table", "drop_table"});
    c.hints.tables.push_back({t("next"), t("current")});
    c.known = kKnownRenameHint;
    out.push_back(c);
  }
  out.push_back(make("unique_constraint_to_index",
                     users + ", CONSTRAINT uq_email UNIQUE (email));\n", user_rows,
                     users + ");\nCREATE UNIQUE INDEX uq_email ON users (email);\n",
                     {"drop_unique", "create_index"}));
  out.push_back(make("drop_column_read_by_view",
                     items + "CREATE VIEW v_mail AS SELECT id, email FROM items;\n", item_rows,
                     "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER);\n"
                     "CREATE VIEW v_mail AS SELECT id, name FROM items;\n",
                     {"drop_column", "drop_view", "create_view"}));
  {
    Case c = make("rename_column_read_by_view_and_fk",
                  "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE);\n"
                  "CREATE TABLE child (id INTEGER PRIMARY KEY, pcode TEXT REFERENCES parent "
                  "(code));\n"
                  "CREATE VIEW v_codes AS SELECT code FROM parent;\n",
                  "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO child VALUES (1, 'a'), (2, 'a'), (3, NULL);\n",
                  "CREATE TABLE parent (id INTEGER PRIMARY KEY, ref TEXT UNIQUE);\n"
                  "CREATE TABLE child (id INTEGER PRIMARY KEY, pcode TEXT REFERENCES parent "
                  "(ref));\n"
                  "CREATE VIEW v_codes AS SELECT ref FROM parent;\n",
                  {"rename_column"});
    c.hints.columns.push_back({t("parent"), "code", "ref"});
    out.push_back(c);
  }
  out.push_back(make("add_column_with_reference", fk.a, family_rows,
                     parent + ", other INTEGER REFERENCES parent (id));\n", {"add_column"}));
  out.push_back(make("rebuild_table_read_by_other_trigger",
                     items + "CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER);\n"
                             "CREATE TRIGGER trg_orders AFTER INSERT ON orders BEGIN\n"
                             "  UPDATE items SET qty = qty - 1 WHERE id = NEW.item_id;\n"
                             "END;\n",
                     item_rows,
                     "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, qty "
                     "INTEGER NOT NULL DEFAULT 0);\n"
                     "CREATE TABLE orders (id INTEGER PRIMARY KEY, item_id INTEGER);\n"
                     "CREATE TRIGGER trg_orders AFTER INSERT ON orders BEGIN\n"
                     "  UPDATE items SET qty = qty - 1 WHERE id = NEW.item_id;\n"
                     "END;\n",
                     {"alter_column"}));
  out.push_back(make("rebuild_parent_with_cascading_child", fk.b, family_rows,
                     "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT DEFAULT 'p');\n" +
                         fk.b.substr(fk.b.find("CREATE TABLE child")),
                     {"alter_column"}));
  out.push_back(
      make("trigger_create", items, item_rows,
           items + "CREATE TRIGGER trg_items_qty BEFORE UPDATE OF qty ON items WHEN NEW.qty < "
                   "0 BEGIN\n"
                   "  SELECT RAISE(ABORT, 'negative; -- qty');\n"
                   "END;\n",
           {"create_other"}));

  // A rebuild whose run starts before a column rename, and a rebuild of a
  // table whose foreign key points at a table renamed in the same migration.
  {
    Case c = make("rename_column_in_rebuilt_check",
                  "CREATE TABLE aux (id INTEGER PRIMARY KEY, x TEXT);\n"
                  "CREATE TABLE nums (id INTEGER PRIMARY KEY, a INTEGER, b TEXT NOT NULL, "
                  "CONSTRAINT ck_a CHECK (a >= 0));\n",
                  "INSERT INTO aux VALUES (1, 'a'), (2, NULL), (3, 'c');\n"
                  "INSERT INTO nums VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'z');\n",
                  "CREATE TABLE aux (id INTEGER PRIMARY KEY);\n"
                  "CREATE TABLE nums (id INTEGER PRIMARY KEY, z INTEGER, b TEXT, "
                  "CONSTRAINT ck_a CHECK (z >= 0));\n",
                  {"rename_column", "alter_column"});
    c.hints.columns.push_back({t("nums"), "a", "z"});
    out.push_back(c);
  }
  {
    Case c = make("table_rename_with_rebuilt_child",
                  "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
                  "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES "
                  "parent (id), n INTEGER, CONSTRAINT ck_n CHECK (n >= 0));\n",
                  "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO child VALUES (1, 1, 1), (2, 3, 2), (3, NULL, NULL);\n",
                  "CREATE TABLE guardian (id INTEGER PRIMARY KEY, name TEXT);\n"
                  "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES "
                  "guardian (id), n INTEGER);\n",
                  {"rename_table", "drop_check"});
    c.hints.tables.push_back({t("parent"), t("guardian")});
    out.push_back(c);
  }

  // More shapes the rebuild must carry over.
  Case cycle =
      make("foreign_key_cycle_create", kPeople, kPeopleRows,
           std::string(kPeople) +
               "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id), "
               "parent INTEGER REFERENCES a (id));\n"
               "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));\n",
           {"create_table"});
  out.push_back(cycle);
  out.push_back(flip("foreign_key_cycle_drop", cycle,
                     std::string(kPeopleRows) + "INSERT INTO a VALUES (1, NULL, NULL), (2, 1, 1);\n"
                                                "INSERT INTO b VALUES (1, 1), (2, 2);\n",
                     {"drop_table"}));
  out.push_back(make("rebuild_self_referencing",
                     "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree "
                     "(id) ON DELETE CASCADE, label TEXT);\n",
                     "INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b');\n",
                     "CREATE TABLE tree (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree "
                     "(id) ON DELETE CASCADE, label TEXT NOT NULL DEFAULT '');\n",
                     {"alter_column"}));
  out.push_back(make("rebuild_with_generated_and_defaults",
                     "CREATE TABLE ev (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP, "
                     "day TEXT DEFAULT (date('now')), n INTEGER, twice INTEGER GENERATED ALWAYS "
                     "AS (n * 2) VIRTUAL, thrice INTEGER AS (n * 3) STORED);\n",
                     "INSERT INTO ev (id, at, day, n) VALUES (1, 'x', 'y', 1), (2, NULL, NULL, 2), "
                     "(3, 'z', 'w', NULL);\n",
                     "CREATE TABLE ev (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP, "
                     "day TEXT DEFAULT (date('now')), n BIGINT, twice INTEGER GENERATED ALWAYS "
                     "AS (n * 2) VIRTUAL, thrice INTEGER AS (n * 3) STORED);\n",
                     {"alter_column"}));
  out.push_back(make("rebuild_without_rowid",
                     "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;\n",
                     "INSERT INTO kv VALUES ('a', '1'), ('b', ''), ('c', '3');\n",
                     "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL DEFAULT '') WITHOUT "
                     "ROWID;\n",
                     {"alter_column"}));
  out.push_back(make("type_change_with_affinity",
                     "CREATE TABLE vals (id INTEGER PRIMARY KEY, v TEXT);\n",
                     "INSERT INTO vals VALUES (1, '10'), (2, 'abc'), (3, NULL);\n",
                     "CREATE TABLE vals (id INTEGER PRIMARY KEY, v INTEGER);\n", {"alter_column"}));

  return out;
}

}  // namespace strata::conformance
