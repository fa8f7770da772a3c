// Reads pg_catalog into the schema model. Every section is one set-based
// query over all inspected schemas at once (postgres_inspect_queries.hpp);
// the rows are then attached to their tables, views, indexes, sequences and
// types through hash maps keyed by oid, so the cost grows linearly with the
// schema and the number of round trips stays fixed.
#include "dialect/postgres/postgres_inspect.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dialect/postgres/postgres_inspect_queries.hpp"
#include "dialect/postgres/postgres_inspect_text.hpp"

namespace strata::detail {

namespace {

using schema::ObjectName;
using Params = std::vector<std::optional<std::string>>;
using Row = std::vector<std::optional<std::string>>;

// Replaces "{nnd}" in a query with the NULLS NOT DISTINCT flag of the
// pg_index row `index_alias`; the column exists from PostgreSQL 15 on, and
// older servers have no such indexes.
std::string with_nulls_not_distinct(std::string_view sql, std::string_view index_alias,
                                    bool supported) {
  std::string out(sql);
  std::string expr = supported ? fmt::format("coalesce({}.indnullsnotdistinct, false)", index_alias)
                               : std::string("false");
  size_t pos = out.find("{nnd}");
  if (pos != std::string::npos) out.replace(pos, 5, expr);
  return out;
}

// Typed access to the text cells of a catalog row. The rows belong to the
// inspector, so strings are moved out rather than copied.
std::string take(Row& row, size_t i) { return row[i] ? std::move(*row[i]) : std::string(); }

std::optional<std::string> take_opt(Row& row, size_t i) { return std::move(row[i]); }

bool flag(const Row& row, size_t i) { return row[i] && *row[i] == "t"; }

char letter(const Row& row, size_t i) { return row[i] && !row[i]->empty() ? (*row[i])[0] : '\0'; }

template <typename T>
T number(const Row& row, size_t i) {
  T value{};
  if (row[i]) std::from_chars(row[i]->data(), row[i]->data() + row[i]->size(), value);
  return value;
}

uint32_t oid(const Row& row, size_t i) { return number<uint32_t>(row, i); }

schema::FkAction fk_action(char code) {
  switch (code) {
    case 'r':
      return schema::FkAction::restrict;
    case 'c':
      return schema::FkAction::cascade;
    case 'n':
      return schema::FkAction::set_null;
    case 'd':
      return schema::FkAction::set_default;
    default:
      return schema::FkAction::no_action;
  }
}

// Where an index landed: in a table's or a materialized view's list.
struct IndexPlace {
  bool on_view = false;
  size_t owner = 0;     // index into Schema::tables or Schema::views
  size_t position = 0;  // index into that object's indexes
};

// One inspection: the connection, the parameters every query shares, and the
// oid maps that attach rows of later queries to the objects of earlier ones.
class Inspection {
 public:
  Inspection(Connection& conn, const schema::InspectOptions& options)
      : conn_(conn), options_(options) {}

  Result<schema::Schema> run() {
    STRATA_CHECK(read_namespaces());
    if (namespace_oids_) {
      STRATA_TRY(auto jit, query("session settings", pg_inspect::kJitOffSql, {}));
      if (!jit.rows.empty()) saved_jit_ = take(jit.rows[0], 0);
      Status read = read_sections();
      // Restored on failure too, unless the failure left the connection
      // unable to run it (an aborted transaction rolls the setting back).
      auto restored = query("session settings", pg_inspect::kJitRestoreSql, {saved_jit_});
      STRATA_CHECK(read);
      STRATA_CHECK(restored);
    }
    out_.canonicalize();
    return std::move(out_);
  }

 private:
  Status read_sections() {
    STRATA_CHECK(read_extensions());
    STRATA_CHECK(read_enums());
    STRATA_CHECK(read_sequences());
    STRATA_CHECK(read_tables());
    STRATA_CHECK(read_columns());
    STRATA_CHECK(read_constraints());
    STRATA_CHECK(read_views());
    STRATA_CHECK(read_view_dependencies());
    STRATA_CHECK(read_indexes());
    STRATA_CHECK(read_others());
    return read_comments();
  }

  Result<QueryResult> query(std::string_view what, std::string_view sql, const Params& params) {
    auto r = conn_.query(sql, params);
    if (!r) {
      Error e = std::move(r).error();
      e.message = fmt::format("cannot inspect the PostgreSQL schema: reading {} failed: {}", what,
                              e.message);
      return fail(std::move(e));
    }
    return r;
  }

  Params namespaces_param() const { return {namespace_oids_}; }
  Params namespaces_and_excluded() const { return {namespace_oids_, excluded_}; }

  Status read_namespaces() {
    Params params{std::nullopt};
    if (!options_.schemas.empty()) params[0] = pg_array_literal(options_.schemas);
    STRATA_TRY(auto r, query("schemas", pg_inspect::kNamespacesSql, params));
    std::string oids = "{";
    for (auto& row : r.rows) {
      if (oids.size() > 1) oids += ',';
      oids += row[0].value_or("0");
      out_.namespaces.push_back(take(row, 1));
      server_version_num_ = number<int>(row, 2);
    }
    oids += '}';
    if (!r.rows.empty()) namespace_oids_ = std::move(oids);
    excluded_ = pg_array_literal(options_.exclude_tables);
    return {};
  }

  Status read_extensions() {
    STRATA_TRY(auto r, query("extensions", pg_inspect::kExtensionsSql,
                             {namespace_oids_, options_.schemas.empty() ? "t" : "f"}));
    out_.extensions.reserve(r.rows.size());
    for (auto& row : r.rows) out_.extensions.push_back({take(row, 0), take(row, 1)});
    return {};
  }

  Status read_enums() {
    STRATA_TRY(auto r, query("enum types", pg_inspect::kEnumsSql, namespaces_param()));
    uint32_t current = 0;
    for (auto& row : r.rows) {
      uint32_t type_oid = oid(row, 0);
      if (out_.enums.empty() || type_oid != current) {
        current = type_oid;
        enums_.emplace(type_oid, out_.enums.size());
        auto& e = out_.enums.emplace_back();
        e.name = {take(row, 1), take(row, 2)};
      }
      if (row[3]) out_.enums.back().values.push_back(take(row, 3));
    }
    return {};
  }

  Status read_sequences() {
    STRATA_TRY(auto r, query("sequences", pg_inspect::kSequencesSql, namespaces_and_excluded()));
    out_.sequences.reserve(r.rows.size());
    for (auto& row : r.rows) {
      sequences_.emplace(oid(row, 0), out_.sequences.size());
      auto& s = out_.sequences.emplace_back();
      s.name = {take(row, 1), take(row, 2)};
      s.type = take(row, 3);
      s.start = number<int64_t>(row, 4);
      s.increment = number<int64_t>(row, 5);
      s.min_value = number<int64_t>(row, 6);
      s.max_value = number<int64_t>(row, 7);
      s.cache = number<int64_t>(row, 8);
      s.cycle = flag(row, 9);
      if (row[11]) {
        s.owned_by_table = ObjectName{take(row, 10), take(row, 11)};
        s.owned_by_column = take(row, 12);
      }
    }
    return {};
  }

  Status read_tables() {
    STRATA_TRY(auto r, query("tables", pg_inspect::kTablesSql, namespaces_and_excluded()));
    out_.tables.reserve(r.rows.size());
    attnums_.reserve(r.rows.size());
    tables_.reserve(r.rows.size());
    for (auto& row : r.rows) {
      tables_.emplace(oid(row, 0), out_.tables.size());
      attnums_.emplace_back();
      out_.tables.emplace_back().name = {take(row, 1), take(row, 2)};
    }
    return {};
  }

  schema::Table* table(uint32_t relid) {
    auto it = tables_.find(relid);
    return it == tables_.end() ? nullptr : &out_.tables[it->second];
  }

  schema::View* view(uint32_t relid) {
    auto it = views_.find(relid);
    return it == views_.end() ? nullptr : &out_.views[it->second];
  }

  Status read_columns() {
    STRATA_TRY(auto r, query("columns", pg_inspect::kColumnsSql, namespaces_param()));
    uint32_t current = 0;
    size_t index = 0;
    bool reported = false;
    for (auto& row : r.rows) {
      uint32_t relid = oid(row, 0);
      auto attnum = number<int16_t>(row, 1);
      if (relid != current) {
        current = relid;
        auto it = tables_.find(relid);
        reported = it != tables_.end();
        if (reported) index = it->second;
      }
      if (!reported) {
        other_columns_[relid].emplace_back(attnum, take(row, 2));
        continue;
      }
      attnums_[index].push_back(attnum);
      auto& c = out_.tables[index].columns.emplace_back();
      c.name = take(row, 2);
      c.type = take(row, 3);
      c.not_null = flag(row, 4);
      switch (letter(row, 6)) {
        case 'a':
          c.identity = schema::Identity::always;
          break;
        case 'd':
          c.identity = schema::Identity::by_default;
          break;
        default:
          break;
      }
      if (letter(row, 7) == 's') {
        // The expression as it stands inside GENERATED ALWAYS AS (...).
        if (row[5]) c.generated = strip_outer_parens(*row[5]);
        c.generated_stored = true;
      } else {
        c.default_expr = take_opt(row, 5);
      }
      c.collation = take(row, 8);
    }
    for (size_t i = 0; i < out_.tables.size(); ++i) order_columns(out_.tables[i], attnums_[i]);
    return {};
  }

  // Puts a table's columns (and their attnums) in attnum order.
  static void order_columns(schema::Table& t, std::vector<int16_t>& numbers) {
    if (std::is_sorted(numbers.begin(), numbers.end())) return;
    std::vector<size_t> order(numbers.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return numbers[a] < numbers[b]; });
    std::vector<schema::Column> columns;
    std::vector<int16_t> sorted;
    columns.reserve(order.size());
    sorted.reserve(order.size());
    for (size_t k : order) {
      columns.push_back(std::move(t.columns[k]));
      sorted.push_back(numbers[k]);
    }
    t.columns = std::move(columns);
    numbers = std::move(sorted);
  }

  // The position in out_.tables[table].columns of column `attnum`, or -1.
  ptrdiff_t column_position(size_t table, int16_t attnum) const {
    const auto& numbers = attnums_[table];
    auto pos = std::lower_bound(numbers.begin(), numbers.end(), attnum);
    if (pos == numbers.end() || *pos != attnum) return -1;
    return pos - numbers.begin();
  }

  // The name of column `attnum` of a table the columns query returned.
  const std::string* column_name(uint32_t relid, int16_t attnum) const {
    if (auto it = tables_.find(relid); it != tables_.end()) {
      ptrdiff_t pos = column_position(it->second, attnum);
      return pos < 0 ? nullptr : &out_.tables[it->second].columns[pos].name;
    }
    if (auto it = other_columns_.find(relid); it != other_columns_.end()) {
      for (const auto& [number, name] : it->second) {
        if (number == attnum) return &name;
      }
    }
    return nullptr;
  }

  Result<std::vector<std::string>> names(Row& row, size_t i, std::string_view what) {
    auto parsed = parse_pg_array(row[i] ? std::string_view(*row[i]) : std::string_view("{}"));
    if (!parsed) {
      return failf("cannot inspect the PostgreSQL schema: unexpected array text {} for {}",
                   row[i].value_or(""), what);
    }
    return std::move(*parsed);
  }

  // Names the columns of an attnum array (conkey, confkey) of table `relid`.
  Result<std::vector<std::string>> key_columns(Row& row, size_t i, uint32_t relid,
                                               std::string_view constraint) {
    STRATA_TRY(auto numbers, names(row, i, constraint));
    std::vector<std::string> out;
    out.reserve(numbers.size());
    for (const auto& text : numbers) {
      int16_t attnum = 0;
      std::from_chars(text.data(), text.data() + text.size(), attnum);
      const std::string* name = column_name(relid, attnum);
      if (name == nullptr) {
        return failf(
            "cannot inspect the PostgreSQL schema: constraint {} names column number {} of a "
            "table the inspection did not read",
            constraint, text);
      }
      out.push_back(*name);
    }
    return out;
  }

  Status read_constraints() {
    std::string sql =
        with_nulls_not_distinct(pg_inspect::kConstraintsSql, "ix", server_version_num_ >= 150000);
    STRATA_TRY(auto r, query("constraints", sql, namespaces_param()));
    for (auto& row : r.rows) {
      uint32_t relid = oid(row, 0);
      schema::Table* t = table(relid);
      if (t == nullptr) continue;
      std::string name = take(row, 1);
      char type = letter(row, 2);
      std::vector<std::string> columns;
      if (type != 'c' && type != 'x') {
        STRATA_TRY(columns, key_columns(row, 3, relid, name));
      }
      switch (type) {
        case 'p':
          t->primary_key = schema::PrimaryKey{std::move(name), std::move(columns)};
          break;
        case 'u': {
          auto& u = t->uniques.emplace_back();
          u.name = std::move(name);
          u.columns = std::move(columns);
          u.deferrable = flag(row, 12);
          u.initially_deferred = flag(row, 13);
          u.nulls_not_distinct = flag(row, 16);
          break;
        }
        case 'f': {
          auto& fk = t->foreign_keys.emplace_back();
          fk.name = std::move(name);
          fk.columns = std::move(columns);
          fk.ref_table = {take(row, 5), take(row, 6)};
          if (row[8]) {
            STRATA_TRY(fk.ref_columns, names(row, 8, fk.name));
          } else {
            STRATA_TRY(fk.ref_columns, key_columns(row, 7, oid(row, 4), fk.name));
          }
          fk.on_update = fk_action(letter(row, 9));
          fk.on_delete = fk_action(letter(row, 10));
          fk.match_full = letter(row, 11) == 'f';
          fk.deferrable = flag(row, 12);
          fk.initially_deferred = flag(row, 13);
          fk.not_valid = !flag(row, 14);
          break;
        }
        case 'c': {
          auto& check = t->checks.emplace_back();
          check.name = std::move(name);
          check.expression = strip_outer_parens(take(row, 15));
          check.not_valid = !flag(row, 14);
          break;
        }
        case 'x': {
          // Exclusion constraints are not modelled: reported whole.
          auto& other = out_.others.emplace_back();
          other.kind = "constraint";
          other.name = {t->name.schema, std::move(name)};
          other.table = t->name;
          other.definition = take(row, 15);
          break;
        }
        default:
          break;
      }
    }
    return {};
  }

  Status read_views() {
    STRATA_TRY(auto r, query("views", pg_inspect::kViewsSql, namespaces_param()));
    out_.views.reserve(r.rows.size());
    views_.reserve(r.rows.size());
    for (auto& row : r.rows) {
      views_.emplace(oid(row, 0), out_.views.size());
      auto& v = out_.views.emplace_back();
      v.name = {take(row, 1), take(row, 2)};
      v.materialized = flag(row, 3);
      v.definition = trim_definition(take(row, 4));
    }
    return {};
  }

  Status read_view_dependencies() {
    STRATA_TRY(auto r,
               query("view dependencies", pg_inspect::kViewDependenciesSql, namespaces_param()));
    for (auto& row : r.rows) {
      schema::View* v = view(oid(row, 0));
      if (v != nullptr) v->depends_on.push_back({take(row, 1), take(row, 2)});
    }
    return {};
  }

  Status read_indexes() {
    std::string sql =
        with_nulls_not_distinct(pg_inspect::kIndexesSql, "i", server_version_num_ >= 150000);
    STRATA_TRY(auto r, query("indexes", sql, namespaces_param()));
    schema::Index* index = nullptr;
    size_t key_count = 0;
    uint32_t relid = 0;
    for (auto& row : r.rows) {
      if (number<int>(row, 2) == 1) {
        index = nullptr;
        relid = oid(row, 1);
        IndexPlace place;
        std::vector<schema::Index>* list = nullptr;
        if (auto it = tables_.find(relid); it != tables_.end()) {
          place.owner = it->second;
          list = &out_.tables[it->second].indexes;
        } else if (auto v = views_.find(relid); v != views_.end()) {
          place.on_view = true;
          place.owner = v->second;
          list = &out_.views[v->second].indexes;
        } else {
          continue;
        }
        place.position = list->size();
        indexes_.emplace(oid(row, 0), place);
        index = &list->emplace_back();
        index->name = take(row, 8);
        index->unique = flag(row, 9);
        index->method = take(row, 10);  // NULL for btree, the default
        key_count = number<size_t>(row, 11);
        if (row[12]) index->where = strip_outer_parens(*row[12]);
        index->nulls_not_distinct = flag(row, 13);
      }
      if (index == nullptr) continue;
      auto attnum = number<int16_t>(row, 4);
      std::string text;
      if (attnum == 0 || row[3]) {
        text = take(row, 3);
      } else if (const std::string* name = column_name(relid, attnum)) {
        text = *name;
      } else {
        return failf(
            "cannot inspect the PostgreSQL schema: index {} names column number {} of a "
            "table the inspection did not read",
            index->name, attnum);
      }
      // Keys past indnkeyatts are the INCLUDE columns.
      if (index->keys.size() >= key_count) {
        index->include.push_back(std::move(text));
        continue;
      }
      auto& key = index->keys.emplace_back();
      key.expression = std::move(text);
      key.is_column = attnum != 0;
      // indoption bit 0: DESC; bit 1: NULLS FIRST. The default is NULLS LAST
      // ascending and NULLS FIRST descending.
      int option = number<int>(row, 5);
      key.descending = (option & 1) != 0;
      bool nulls_first = (option & 2) != 0;
      if (nulls_first != key.descending) key.nulls_first = nulls_first;
      key.collation = take(row, 6);
      key.opclass = take(row, 7);
    }
    return {};
  }

  Status read_others() {
    STRATA_TRY(auto r, query("functions, triggers, policies, rules and types",
                             pg_inspect::kOthersSql, namespaces_and_excluded()));
    out_.others.reserve(out_.others.size() + r.rows.size());
    for (auto& row : r.rows) {
      auto& o = out_.others.emplace_back();
      o.kind = take(row, 0);
      o.name = {take(row, 1), take(row, 2)};
      if (row[4]) o.table = {take(row, 3), take(row, 4)};
      o.definition = trim_definition(take(row, 5));
    }
    return {};
  }

  // The comment slot of relation `relid` (sub-object `subid`: a column), or
  // null when it is not something the model carries a comment for.
  std::optional<std::string>* relation_comment(uint32_t relid, int subid) {
    if (auto it = tables_.find(relid); it != tables_.end()) {
      auto& t = out_.tables[it->second];
      if (subid == 0) return &t.comment;
      ptrdiff_t pos = column_position(it->second, static_cast<int16_t>(subid));
      return pos < 0 ? nullptr : &t.columns[pos].comment;
    }
    if (subid != 0) return nullptr;
    if (auto it = views_.find(relid); it != views_.end()) return &out_.views[it->second].comment;
    if (auto it = sequences_.find(relid); it != sequences_.end()) {
      return &out_.sequences[it->second].comment;
    }
    if (auto it = indexes_.find(relid); it != indexes_.end()) {
      const IndexPlace& p = it->second;
      auto& list = p.on_view ? out_.views[p.owner].indexes : out_.tables[p.owner].indexes;
      return &list[p.position].comment;
    }
    return nullptr;
  }

  Status read_comments() {
    STRATA_TRY(auto r, query("comments", pg_inspect::kCommentsSql, namespaces_param()));
    for (auto& row : r.rows) {
      uint32_t object = oid(row, 1);
      std::optional<std::string>* slot = nullptr;
      if (flag(row, 0)) {
        if (auto it = enums_.find(object); it != enums_.end()) {
          slot = &out_.enums[it->second].comment;
        }
      } else {
        slot = relation_comment(object, number<int>(row, 2));
      }
      if (slot != nullptr) *slot = take(row, 3);
    }
    return {};
  }

  Connection& conn_;
  const schema::InspectOptions& options_;
  schema::Schema out_;
  std::optional<std::string> namespace_oids_;  // oid[] literal of the inspected schemas
  std::optional<std::string> excluded_;        // text[] literal of the excluded tables
  int server_version_num_ = 0;
  std::string saved_jit_ = "on";  // the session's jit setting before inspecting
  // pg_class / pg_type oid -> position in the schema's lists.
  std::unordered_map<uint32_t, size_t> tables_;
  std::unordered_map<uint32_t, size_t> views_;
  std::unordered_map<uint32_t, size_t> sequences_;
  std::unordered_map<uint32_t, size_t> enums_;
  std::unordered_map<uint32_t, IndexPlace> indexes_;
  // attnums_[i][k]: the attnum of out_.tables[i].columns[k] (dropped columns
  // leave gaps). Columns of tables not reported, by attnum.
  std::vector<std::vector<int16_t>> attnums_;
  std::unordered_map<uint32_t, std::vector<std::pair<int16_t, std::string>>> other_columns_;
};

}  // namespace

Result<schema::Schema> inspect_postgres(Connection& conn, const schema::InspectOptions& options) {
  return Inspection(conn, options).run();
}

}  // namespace strata::detail
