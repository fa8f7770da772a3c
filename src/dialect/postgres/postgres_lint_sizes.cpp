// Table sizes for `strata lint` on PostgreSQL: two catalog queries, whatever
// the number of tables.
#include <charconv>

#include "dialect/postgres/postgres_lint.hpp"

namespace strata::detail {

namespace {

// Rows: the larger of the planner's estimate (pg_class.reltuples, -1 before
// the first ANALYZE) and the statistics' live-row count (current after each
// commit), so a table filled since its last ANALYZE is not taken for small.
// A partitioned or inherited table counts its descendants.
constexpr std::string_view kSizesSql = R"(
WITH RECURSIVE
path AS (
  SELECT s.nspname, s.pos
  FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(nspname, pos)
),
tables AS (
  SELECT c.oid, n.nspname, c.relname, p.pos
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN path p ON p.nspname = n.nspname
  WHERE c.relkind IN ('r', 'p', 'm')
),
tree (root, relid) AS (
  SELECT oid, oid FROM tables
  UNION ALL
  SELECT tree.root, i.inhrelid FROM tree JOIN pg_catalog.pg_inherits i ON i.inhparent = tree.relid
)
SELECT t.nspname, t.relname,
       sum(CASE WHEN c.relkind = 'p' THEN 0  -- no rows of its own; ANALYZE counts the tree
                ELSE greatest(c.reltuples::float8, coalesce(s.n_live_tup, 0)::float8) END)::bigint,
       sum(pg_catalog.pg_total_relation_size(c.oid))::bigint
FROM tables t
JOIN tree ON tree.root = t.oid
JOIN pg_catalog.pg_class c ON c.oid = tree.relid
LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
GROUP BY t.nspname, t.relname, t.pos
ORDER BY t.pos, t.relname
)";

constexpr std::string_view kColumnsSql = R"(
SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY (current_schemas(false))
  AND a.attnum > 0 AND NOT a.attisdropped
)";

int64_t to_int(const std::optional<std::string>& s) {
  int64_t v = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

}  // namespace

Result<std::map<std::string, lint::TableSize>> postgres_table_sizes(Connection& conn) {
  STRATA_TRY(QueryResult sizes, conn.query(kSizesSql));
  std::map<std::string, lint::TableSize> qualified;
  std::map<std::string, std::string> bare_to_qualified;  // first schema of the path wins
  for (const auto& row : sizes.rows) {
    if (row.size() < 4 || !row[0] || !row[1]) continue;
    std::string key = *row[0] + "." + *row[1];
    qualified[key] = lint::TableSize{to_int(row[2]), to_int(row[3]), {}};
    bare_to_qualified.emplace(*row[1], key);
  }
  STRATA_TRY(QueryResult columns, conn.query(kColumnsSql));
  for (const auto& row : columns.rows) {
    if (row.size() < 4 || !row[0] || !row[1] || !row[2] || !row[3]) continue;
    auto it = qualified.find(*row[0] + "." + *row[1]);
    if (it != qualified.end()) it->second.column_types[*row[2]] = *row[3];
  }
  std::map<std::string, lint::TableSize> out = qualified;
  for (const auto& [bare, key] : bare_to_qualified) {
    // A bare key that is also some "schema.table" key cannot occur: bare names
    // have no dot unless the table's own name has one; the qualified entry wins.
    out.emplace(bare, qualified[key]);
  }
  return out;
}

}  // namespace strata::detail
