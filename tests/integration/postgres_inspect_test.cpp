// The PostgreSQL inspector against a real server (scripts/with-postgres.sh
// sets STRATA_TEST_PG_URL): exact model contents for every feature the model
// carries, the fixed query count, and a 1,000-table schema.
#include "dialect/postgres/postgres_inspect.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include "common/url.hpp"
#include "dialect/postgres/postgres_dialect.hpp"
#include "dialect/postgres/postgres_inspect_text.hpp"
#include "integration/counting_connection.hpp"
#include "integration/server_test_support.hpp"

namespace strata::detail::schema {

// Readable failure output: gtest would otherwise print the structs as bytes.
std::ostream& operator<<(std::ostream& os, const ObjectName& n) {
  return os << '[' << n.schema << "].[" << n.name << ']';
}

template <typename T>
std::string opt(const std::optional<T>& v) {
  if (!v) return "-";
  std::ostringstream os;
  os << '{' << *v << '}';
  return os.str();
}

void PrintTo(const Column& c, std::ostream* os) {
  *os << "Column{" << c.name << " | " << c.type << " | nn=" << c.not_null
      << " | def=" << opt(c.default_expr) << " | id=" << static_cast<int>(c.identity)
      << " | gen=" << opt(c.generated) << " stored=" << c.generated_stored
      << " | coll=" << c.collation << " | comment=" << opt(c.comment) << "}";
}

void PrintTo(const IndexKey& k, std::ostream* os) {
  *os << "Key{" << k.expression << " col=" << k.is_column << " desc=" << k.descending
      << " nf=" << (k.nulls_first ? (*k.nulls_first ? "first" : "last") : "-")
      << " coll=" << k.collation << " opc=" << k.opclass << "}";
}

void PrintTo(const Index& i, std::ostream* os) {
  *os << "Index{" << i.name << " uniq=" << i.unique << " method=" << i.method << " keys=[";
  for (const auto& k : i.keys) PrintTo(k, os);
  *os << "] include=[";
  for (const auto& c : i.include) *os << c << ',';
  *os << "] where=" << opt(i.where) << " nnd=" << i.nulls_not_distinct
      << " comment=" << opt(i.comment) << "}";
}

void PrintTo(const ForeignKey& f, std::ostream* os) {
  *os << "FK{" << f.name << " (";
  for (const auto& c : f.columns) *os << c << ',';
  *os << ") -> " << f.ref_table << " (";
  for (const auto& c : f.ref_columns) *os << c << ',';
  *os << ") upd=" << static_cast<int>(f.on_update) << " del=" << static_cast<int>(f.on_delete)
      << " full=" << f.match_full << " def=" << f.deferrable << " initdef=" << f.initially_deferred
      << " nv=" << f.not_valid << "}";
}

void PrintTo(const UniqueConstraint& u, std::ostream* os) {
  *os << "Unique{" << u.name << " (";
  for (const auto& c : u.columns) *os << c << ',';
  *os << ") def=" << u.deferrable << " initdef=" << u.initially_deferred
      << " nnd=" << u.nulls_not_distinct << "}";
}

void PrintTo(const CheckConstraint& c, std::ostream* os) {
  *os << "Check{" << c.name << " | " << c.expression << " | nv=" << c.not_valid << "}";
}

void PrintTo(const Table& t, std::ostream* os) {
  *os << "Table{" << t.name << " comment=" << opt(t.comment) << "\n";
  for (const auto& c : t.columns) PrintTo(c, os), *os << "\n";
  if (t.primary_key) {
    *os << "PK{" << t.primary_key->name << " (";
    for (const auto& c : t.primary_key->columns) *os << c << ',';
    *os << ")}\n";
  }
  for (const auto& u : t.uniques) PrintTo(u, os), *os << "\n";
  for (const auto& f : t.foreign_keys) PrintTo(f, os), *os << "\n";
  for (const auto& c : t.checks) PrintTo(c, os), *os << "\n";
  for (const auto& i : t.indexes) PrintTo(i, os), *os << "\n";
  *os << "}";
}

void PrintTo(const View& v, std::ostream* os) {
  *os << "View{" << v.name << " mat=" << v.materialized << " comment=" << opt(v.comment)
      << "\n  def=<" << v.definition << ">\n  deps=";
  for (const auto& d : v.depends_on) *os << d << ',';
  *os << "\n";
  for (const auto& i : v.indexes) PrintTo(i, os), *os << "\n";
  *os << "}";
}

void PrintTo(const Sequence& s, std::ostream* os) {
  *os << "Sequence{" << s.name << " " << s.type << " start=" << s.start << " inc=" << s.increment
      << " min=" << s.min_value << " max=" << s.max_value << " cache=" << s.cache
      << " cycle=" << s.cycle << " owned=" << opt(s.owned_by_table) << "." << s.owned_by_column
      << " comment=" << opt(s.comment) << "}";
}

void PrintTo(const EnumType& e, std::ostream* os) {
  *os << "Enum{" << e.name << " [";
  for (const auto& v : e.values) *os << v << ',';
  *os << "] comment=" << opt(e.comment) << "}";
}

void PrintTo(const Extension& e, std::ostream* os) {
  *os << "Extension{" << e.name << " in " << e.schema << "}";
}

void PrintTo(const OtherObject& o, std::ostream* os) {
  *os << "Other{" << o.kind << " " << o.name << " on " << o.table << "\n  <" << o.definition
      << ">}";
}

}  // namespace strata::detail::schema

namespace strata::detail {
namespace {

using schema::CheckConstraint;
using schema::Column;
using schema::EnumType;
using schema::Extension;
using schema::FkAction;
using schema::ForeignKey;
using schema::Identity;
using schema::Index;
using schema::IndexKey;
using schema::ObjectName;
using schema::OtherObject;
using schema::PrimaryKey;
using schema::Sequence;
using schema::Table;
using schema::UniqueConstraint;
using schema::View;
using Strings = std::vector<std::string>;

using strata::test_support::random_suffix;

// CPU time a thread has run, from /proc/<pid>/schedstat (nanoseconds), or a
// negative value where that is unavailable. Timing on a shared machine says
// little; the CPU both ends spend says what the inspection costs.
double cpu_ms(const std::string& schedstat) {
  std::FILE* f = std::fopen(schedstat.c_str(), "r");
  if (f == nullptr) return -1;
  unsigned long long ns = 0;
  int got = std::fscanf(f, "%llu", &ns);
  std::fclose(f);
  return got == 1 ? static_cast<double>(ns) / 1e6 : -1;
}

class PostgresInspect : public testing::Test {
 protected:
  void SetUp() override {
    const char* env = std::getenv("STRATA_TEST_PG_URL");
    if (env == nullptr || *env == '\0') GTEST_SKIP() << "STRATA_TEST_PG_URL is not set";
    auto admin_url = parse_url(env);
    ASSERT_TRUE(admin_url.has_value()) << admin_url.error().message;
    auto admin = postgres_dialect().connect(*admin_url);
    ASSERT_TRUE(admin.has_value()) << admin.error().message;
    admin_ = std::move(*admin);
    db_name_ = "strata_i_" + random_suffix();
    ASSERT_TRUE(admin_->exec("CREATE DATABASE " + db_name_).has_value());
    url_ = *admin_url;
    url_.database = db_name_;
    auto c = postgres_dialect().connect(url_);
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

  void run(std::string_view sql) {
    auto r = conn_->exec(sql);
    ASSERT_TRUE(r.has_value()) << r.error().message << "\nin: " << sql;
  }

  bool extension_available(std::string_view name) {
    auto r =
        conn_->query("SELECT 1 FROM pg_available_extensions WHERE name = $1", {std::string(name)});
    return r && !r->rows.empty();
  }

  schema::Schema inspect(const schema::InspectOptions& options = {}) {
    return inspect_on(*conn_, options);
  }

  schema::Schema inspect_on(Connection& conn, const schema::InspectOptions& options = {}) {
    CountingConnection counting(conn);
    auto s = inspect_postgres(counting, options);
    EXPECT_TRUE(s.has_value()) << s.error().message;
    last_query_count_ = counting.queries;
    return s ? std::move(*s) : schema::Schema{};
  }

  Url url_;
  std::string db_name_;
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
  int last_query_count_ = 0;
};

// One schema that uses every feature the model carries.
constexpr std::string_view kFeatureSchema = R"sql(
CREATE SCHEMA "Sales Ops";
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
COMMENT ON TYPE mood IS 'how it feels';
CREATE TYPE "Sales Ops"."Empty" AS ENUM ();

CREATE TABLE parent (
  id integer PRIMARY KEY,
  a integer,
  b integer,
  CONSTRAINT parent_a_b_key UNIQUE (a, b)
);
CREATE UNIQUE INDEX parent_a_nnd ON parent (a) NULLS NOT DISTINCT;

CREATE TABLE everything (
  id bigint GENERATED ALWAYS AS IDENTITY,
  code integer GENERATED BY DEFAULT AS IDENTITY,
  serial_no serial,
  name text COLLATE "C" NOT NULL DEFAULT 'x',
  price numeric(10,2) DEFAULT 0,
  doubled numeric GENERATED ALWAYS AS (price * 2) STORED,
  created timestamptz DEFAULT now(),
  feeling mood DEFAULT 'ok',
  tags varchar(20)[],
  parent_id integer,
  pa integer,
  pb integer,
  PRIMARY KEY (id, code),
  CONSTRAINT uq_deferred UNIQUE (serial_no) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT uq_nnd UNIQUE NULLS NOT DISTINCT (name, price),
  CONSTRAINT fk_actions FOREIGN KEY (parent_id) REFERENCES parent (id)
    ON UPDATE CASCADE ON DELETE SET NULL,
  CONSTRAINT fk_full FOREIGN KEY (pa, pb) REFERENCES parent (a, b)
    MATCH FULL ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT price_positive CHECK (price >= 0)
);
ALTER TABLE everything ADD CONSTRAINT fk_not_valid FOREIGN KEY (pa) REFERENCES parent
  ON DELETE SET DEFAULT DEFERRABLE NOT VALID;
ALTER TABLE everything ADD CONSTRAINT name_check CHECK (name <> ')' AND (price > 1 OR price < 0))
  NOT VALID;
COMMENT ON TABLE everything IS 'every feature';
COMMENT ON COLUMN everything.name IS 'the name';

CREATE INDEX ix_partial ON everything (created) WHERE price > 100;
CREATE INDEX ix_expr ON everything ((price + 1), lower(name));
CREATE INDEX ix_desc ON everything (created DESC NULLS LAST, price NULLS FIRST, code DESC);
CREATE INDEX ix_include ON everything (code) INCLUDE (name, price);
CREATE INDEX ix_gin ON everything USING gin (tags);
CREATE INDEX ix_hash ON everything USING hash (name);
CREATE INDEX ix_opclass ON everything (name COLLATE "POSIX" text_pattern_ops);
CREATE UNIQUE INDEX ux_code ON everything (code);
COMMENT ON INDEX ix_hash IS 'by hash';

CREATE SEQUENCE counter AS integer START 5 INCREMENT 2 MINVALUE 1 MAXVALUE 1000 CACHE 3 CYCLE;
COMMENT ON SEQUENCE counter IS 'counts';
CREATE SEQUENCE parent_b_seq OWNED BY parent.b;

CREATE VIEW cheap AS SELECT id, name FROM everything WHERE price < 10;
COMMENT ON VIEW cheap IS 'cheap ones';
CREATE VIEW cheap_parents AS
  SELECT c.name, p.a FROM cheap c JOIN parent p ON p.id = c.id, nextval('counter') AS n;
CREATE MATERIALIZED VIEW totals AS SELECT feeling, count(*) AS n FROM everything GROUP BY feeling;
CREATE UNIQUE INDEX totals_feeling ON totals (feeling);

CREATE TABLE "Sales Ops"."Order ""Lines""" (
  "Qty" integer NOT NULL,
  "naïve ""quoted"" col" text,
  "Überschrift" "Sales Ops"."Empty",
  parent integer REFERENCES public.parent (id)
);
CREATE INDEX "Ix Über" ON "Sales Ops"."Order ""Lines""" ("Qty" DESC, "naïve ""quoted"" col");
CREATE VIEW "Sales Ops"."Big Orders" AS SELECT * FROM "Sales Ops"."Order ""Lines""" WHERE "Qty" > 10;

CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created := now();
  RETURN NEW;
END
$$;
CREATE FUNCTION "Sales Ops".add(a integer, b text DEFAULT 'x') RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT b || a $$;
CREATE PROCEDURE reset_counter() LANGUAGE sql AS $$ SELECT setval('counter', 5) $$;
CREATE TRIGGER everything_touch BEFORE UPDATE ON everything
  FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE everything ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON everything USING (code > 0);
CREATE DOMAIN positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN "Sales Ops".short_text AS text COLLATE "C";
CREATE RULE no_delete AS ON DELETE TO parent DO INSTEAD NOTHING;
CREATE TYPE pair AS (x integer, label text COLLATE "C");
)sql";

// The catalog queries of one inspection, whatever the schema's size: the
// schema list, JIT off, eleven sections, JIT restored.
constexpr int kQueries = 14;

const schema::InspectOptions kBookkeeping{
    {"strata_version", "strata_version_history", "strata_version_journal"}, {}};

Table expected_everything() {
  Table t;
  t.name = {"public", "everything"};
  t.comment = "every feature";
  t.columns = {
      Column{.name = "id", .type = "bigint", .not_null = true, .identity = Identity::always},
      Column{.name = "code", .type = "integer", .not_null = true, .identity = Identity::by_default},
      Column{.name = "serial_no",
             .type = "integer",
             .not_null = true,
             .default_expr = "nextval('everything_serial_no_seq'::regclass)"},
      Column{.name = "name",
             .type = "text",
             .not_null = true,
             .default_expr = "'x'::text",
             .collation = "C",
             .comment = "the name"},
      Column{.name = "price", .type = "numeric(10,2)", .default_expr = "0"},
      Column{.name = "doubled",
             .type = "numeric",
             .generated = "price * (2)::numeric",
             .generated_stored = true},
      Column{.name = "created", .type = "timestamp with time zone", .default_expr = "now()"},
      Column{.name = "feeling", .type = "mood", .default_expr = "'ok'::mood"},
      Column{.name = "tags", .type = "character varying(20)[]"},
      Column{.name = "parent_id", .type = "integer"},
      Column{.name = "pa", .type = "integer"},
      Column{.name = "pb", .type = "integer"},
  };
  t.primary_key = PrimaryKey{"everything_pkey", {"id", "code"}};
  t.uniques = {
      UniqueConstraint{.name = "uq_deferred",
                       .columns = {"serial_no"},
                       .deferrable = true,
                       .initially_deferred = true},
      UniqueConstraint{.name = "uq_nnd", .columns = {"name", "price"}, .nulls_not_distinct = true},
  };
  t.foreign_keys = {
      ForeignKey{.name = "fk_actions",
                 .columns = {"parent_id"},
                 .ref_table = {"public", "parent"},
                 .ref_columns = {"id"},
                 .on_update = FkAction::cascade,
                 .on_delete = FkAction::set_null},
      ForeignKey{.name = "fk_full",
                 .columns = {"pa", "pb"},
                 .ref_table = {"public", "parent"},
                 .ref_columns = {"a", "b"},
                 .on_delete = FkAction::restrict,
                 .match_full = true,
                 .deferrable = true,
                 .initially_deferred = true},
      ForeignKey{.name = "fk_not_valid",
                 .columns = {"pa"},
                 .ref_table = {"public", "parent"},
                 .ref_columns = {"id"},
                 .on_delete = FkAction::set_default,
                 .deferrable = true,
                 .not_valid = true},
  };
  t.checks = {
      CheckConstraint{"name_check",
                      "(name <> ')'::text) AND ((price > (1)::numeric) OR (price < (0)::numeric))",
                      true},
      CheckConstraint{"price_positive", "price >= (0)::numeric", false},
  };
  t.indexes = {
      Index{.name = "ix_desc",
            .keys = {IndexKey{.expression = "created", .descending = true, .nulls_first = false},
                     IndexKey{.expression = "price", .nulls_first = true},
                     IndexKey{.expression = "code", .descending = true}}},
      // lower(name) reads a "C" column, so the key's collation is "C" too.
      Index{.name = "ix_expr",
            .keys = {IndexKey{.expression = "(price + 1::numeric)", .is_column = false},
                     IndexKey{.expression = "lower(name)", .is_column = false, .collation = "C"}}},
      Index{.name = "ix_gin", .method = "gin", .keys = {IndexKey{.expression = "tags"}}},
      Index{.name = "ix_hash",
            .method = "hash",
            .keys = {IndexKey{.expression = "name"}},
            .comment = "by hash"},
      Index{.name = "ix_include",
            .keys = {IndexKey{.expression = "code"}},
            .include = {"name", "price"}},
      Index{.name = "ix_opclass",
            .keys = {IndexKey{
                .expression = "name", .collation = "POSIX", .opclass = "text_pattern_ops"}}},
      Index{.name = "ix_partial",
            .keys = {IndexKey{.expression = "created"}},
            .where = "price > (100)::numeric"},
      Index{.name = "ux_code", .unique = true, .keys = {IndexKey{.expression = "code"}}},
  };
  return t;
}

Table expected_parent() {
  Table t;
  t.name = {"public", "parent"};
  t.columns = {Column{.name = "id", .type = "integer", .not_null = true},
               Column{.name = "a", .type = "integer"}, Column{.name = "b", .type = "integer"}};
  t.primary_key = PrimaryKey{"parent_pkey", {"id"}};
  t.uniques = {UniqueConstraint{.name = "parent_a_b_key", .columns = {"a", "b"}}};
  t.indexes = {Index{.name = "parent_a_nnd",
                     .unique = true,
                     .keys = {IndexKey{.expression = "a"}},
                     .nulls_not_distinct = true}};
  return t;
}

Table expected_order_lines() {
  Table t;
  t.name = {"Sales Ops", "Order \"Lines\""};
  t.columns = {Column{.name = "Qty", .type = "integer", .not_null = true},
               Column{.name = "naïve \"quoted\" col", .type = "text"},
               Column{.name = "Überschrift", .type = "\"Sales Ops\".\"Empty\""},
               Column{.name = "parent", .type = "integer"}};
  t.foreign_keys = {ForeignKey{.name = "Order \"Lines\"_parent_fkey",
                               .columns = {"parent"},
                               .ref_table = {"public", "parent"},
                               .ref_columns = {"id"}}};
  t.indexes = {Index{.name = "Ix Über",
                     .keys = {IndexKey{.expression = "Qty", .descending = true},
                              IndexKey{.expression = "naïve \"quoted\" col"}}}};
  return t;
}

std::vector<View> expected_views() {
  View big{.name = {"Sales Ops", "Big Orders"},
           .definition =
               "SELECT \"Order \"\"Lines\"\"\".\"Qty\",\n"
               "    \"Order \"\"Lines\"\"\".\"naïve \"\"quoted\"\" col\",\n"
               "    \"Order \"\"Lines\"\"\".\"Überschrift\",\n"
               "    \"Order \"\"Lines\"\"\".parent\n"
               "   FROM \"Sales Ops\".\"Order \"\"Lines\"\"\"\n"
               "  WHERE \"Order \"\"Lines\"\"\".\"Qty\" > 10",
           .depends_on = {{"Sales Ops", "Order \"Lines\""}}};
  View cheap{.name = {"public", "cheap"},
             .definition =
                 "SELECT everything.id,\n"
                 "    everything.name\n"
                 "   FROM everything\n"
                 "  WHERE everything.price < 10::numeric",
             .depends_on = {{"public", "everything"}},
             .comment = "cheap ones"};
  // The sequence that nextval() reads is not a dependency: only relations are.
  View cheap_parents{.name = {"public", "cheap_parents"},
                     .definition =
                         "SELECT c.name,\n"
                         "    p.a\n"
                         "   FROM cheap c\n"
                         "     JOIN parent p ON p.id = c.id,\n"
                         "    nextval('counter'::regclass) n(n)",
                     .depends_on = {{"public", "cheap"}, {"public", "parent"}}};
  View totals{
      .name = {"public", "totals"},
      .definition =
          "SELECT everything.feeling,\n"
          "    count(*) AS n\n"
          "   FROM everything\n"
          "  GROUP BY everything.feeling",
      .materialized = true,
      .depends_on = {{"public", "everything"}},
      .indexes = {Index{
          .name = "totals_feeling", .unique = true, .keys = {IndexKey{.expression = "feeling"}}}}};
  return {big, cheap, cheap_parents, totals};
}

std::vector<Sequence> expected_sequences() {
  return {
      Sequence{.name = {"public", "counter"},
               .type = "integer",
               .start = 5,
               .increment = 2,
               .min_value = 1,
               .max_value = 1000,
               .cache = 3,
               .cycle = true,
               .comment = "counts"},
      Sequence{.name = {"public", "everything_serial_no_seq"},
               .type = "integer",
               .max_value = 2147483647,
               .owned_by_table = ObjectName{"public", "everything"},
               .owned_by_column = "serial_no"},
      Sequence{.name = {"public", "parent_b_seq"},
               .owned_by_table = ObjectName{"public", "parent"},
               .owned_by_column = "b"},
  };
}

std::vector<OtherObject> expected_others() {
  return {
      {"domain",
       {"Sales Ops", "short_text"},
       {},
       "CREATE DOMAIN \"Sales Ops\".short_text AS text COLLATE pg_catalog.\"C\""},
      {"domain",
       {"public", "positive"},
       {},
       "CREATE DOMAIN public.positive AS integer DEFAULT 1 NOT NULL "
       "CONSTRAINT positive_check CHECK ((VALUE > 0))"},
      {"function",
       {"Sales Ops", "add(integer, text)"},
       {},
       "CREATE OR REPLACE FUNCTION \"Sales Ops\".add(a integer, b text DEFAULT 'x'::text)\n"
       " RETURNS text\n"
       " LANGUAGE sql\n"
       " IMMUTABLE\n"
       "AS $function$ SELECT b || a $function$"},
      {"function",
       {"public", "touch()"},
       {},
       "CREATE OR REPLACE FUNCTION public.touch()\n"
       " RETURNS trigger\n"
       " LANGUAGE plpgsql\n"
       "AS $function$\n"
       "BEGIN\n"
       "  NEW.created := now();\n"
       "  RETURN NEW;\n"
       "END\n"
       "$function$"},
      {"policy", {"public", "own_rows"}, {"public", "everything"}, ""},
      {"procedure",
       {"public", "reset_counter()"},
       {},
       "CREATE OR REPLACE PROCEDURE public.reset_counter()\n"
       " LANGUAGE sql\n"
       "AS $procedure$ SELECT setval('counter', 5) $procedure$"},
      {"rule",
       {"public", "no_delete"},
       {"public", "parent"},
       "CREATE RULE no_delete AS\n    ON DELETE TO public.parent DO INSTEAD NOTHING"},
      {"trigger",
       {"public", "everything_touch"},
       {"public", "everything"},
       "CREATE TRIGGER everything_touch BEFORE UPDATE ON public.everything FOR EACH ROW "
       "EXECUTE FUNCTION touch()"},
      {"type",
       {"public", "pair"},
       {},
       "CREATE TYPE public.pair AS (x integer, label text COLLATE pg_catalog.\"C\")"},
  };
}

TEST_F(PostgresInspect, EveryFeatureExactly) {
  run(kFeatureSchema);
  // Bookkeeping tables in both schemas, with the serial, index, trigger and
  // policy they could carry: none of it is reported.
  for (const auto& ddl : postgres_dialect().bookkeeping_ddl("strata_version")) run(ddl);
  for (const auto& ddl : postgres_dialect().bookkeeping_ddl("Sales Ops.strata_version")) {
    run(ddl);
  }
  run("CREATE INDEX bk_ix ON strata_version_history (revision);"
      "CREATE TRIGGER bk_touch BEFORE UPDATE ON strata_version_history "
      "  FOR EACH ROW EXECUTE FUNCTION touch();"
      "CREATE POLICY bk_policy ON strata_version USING (true);"
      "CREATE RULE bk_rule AS ON DELETE TO strata_version_journal DO INSTEAD NOTHING;"
      "CREATE SEQUENCE bk_owned OWNED BY strata_version_journal.statement_index;");

  auto s = inspect(kBookkeeping);
  EXPECT_EQ(last_query_count_, kQueries);
  EXPECT_EQ(s.namespaces, (Strings{"Sales Ops", "public"}));
  EXPECT_EQ(s.extensions, std::vector<Extension>{});  // plpgsql sits in pg_catalog
  EXPECT_EQ(s.enums,
            (std::vector<EnumType>{
                EnumType{{"Sales Ops", "Empty"}, {}, std::nullopt},
                EnumType{{"public", "mood"}, {"sad", "meh", "ok", "happy"}, "how it feels"},
            }));
  ASSERT_EQ(s.tables.size(), 3u);
  EXPECT_EQ(s.tables[0], expected_order_lines());
  const Table& everything = s.tables[1];
  Table expected = expected_everything();
  EXPECT_EQ(everything.columns, expected.columns);
  EXPECT_EQ(everything.primary_key, expected.primary_key);
  EXPECT_EQ(everything.uniques, expected.uniques);
  EXPECT_EQ(everything.foreign_keys, expected.foreign_keys);
  EXPECT_EQ(everything.checks, expected.checks);
  EXPECT_EQ(everything.indexes, expected.indexes);
  EXPECT_EQ(everything, expected);
  EXPECT_EQ(s.tables[2], expected_parent());
  EXPECT_EQ(s.views, expected_views());
  EXPECT_EQ(s.sequences, expected_sequences());
  EXPECT_EQ(s.others, expected_others());
}

TEST_F(PostgresInspect, SchemasOptionLimitsEverySection) {
  run(kFeatureSchema);
  auto s = inspect({{}, {"Sales Ops", "no_such_schema"}});
  EXPECT_EQ(last_query_count_, kQueries);
  EXPECT_EQ(s.namespaces, Strings{"Sales Ops"});
  EXPECT_EQ(s.enums, (std::vector<EnumType>{EnumType{{"Sales Ops", "Empty"}, {}, std::nullopt}}));
  EXPECT_EQ(s.tables, std::vector<Table>{expected_order_lines()});
  EXPECT_EQ(s.views, std::vector<View>{expected_views()[0]});
  EXPECT_EQ(s.sequences, std::vector<Sequence>{});
  auto others = expected_others();
  EXPECT_EQ(s.others, (std::vector<OtherObject>{others[0], others[2]}));
}

TEST_F(PostgresInspect, EmptyDatabaseAndUnknownSchema) {
  auto s = inspect();
  EXPECT_EQ(last_query_count_, kQueries);
  schema::Schema expected;
  expected.namespaces = {"public"};
  EXPECT_EQ(s, expected);

  // Nothing matches: the inspector stops after the schema query.
  auto none = inspect({{}, {"no_such_schema"}});
  EXPECT_EQ(last_query_count_, 1);
  EXPECT_EQ(none, schema::Schema{});
}

// Key columns are named by attnum, which dropped columns leave gaps in; a
// foreign key may reference a table that is excluded or outside the
// inspected schemas. Exclusion constraints are reported whole.
TEST_F(PostgresInspect, ConstraintColumnsAcrossGapsAndSchemas) {
  run("CREATE SCHEMA other;"
      "CREATE TABLE other.ref (x integer, gone integer, y integer, PRIMARY KEY (y, x));"
      "ALTER TABLE other.ref DROP COLUMN gone;"
      "CREATE TABLE strata_version (version_num varchar(64) PRIMARY KEY);"
      "CREATE TABLE booking (dropped1 integer, room integer, dropped2 text, during int4range,"
      "  version varchar(64), ox integer, oy integer, note text);"
      "ALTER TABLE booking DROP COLUMN dropped1, DROP COLUMN dropped2;"
      "ALTER TABLE booking ADD COLUMN added integer DEFAULT 7;"
      "ALTER TABLE booking ADD CONSTRAINT booking_pkey PRIMARY KEY (added, room);"
      "ALTER TABLE booking ADD CONSTRAINT booking_version_fkey FOREIGN KEY (version)"
      "  REFERENCES strata_version;"
      "ALTER TABLE booking ADD CONSTRAINT booking_other_fkey FOREIGN KEY (oy, ox)"
      "  REFERENCES other.ref (y, x);"
      "ALTER TABLE booking ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);"
      "CREATE INDEX booking_note ON booking (note, added DESC);"
      "COMMENT ON COLUMN booking.added IS 'after the gaps';");
  auto s = inspect({{"strata_version"}, {"public"}});
  EXPECT_EQ(last_query_count_, kQueries);
  Table booking;
  booking.name = {"public", "booking"};
  booking.columns = {
      Column{.name = "room", .type = "integer", .not_null = true},
      Column{.name = "during", .type = "int4range"},
      Column{.name = "version", .type = "character varying(64)"},
      Column{.name = "ox", .type = "integer"},
      Column{.name = "oy", .type = "integer"},
      Column{.name = "note", .type = "text"},
      Column{.name = "added",
             .type = "integer",
             .not_null = true,
             .default_expr = "7",
             .comment = "after the gaps"},
  };
  booking.primary_key = PrimaryKey{"booking_pkey", {"added", "room"}};
  booking.foreign_keys = {
      ForeignKey{.name = "booking_other_fkey",
                 .columns = {"oy", "ox"},
                 .ref_table = {"other", "ref"},
                 .ref_columns = {"y", "x"}},
      ForeignKey{.name = "booking_version_fkey",
                 .columns = {"version"},
                 .ref_table = {"public", "strata_version"},
                 .ref_columns = {"version_num"}},
  };
  booking.indexes = {Index{.name = "booking_note",
                           .keys = {IndexKey{.expression = "note"},
                                    IndexKey{.expression = "added", .descending = true}}}};
  EXPECT_EQ(s.tables, std::vector<Table>{booking});
  EXPECT_EQ(s.others,
            (std::vector<OtherObject>{
                {"constraint",
                 {"public", "no_overlap"},
                 {"public", "booking"},
                 "ALTER TABLE public.booking ADD CONSTRAINT no_overlap EXCLUDE USING gist "
                 "(during WITH &&)"}}));
}

// JIT is off while inspecting and the session's own setting comes back.
TEST_F(PostgresInspect, RestoresTheSessionJitSetting) {
  auto jit = [&] {
    auto r = conn_->query("SELECT current_setting('jit')", {});
    return r && r->rows.size() == 1 ? r->rows[0][0].value_or("") : std::string("?");
  };
  run("SET jit = on");
  inspect();
  EXPECT_EQ(jit(), "on");
  run("SET jit = off");
  inspect();
  EXPECT_EQ(jit(), "off");
}

// Objects of an extension, or added to one, come and go with the extension:
// none is reported, nor a schema that an extension owns.
TEST_F(PostgresInspect, ExtensionMembersAreLeftOut) {
  if (!extension_available("citext") || !extension_available("pg_trgm")) {
    GTEST_SKIP() << "citext or pg_trgm (postgresql-contrib) is not installed";
  }
  run("CREATE EXTENSION citext;"
      "CREATE SCHEMA trgm;"
      "CREATE EXTENSION pg_trgm SCHEMA trgm;"
      "CREATE SCHEMA owned;"
      "CREATE TABLE owned.inside (id integer);"
      "ALTER EXTENSION citext ADD SCHEMA owned;"
      "CREATE SCHEMA tools;"
      "CREATE TABLE tools.added (id integer);"
      "CREATE FUNCTION tools.helper() RETURNS integer LANGUAGE sql AS 'SELECT 1';"
      "CREATE TYPE tools.level AS ENUM ('low');"
      "ALTER EXTENSION citext ADD TABLE tools.added;"
      "ALTER EXTENSION citext ADD FUNCTION tools.helper();"
      "ALTER EXTENSION citext ADD TYPE tools.level;"
      "CREATE TABLE users (email citext PRIMARY KEY);"
      "CREATE INDEX users_trgm ON users USING gin ((email::text) trgm.gin_trgm_ops);");
  auto s = inspect();
  EXPECT_EQ(s.namespaces, (Strings{"public", "tools", "trgm"}));
  EXPECT_EQ(s.extensions, (std::vector<Extension>{{"citext", "public"}, {"pg_trgm", "trgm"}}));
  EXPECT_EQ(s.enums, std::vector<EnumType>{});
  EXPECT_EQ(s.others, std::vector<OtherObject>{});
  Table users;
  users.name = {"public", "users"};
  users.columns = {Column{.name = "email", .type = "citext", .not_null = true}};
  users.primary_key = PrimaryKey{"users_pkey", {"email"}};
  users.indexes = {Index{
      .name = "users_trgm",
      .method = "gin",
      .keys = {IndexKey{
          .expression = "(email::text)", .is_column = false, .opclass = "trgm.gin_trgm_ops"}}}};
  EXPECT_EQ(s.tables, std::vector<Table>{users});

  // Limited to public, the extension in trgm is not this schema's.
  auto only_public = inspect({{}, {"public"}});
  EXPECT_EQ(only_public.extensions, (std::vector<Extension>{{"citext", "public"}}));
}

// 1,000 tables of 8 columns, 2 indexes and a foreign key each: the same fixed
// number of queries, every object in place. The time is printed, not asserted.
TEST_F(PostgresInspect, ThousandTables) {
  constexpr int kTables = 1000;
  std::string script = "CREATE TABLE t0 (id integer PRIMARY KEY);\n";
  for (int i = 1; i <= kTables; ++i) {
    script += fmt::format(
        "CREATE TABLE t{0} (id integer PRIMARY KEY, ref integer REFERENCES t{1} (id), "
        "name text NOT NULL, qty integer DEFAULT 0, price numeric(10,2), "
        "created timestamptz DEFAULT now(), note varchar(40), flag boolean);\n"
        "CREATE INDEX t{0}_name ON t{0} (name);\n"
        "CREATE INDEX t{0}_lower ON t{0} (lower(note)) WHERE flag;\n",
        i, i - 1);
  }
  run(script);

  // The first round runs on a fresh connection (cold catalog caches) right
  // after the build, when the catalogs' statistics are still stale: what
  // strata meets in a scratch database.
  auto fresh = postgres_dialect().connect(url_);
  ASSERT_TRUE(fresh.has_value()) << fresh.error().message;
  auto pid = (*fresh)->query("SELECT pg_backend_pid()", {});
  ASSERT_TRUE(pid.has_value() && pid->rows.size() == 1);
  std::string server = fmt::format("/proc/{}/schedstat", pid->rows[0][0].value_or("0"));
  std::string client = "/proc/thread-self/schedstat";
  schema::Schema s;
  for (int round = 0; round < 5; ++round) {
    double server_start = cpu_ms(server), client_start = cpu_ms(client);
    auto start = std::chrono::steady_clock::now();
    s = inspect_on(**fresh);
    auto end = std::chrono::steady_clock::now();
    EXPECT_EQ(last_query_count_, kQueries);
    std::cout << fmt::format(
        "inspecting {} tables, round {}: {:.1f} ms wall; CPU {:.1f} ms server, {:.1f} ms client\n",
        kTables + 1, round + 1, std::chrono::duration<double, std::milli>(end - start).count(),
        cpu_ms(server) - server_start, cpu_ms(client) - client_start);
  }

  ASSERT_EQ(s.tables.size(), static_cast<size_t>(kTables + 1));
  size_t columns = 0, indexes = 0, fks = 0;
  for (const auto& t : s.tables) {
    columns += t.columns.size();
    indexes += t.indexes.size();
    fks += t.foreign_keys.size();
    EXPECT_TRUE(t.primary_key.has_value()) << t.name.name;
  }
  EXPECT_EQ(columns, static_cast<size_t>(kTables * 8 + 1));
  EXPECT_EQ(indexes, static_cast<size_t>(kTables * 2));
  EXPECT_EQ(fks, static_cast<size_t>(kTables));

  Table t500;
  t500.name = {"public", "t500"};
  t500.columns = {
      Column{.name = "id", .type = "integer", .not_null = true},
      Column{.name = "ref", .type = "integer"},
      Column{.name = "name", .type = "text", .not_null = true},
      Column{.name = "qty", .type = "integer", .default_expr = "0"},
      Column{.name = "price", .type = "numeric(10,2)"},
      Column{.name = "created", .type = "timestamp with time zone", .default_expr = "now()"},
      Column{.name = "note", .type = "character varying(40)"},
      Column{.name = "flag", .type = "boolean"},
  };
  t500.primary_key = PrimaryKey{"t500_pkey", {"id"}};
  t500.foreign_keys = {ForeignKey{.name = "t500_ref_fkey",
                                  .columns = {"ref"},
                                  .ref_table = {"public", "t499"},
                                  .ref_columns = {"id"}}};
  t500.indexes = {
      Index{.name = "t500_lower",
            .keys = {IndexKey{.expression = "lower(note::text)", .is_column = false}},
            .where = "flag"},
      Index{.name = "t500_name", .keys = {IndexKey{.expression = "name"}}},
  };
  const Table* found = s.find_table({"public", "t500"});
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, t500);
}

TEST(PostgresInspectText, ArrayLiteralQuotesEveryElement) {
  EXPECT_EQ(pg_array_literal({}), "{}");
  EXPECT_EQ(pg_array_literal({"a", "b c", "x\"y", "p\\q", "", "NULL"}),
            R"({"a","b c","x\"y","p\\q","","NULL"})");
}

TEST(PostgresInspectText, ParsesServerArrays) {
  EXPECT_EQ(parse_pg_array("{}"), Strings{});
  EXPECT_EQ(parse_pg_array(R"({"a b","x\"y","","NULL","p\\q",é,Ab,NULL})"),
            (Strings{"a b", "x\"y", "", "NULL", "p\\q", "é", "Ab", ""}));
  EXPECT_EQ(parse_pg_array("{t,f}"), (Strings{"t", "f"}));
  EXPECT_EQ(parse_pg_array("a,b"), std::nullopt);
  EXPECT_EQ(parse_pg_array(R"({"open})"), std::nullopt);
  EXPECT_EQ(parse_pg_array(R"({"a"b})"), std::nullopt);
}

TEST(PostgresInspectText, StripsOnlyWrappingParentheses) {
  EXPECT_EQ(strip_outer_parens("(a > 0)"), "a > 0");
  EXPECT_EQ(strip_outer_parens("((a > 0) AND (b > 0))"), "(a > 0) AND (b > 0)");
  EXPECT_EQ(strip_outer_parens("(a > 0) AND (b > 0)"), "(a > 0) AND (b > 0)");
  EXPECT_EQ(strip_outer_parens("(name <> ')'::text)"), "name <> ')'::text");
  EXPECT_EQ(strip_outer_parens("(x = '(') OR (y = ')')"), "(x = '(') OR (y = ')')");
  EXPECT_EQ(strip_outer_parens("(\")(\" > 0)"), "\")(\" > 0");
  EXPECT_EQ(strip_outer_parens("f(a)"), "f(a)");
  EXPECT_EQ(strip_outer_parens("flag"), "flag");
}

TEST(PostgresInspectText, TrimsDefinitions) {
  EXPECT_EQ(trim_definition(" SELECT 1;\n"), "SELECT 1");
  EXPECT_EQ(trim_definition("CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;"),
            "CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING");
  EXPECT_EQ(trim_definition("AS $f$ x $f$\n"), "AS $f$ x $f$");
}

}  // namespace
}  // namespace strata::detail
