#include "model_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/strings.hpp"

namespace strata::conformance {

namespace {

using namespace detail::schema;

std::string opt(const std::optional<std::string>& v) { return v ? "{" + *v + "}" : "-"; }

std::string name_of(const ObjectName& n) {
  return n.schema.empty() ? n.name : n.schema + "." + n.name;
}

std::string list(const std::vector<std::string>& items) {
  return "(" + detail::join(items, ", ") + ")";
}

std::string index_text(const Index& i) {
  std::string keys;
  for (const auto& k : i.keys) {
    keys += fmt::format("[{}{}{}{}{}{}{}]", k.expression, k.is_column ? "" : " expr",
                        k.prefix_length != 0 ? fmt::format("({})", k.prefix_length) : "",
                        k.descending ? " desc" : "",
                        k.nulls_first ? (*k.nulls_first ? " nulls-first" : " nulls-last") : "",
                        k.collation.empty() ? "" : " coll=" + k.collation,
                        k.opclass.empty() ? "" : " opc=" + k.opclass);
  }
  return fmt::format("index {} unique={} method={} keys={} include={} where={} nnd={} comment={}",
                     i.name, i.unique, i.method, keys, list(i.include), opt(i.where),
                     i.nulls_not_distinct, opt(i.comment));
}

int action(FkAction a) { return static_cast<int>(a); }

}  // namespace

std::vector<std::string> model_lines(const Schema& s) {
  std::vector<std::string> out;
  for (const auto& n : s.namespaces) out.push_back("namespace " + n);
  for (const auto& e : s.extensions) out.push_back("extension " + e.name + " in " + e.schema);
  for (const auto& e : s.enums) {
    out.push_back("enum " + name_of(e.name) + " " + list(e.values) + " comment=" + opt(e.comment));
  }
  for (const auto& q : s.sequences) {
    out.push_back(fmt::format(
        "sequence {} {} start={} inc={} min={} max={} cache={} cycle={} owned={}.{} comment={}",
        name_of(q.name), q.type, q.start, q.increment, q.min_value, q.max_value, q.cache, q.cycle,
        q.owned_by_table ? name_of(*q.owned_by_table) : "-", q.owned_by_column, opt(q.comment)));
  }
  for (const auto& t : s.tables) {
    const std::string p = "table " + name_of(t.name);
    out.push_back(fmt::format(
        "{} comment={} without_rowid={} strict={} autoincrement={} engine={} collation={}", p,
        opt(t.comment), t.without_rowid, t.strict, t.autoincrement, t.engine, t.collation));
    int position = 0;
    for (const auto& c : t.columns) {
      out.push_back(fmt::format(
          "{} column#{} {} type={} not_null={} default={} identity={} generated={} stored={} "
          "collation={} comment={} auto_increment={} on_update={}",
          p, position++, c.name, c.type, c.not_null, opt(c.default_expr),
          static_cast<int>(c.identity), opt(c.generated), c.generated_stored, c.collation,
          opt(c.comment), c.auto_increment, opt(c.on_update)));
    }
    if (t.primary_key) {
      out.push_back(p + " primary key " + t.primary_key->name + " " + list(t.primary_key->columns));
    }
    for (const auto& u : t.uniques) {
      out.push_back(fmt::format("{} unique {} {} deferrable={} deferred={} nnd={}", p, u.name,
                                list(u.columns), u.deferrable, u.initially_deferred,
                                u.nulls_not_distinct));
    }
    for (const auto& f : t.foreign_keys) {
      out.push_back(fmt::format(
          "{} foreign key {} {} -> {} {} update={} delete={} full={} deferrable={} deferred={} "
          "not_valid={}",
          p, f.name, list(f.columns), name_of(f.ref_table), list(f.ref_columns),
          action(f.on_update), action(f.on_delete), f.match_full, f.deferrable,
          f.initially_deferred, f.not_valid));
    }
    for (const auto& c : t.checks) {
      out.push_back(
          fmt::format("{} check {} ({}) not_valid={}", p, c.name, c.expression, c.not_valid));
    }
    for (const auto& i : t.indexes) out.push_back(p + " " + index_text(i));
  }
  for (const auto& v : s.views) {
    std::vector<std::string> deps;
    for (const auto& d : v.depends_on) deps.push_back(name_of(d));
    out.push_back(fmt::format("view {} materialized={} depends={} comment={} AS {}",
                              name_of(v.name), v.materialized, list(deps), opt(v.comment),
                              v.definition));
    for (const auto& i : v.indexes) out.push_back("view " + name_of(v.name) + " " + index_text(i));
  }
  for (const auto& o : s.others) {
    out.push_back(
        fmt::format("{} {} on {}: {}", o.kind, name_of(o.name), name_of(o.table), o.definition));
  }
  return out;
}

std::string model_difference(const Schema& expected, const Schema& actual) {
  const std::vector<std::string> e = model_lines(expected);
  const std::vector<std::string> a = model_lines(actual);
  const std::multiset<std::string> es(e.begin(), e.end());
  const std::multiset<std::string> as(a.begin(), a.end());
  std::string out;
  for (const auto& line : e) {
    if (as.count(line) == 0) out += "  - " + line + "\n";
  }
  for (const auto& line : a) {
    if (es.count(line) == 0) out += "  + " + line + "\n";
  }
  if (out.empty()) out = "  (same facts in a different order)\n";
  return out;
}

}  // namespace strata::conformance
