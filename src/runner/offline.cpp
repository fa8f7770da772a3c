#include "runner/offline.hpp"

#include <fmt/format.h>

#include "common/strings.hpp"

namespace strata::detail {

namespace {
void append_statement(const Dialect& dialect, std::string& out, std::string_view sql) {
  std::string_view s = trim(sql);
  while (!s.empty() && s.back() == ';') s = trim_right(s.substr(0, s.size() - 1));
  out += dialect.script_statement(s);
}
}  // namespace

std::string render_offline(const Dialect& dialect, const VersionStore& store,
                           const std::vector<RunStep>& steps, const OfflineOptions& options) {
  std::string out;
  if (!options.title.empty()) out += "-- " + options.title + "\n\n";
  if (options.create_tables) {
    for (const auto& ddl : store.create_sql()) append_statement(dialect, out, ddl);
    out += "\n";
  }
  bool outer = options.single_transaction && !steps.empty();
  if (outer) out += "BEGIN;\n\n";
  for (const auto& step : steps) {
    const Migration& m = *step.migration;
    if (options.bookkeeping) {
      out += fmt::format("-- {} {}: {}", step.upgrade ? "upgrade" : "downgrade", m.id, m.message);
      if (!m.path.empty()) {
        std::string_view shown = m.path;
        if (!options.root.empty() && shown.size() > options.root.size() + 1 &&
            shown.compare(0, options.root.size(), options.root) == 0 &&
            shown[options.root.size()] == '/')
          shown.remove_prefix(options.root.size() + 1);
        out += fmt::format(" ({})", shown);
      }
      out += "\n";
    }
    bool txn = step.transactional() && !outer;
    if (m.is_code()) out += "-- (code migration: its SQL is produced by C++ at run time)\n";
    if (!txn && !outer && step.section.has_batch)
      out += "-- runs outside a transaction; batch statements repeat until they change no rows\n";
    else if (!txn && !outer && step.section.implicit_commit)
      out += "-- runs outside a transaction: its DDL commits by itself\n";
    else if (!txn && !outer)
      out += "-- runs outside a transaction (transaction:false)\n";
    if (txn) out += "BEGIN;\n";
    for (const auto& ps : step.section.statements) {
      if (ps.batch) out += "-- migrate:batch (repeat until 0 rows)\n";
      append_statement(dialect, out, ps.sql);
    }
    if (options.bookkeeping) {
      HistoryRow h;
      h.revision = m.id;
      h.direction = step.upgrade ? "up" : "down";
      h.checksum = step.checksum;
      h.applied_by = "offline";
      h.strata_version = STRATA_VERSION;
      h.message = m.message;
      if (!txn && !outer) out += "BEGIN;\n";
      out += store.update_sql(step.delete_rows, step.insert_rows, h, false);
      if (!outer) out += "COMMIT;\n";
    } else if (txn) {
      out += "COMMIT;\n";
    }
    out += "\n";
  }
  if (outer) out += "COMMIT;\n";
  return out;
}

}  // namespace strata::detail
