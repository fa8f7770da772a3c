#include "dialect/mysql/mysql_render_order.hpp"

#include <algorithm>
#include <variant>

namespace strata::detail {

namespace {

using schema::Change;
using schema::ObjectName;

// The index's leading keys are exactly `columns`, in order.
bool leads_with(const schema::Index& index, const std::vector<std::string>& columns) {
  if (columns.empty() || index.keys.size() < columns.size()) return false;
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto& k = index.keys[i];
    if (!k.is_column || k.expression != columns[i]) return false;
  }
  return true;
}

// Whether `later` must run before `trigger`: see the header.
bool must_precede(const Change& trigger, const Change& later) {
  if (later.implied) return false;
  if (const auto* di = std::get_if<schema::DropIndex>(&trigger.op)) {
    const auto* fk = std::get_if<schema::DropForeignKey>(&later.op);
    return fk != nullptr && fk->table == di->table && leads_with(di->index, fk->key.columns);
  }
  if (const auto* dt = std::get_if<schema::DropTable>(&trigger.op)) {
    const auto* fk = std::get_if<schema::DropForeignKey>(&later.op);
    return fk != nullptr && fk->key.ref_table == dt->table.name && fk->table != dt->table.name;
  }
  if (const auto* af = std::get_if<schema::AddForeignKey>(&trigger.op)) {
    const auto* ci = std::get_if<schema::CreateIndex>(&later.op);
    return ci != nullptr && ci->table == af->table && leads_with(ci->index, af->key.columns);
  }
  return false;
}

// The table whose life bounds the search for `trigger`.
const ObjectName* bound_table(const Change& trigger) {
  if (const auto* di = std::get_if<schema::DropIndex>(&trigger.op)) return &di->table;
  if (const auto* af = std::get_if<schema::AddForeignKey>(&trigger.op)) return &af->table;
  return nullptr;
}

}  // namespace

const ObjectName* mysql_change_table(const schema::ChangeOp& op) {
  return std::visit(
      [](const auto& o) -> const ObjectName* {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, schema::CreateTable> ||
                      std::is_same_v<T, schema::DropTable>) {
          return &o.table.name;
        } else if constexpr (std::is_same_v<T, schema::RenameTable>) {
          return &o.from;
        } else if constexpr (std::is_same_v<T, schema::SetComment>) {
          return o.target == schema::CommentTarget::table ||
                         o.target == schema::CommentTarget::column
                     ? &o.object
                     : nullptr;
        } else if constexpr (std::is_same_v<T, schema::CreateOther> ||
                             std::is_same_v<T, schema::DropOther>) {
          return o.object.table.name.empty() ? nullptr : &o.object.table;
        } else if constexpr (requires { o.table; }) {
          if constexpr (std::is_same_v<std::decay_t<decltype(o.table)>, ObjectName>) {
            return &o.table;
          } else {
            return nullptr;
          }
        } else {
          return nullptr;
        }
      },
      op);
}

bool mysql_creates_or_drops(const schema::ChangeOp& op, const ObjectName& table) {
  if (const auto* c = std::get_if<schema::CreateTable>(&op)) return c->table.name == table;
  if (const auto* d = std::get_if<schema::DropTable>(&op)) return d->table.name == table;
  if (const auto* r = std::get_if<schema::RenameTable>(&op)) {
    return r->from == table || r->to == table;
  }
  return false;
}

schema::ChangeList mysql_order_changes(const schema::ChangeList& changes) {
  schema::ChangeList out(changes);
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].implied) continue;
    size_t at = i;  // where the trigger change is now
    for (size_t j = at + 1; j < out.size(); ++j) {
      const ObjectName* bound = bound_table(out[at]);
      if (bound != nullptr && mysql_creates_or_drops(out[j].op, *bound)) break;
      if (must_precede(out[at], out[j])) {
        std::rotate(out.begin() + static_cast<std::ptrdiff_t>(at),
                    out.begin() + static_cast<std::ptrdiff_t>(j),
                    out.begin() + static_cast<std::ptrdiff_t>(j) + 1);
        ++at;
      }
    }
    i = at;
  }
  return out;
}

}  // namespace strata::detail
