// Hand-written conformance cases for PostgreSQL: one or more per change kind,
// including what only PostgreSQL has (identity, USING, enums and their
// type-swap, sequences, materialized views, comments, several schemas).
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

Case flip(std::string name, const Case& c, std::string rows_for_b, std::vector<std::string> kinds) {
  return make(std::move(name), c.b, std::move(rows_for_b), c.a, std::move(kinds));
}

detail::schema::ObjectName t(std::string name, std::string schema = "public") {
  return {std::move(schema), std::move(name)};
}

constexpr const char* kPeople =
    "CREATE TABLE people (id integer PRIMARY KEY, name text, age integer);\n";
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
constexpr const char* kKnownEnumIndex =
    "postgres renderer (enum type swap): an index whose predicate uses the enum is "
    "not dropped and recreated around ALTER COLUMN m TYPE mood USING m::text::mood: "
    "42883 operator does not exist: mood <> mood__strata_old";
constexpr const char* kKnownGeneratedRetype =
    "differ/postgres renderer: ALTER COLUMN qty TYPE bigint while generated column "
    "total reads qty: 0A000 cannot alter type of a column used by a generated column "
    "(needs total dropped and re-added)";

}  // namespace

std::vector<Case> postgres_cases() {
  std::vector<Case> out;

  // Tables.
  Case create = make("create_table", kPeople, kPeopleRows,
                     std::string(kPeople) +
                         "CREATE TABLE pets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                         "label varchar(30) NOT NULL DEFAULT 'x', owner integer REFERENCES people "
                         "(id) ON DELETE CASCADE, CONSTRAINT ck_label CHECK (label <> ''));\n",
                     {"create_table", "add_foreign_key"});
  out.push_back(create);
  out.push_back(flip("drop_table", create,
                     std::string(kPeopleRows) +
                         "INSERT INTO pets (label, owner) VALUES ('cat', 1), ('dog', 1), "
                         "('eel', NULL);\n",
                     {"drop_table"}));

  // Columns.
  const std::string two = "CREATE TABLE people (id integer PRIMARY KEY, name text);\n";
  const std::string two_rows =
      "INSERT INTO people (id, name) VALUES (1, 'ann'), (2, NULL), (3, 'it''s');\n";
  out.push_back(make("add_column", two, two_rows, kPeople, {"add_column"}));
  out.push_back(make("add_column_not_null_default", two, two_rows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text, flag boolean NOT "
                     "NULL DEFAULT false);\n",
                     {"add_column"}));
  out.push_back(make("drop_column", kPeople, kPeopleRows, two, {"drop_column"}));
  out.push_back(make("drop_indexed_column",
                     std::string(kPeople) + "CREATE INDEX ix_people_age ON people (age);\n",
                     kPeopleRows, two, {"drop_column", "drop_index"}));
  {
    Case c = make("drop_not_null_column",
                  "CREATE TABLE people (id integer PRIMARY KEY, name text, age integer NOT "
                  "NULL);\n",
                  "INSERT INTO people VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);\n", two,
                  {"drop_column"});
    c.known = kKnownDropNotNull;
    out.push_back(c);
  }
  {
    Case c = make("rename_column", kPeople, kPeopleRows,
                  "CREATE TABLE people (id integer PRIMARY KEY, full_name text, age integer);\n",
                  {"rename_column"});
    c.hints.columns.push_back({t("people"), "name", "full_name"});
    out.push_back(c);
  }

  // Types.
  out.push_back(make("type_int_to_bigint", kPeople, kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text, age bigint);\n",
                     {"alter_column"}));
  const std::string short_name =
      "CREATE TABLE people (id integer PRIMARY KEY, name varchar(20), age integer);\n";
  out.push_back(make("type_varchar_widen", short_name, kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name varchar(40), age "
                     "integer);\n",
                     {"alter_column"}));
  out.push_back(make(
      "type_text_to_integer", "CREATE TABLE codes (id integer PRIMARY KEY, code text NOT NULL);\n",
      "INSERT INTO codes VALUES (1, '1'), (2, '42'), (3, '-7');\n",
      "CREATE TABLE codes (id integer PRIMARY KEY, code integer NOT NULL);\n", {"alter_column"}));
  out.push_back(make("type_key_int_to_bigint_with_fk",
                     "CREATE TABLE parent (id integer PRIMARY KEY);\n"
                     "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES "
                     "parent (id));\n",
                     "INSERT INTO parent VALUES (1), (2), (3);\n"
                     "INSERT INTO child VALUES (1, 1), (2, 2), (3, NULL);\n",
                     "CREATE TABLE parent (id bigint PRIMARY KEY);\n"
                     "CREATE TABLE child (id integer PRIMARY KEY, parent_id bigint REFERENCES "
                     "parent (id));\n",
                     {"alter_column"}));

  // Nullability and defaults.
  Case not_null = make("not_null_on", kPeople, kPeopleRows,
                       "CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, age "
                       "integer);\n",
                       {"alter_column"});
  out.push_back(not_null);
  out.push_back(flip("not_null_off", not_null, kPeopleRows, {"alter_column"}));
  const std::string with_default =
      "CREATE TABLE people (id integer PRIMARY KEY, name text, age integer DEFAULT 18);\n";
  out.push_back(make("default_add", kPeople, kPeopleRows, with_default, {"alter_column"}));
  out.push_back(make("default_change", with_default, kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text DEFAULT 'n/a', age "
                     "integer DEFAULT (21 + 1));\n",
                     {"alter_column"}));
  out.push_back(make("default_drop", with_default, kPeopleRows, kPeople, {"alter_column"}));

  // Identity.
  Case identity = make("identity_add", kPeople, kPeopleRows,
                       "CREATE TABLE people (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                       "KEY, name text, age integer);\n",
                       {"alter_column"});
  out.push_back(identity);
  out.push_back(flip("identity_drop", identity, kPeopleRows, {"alter_column"}));
  out.push_back(make("identity_always_to_by_default",
                     "CREATE TABLE people (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                     "name text);\n",
                     "INSERT INTO people (name) VALUES ('a'), ('b'), (NULL);\n",
                     "CREATE TABLE people (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                     "KEY, name text);\n",
                     {"alter_column"}));

  // Generated columns and collations.
  const std::string order =
      "CREATE TABLE lines (id integer PRIMARY KEY, qty integer NOT NULL, price integer NOT NULL";
  const std::string order_rows =
      "INSERT INTO lines (id, qty, price) VALUES (1, 2, 10), (2, 3, 5), (3, 0, 9);\n";
  out.push_back(make("generated_add", order + ");\n", order_rows,
                     order + ", total integer GENERATED ALWAYS AS (qty * price) STORED);\n",
                     {"add_column"}));
  out.push_back(make(
      "generated_change", order + ", total integer GENERATED ALWAYS AS (qty * price) STORED);\n",
      order_rows, order + ", total integer GENERATED ALWAYS AS (qty + price) STORED);\n",
      {"alter_column"}));
  out.push_back(make("collation", kPeople, kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text COLLATE \"C\", age "
                     "integer);\n",
                     {"alter_column"}));

  // Keys and constraints.
  const std::string pair_rows =
      "INSERT INTO pairs (a, b, note) VALUES (1, 1, 'x'), (2, 1, NULL), (3, 2, 'z');\n";
  out.push_back(make("primary_key_change",
                     "CREATE TABLE pairs (a integer NOT NULL, b integer NOT NULL, note text, "
                     "PRIMARY KEY (a));\n",
                     pair_rows,
                     "CREATE TABLE pairs (a integer NOT NULL, b integer NOT NULL, note text, "
                     "PRIMARY KEY (a, b));\n",
                     {"add_primary_key", "drop_primary_key"}));
  out.push_back(make("primary_key_add",
                     "CREATE TABLE pairs (a integer NOT NULL, b integer NOT NULL, note text);\n",
                     pair_rows,
                     "CREATE TABLE pairs (a integer NOT NULL, b integer NOT NULL, note text, "
                     "CONSTRAINT pk_pairs PRIMARY KEY (a, b));\n",
                     {"add_primary_key"}));
  const std::string users = "CREATE TABLE users (id integer PRIMARY KEY, email text, qty integer";
  const std::string user_rows =
      "INSERT INTO users (id, email, qty) VALUES (1, 'a@x', 1), (2, 'b@x', 0), (3, NULL, 5);\n";
  Case unique = make("unique_add", users + ");\n", user_rows,
                     users + ", CONSTRAINT uq_users_email UNIQUE (email));\n", {"add_unique"});
  out.push_back(unique);
  out.push_back(flip("unique_drop", unique, user_rows, {"drop_unique"}));
  out.push_back(make("unique_options", unique.b, user_rows,
                     users +
                         ", CONSTRAINT uq_users_email UNIQUE NULLS NOT DISTINCT (email) DEFERRABLE "
                         "INITIALLY DEFERRED);\n",
                     {"add_unique", "drop_unique"}));
  Case check = make("check_add", users + ");\n", user_rows,
                    users + ", CONSTRAINT ck_users_qty CHECK (qty >= 0));\n", {"add_check"});
  out.push_back(check);
  out.push_back(flip("check_drop", check, user_rows, {"drop_check"}));
  out.push_back(make("check_not_valid", users + ");\n", user_rows,
                     users +
                         ");\nALTER TABLE users ADD CONSTRAINT ck_users_email CHECK (email LIKE "
                         "'%@%') NOT VALID;\n",
                     {"add_check"}));

  const std::string parent =
      "CREATE TABLE parent (id integer PRIMARY KEY, name text);\n"
      "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer";
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
  out.push_back(make("foreign_key_options_change", fk.b, family_rows,
                     parent +
                         ", CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent "
                         "(id) MATCH FULL ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED);\n",
                     {"add_foreign_key", "drop_foreign_key"}));
  out.push_back(make("foreign_key_not_valid", parent + ");\n", family_rows,
                     parent + ");\nALTER TABLE child ADD CONSTRAINT fk_child_parent FOREIGN KEY "
                              "(parent_id) REFERENCES parent (id) NOT VALID;\n",
                     {"add_foreign_key"}));

  // Indexes.
  const std::string items =
      "CREATE TABLE items (id integer PRIMARY KEY, name text, email text, qty integer);\n";
  const std::string item_rows =
      "INSERT INTO items (id, name, email, qty) VALUES (1, 'Bolt', 'a@x', 3), "
      "(2, 'nut', 'b@x', 0), (3, NULL, NULL, 2);\n";
  const std::string indexes =
      "CREATE UNIQUE INDEX ux_items_email ON items (email);\n"
      "CREATE INDEX ix_items_partial ON items (name) WHERE qty > 0;\n"
      "CREATE INDEX ix_items_lower ON items (lower(name));\n"
      "CREATE INDEX ix_items_desc ON items (qty DESC NULLS LAST, name COLLATE \"C\");\n"
      "CREATE INDEX ix_items_include ON items (name) INCLUDE (qty, email);\n"
      "CREATE INDEX ix_items_hash ON items USING hash (email);\n"
      "CREATE UNIQUE INDEX ux_items_nnd ON items (qty) NULLS NOT DISTINCT;\n";
  Case index = make("index_create", items, item_rows, items + indexes, {"create_index"});
  out.push_back(index);
  out.push_back(flip("index_drop", index, item_rows, {"drop_index"}));
  out.push_back(make("index_change", items + indexes, item_rows,
                     items + "CREATE INDEX ux_items_email ON items (email, qty);\n"
                             "CREATE INDEX ix_items_partial ON items (name) WHERE qty > 1;\n"
                             "CREATE INDEX ix_items_lower ON items (upper(name));\n"
                             "CREATE INDEX ix_items_desc ON items (qty, name);\n"
                             "CREATE INDEX ix_items_include ON items (name) INCLUDE (qty);\n"
                             "CREATE INDEX ix_items_hash ON items (email);\n"
                             "CREATE UNIQUE INDEX ux_items_nnd ON items (qty);\n",
                     {"create_index", "drop_index"}));

  // Views.
  const std::string view =
      "CREATE VIEW v_items AS SELECT id, name, qty FROM items WHERE qty > 0;\n";
  out.push_back(make("view_on_altered_column", items + view, item_rows,
                     "CREATE TABLE items (id integer PRIMARY KEY, name text, email text, qty "
                     "bigint);\n" +
                         view,
                     {"alter_column", "drop_view", "create_view"}));
  out.push_back(make("view_change", items + view, item_rows,
                     items + "CREATE VIEW v_items AS SELECT id, name FROM items;\n",
                     {"create_view", "drop_view"}));
  out.push_back(make("view_chain_on_altered_column",
                     items + view + "CREATE VIEW v_names AS SELECT name, qty FROM v_items;\n",
                     item_rows,
                     "CREATE TABLE items (id integer PRIMARY KEY, name varchar(50), email text, "
                     "qty integer);\n" +
                         view + "CREATE VIEW v_names AS SELECT name, qty FROM v_items;\n",
                     {"alter_column", "drop_view", "create_view"}));
  out.push_back(make("drop_table_with_view", items + view + kPeople, item_rows + kPeopleRows,
                     kPeople, {"drop_view", "drop_table"}));

  // Materialized views.
  const std::string matview =
      "CREATE MATERIALIZED VIEW mv_items AS SELECT id, name, qty FROM items;\n"
      "CREATE UNIQUE INDEX ux_mv_items_id ON mv_items (id);\n";
  Case mv = make("matview_create", items, item_rows, items + matview, {"create_view"});
  out.push_back(mv);
  out.push_back(flip("matview_drop", mv, item_rows, {"drop_view"}));
  out.push_back(make("matview_on_altered_column", items + matview, item_rows,
                     "CREATE TABLE items (id integer PRIMARY KEY, name text, email text, qty "
                     "bigint);\n" +
                         matview,
                     {"alter_column", "drop_view", "create_view"}));
  out.push_back(make("matview_index_change", items + matview, item_rows,
                     items +
                         "CREATE MATERIALIZED VIEW mv_items AS SELECT id, name, qty FROM items;\n"
                         "CREATE INDEX ix_mv_items_name ON mv_items (name);\n",
                     {"create_index", "drop_index"}));

  // Sequences.
  Case sequence = make(
      "sequence_create", kPeople, kPeopleRows,
      std::string(kPeople) + "CREATE SEQUENCE order_no AS integer START 100 INCREMENT 5 CACHE 2;\n",
      {"create_sequence"});
  out.push_back(sequence);
  out.push_back(flip("sequence_drop", sequence, kPeopleRows, {"drop_sequence"}));
  out.push_back(make("sequence_alter", sequence.b, kPeopleRows,
                     std::string(kPeople) +
                         "CREATE SEQUENCE order_no AS bigint START 100 INCREMENT 10 MAXVALUE "
                         "999999 CYCLE;\n",
                     {"alter_sequence"}));
  Case serial = make("serial_column_add", kPeople, kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text, age integer, "
                     "ticket serial);\n",
                     {"add_column", "create_sequence"});
  out.push_back(serial);
  out.push_back(flip("serial_column_drop", serial, kPeopleRows, {"drop_column"}));
  out.push_back(make("sequence_owned_by",
                     std::string(kPeople) + "CREATE SEQUENCE people_age_seq;\n", kPeopleRows,
                     std::string(kPeople) + "CREATE SEQUENCE people_age_seq OWNED BY people.age;\n",
                     {"alter_sequence"}));

  // Enums.
  const std::string mood = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n";
  const std::string moods =
      "CREATE TABLE moods (id integer PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', prev mood);\n";
  const std::string mood_rows =
      "INSERT INTO moods VALUES (1, 'sad', NULL), (2, 'ok', 'sad'), (3, 'happy', 'ok');\n";
  Case enum_create =
      make("enum_create", kPeople, kPeopleRows,
           std::string(kPeople) + mood + "ALTER TABLE people ADD COLUMN m mood DEFAULT 'ok';\n",
           {"create_enum", "add_column"});
  out.push_back(enum_create);
  out.push_back(flip("enum_drop", enum_create, kPeopleRows, {"drop_enum", "drop_column"}));
  out.push_back(
      make("enum_add_value", mood + moods, mood_rows,
           "CREATE TYPE mood AS ENUM ('sad', 'ok', 'great', 'happy', 'ecstatic');\n" + moods,
           {"alter_enum"}));
  out.push_back(make("enum_remove_value",
                     "CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy');\n" + moods, mood_rows,
                     mood + moods, {"alter_enum"}));
  out.push_back(make("enum_remove_value_partial_index",
                     "CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy');\n" + moods +
                         "CREATE INDEX ix_moods_m ON moods (m) WHERE m <> 'sad';\n",
                     mood_rows,
                     mood + moods + "CREATE INDEX ix_moods_m ON moods (m) WHERE m <> 'sad';\n",
                     {"alter_enum"}));
  out.back().known = kKnownEnumIndex;
  out.push_back(make("enum_reorder_with_view",
                     mood + moods + "CREATE VIEW v_moods AS SELECT id, m FROM moods;\n", mood_rows,
                     "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');\n" + moods +
                         "CREATE VIEW v_moods AS SELECT id, m FROM moods;\n",
                     {"alter_enum"}));
  out.push_back(make("column_text_to_enum",
                     "CREATE TABLE moods (id integer PRIMARY KEY, m text NOT NULL);\n",
                     "INSERT INTO moods VALUES (1, 'sad'), (2, 'ok'), (3, 'ok');\n",
                     mood + "CREATE TABLE moods (id integer PRIMARY KEY, m mood NOT NULL);\n",
                     {"create_enum", "alter_column"}));

  // Comments.
  {
    const std::string comments =
        "COMMENT ON TABLE items IS 'what we sell';\n"
        "COMMENT ON COLUMN items.name IS 'shown to ''people''';\n"
        "COMMENT ON INDEX ix_items_name IS 'by name';\n"
        "COMMENT ON VIEW v_items IS 'in stock';\n"
        "COMMENT ON SEQUENCE seq_items IS 'numbers';\n"
        "COMMENT ON TYPE mood IS 'feelings';\n";
    const std::string base = items + view + mood +
                             "CREATE INDEX ix_items_name ON items (name);\n"
                             "CREATE SEQUENCE seq_items;\n";
    Case add = make("comments_add", base, item_rows, base + comments, {"set_comment"});
    out.push_back(add);
    out.push_back(flip("comments_drop", add, item_rows, {"set_comment"}));
    out.push_back(make("comments_change", base + comments, item_rows,
                       base + "COMMENT ON TABLE items IS 'what we sell, now';\n"
                              "COMMENT ON COLUMN items.name IS NULL;\n"
                              "COMMENT ON COLUMN items.qty IS 'how many';\n"
                              "COMMENT ON INDEX ix_items_name IS 'by name';\n"
                              "COMMENT ON VIEW v_items IS 'in stock; -- really';\n"
                              "COMMENT ON SEQUENCE seq_items IS 'numbers';\n"
                              "COMMENT ON TYPE mood IS 'moods';\n",
                       {"set_comment"}));
  }

  // A second schema.
  {
    const std::string app =
        "CREATE SCHEMA app;\n"
        "CREATE TABLE app.accounts (id integer PRIMARY KEY, name text);\n"
        "CREATE TABLE accounts (id integer PRIMARY KEY, label text);\n";
    const std::string app_rows =
        "INSERT INTO app.accounts VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
        "INSERT INTO accounts VALUES (1, 'x'), (2, 'y'), (3, 'z');\n";
    Case second = make("second_schema", app, app_rows,
                       "CREATE SCHEMA app;\n"
                       "CREATE TABLE app.accounts (id integer PRIMARY KEY, name text NOT NULL, "
                       "balance numeric(12,2) DEFAULT 0);\n"
                       "CREATE TABLE accounts (id integer PRIMARY KEY, label text);\n"
                       "CREATE INDEX ix_app_accounts_name ON app.accounts (name);\n"
                       "CREATE SCHEMA reporting;\n"
                       "CREATE TYPE reporting.period AS ENUM ('day', 'week');\n"
                       "CREATE TABLE reporting.totals (id integer PRIMARY KEY, account_id integer "
                       "REFERENCES app.accounts (id), p reporting.period);\n"
                       "CREATE VIEW reporting.v_totals AS SELECT t.id, a.name FROM "
                       "reporting.totals t JOIN app.accounts a ON a.id = t.account_id;\n",
                       {"create_namespace", "add_column", "create_table", "create_enum"});
    out.push_back(second);
    Case dropped = flip("second_schema_drop", second,
                        "INSERT INTO app.accounts VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3);\n"
                        "INSERT INTO accounts VALUES (1, 'x'), (2, 'y'), (3, 'z');\n"
                        "INSERT INTO reporting.totals VALUES (1, 1, 'day'), (2, 3, NULL), "
                        "(3, NULL, 'week');\n",
                        {"drop_namespace", "drop_table", "drop_enum"});
    out.push_back(dropped);
    Case moved = make("second_schema_table_rename", app, app_rows,
                      "CREATE SCHEMA app;\n"
                      "CREATE TABLE app.clients (id integer PRIMARY KEY, name text);\n"
                      "CREATE TABLE accounts (id integer PRIMARY KEY, label text);\n",
                      {"rename_table"});
    moved.hints.tables.push_back({t("accounts", "app"), t("clients", "app")});
    out.push_back(moved);
  }

  // Renames.
  {
    Case c = make("table_rename",
                  "CREATE TABLE old_name (id integer PRIMARY KEY, name text);\n"
                  "CREATE TABLE refs (id integer PRIMARY KEY, o integer CONSTRAINT fk_refs_o "
                  "REFERENCES old_name (id));\n"
                  "CREATE INDEX ix_old_name_name ON old_name (name);\n",
                  "INSERT INTO old_name (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO refs (id, o) VALUES (1, 1), (2, 3), (3, NULL);\n",
                  "CREATE TABLE new_name (id integer PRIMARY KEY, name text);\n"
                  "CREATE TABLE refs (id integer PRIMARY KEY, o integer CONSTRAINT fk_refs_o "
                  "REFERENCES new_name (id));\n"
                  "CREATE INDEX ix_old_name_name ON new_name (name);\n",
                  {"rename_table"});
    c.hints.tables.push_back({t("old_name"), t("new_name")});
    out.push_back(c);
  }
  {
    Case c = make("table_rename_and_alter",
                  "CREATE TABLE old_name (id integer PRIMARY KEY, name text, n integer);\n",
                  "INSERT INTO old_name (id, name, n) VALUES (1, 'a', 1), (2, 'b', 2), "
                  "(3, 'c', NULL);\n",
                  "CREATE TABLE new_name (id integer PRIMARY KEY, label text NOT NULL, n bigint, "
                  "extra text);\n",
                  {"rename_table", "rename_column"});
    c.hints.tables.push_back({t("old_name"), t("new_name")});
    c.hints.columns.push_back({t("new_name"), "name", "label"});
    out.push_back(c);
  }

  // A dropped table that a surviving table's foreign key referenced.
  // Rows of child pointing at parent make the down's foreign key fail: the
  // down cannot bring parent's rows back.
  Case dropped_ref = make("drop_referenced_table_rows_lost", fk.b, family_rows,
                          "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer);\n",
                          {"drop_table", "drop_foreign_key"});
  dropped_ref.known = kKnownDroppedRef;
  out.push_back(dropped_ref);
  const std::string unreferenced_rows =
      "INSERT INTO parent (id, name) VALUES (1, 'p1'), (2, 'p2'), (3, 'p3');\n"
      "INSERT INTO child (id, parent_id) VALUES (1, NULL), (2, NULL), (3, NULL);\n";
  out.push_back(make("drop_referenced_table", fk.b, unreferenced_rows,
                     "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer);\n",
                     {"drop_table", "drop_foreign_key"}));

  // Column order: the down puts a dropped middle column back last.
  {
    Case c = make("drop_middle_column", kPeople, kPeopleRows,
                  "CREATE TABLE people (id integer PRIMARY KEY, age integer);\n", {"drop_column"});
    c.down_keeps_column_order = true;
    c.known = kKnownColumnOrder;
    out.push_back(c);
  }

  // Functions and triggers: objects strata keeps whole.
  {
    const std::string fn =
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN NEW.name := coalesce(NEW.name, 'anon; -- x'); RETURN NEW; END $$;\n"
        "CREATE TRIGGER trg_people_touch BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION "
        "touch();\n";
    out.push_back(
        make("function_trigger_create", kPeople, kPeopleRows, kPeople + fn, {"create_other"}));
    out.push_back(
        make("trigger_on_altered_table", kPeople + fn, kPeopleRows,
             "CREATE TABLE people (id integer PRIMARY KEY, name text, age bigint);\n" + fn,
             {"alter_column"}));
  }

  // Identifiers that need quoting; the canary table must not be touched.
  {
    const std::string odd = "\"my \"\"odd\"\" table; --x\"";
    const std::string canary = "CREATE TABLE canary_tbl (id integer PRIMARY KEY, v text);\n";
    const std::string a = "CREATE TABLE " + odd +
                          " (id integer PRIMARY KEY, \"select\" text, \"naïve café\" text, "
                          "\"semi;colon\" integer, \"Mixed\" integer);\n"
                          "CREATE INDEX \"ix; --odd\" ON " +
                          odd + " (\"select\");\n" + canary;
    const std::string rows = "INSERT INTO " + odd +
                             " VALUES (1, 'a', 'é', 1, 1), (2, 'b''--', NULL, 2, 2), (3, NULL, "
                             "'ü', NULL, NULL);\n"
                             "INSERT INTO canary_tbl VALUES (1, 'keep'), (2, 'me'), (3, NULL);\n";
    Case alter = make("identifiers", a, rows,
                      "CREATE TABLE " + odd +
                          " (id integer PRIMARY KEY, \"from\" text, \"naïve café\" text NOT NULL "
                          "DEFAULT 'x', \"semi;colon\" bigint, \"Mixed\" integer, \"group by\" "
                          "text DEFAULT 'it''s; --');\n"
                          "CREATE INDEX \"ix; --odd\" ON " +
                          odd +
                          " (\"from\" DESC);\n"
                          "CREATE VIEW \"view \"\"q\"\"\" AS SELECT \"naïve café\", \"Mixed\" "
                          "FROM " +
                          odd + ";\n" + canary,
                      {"rename_column", "add_column", "alter_column"});
    alter.rows = "INSERT INTO " + odd +
                 " VALUES (1, 'a', 'é', 1, 1), (2, 'b''--', 'ö', 2, 2), (3, NULL, 'ü', NULL, "
                 "NULL);\n"
                 "INSERT INTO canary_tbl VALUES (1, 'keep'), (2, 'me'), (3, NULL);\n";
    alter.hints.columns.push_back({t("my \"odd\" table; --x"), "select", "from"});
    alter.untouched = {"canary_tbl"};
    out.push_back(alter);
    Case schema = make("identifiers_schema", a, rows,
                       "CREATE SCHEMA \"Sché ma; --\";\n"
                       "CREATE TYPE \"Sché ma; --\".\"ty pe\" AS ENUM ('a''b', 'c;d');\n"
                       "CREATE TABLE \"Sché ma; --\".\"user\" (id integer PRIMARY KEY, \"t\" "
                       "\"Sché ma; --\".\"ty pe\");\n" +
                           a,
                       {"create_namespace", "create_enum", "create_table"});
    schema.untouched = {"canary_tbl"};
    out.push_back(schema);
    Case table = make("identifiers_table_rename", a, rows,
                      "CREATE TABLE \"Tâble \"\"2\"\"\" (id integer PRIMARY KEY, \"select\" text, "
                      "\"naïve café\" text, \"semi;colon\" integer, \"Mixed\" integer);\n"
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
        "swap_column_names", "CREATE TABLE pairs (id integer PRIMARY KEY, a text, b integer);\n",
        "INSERT INTO pairs VALUES (1, 'x', 1), (2, 'y', 2), (3, NULL, NULL);\n",
        "CREATE TABLE pairs (id integer PRIMARY KEY, b text, a integer);\n", {"rename_column"});
    c.hints.columns.push_back({t("pairs"), "a", "b"});
    c.hints.columns.push_back({t("pairs"), "b", "a"});
    c.known = kKnownRenameHint;
    out.push_back(c);
  }
  {
    Case c = make("rename_into_dropped_name",
                  "CREATE TABLE current (id integer PRIMARY KEY, v text);\n"
                  "CREATE TABLE next (id integer PRIMARY KEY, v text, w integer);\n",
                  "INSERT INTO current VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO next VALUES (1, 'n', 1), (2, 'm', 2), (3, NULL, NULL);\n",
                  "CREATE TABLE current (id integer PRIMARY KEY, v text, w integer);\n",
                  {"rename_table", "drop_table"});
    c.hints.tables.push_back({t("next"), t("current")});
    c.known = kKnownRenameHint;
    out.push_back(c);
  }
  {
    // The down recreates child with its key to parent: only after the
    // rename gives parent its name back.
    Case c = make("drop_table_referencing_renamed_table",
                  "CREATE TABLE parent (id integer CONSTRAINT pk_parent PRIMARY KEY, name "
                  "text);\n"
                  "CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES "
                  "parent (id) ON DELETE CASCADE);\n",
                  "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO child VALUES (1, 1), (2, 3), (3, NULL);\n",
                  "CREATE TABLE guardian (id integer CONSTRAINT pk_parent PRIMARY KEY, name "
                  "text);\n",
                  {"rename_table", "drop_table"});
    c.hints.tables.push_back({t("parent"), t("guardian")});
    out.push_back(c);
  }
  out.push_back(make("unique_constraint_to_index",
                     users + ", CONSTRAINT uq_email UNIQUE (email));\n", user_rows,
                     users + ");\nCREATE UNIQUE INDEX uq_email ON users (email);\n",
                     {"drop_unique", "create_index"}));
  out.push_back(make("referenced_primary_key_renamed", fk.b, family_rows,
                     "CREATE TABLE parent (id integer CONSTRAINT pk_parent PRIMARY KEY, name "
                     "text);\n" +
                         fk.b.substr(fk.b.find("CREATE TABLE child")),
                     {"add_primary_key", "drop_primary_key"}));
  {
    Case c = make("rename_column_read_by_generated",
                  "CREATE TABLE nums (id integer PRIMARY KEY, a integer, twice integer "
                  "GENERATED ALWAYS AS (a * 2) STORED);\n",
                  "INSERT INTO nums (id, a) VALUES (1, 1), (2, NULL), (3, 3);\n",
                  "CREATE TABLE nums (id integer PRIMARY KEY, z integer, twice integer "
                  "GENERATED ALWAYS AS (z * 2) STORED);\n",
                  {"rename_column"});
    c.hints.columns.push_back({t("nums"), "a", "z"});
    out.push_back(c);
  }
  {
    Case c = make("rename_column_read_by_view_and_fk",
                  "CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);\n"
                  "CREATE TABLE child (id integer PRIMARY KEY, pcode text REFERENCES parent "
                  "(code));\n"
                  "CREATE VIEW v_codes AS SELECT code FROM parent;\n"
                  "CREATE TABLE checked (id integer PRIMARY KEY, n integer CHECK (n > 0));\n",
                  "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                  "INSERT INTO child VALUES (1, 'a'), (2, 'a'), (3, NULL);\n"
                  "INSERT INTO checked VALUES (1, 1), (2, 2), (3, NULL);\n",
                  "CREATE TABLE parent (id integer PRIMARY KEY, ref text UNIQUE);\n"
                  "CREATE TABLE child (id integer PRIMARY KEY, pcode text REFERENCES parent "
                  "(ref));\n"
                  "CREATE VIEW v_codes AS SELECT ref FROM parent;\n"
                  "CREATE TABLE checked (id integer PRIMARY KEY, m integer CHECK (m > 0));\n",
                  {"rename_column"});
    c.hints.columns.push_back({t("parent"), "code", "ref"});
    c.hints.columns.push_back({t("checked"), "n", "m"});
    out.push_back(c);
  }
  {
    Case c = make("table_rename_with_serial",
                  "CREATE TABLE old_name (id serial PRIMARY KEY, name text);\n",
                  "INSERT INTO old_name (name) VALUES ('a'), ('b'), ('c');\n",
                  "CREATE TABLE new_name (id serial PRIMARY KEY, name text);\n", {"rename_table"});
    c.hints.tables.push_back({t("old_name"), t("new_name")});
    out.push_back(c);
  }
  out.push_back(make("serial_to_identity",
                     "CREATE TABLE people (id serial PRIMARY KEY, name text);\n",
                     "INSERT INTO people (name) VALUES ('a'), ('b'), ('c');\n",
                     "CREATE TABLE people (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY "
                     "KEY, name text);\n",
                     {"alter_column", "drop_sequence"}));
  out.push_back(make("type_int_to_text_and_back_with_check",
                     "CREATE TABLE nums (id integer PRIMARY KEY, n integer DEFAULT 5 CHECK (n > "
                     "0));\nCREATE INDEX ix_nums_n ON nums ((n * 2)) WHERE n > 1;\n",
                     "INSERT INTO nums VALUES (1, 1), (2, 2), (3, NULL);\n",
                     "CREATE TABLE nums (id integer PRIMARY KEY, n text DEFAULT '5');\n",
                     {"alter_column", "drop_check", "drop_index"}));
  out.push_back(make("generated_on_retyped_column",
                     order + ", total bigint GENERATED ALWAYS AS "
                             "(qty * price) STORED);\n",
                     order_rows,
                     "CREATE TABLE lines (id integer PRIMARY KEY, qty bigint NOT NULL, price "
                     "integer NOT NULL, total bigint GENERATED ALWAYS AS (qty * price) STORED);\n",
                     {"alter_column"}));
  out.back().known = kKnownGeneratedRetype;
  out.push_back(make("enum_add_value_used", mood + moods, mood_rows,
                     "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'great');\n"
                     "CREATE TABLE moods (id integer PRIMARY KEY, m mood NOT NULL DEFAULT 'great', "
                     "prev mood);\n",
                     {"alter_enum", "alter_column"}));
  out.push_back(
      make("foreign_key_to_unique",
           users + ", CONSTRAINT uq_users_email UNIQUE (email));\n"
                   "CREATE TABLE mails (id integer PRIMARY KEY, addr text);\n",
           user_rows + "INSERT INTO mails VALUES (1, 'a@x'), (2, NULL), (3, 'b@x');\n",
           users + ", CONSTRAINT uq_users_email UNIQUE (email));\n"
                   "CREATE TABLE mails (id integer PRIMARY KEY, addr text CONSTRAINT fk_mails "
                   "REFERENCES users (email) ON UPDATE CASCADE);\n",
           {"add_foreign_key"}));
  out.push_back(make("comment_on_renamed_column_table",
                     "CREATE TABLE people (id integer PRIMARY KEY, name text);\n"
                     "COMMENT ON COLUMN people.name IS 'who';\n",
                     two_rows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name varchar(40));\n"
                     "COMMENT ON COLUMN people.name IS 'who';\n",
                     {"alter_column"}));

  // Dependencies between new and changed objects.
  out.push_back(make("default_uses_new_sequence", kPeople, kPeopleRows,
                     std::string(kPeople) +
                         "CREATE SEQUENCE ticket_no START 500;\n"
                         "ALTER TABLE people ADD COLUMN ticket bigint NOT NULL DEFAULT "
                         "nextval('ticket_no');\n",
                     {"create_sequence", "add_column"}));
  out.push_back(make("drop_column_read_by_view",
                     items + "CREATE VIEW v_mail AS SELECT id, email FROM items;\n", item_rows,
                     "CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer);\n"
                     "CREATE VIEW v_mail AS SELECT id, name FROM items;\n",
                     {"drop_column", "drop_view", "create_view"}));
  out.push_back(make("identity_column_added", two, two_rows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text, n bigint GENERATED "
                     "ALWAYS AS IDENTITY (START WITH 10));\n",
                     {"add_column"}));
  {
    Case c = make("rename_and_retype_column", kPeople, kPeopleRows,
                  "CREATE TABLE people (id integer PRIMARY KEY, name varchar(60) NOT NULL, "
                  "years bigint);\n",
                  {"rename_column", "alter_column"});
    c.hints.columns.push_back({t("people"), "age", "years"});
    c.rows = "INSERT INTO people VALUES (1, 'a', 1), (2, 'b', NULL), (3, 'c', 3);\n";
    out.push_back(c);
  }
  out.push_back(make("collation_on_indexed_column",
                     std::string(kPeople) + "CREATE INDEX ix_people_name ON people (name);\n",
                     kPeopleRows,
                     "CREATE TABLE people (id integer PRIMARY KEY, name text COLLATE \"C\", age "
                     "integer);\nCREATE INDEX ix_people_name ON people (name);\n",
                     {"alter_column"}));
  out.push_back(make("view_chain_partly_dropped",
                     items + view + "CREATE VIEW v_names AS SELECT name FROM v_items;\n", item_rows,
                     items + "CREATE VIEW v_names AS SELECT name FROM items;\n",
                     {"drop_view", "create_view"}));
  out.push_back(make("enum_in_other_schema_dropped_with_column",
                     "CREATE SCHEMA app;\nCREATE TYPE app.kind AS ENUM ('a', 'b');\n"
                     "CREATE TABLE things (id integer PRIMARY KEY, k app.kind, n text);\n",
                     "INSERT INTO things VALUES (1, 'a', 'x'), (2, NULL, 'y'), (3, 'b', NULL);\n",
                     "CREATE TABLE things (id integer PRIMARY KEY, n text);\n",
                     {"drop_column", "drop_enum", "drop_namespace"}));
  out.push_back(make("check_on_two_columns_and_type_change",
                     "CREATE TABLE ranges (id integer PRIMARY KEY, lo integer, hi integer, "
                     "CONSTRAINT ck_range CHECK (lo <= hi));\n",
                     "INSERT INTO ranges VALUES (1, 1, 2), (2, 3, 3), (3, NULL, 5);\n",
                     "CREATE TABLE ranges (id integer PRIMARY KEY, lo bigint, hi bigint, "
                     "CONSTRAINT ck_range CHECK (lo < hi + 1));\n",
                     {"alter_column", "drop_check", "add_check"}));

  // More types, defaults and key shapes.
  Case serial_table = make("create_table_with_serial", kPeople, kPeopleRows,
                           std::string(kPeople) +
                               "CREATE TABLE tickets (id bigserial PRIMARY KEY, uid uuid NOT NULL "
                               "DEFAULT gen_random_uuid(), at timestamptz DEFAULT now());\n",
                           {"create_table", "create_sequence"});
  out.push_back(serial_table);
  out.push_back(flip("drop_table_with_serial", serial_table,
                     std::string(kPeopleRows) + "INSERT INTO tickets DEFAULT VALUES;\n",
                     {"drop_table"}));
  out.push_back(make("type_change_with_default",
                     "CREATE TABLE codes (id integer PRIMARY KEY, code text NOT NULL DEFAULT "
                     "'0');\n",
                     "INSERT INTO codes VALUES (1, '1'), (2, '42'), (3, '-7');\n",
                     "CREATE TABLE codes (id integer PRIMARY KEY, code integer NOT NULL DEFAULT "
                     "0);\n",
                     {"alter_column"}));
  out.push_back(make("type_boolean_to_integer",
                     "CREATE TABLE flags (id integer PRIMARY KEY, f boolean DEFAULT false);\n",
                     "INSERT INTO flags VALUES (1, true), (2, false), (3, NULL);\n",
                     "CREATE TABLE flags (id integer PRIMARY KEY, f integer DEFAULT 0);\n",
                     {"alter_column"}));
  out.push_back(make("type_numeric_and_timestamp",
                     "CREATE TABLE money (id integer PRIMARY KEY, amount numeric(10,2), at "
                     "timestamp);\n",
                     "INSERT INTO money VALUES (1, 1.5, '2024-01-02 03:04:05'), (2, NULL, NULL), "
                     "(3, -2.25, '1999-12-31 23:59:59');\n",
                     "CREATE TABLE money (id integer PRIMARY KEY, amount numeric(12,4), at "
                     "timestamptz);\n",
                     {"alter_column"}));
  Case cycle =
      make("foreign_key_cycle_create", kPeople, kPeopleRows,
           std::string(kPeople) +
               "CREATE TABLE a (id integer PRIMARY KEY, b_id integer, parent integer "
               "REFERENCES a (id));\n"
               "CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));\n"
               "ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id);\n",
           {"create_table", "add_foreign_key"});
  out.push_back(cycle);
  out.push_back(flip("foreign_key_cycle_drop", cycle,
                     std::string(kPeopleRows) +
                         "INSERT INTO a VALUES (1, NULL, NULL), (2, NULL, 1);\n"
                         "INSERT INTO b VALUES (1, 1), (2, 2);\n"
                         "UPDATE a SET b_id = 1 WHERE id = 2;\n",
                     {"drop_table", "drop_foreign_key"}));
  out.push_back(make("unique_on_renamed_column",
                     users + ", CONSTRAINT uq_users_email UNIQUE (email));\n", user_rows,
                     "CREATE TABLE users (id integer PRIMARY KEY, mail text, qty integer, "
                     "CONSTRAINT uq_users_email UNIQUE (mail));\n",
                     {"rename_column"}));
  out.back().hints.columns.push_back({t("users"), "email", "mail"});

  return out;
}

}  // namespace strata::conformance
