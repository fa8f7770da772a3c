#include "dialect/postgres/postgres_render_enum.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "common/strings.hpp"
#include "dialect/postgres/postgres_quote.hpp"
#include "dialect/postgres/postgres_render_names.hpp"

namespace strata::detail {

namespace {

using schema::Change;
using schema::ChangeList;
using schema::Column;
using schema::EnumType;
using schema::ObjectName;
using schema::Statement;

constexpr std::string_view kOldSuffix = "__strata_old";
constexpr size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1

// The name the old type takes during a swap: its name plus kOldSuffix, the
// name cut (at a UTF-8 character boundary) so the whole fits in an
// identifier. PostgreSQL would otherwise truncate it, and a 63-byte name
// would come back as the type's own name.
std::string old_type_name(std::string_view name) {
  size_t keep = std::min(name.size(), kMaxIdentifierBytes - kOldSuffix.size());
  while (keep > 0 && keep < name.size() && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80)
    --keep;
  return std::string(name.substr(0, keep)) + std::string(kOldSuffix);
}
constexpr std::string_view kSwapComment =
    "rows holding a removed value make this fail; update them first";

// The identifier parts of a type's text ("s.\"My Type\"[]" -> s, My Type):
// quoted parts unquoted, bare parts folded to lower case as PostgreSQL reads
// them. Empty when the text is not a plain (possibly qualified) name.
std::vector<std::string> type_name_parts(std::string_view type) {
  type = trim(type);
  while (type.size() >= 2 && type.back() == ']') {
    size_t open = type.rfind('[');
    if (open == std::string_view::npos) return {};
    type = trim_right(type.substr(0, open));
  }
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < type.size()) {
    std::string part;
    if (type[i] == '"') {
      ++i;
      while (true) {
        if (i >= type.size()) return {};
        if (type[i] == '"') {
          if (i + 1 < type.size() && type[i + 1] == '"') {
            part += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        part += type[i++];
      }
    } else {
      size_t end = type.find('.', i);
      if (end == std::string_view::npos) end = type.size();
      std::string_view bare = type.substr(i, end - i);
      if (bare.empty() || bare.find_first_of(" ()\"") != std::string_view::npos) return {};
      part = to_lower(bare);
      i = end;
    }
    parts.push_back(std::move(part));
    if (i == type.size()) break;
    if (type[i] != '.') return {};
    ++i;
    if (i == type.size()) return {};
  }
  return parts;
}

bool type_is_enum(std::string_view type, const ObjectName& name) {
  std::vector<std::string> parts = type_name_parts(type);
  if (parts.size() == 2) return parts[0] == name.schema && parts[1] == name.name;
  if (parts.size() == 1) {
    return parts[0] == name.name && (name.schema.empty() || name.schema == "public");
  }
  return false;
}

bool mentions_any(std::string_view text, const std::vector<std::string>& literals) {
  for (const auto& literal : literals) {
    if (text.find(literal) != std::string_view::npos) return true;
  }
  return false;
}

bool column_uses(const Column& column, const ObjectName& type,
                 const std::vector<std::string>& literals) {
  if (type_is_enum(column.type, type)) return true;
  return column.default_expr && mentions_any(*column.default_expr, literals);
}

// Whether `change` needs the type or one of the new values (given as quoted
// literals) to be committed before it runs.
bool change_uses(const Change& change, const ObjectName& type,
                 const std::vector<std::string>& literals) {
  if (change.implied) return false;
  return std::visit(
      [&](const auto& op) -> bool {
        using T = std::decay_t<decltype(op)>;
        if constexpr (std::is_same_v<T, schema::CreateTable>) {
          for (const auto& c : op.table.columns) {
            if (column_uses(c, type, literals)) return true;
          }
          for (const auto& check : op.table.checks) {
            if (mentions_any(check.expression, literals)) return true;
          }
          return false;
        } else if constexpr (std::is_same_v<T, schema::AddColumn>) {
          return column_uses(op.column, type, literals);
        } else if constexpr (std::is_same_v<T, schema::AlterColumn>) {
          return column_uses(op.to, type, literals);
        } else if constexpr (std::is_same_v<T, schema::AddCheck>) {
          return mentions_any(op.check.expression, literals);
        } else if constexpr (std::is_same_v<T, schema::CreateIndex>) {
          if (op.index.where && mentions_any(*op.index.where, literals)) return true;
          for (const auto& key : op.index.keys) {
            if (!key.is_column && mentions_any(key.expression, literals)) return true;
          }
          return false;
        } else if constexpr (std::is_same_v<T, schema::CreateView>) {
          return mentions_any(op.view.definition, literals);
        } else if constexpr (std::is_same_v<T, schema::CreateOther>) {
          return mentions_any(op.object.definition, literals);
        } else {
          return false;
        }
      },
      change.op);
}

std::vector<Statement> add_values(const ChangeList& changes, size_t index,
                                  const schema::RenderContext& context, const EnumType& from,
                                  const EnumType& to) {
  std::unordered_set<std::string_view> old_values(from.values.begin(), from.values.end());
  size_t first_old = to.values.size();
  size_t last_old = to.values.size();
  std::vector<std::string> literals;
  for (size_t i = 0; i < to.values.size(); ++i) {
    if (old_values.count(to.values[i]) != 0) {
      if (first_old == to.values.size()) first_old = i;
      last_old = i;
    } else {
      literals.push_back(pg_quote_literal(to.values[i]));
    }
  }

  bool transactional = context.server_version == 0 || context.server_version >= 120000;
  for (size_t i = index + 1; transactional && i < changes.size(); ++i) {
    if (change_uses(changes[i], to.name, literals)) transactional = false;
  }

  std::string type = pg_name(to.name);
  std::vector<Statement> out;
  for (size_t i = 0; i < to.values.size(); ++i) {
    if (old_values.count(to.values[i]) != 0) continue;
    std::string sql =
        fmt::format("ALTER TYPE {} ADD VALUE {}", type, pg_quote_literal(to.values[i]));
    // Values past the last old one are appended in order; the others are
    // placed next to a neighbour that exists by the time they are added.
    if (last_old != to.values.size() && i < last_old) {
      if (i > 0) {
        sql += " AFTER " + pg_quote_literal(to.values[i - 1]);
      } else {
        sql += " BEFORE " + pg_quote_literal(to.values[first_old]);
      }
    }
    out.push_back(Statement{std::move(sql), transactional, {}});
  }
  return out;
}

// The columns holding the type, per table, in table order.
using EnumColumns = std::map<ObjectName, std::vector<Column>>;

void collect_table(const schema::Table& table, const ObjectName& type, EnumColumns& out) {
  std::vector<Column> columns;
  for (const auto& c : table.columns) {
    if (type_is_enum(c.type, type)) columns.push_back(c);
  }
  if (columns.empty()) {
    out.erase(table.name);
  } else {
    out[table.name] = std::move(columns);
  }
}

std::vector<Column>::iterator find_column(std::vector<Column>& columns, std::string_view name) {
  return std::find_if(columns.begin(), columns.end(),
                      [&](const Column& c) { return c.name == name; });
}

// Replays the changes before `index` on the starting schema's tables, keeping
// only the columns of `type`: what the database holds when the swap runs.
EnumColumns columns_at(const ChangeList& changes, size_t index,
                       const schema::RenderContext& context, const ObjectName& type) {
  EnumColumns out;
  const schema::Schema* start = context.from != nullptr ? context.from : context.to;
  if (start != nullptr) {
    for (const auto& table : start->tables) collect_table(table, type, out);
  }
  for (size_t i = 0; i < index; ++i) {
    std::visit(
        [&](const auto& op) {
          using T = std::decay_t<decltype(op)>;
          if constexpr (std::is_same_v<T, schema::CreateTable>) {
            collect_table(op.table, type, out);
          } else if constexpr (std::is_same_v<T, schema::DropTable>) {
            out.erase(op.table.name);
          } else if constexpr (std::is_same_v<T, schema::RenameTable>) {
            auto node = out.extract(op.from);
            if (!node.empty()) {
              node.key() = op.to;
              out.insert(std::move(node));
            }
          } else if constexpr (std::is_same_v<T, schema::AddColumn>) {
            if (type_is_enum(op.column.type, type)) out[op.table].push_back(op.column);
          } else if constexpr (std::is_same_v<T, schema::DropColumn>) {
            auto it = out.find(op.table);
            if (it == out.end()) return;
            auto c = find_column(it->second, op.column.name);
            if (c != it->second.end()) it->second.erase(c);
            if (it->second.empty()) out.erase(it);
          } else if constexpr (std::is_same_v<T, schema::RenameColumn>) {
            auto it = out.find(op.table);
            if (it == out.end()) return;
            auto c = find_column(it->second, op.from);
            if (c != it->second.end()) c->name = op.to;
          } else if constexpr (std::is_same_v<T, schema::AlterColumn>) {
            bool uses = type_is_enum(op.to.type, type);
            auto it = out.find(op.table);
            if (it == out.end()) {
              if (uses) out[op.table].push_back(op.to);
              return;
            }
            auto c = find_column(it->second, op.to.name);
            if (c != it->second.end()) {
              if (uses) {
                *c = op.to;
              } else {
                it->second.erase(c);
                if (it->second.empty()) out.erase(it);
              }
            } else if (uses) {
              it->second.push_back(op.to);
            }
          }
        },
        changes[i].op);
  }
  // Without the starting schema, tables created later in the list do not
  // exist yet.
  if (context.from == nullptr) {
    for (size_t i = index; i < changes.size(); ++i) {
      if (const auto* create = std::get_if<schema::CreateTable>(&changes[i].op)) {
        out.erase(create->table.name);
      }
    }
  }
  return out;
}

std::vector<Statement> swap_type(const ChangeList& changes, size_t index,
                                 const schema::RenderContext& context, const EnumType& from,
                                 const EnumType& to) {
  std::string type = pg_name(to.name);
  std::string old_bare = old_type_name(to.name.name);
  std::string old_type = pg_name(ObjectName{to.name.schema, old_bare});

  std::vector<std::string> removed;
  std::unordered_set<std::string_view> kept(to.values.begin(), to.values.end());
  for (const auto& v : from.values) {
    if (kept.count(v) == 0) removed.push_back(pg_quote_literal(v));
  }

  std::vector<Statement> out;
  out.push_back(Statement{fmt::format("ALTER TYPE {} RENAME TO {}", type, pg_ident(old_bare)), true,
                          std::string(kSwapComment)});
  out.push_back(Statement{
      fmt::format("CREATE TYPE {} AS ENUM {}", type, pg_enum_values(to.values)), true, {}});
  if (to.comment) {
    out.push_back(Statement{
        fmt::format("COMMENT ON TYPE {} IS {}", type, pg_quote_literal(*to.comment)), true, {}});
  }
  for (const auto& [table, columns] : columns_at(changes, index, context, to.name)) {
    std::string sql = "ALTER TABLE " + pg_name(table);
    std::string comment;
    bool first = true;
    auto action = [&](std::string_view column, std::string_view text) {
      sql += first ? " " : ", ";
      first = false;
      sql += "ALTER COLUMN ";
      sql += column;
      sql += ' ';
      sql += text;
    };
    for (const auto& c : columns) {
      std::string name = pg_ident(c.name);
      if (c.default_expr) action(name, "DROP DEFAULT");
      action(name, fmt::format("TYPE {} USING {}::text::{}", c.type, name, c.type));
      if (!c.default_expr) continue;
      // A default naming a removed value cannot be set on the new type; the
      // change that gives the column its new default sets it later.
      if (mentions_any(*c.default_expr, removed)) {
        if (!comment.empty()) comment += '\n';
        comment += fmt::format("the default of {}.{} names a removed value and is not set again",
                               schema::display(table), c.name);
        continue;
      }
      action(name, "SET DEFAULT " + *c.default_expr);
    }
    out.push_back(Statement{std::move(sql), true, std::move(comment)});
  }
  out.push_back(Statement{"DROP TYPE " + old_type, true, {}});
  return out;
}

// Whether `to` keeps every value of `from` in the same relative order.
bool only_adds(const EnumType& from, const EnumType& to) {
  size_t next = 0;
  for (const auto& v : to.values) {
    if (next < from.values.size() && v == from.values[next]) ++next;
  }
  return next == from.values.size();
}

}  // namespace

std::string pg_enum_values(const std::vector<std::string>& values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += pg_quote_literal(values[i]);
  }
  out += ')';
  return out;
}

std::vector<Statement> pg_render_alter_enum(const ChangeList& changes, size_t index,
                                            const schema::RenderContext& context) {
  const auto& change = std::get<schema::AlterEnum>(changes[index].op);
  if (change.from.values == change.to.values) return {};
  if (only_adds(change.from, change.to)) {
    return add_values(changes, index, context, change.from, change.to);
  }
  return swap_type(changes, index, context, change.from, change.to);
}

}  // namespace strata::detail
