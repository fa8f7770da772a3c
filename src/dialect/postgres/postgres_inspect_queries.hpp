// The catalog queries of the PostgreSQL inspector (postgres_inspect.cpp),
// one per section of the model. Each reads every inspected schema at once,
// takes the schema oids as $1 (an oid[] literal) and, where tables are
// filtered, the excluded table names as $2 (a text[] literal).
//
// The queries must stay fast in a database built a moment ago, whose catalog
// statistics are stale: the planner then believes a schema holds one table
// and nests loops. So small lookups by oid are scalar subqueries or joins on
// an indexed key, never a join the planner could answer by rescanning a
// catalog once per row.
#pragma once

#include <string_view>

namespace strata::detail::pg_inspect {

// An object is part of an extension when pg_depend records it with deptype
// 'e'; such objects come and go with CREATE/DROP EXTENSION, never by hand.
#define STRATA_NOT_EXTENSION_MEMBER(catalog, oid_expr)                \
  "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" catalog \
  "'::regclass AND x.objid = " oid_expr " AND x.objsubid = 0 AND x.deptype = 'e')"

// A collation or operator class as the model writes it: the bare name when
// it lives in pg_catalog (where every built-in one lives), else schema.name.
#define STRATA_QUALIFIED(nsp, name)                                        \
  "CASE WHEN " nsp ".nspname = 'pg_catalog' THEN " name "::text ELSE " nsp \
  ".nspname || '.' || " name " END"

// $1: the wanted schemas as a text[] (NULL = every non-system schema).
inline constexpr std::string_view kNamespacesSql = R"sql(
SELECT n.oid, n.nspname, current_setting('server_version_num')
FROM pg_namespace n
WHERE CASE WHEN $1::text[] IS NULL THEN
        n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND NOT starts_with(n.nspname, 'pg_toast') AND NOT starts_with(n.nspname, 'pg_temp')
        AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_namespace", "n.oid") R"sql(
      ELSE n.nspname = ANY ($1::text[]) END
ORDER BY n.nspname)sql";

// The catalog queries join and call deparse functions over thousands of rows,
// so the planner's estimates cross jit_above_cost and JIT compilation would
// cost more than the queries themselves. JIT is turned off for the session
// while inspecting; the previous value is read first (OFFSET 0 keeps the
// subquery from being merged, so it runs before set_config) and restored
// afterwards.
inline constexpr std::string_view kJitOffSql = R"sql(
SELECT p.jit, set_config('jit', 'off', false)
FROM (SELECT current_setting('jit') AS jit OFFSET 0) p)sql";

inline constexpr std::string_view kJitRestoreSql = "SELECT set_config('jit', $1, false)";

// Extensions installed into an inspected schema, plus (when every schema is
// inspected) those that created a schema of their own. plpgsql lives in
// pg_catalog and is therefore never listed.
inline constexpr std::string_view kExtensionsSql = R"sql(
SELECT e.extname, n.nspname
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extnamespace = ANY ($1::oid[])
   OR ($2::bool AND EXISTS (SELECT 1 FROM pg_depend d
                            WHERE d.classid = 'pg_namespace'::regclass AND d.objid = e.extnamespace
                              AND d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
                              AND d.deptype = 'e')))sql";

// Labels in the order the type defines (enumsortorder), not creation order.
inline constexpr std::string_view kEnumsSql = R"sql(
SELECT t.oid, n.nspname, t.typname, e.enumlabel
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typtype = 'e' AND t.typnamespace = ANY ($1::oid[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_type", "t.oid") R"sql(
ORDER BY t.oid, e.enumsortorder)sql";

// Identity columns' sequences (deptype 'i') belong to their column; serial
// sequences (deptype 'a') are reported with OWNED BY. $2: excluded tables.
inline constexpr std::string_view kSequencesSql = R"sql(
SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
       s.seqmin, s.seqmax, s.seqcache, s.seqcycle, tn.nspname, t.relname, a.attname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend o
  ON o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.refclassid = 'pg_class'::regclass
     AND o.refobjsubid > 0 AND o.deptype IN ('a', 'i')
LEFT JOIN pg_class t ON t.oid = o.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid
WHERE c.relkind = 'S' AND c.relnamespace = ANY ($1::oid[])
  AND o.deptype IS DISTINCT FROM 'i'
  AND (t.relname IS NULL OR NOT t.relname = ANY ($2::text[]))
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid");

inline constexpr std::string_view kTablesSql = R"sql(
SELECT c.oid, n.nspname, c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relnamespace = ANY ($1::oid[])
  AND NOT c.relname = ANY ($2::text[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid");

// Rows of tables the tables query left out only serve to name the key
// columns of foreign keys that reference such tables. No ORDER BY: sorting
// all columns costs the server more than putting each table's few columns
// in attnum order afterwards. Defaults and collation names are fetched only
// for the columns that have one (atthasdef, a collation other than the
// type's), so most rows cost no lookup at all. A default cannot refer to a
// column, so it is deparsed without its table (relid 0): with the table,
// pg_get_expr opens the relation and builds a deparse context per call,
// which costs more than the rest of the query. Generated columns do refer
// to columns and need the table.
inline constexpr std::string_view kColumnsSql = R"sql(
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       CASE WHEN a.atthasdef
            THEN (SELECT CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0)
                              ELSE pg_get_expr(ad.adbin, ad.adrelid) END
                  FROM pg_attrdef ad WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum) END,
       a.attidentity, a.attgenerated,
       CASE WHEN a.attcollation <> ty.typcollation
            THEN (SELECT )sql" STRATA_QUALIFIED("n", "co.collname") R"sql(
                  FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
                  WHERE co.oid = a.attcollation) END
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid
JOIN pg_type ty ON ty.oid = a.atttypid
WHERE c.relkind IN ('r', 'p') AND c.relnamespace = ANY ($1::oid[])
  AND a.attnum > 0 AND NOT a.attisdropped)sql";

// Constraints a partition inherits from its parent (conparentid) are made by
// the parent's DDL, so only the parent's are reported. Key columns come as
// attnum arrays, named from the columns query's rows; only a foreign key to a
// table outside the inspected schemas gets its referenced names here. {nnd}
// is replaced by the NULLS NOT DISTINCT flag (PostgreSQL 15 and later).
inline constexpr std::string_view kConstraintsSql = R"sql(
SELECT con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, fn.nspname, fc.relname,
       con.confkey,
       CASE WHEN con.contype = 'f' AND NOT fc.relnamespace = ANY ($1::oid[])
            THEN ARRAY(SELECT (SELECT a.attname FROM pg_attribute a
                               WHERE a.attrelid = con.confrelid AND a.attnum = k.num)
                       FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) ORDER BY k.ord)
       END,
       con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred,
       con.convalidated,
       CASE con.contype
         WHEN 'c' THEN pg_get_expr(con.conbin, con.conrelid)
         WHEN 'x' THEN format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, c.relname,
                              con.conname, pg_get_constraintdef(con.oid))
       END,
       {nnd}
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0
  AND c.relkind IN ('r', 'p') AND c.relnamespace = ANY ($1::oid[]))sql";

// Indexes of tables and materialized views, except those that back a primary
// key, unique or exclusion constraint (they belong to the constraint) and
// those attached to a partitioned parent index (the parent's DDL makes them).
// pg_index's flags settle most of that without a lookup: only unique indexes
// can back a unique constraint, only partition indexes can have a parent.
// One row per key, in key order: for an expression key its text as
// pg_get_indexdef prints that key alone, for a column key its attnum (named
// from the columns query's rows; a materialized view's columns are named
// here), its indoption bits, and its collation and operator class when not
// the default. A column key's default collation is the column's; an
// expression key's is taken to be the database default (oid 100), since the
// collation the expression derives is not in the catalog: an expression over
// a column with its own collation therefore reports that collation, which is
// equivalent DDL. Index-level fields are sent with the first key only.
//
// Every lookup is a scalar subquery rather than a join, and runs only for the
// rows that need it: the default operator classes and btree's oid are read
// once (uncorrelated subqueries are evaluated once per query), so only
// non-default operator classes and methods are looked up by name. With stale
// statistics the planner would otherwise scan pg_opclass once per key.
inline constexpr std::string_view kIndexesSql = R"sql(
SELECT i.indexrelid, i.indrelid, k.ord,
       CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true)
            WHEN c.relkind = 'm' THEN (SELECT a.attname::text FROM pg_attribute a
                                       WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum)
       END,
       k.attnum, k.opt,
       CASE WHEN k.coll <> 0 AND k.coll <> CASE WHEN k.attnum <> 0
                 THEN (SELECT a.attcollation FROM pg_attribute a
                       WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum)
                 ELSE 100 END
            THEN (SELECT )sql" STRATA_QUALIFIED("n", "co.collname") R"sql(
                  FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
                  WHERE co.oid = k.coll) END,
       CASE WHEN k.cls <> ALL (ARRAY(SELECT oid FROM pg_opclass WHERE opcdefault))
            THEN (SELECT )sql" STRATA_QUALIFIED("n", "opc.opcname") R"sql(
                  FROM pg_opclass opc JOIN pg_namespace n ON n.oid = opc.opcnamespace
                  WHERE opc.oid = k.cls) END,
       CASE WHEN k.ord = 1 THEN ic.relname END, i.indisunique,
       CASE WHEN k.ord = 1 AND ic.relam <> (SELECT oid FROM pg_am WHERE amname = 'btree')
            THEN (SELECT am.amname FROM pg_am am WHERE am.oid = ic.relam) END,
       i.indnkeyatts,
       CASE WHEN k.ord = 1 THEN pg_get_expr(i.indpred, i.indrelid) END, {nnd}
FROM pg_class c
JOIN pg_index i ON i.indrelid = c.oid
JOIN pg_class ic ON ic.oid = i.indexrelid
CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indoption::int2[], i.indcollation::oid[],
                          i.indclass::oid[]) WITH ORDINALITY AS k(attnum, opt, coll, cls, ord)
WHERE c.relkind IN ('r', 'p', 'm') AND c.relnamespace = ANY ($1::oid[])
  AND NOT i.indisprimary AND NOT i.indisexclusion
  AND NOT (i.indisunique AND EXISTS (SELECT 1 FROM pg_constraint con
                                     WHERE con.conrelid = i.indrelid
                                       AND con.conindid = i.indexrelid AND con.contype = 'u'))
  AND NOT (ic.relispartition
           AND EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid))
ORDER BY i.indexrelid, k.ord)sql";

inline constexpr std::string_view kViewsSql = R"sql(
SELECT c.oid, n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid, true)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND c.relnamespace = ANY ($1::oid[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid");

// A view's query is its _RETURN rule; what the rule depends on (deptype 'n')
// is what the view reads. Sequences and functions it mentions are not listed.
inline constexpr std::string_view kViewDependenciesSql = R"sql(
SELECT DISTINCT r.ev_class, rn.nspname, rc.relname
FROM pg_rewrite r
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_depend dep
  ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
     AND dep.refclassid = 'pg_class'::regclass AND dep.deptype = 'n'
JOIN pg_class rc ON rc.oid = dep.refobjid
JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE r.rulename = '_RETURN' AND v.relkind IN ('v', 'm') AND v.relnamespace = ANY ($1::oid[])
  AND dep.refobjid <> r.ev_class AND rc.relkind IN ('r', 'p', 'v', 'm', 'f'))sql";

// Everything detected but not modelled field by field, as
// (kind, schema, name, table schema, table name, definition). Composite
// types are only the standalone ones (CREATE TYPE ... AS), not the row type
// every table has.
inline constexpr std::string_view kOthersSql = R"sql(
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname, p.proname || '(' || oidvectortypes(p.proargtypes) || ')', NULL, NULL,
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.pronamespace = ANY ($1::oid[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_proc", "p.oid") R"sql(
UNION ALL
SELECT 'trigger', n.nspname, tg.tgname, n.nspname, c.relname, pg_get_triggerdef(tg.oid)
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND c.relnamespace = ANY ($1::oid[])
  AND NOT c.relname = ANY ($2::text[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid") R"sql(
UNION ALL
SELECT 'policy', n.nspname, pol.polname, n.nspname, c.relname, ''
FROM pg_policy pol
JOIN pg_class c ON c.oid = pol.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relnamespace = ANY ($1::oid[]) AND NOT c.relname = ANY ($2::text[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid") R"sql(
UNION ALL
SELECT 'rule', n.nspname, r.rulename, n.nspname, c.relname, pg_get_ruledef(r.oid)
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND c.relnamespace = ANY ($1::oid[])
  AND NOT c.relname = ANY ($2::text[])
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_class", "c.oid") R"sql(
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname, t.typname, NULL, NULL,
       CASE t.typtype
         WHEN 'd' THEN
           format('CREATE DOMAIN %I.%I AS %s', n.nspname, t.typname,
                  format_type(t.typbasetype, t.typtypmod))
           || coalesce((SELECT format(' COLLATE %I.%I', cn.nspname, co.collname)
                        FROM pg_type bt, pg_collation co
                        JOIN pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE bt.oid = t.typbasetype AND co.oid = t.typcollation
                          AND t.typcollation <> bt.typcollation), '')
           || coalesce(' DEFAULT ' || coalesce(pg_get_expr(t.typdefaultbin, 0), t.typdefault), '')
           || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
           || coalesce((SELECT string_agg(format(' CONSTRAINT %I %s', dc.conname,
                                                 pg_get_constraintdef(dc.oid)), ''
                                          ORDER BY dc.conname)
                        FROM pg_constraint dc WHERE dc.contypid = t.oid), '')
         WHEN 'c' THEN
           format('CREATE TYPE %I.%I AS (%s)', n.nspname, t.typname,
                  (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))
                                     || CASE WHEN a.attcollation <> at.typcollation
                                             THEN format(' COLLATE %I.%I', acn.nspname, ac.collname)
                                             ELSE '' END, ', ' ORDER BY a.attnum)
                   FROM pg_attribute a
                   JOIN pg_type at ON at.oid = a.atttypid
                   LEFT JOIN pg_collation ac ON ac.oid = a.attcollation
                   LEFT JOIN pg_namespace acn ON acn.oid = ac.collnamespace
                   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))
         ELSE ''
       END
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typnamespace = ANY ($1::oid[])
  AND (t.typtype IN ('d', 'r')
       OR (t.typtype = 'c'
           AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  AND )sql" STRATA_NOT_EXTENSION_MEMBER("pg_type", "t.oid");

// Comments on relations (tables, their columns, views, indexes, sequences)
// and types of the inspected schemas, attached to their objects by oid. One
// query driven by pg_description, which holds only commented objects, costs
// far less than a lookup per column.
inline constexpr std::string_view kCommentsSql = R"sql(
SELECT d.classoid = 'pg_type'::regclass, d.objoid, d.objsubid, d.description
FROM pg_description d
WHERE (d.classoid = 'pg_class'::regclass
       AND EXISTS (SELECT 1 FROM pg_class c
                   WHERE c.oid = d.objoid AND c.relnamespace = ANY ($1::oid[])))
   OR (d.classoid = 'pg_type'::regclass AND d.objsubid = 0
       AND EXISTS (SELECT 1 FROM pg_type t
                   WHERE t.oid = d.objoid AND t.typnamespace = ANY ($1::oid[]))))sql";

#undef STRATA_NOT_EXTENSION_MEMBER
#undef STRATA_QUALIFIED

}  // namespace strata::detail::pg_inspect
