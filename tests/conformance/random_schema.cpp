// The seeded random pair generator: A is a few tables with random columns,
// indexes, checks and foreign keys, filled with three rows each; B is A after
// a few random mutations (columns added, dropped, renamed, retyped, made
// NOT NULL or nullable, defaults changed; indexes, checks, foreign keys and
// tables added, dropped, renamed). Every mutation keeps both directions
// executable on A's rows: a mutation whose up or down would have to reject
// or invent data (NOT NULL on a column holding NULLs, a unique index over
// duplicates, a foreign key to a table that comes back empty) is not drawn.
// MySQL: foreign keys only on `int` columns (the type of every `id`), never
// retyped, and never on a column a check reads (MariaDB refuses the pair:
// error 1901); keys over text columns index a 10-character prefix; no
// partial indexes; comments are written inline.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "conformance.hpp"

namespace strata::conformance {

namespace {

// splitmix64: fixed arithmetic, so a seed means the same case everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T>
  T& pick(std::vector<T>& items) {
    return items[static_cast<size_t>(below(static_cast<int>(items.size())))];
  }

 private:
  uint64_t state_;
};

enum class Ty { int32, int64, text, vc20, vc40, real, boolean };

struct Col {
  std::string name;
  std::string origin;  // the column's name in A; empty when B added it
  Ty ty = Ty::int32;
  bool not_null = false;
  std::optional<std::string> def;
  std::optional<std::string> comment;  // PostgreSQL only
};

struct Idx {
  std::string name;
  std::vector<std::string> cols;
  bool unique = false;
  bool desc = false;
  bool partial = false;
};

struct Fk {
  std::string name;
  std::string col;
  std::string ref;
  std::string on_delete;
};

struct Chk {
  std::string name;
  std::string col;
};

struct View {
  std::string name;
  std::string table;
  std::vector<std::string> cols;
  bool filtered = false;
};

struct Tab {
  std::optional<std::string> comment;  // PostgreSQL only
  std::string name;
  std::string origin;  // the table's name in A; empty when B added it
  std::vector<Col> cols;
  std::vector<Idx> idx;
  std::vector<Fk> fks;
  std::vector<Chk> checks;

  Col* col(const std::string& n) {
    for (auto& c : cols) {
      if (c.name == n) return &c;
    }
    return nullptr;
  }
  const Col* col(const std::string& n) const { return const_cast<Tab*>(this)->col(n); }
};

using Model = std::vector<Tab>;
using Values = std::vector<std::optional<std::string>>;  // SQL literals, one per row

constexpr int kRows = 3;

bool is_int(Ty t) { return t == Ty::int32 || t == Ty::int64; }

class Generator {
 public:
  Generator(Flavor flavor, uint64_t seed) : flavor_(flavor), rng_(seed) {}

  Case run(uint64_t seed) {
    build_a();
    b_ = a_;
    b_views_ = a_views_;
    const int mutations = 1 + rng_.below(7);
    for (int i = 0, tries = 0; i < mutations && tries < 50; ++tries) {
      if (mutate()) ++i;
    }
    Case c;
    c.name = "seed_" + std::to_string(seed);
    c.a = script(a_, a_views_);
    c.rows = rows();
    c.b = script(b_, b_views_);
    const std::string schema = flavor_ == Flavor::postgres ? "public" : "";
    for (const auto& t : b_) {
      if (t.origin.empty()) continue;
      if (t.origin != t.name) c.hints.tables.push_back({{schema, t.origin}, {schema, t.name}});
      for (const auto& col : t.cols) {
        if (!col.origin.empty() && col.origin != col.name) {
          c.hints.columns.push_back({{schema, t.name}, col.origin, col.name});
        }
      }
    }
    return c;
  }

 private:
  std::string fresh(const char* prefix) { return prefix + std::to_string(++counter_); }

  bool mysql() const { return flavor_ == Flavor::mysql; }
  std::string q(const std::string& name) const {
    return mysql() ? "`" + name + "`" : "\"" + name + "\"";
  }
  // A column a foreign key may use: MySQL wants the referenced `id`'s type.
  bool key_type(Ty t) const { return mysql() ? t == Ty::int32 : is_int(t); }
  bool has_comments() const { return flavor_ != Flavor::sqlite; }

  std::vector<Ty> types() const {
    if (flavor_ == Flavor::sqlite)
      return {Ty::int32, Ty::int64, Ty::text, Ty::vc20, Ty::vc40, Ty::real};
    return {Ty::int32, Ty::int64, Ty::text, Ty::vc20, Ty::vc40, Ty::real, Ty::boolean};
  }

  std::string type_name(Ty t) const {
    if (mysql()) {
      switch (t) {
        case Ty::int32:
          return "int";
        case Ty::int64:
          return "bigint";
        case Ty::text:
          return "text";
        case Ty::vc20:
          return "varchar(20)";
        case Ty::vc40:
          return "varchar(40)";
        case Ty::real:
          return "decimal(10,2)";
        case Ty::boolean:
          return "boolean";
      }
    }
    const bool pg = flavor_ == Flavor::postgres;
    switch (t) {
      case Ty::int32:
        return pg ? "integer" : "INTEGER";
      case Ty::int64:
        return pg ? "bigint" : "BIGINT";
      case Ty::text:
        return pg ? "text" : "TEXT";
      case Ty::vc20:
        return pg ? "varchar(20)" : "VARCHAR(20)";
      case Ty::vc40:
        return pg ? "varchar(40)" : "VARCHAR(40)";
      case Ty::real:
        return pg ? "numeric(10,2)" : "REAL";
      case Ty::boolean:
        return "boolean";
    }
    return "";
  }

  std::string value(Ty t) {
    static const std::vector<std::string> texts = {"'a'", "'bee'", "'it''s'", "'x; --y'", "'é ü'"};
    static const std::vector<std::string> reals = {"1.5", "2.25", "-3"};
    switch (t) {
      case Ty::int32:
      case Ty::int64:
        return std::to_string(1 + rng_.below(kRows));
      case Ty::text:
      case Ty::vc20:
      case Ty::vc40:
        return texts[static_cast<size_t>(rng_.below(5))];
      case Ty::real:
        return reals[static_cast<size_t>(rng_.below(3))];
      case Ty::boolean:
        return rng_.chance(50) ? "true" : "false";
    }
    return "NULL";
  }

  std::string default_for(Ty t) {
    switch (t) {
      case Ty::int32:
      case Ty::int64:
        return rng_.chance(50) ? "0" : "7";
      case Ty::text:
      case Ty::vc20:
      case Ty::vc40:
        return rng_.chance(50) ? "'x'" : "'it''s'";
      case Ty::real:
        return "1.5";
      case Ty::boolean:
        return "false";
    }
    return "NULL";
  }

  Col new_column(bool may_be_not_null) {
    Col c;
    c.name = fresh("c");
    auto all = types();
    c.ty = rng_.pick(all);
    c.not_null = may_be_not_null && rng_.chance(30);
    if (rng_.chance(30)) c.def = default_for(c.ty);
    return c;
  }

  void build_a() {
    const int tables = 2 + rng_.below(4);
    for (int i = 0; i < tables; ++i) {
      Tab t;
      t.name = fresh("t");
      t.origin = t.name;
      t.cols.push_back({"id", "id", Ty::int32, true, std::nullopt});
      const int columns = 1 + rng_.below(5);
      for (int k = 0; k < columns; ++k) {
        Col c = new_column(true);
        c.origin = c.name;
        t.cols.push_back(c);
      }
      for (size_t k = 1; k < t.cols.size(); ++k) {
        const Col& c = t.cols[k];
        Values& v = data_[{t.name, c.name}];
        for (int r = 0; r < kRows; ++r) {
          if (!c.not_null && rng_.chance(25)) {
            v.push_back(std::nullopt);
          } else {
            v.push_back(value(c.ty));
          }
        }
        // Foreign keys to an earlier table (rows are inserted in order).
        if (key_type(c.ty) && !c.def && i > 0 && rng_.chance(35)) {
          static const std::vector<std::string> actions = {"NO ACTION", "CASCADE", "RESTRICT",
                                                           "SET NULL"};
          std::string action = actions[static_cast<size_t>(rng_.below(c.not_null ? 3 : 4))];
          t.fks.push_back(
              {fresh("fk"), c.name, a_[static_cast<size_t>(rng_.below(i))].name, action});
        }
        if (is_int(c.ty) && rng_.chance(20) && !(mysql() && in_fk(t, c.name))) {
          t.checks.push_back({fresh("ck"), c.name});
        }
      }
      if (has_comments()) {
        if (rng_.chance(25)) t.comment = comment_text();
        for (auto& c : t.cols) {
          if (rng_.chance(15)) c.comment = comment_text();
        }
      }
      a_.push_back(std::move(t));
      const int indexes = rng_.below(3);
      for (int k = 0; k < indexes; ++k) add_index(a_.back());
      if (rng_.chance(30)) add_view(a_views_, a_.back());
    }
  }

  std::string comment_text() {
    static const std::vector<std::string> texts = {"'note'", "'it''s; -- here'", "'ünï'"};
    return texts[static_cast<size_t>(rng_.below(3))];
  }

  void add_view(std::vector<View>& views, const Tab& t) {
    View v;
    v.name = fresh("v");
    v.table = t.name;
    for (const auto& c : t.cols) {
      if (rng_.chance(60)) v.cols.push_back(c.name);
    }
    if (v.cols.empty()) v.cols.push_back("id");
    v.filtered = rng_.chance(30);
    views.push_back(std::move(v));
  }

  const Values* values_of(const Tab& t, const Col& c) const {
    if (t.origin.empty() || c.origin.empty()) return nullptr;
    auto it = data_.find({t.origin, c.origin});
    return it == data_.end() ? nullptr : &it->second;
  }

  // The column's rows in A carry no duplicate non-null value.
  bool distinct(const Tab& t, const std::vector<std::string>& cols) const {
    std::set<std::vector<std::string>> seen;
    for (int r = 0; r < kRows; ++r) {
      std::vector<std::string> key;
      bool has_null = false;
      for (const auto& name : cols) {
        if (name == "id") {
          key.push_back(std::to_string(r));
          continue;
        }
        const Col* c = t.col(name);
        const Values* v = values_of(t, *c);
        if (v == nullptr) return false;
        const auto& cell = (*v)[static_cast<size_t>(r)];
        has_null = has_null || !cell;
        key.push_back(cell.value_or(""));
      }
      // A key with a NULL never collides.
      if (!has_null && !seen.insert(key).second) return false;
    }
    return true;
  }

  bool add_index(Tab& t) {
    if (t.cols.size() < 2) return false;
    Idx ix;
    ix.name = fresh("ix");
    const Col& first =
        t.cols[1 + static_cast<size_t>(rng_.below(static_cast<int>(t.cols.size()) - 1))];
    ix.cols.push_back(first.name);
    if (rng_.chance(30)) {
      const Col& second = rng_.pick(t.cols);
      if (second.name != first.name) ix.cols.push_back(second.name);
    }
    ix.desc = rng_.chance(25);
    ix.partial = !mysql() && rng_.chance(20);
    if (rng_.chance(35)) {
      bool defaults = false;
      for (const auto& n : ix.cols) defaults = defaults || t.col(n)->def.has_value();
      ix.unique = !defaults && distinct(t, ix.cols);
    }
    t.idx.push_back(ix);
    return true;
  }

  bool referenced(const std::string& table_origin, const std::string& table_name) const {
    for (const auto& t : a_) {
      for (const auto& f : t.fks) {
        if (f.ref == table_origin && t.name != table_origin) return true;
      }
    }
    for (const auto& t : b_) {
      for (const auto& f : t.fks) {
        if (f.ref == table_name && t.name != table_name) return true;
      }
    }
    return false;
  }

  bool in_fk(const Tab& t, const std::string& col) const {
    return std::any_of(t.fks.begin(), t.fks.end(), [&](const Fk& f) { return f.col == col; });
  }

  bool in_unique(const Tab& t, const std::string& col) const {
    return std::any_of(t.idx.begin(), t.idx.end(), [&](const Idx& i) {
      return i.unique && std::find(i.cols.begin(), i.cols.end(), col) != i.cols.end();
    });
  }

  // A's version of a B column, if it has one.
  const Col* a_column(const Tab& t, const Col& c) const {
    if (t.origin.empty() || c.origin.empty()) return nullptr;
    for (const auto& ta : a_) {
      if (ta.name != t.origin) continue;
      for (const auto& ca : ta.cols) {
        if (ca.name == c.origin) return &ca;
      }
    }
    return nullptr;
  }

  // A's version of the column has a foreign key.
  bool in_a_fk(const Tab& t, const Col& c) const {
    const Col* ca = a_column(t, c);
    if (ca == nullptr) return false;
    for (const auto& ta : a_) {
      if (ta.name == t.origin) return in_fk(ta, ca->name);
    }
    return false;
  }

  bool checked(const Tab& t, const std::string& col) const {
    return std::any_of(t.checks.begin(), t.checks.end(),
                       [&](const Chk& k) { return k.col == col; });
  }

  // The column has a check, in B or in A.
  bool checked_now_or_in_a(const Tab& t, const Col& c) const {
    if (checked(t, c.name)) return true;
    const Col* ca = a_column(t, c);
    if (ca == nullptr) return false;
    for (const auto& ta : a_) {
      if (ta.name == t.origin) return checked(ta, ca->name);
    }
    return false;
  }

  Col* pick_column(Tab& t) {
    if (t.cols.size() < 2) return nullptr;
    return &t.cols[1 + static_cast<size_t>(rng_.below(static_cast<int>(t.cols.size()) - 1))];
  }

  bool mutate() {
    if (b_.empty()) return false;
    Tab& t = rng_.pick(b_);
    switch (rng_.below(18)) {
      case 15:
        add_view(b_views_, t);
        return true;
      case 16: {
        if (b_views_.empty()) return false;
        b_views_.erase(b_views_.begin() + rng_.below(static_cast<int>(b_views_.size())));
        return true;
      }
      case 17: {  // comments (PostgreSQL, MySQL): set, change or drop
        if (!has_comments()) return false;
        std::optional<std::string>* target = &t.comment;
        if (rng_.chance(50)) {
          Col* c = pick_column(t);
          if (c == nullptr) return false;
          target = &c->comment;
        }
        if (*target && rng_.chance(40)) {
          target->reset();
        } else {
          const std::string text = comment_text();
          if (*target == text) return false;
          *target = text;
        }
        return true;
      }
      case 0: {  // add a column: NOT NULL only with a default, rows exist
        Col c = new_column(true);
        if (c.not_null && !c.def) c.def = default_for(c.ty);
        t.cols.push_back(c);
        return true;
      }
      case 1: {  // drop a column the down can give back to A's rows
        Col* c = pick_column(t);
        if (c == nullptr) return false;
        const Col* ca = a_column(t, *c);
        if (ca != nullptr) {
          Tab* ta = nullptr;
          for (auto& x : a_) {
            if (x.name == t.origin) ta = &x;
          }
          if (ca->not_null) return false;
          if (ca->def && (in_fk(*ta, ca->name) || in_unique(*ta, ca->name))) return false;
        }
        const std::string name = c->name;
        t.cols.erase(t.cols.begin() + (c - t.cols.data()));
        auto uses = [&](const Idx& i) {
          return std::find(i.cols.begin(), i.cols.end(), name) != i.cols.end();
        };
        t.idx.erase(std::remove_if(t.idx.begin(), t.idx.end(), uses), t.idx.end());
        t.fks.erase(
            std::remove_if(t.fks.begin(), t.fks.end(), [&](const Fk& f) { return f.col == name; }),
            t.fks.end());
        t.checks.erase(std::remove_if(t.checks.begin(), t.checks.end(),
                                      [&](const Chk& k) { return k.col == name; }),
                       t.checks.end());
        for (auto& v : b_views_) {
          if (v.table != t.name) continue;
          v.cols.erase(std::remove(v.cols.begin(), v.cols.end(), name), v.cols.end());
          if (v.cols.empty()) v.cols.push_back("id");
        }
        return true;
      }
      case 2: {  // change a type to one the rows convert to and back
        Col* c = pick_column(t);
        if (c == nullptr) return false;
        if (mysql() && (in_fk(t, c->name) || in_a_fk(t, *c))) return false;
        static const std::map<Ty, std::vector<Ty>> pg = {{Ty::int32, {Ty::int64}},
                                                         {Ty::int64, {Ty::int32}},
                                                         {Ty::text, {Ty::vc40}},
                                                         {Ty::vc20, {Ty::vc40, Ty::text}},
                                                         {Ty::vc40, {Ty::vc20, Ty::text}}};
        static const std::map<Ty, std::vector<Ty>> lite = {{Ty::int32, {Ty::int64}},
                                                           {Ty::int64, {Ty::int32}},
                                                           {Ty::text, {Ty::vc20}},
                                                           {Ty::vc20, {Ty::vc40, Ty::text}},
                                                           {Ty::vc40, {Ty::vc20}}};
        const auto& table = flavor_ == Flavor::sqlite ? lite : pg;
        auto it = table.find(c->ty);
        if (it == table.end()) return false;
        std::vector<Ty> to = it->second;
        c->ty = rng_.pick(to);
        return true;
      }
      case 3: {  // NOT NULL on (only over A's rows without NULLs) or off
        Col* c = pick_column(t);
        if (c == nullptr) return false;
        if (c->not_null) {
          c->not_null = false;
          return true;
        }
        const Values* v = values_of(t, *c);
        if (v == nullptr) return false;
        if (std::any_of(v->begin(), v->end(), [](const auto& x) { return !x; })) return false;
        c->not_null = true;
        return true;
      }
      case 4: {  // default added, changed or dropped
        Col* c = pick_column(t);
        if (c == nullptr || in_fk(t, c->name) || in_unique(t, c->name)) return false;
        if (const Col* ca = a_column(t, *c)) {
          for (const auto& ta : a_) {
            if (ta.name == t.origin && (in_fk(ta, ca->name) || in_unique(ta, ca->name))) {
              return false;
            }
          }
        }
        if (c->def && rng_.chance(50)) {
          c->def.reset();
        } else {
          const std::string d = default_for(c->ty);
          if (c->def == d) return false;
          c->def = d;
        }
        return true;
      }
      case 5:
        return add_index(t);
      case 6: {
        if (t.idx.empty()) return false;
        t.idx.erase(t.idx.begin() + rng_.below(static_cast<int>(t.idx.size())));
        return true;
      }
      case 7: {  // a foreign key over values A's tables hold (ids 1..3)
        Col* c = pick_column(t);
        if (c == nullptr || !key_type(c->ty) || c->def || in_fk(t, c->name)) return false;
        if (mysql() && checked_now_or_in_a(t, *c)) return false;
        std::vector<const Tab*> targets;
        for (const auto& x : b_) {
          if (!x.origin.empty()) targets.push_back(&x);
        }
        if (targets.empty()) return false;
        const Tab* ref = rng_.pick(targets);
        t.fks.push_back(
            {fresh("fk"), c->name, ref->name, rng_.chance(50) ? "CASCADE" : "NO ACTION"});
        return true;
      }
      case 8: {
        if (t.fks.empty()) return false;
        t.fks.erase(t.fks.begin() + rng_.below(static_cast<int>(t.fks.size())));
        return true;
      }
      case 9: {  // a new, empty table
        Tab n;
        n.name = fresh("t");
        n.cols.push_back({"id", "", Ty::int32, true, std::nullopt});
        const int columns = 1 + rng_.below(4);
        for (int k = 0; k < columns; ++k) n.cols.push_back(new_column(true));
        for (size_t k = 1; k < n.cols.size(); ++k) {
          if (key_type(n.cols[k].ty) && !n.cols[k].def && rng_.chance(40)) {
            n.fks.push_back({fresh("fk"), n.cols[k].name, rng_.pick(b_).name, "CASCADE"});
          }
        }
        b_.push_back(std::move(n));
        if (rng_.chance(50)) add_index(b_.back());
        return true;
      }
      case 10: {  // drop a table no foreign key needs in either state
        if (b_.size() < 2 || referenced(t.origin, t.name)) return false;
        const std::string name = t.name;
        b_.erase(b_.begin() + (&t - b_.data()));
        b_views_.erase(std::remove_if(b_views_.begin(), b_views_.end(),
                                      [&](const View& v) { return v.table == name; }),
                       b_views_.end());
        for (auto& x : b_) {
          x.fks.erase(std::remove_if(x.fks.begin(), x.fks.end(),
                                     [&](const Fk& f) { return f.ref == name; }),
                      x.fks.end());
        }
        return true;
      }
      case 11: {  // rename a column of one of A's tables, with a hint
        Col* c = pick_column(t);
        if (c == nullptr || t.origin.empty() || c->origin.empty() || c->origin != c->name) {
          return false;
        }
        const std::string old = c->name;
        c->name = fresh("r");
        for (auto& i : t.idx) std::replace(i.cols.begin(), i.cols.end(), old, c->name);
        for (auto& f : t.fks) {
          if (f.col == old) f.col = c->name;
        }
        for (auto& k : t.checks) {
          if (k.col == old) k.col = c->name;
        }
        for (auto& v : b_views_) {
          if (v.table == t.name) std::replace(v.cols.begin(), v.cols.end(), old, c->name);
        }
        return true;
      }
      case 12: {  // rename one of A's tables, with a hint
        if (t.origin.empty() || t.origin != t.name) return false;
        const std::string old = t.name;
        t.name = fresh("rt");
        for (auto& x : b_) {
          for (auto& f : x.fks) {
            if (f.ref == old) f.ref = t.name;
          }
        }
        for (auto& v : b_views_) {
          if (v.table == old) v.table = t.name;
        }
        return true;
      }
      case 13: {  // a check over an integer column (A's values are 1..3, defaults 0 or 7)
        Col* c = pick_column(t);
        if (c == nullptr || !is_int(c->ty)) return false;
        if (mysql() && (in_fk(t, c->name) || in_a_fk(t, *c))) return false;
        t.checks.push_back({fresh("ck"), c->name});
        return true;
      }
      default: {
        if (t.checks.empty()) return false;
        t.checks.erase(t.checks.begin() + rng_.below(static_cast<int>(t.checks.size())));
        return true;
      }
    }
  }

  std::string fk_clause(const Fk& f) const {
    return "CONSTRAINT " + q(f.name) + " FOREIGN KEY (" + q(f.col) + ") REFERENCES " + q(f.ref) +
           " (" + q("id") + ") ON DELETE " + f.on_delete;
  }

  std::string script(const Model& m, const std::vector<View>& views) const {
    // PostgreSQL and MySQL get foreign keys after every table exists.
    const bool keys_after = flavor_ != Flavor::sqlite;
    const bool pg = flavor_ == Flavor::postgres;
    std::string out;
    for (const auto& t : m) {
      out += "CREATE TABLE " + q(t.name) + " (\n";
      bool first = true;
      auto line = [&](const std::string& text) {
        out += (first ? "  " : ",\n  ") + text;
        first = false;
      };
      for (const auto& c : t.cols) {
        std::string text = q(c.name) + " " + type_name(c.ty);
        if (c.name == "id") text += " PRIMARY KEY";
        if (c.not_null && c.name != "id") text += " NOT NULL";
        if (c.def) text += " DEFAULT " + *c.def;
        if (mysql() && c.comment) text += " COMMENT " + *c.comment;
        line(text);
      }
      for (const auto& k : t.checks)
        line("CONSTRAINT " + q(k.name) + " CHECK (" + q(k.col) + " >= 0)");
      // SQLite takes foreign keys only inside CREATE TABLE; PostgreSQL gets
      // them after every table exists.
      if (!keys_after) {
        for (const auto& f : t.fks) line(fk_clause(f));
      }
      out += "\n)";
      if (mysql() && t.comment) out += " COMMENT=" + *t.comment;
      out += ";\n";
      for (const auto& i : t.idx) {
        std::string keys;
        for (const auto& c : i.cols) {
          const bool prefix = mysql() && !is_int(t.col(c)->ty) && t.col(c)->ty != Ty::real &&
                              t.col(c)->ty != Ty::boolean;
          keys +=
              (keys.empty() ? "" : ", ") + q(c) + (prefix ? "(10)" : "") + (i.desc ? " DESC" : "");
        }
        out += std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + q(i.name) +
               " ON " + q(t.name) + " (" + keys + ")" +
               (i.partial ? " WHERE " + q(i.cols[0]) + " IS NOT NULL" : "") + ";\n";
      }
    }
    if (keys_after) {
      for (const auto& t : m) {
        for (const auto& f : t.fks)
          out += "ALTER TABLE " + q(t.name) + " ADD " + fk_clause(f) + ";\n";
        if (!pg) continue;
        if (t.comment) out += "COMMENT ON TABLE " + q(t.name) + " IS " + *t.comment + ";\n";
        for (const auto& c : t.cols) {
          if (c.comment) {
            out += "COMMENT ON COLUMN " + q(t.name) + "." + q(c.name) + " IS " + *c.comment + ";\n";
          }
        }
      }
    }
    for (const auto& v : views) {
      std::string cols;
      for (const auto& c : v.cols) cols += (cols.empty() ? "" : ", ") + q(c);
      out += "CREATE VIEW " + q(v.name) + " AS SELECT " + cols + " FROM " + q(v.table) +
             (v.filtered ? " WHERE " + q("id") + " > 1" : "") + ";\n";
    }
    return out;
  }

  std::string rows() const {
    std::string out;
    for (const auto& t : a_) {
      std::string cols;
      for (const auto& c : t.cols) cols += (cols.empty() ? "" : ", ") + q(c.name);
      out += "INSERT INTO " + q(t.name) + " (" + cols + ") VALUES ";
      for (int r = 0; r < kRows; ++r) {
        std::string vals = std::to_string(r + 1);
        for (size_t k = 1; k < t.cols.size(); ++k) {
          const auto& v = data_.at({t.name, t.cols[k].name})[static_cast<size_t>(r)];
          vals += ", " + (v ? *v : std::string("NULL"));
        }
        out += (r == 0 ? "(" : ", (") + vals + ")";
      }
      out += ";\n";
    }
    return out;
  }

  Flavor flavor_;
  Rng rng_;
  int counter_ = 0;
  Model a_;
  Model b_;
  std::vector<View> a_views_;
  std::vector<View> b_views_;
  std::map<std::pair<std::string, std::string>, Values> data_;
};

// Seeds that fail because of a known defect of the code under test (the
// same defects as the hand-written cases marked with these reasons). SQLite
// and PostgreSQL pass seeds 1 to 1,000; MySQL all but the ones below. A
// change to the generator redraws every seed.
// Seeds that fail for a known reason, as "known" cases (none today).
std::string known_failure(Flavor, uint64_t) { return {}; }

}  // namespace

Case random_case(Flavor flavor, uint64_t seed) {
  Case c = Generator(flavor, seed).run(seed);
  c.known = known_failure(flavor, seed);
  return c;
}

}  // namespace strata::conformance
