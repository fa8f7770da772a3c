#include "lint/lint_types.hpp"

#include <fmt/format.h>

namespace strata::detail::lint {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view name) {
  if (name == "info") return Severity::kInfo;
  if (name == "warning") return Severity::kWarning;
  if (name == "error") return Severity::kError;
  return std::nullopt;
}

namespace {

std::string human_count(int64_t n) {
  if (n >= 1'000'000'000) return fmt::format("{:.1f}G", static_cast<double>(n) / 1e9);
  if (n >= 1'000'000) return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
  if (n >= 10'000) return fmt::format("{:.0f}k", static_cast<double>(n) / 1e3);
  return std::to_string(n);
}

std::string human_bytes(int64_t n) {
  constexpr double kMiB = 1024.0 * 1024.0;
  if (n >= 1024LL * 1024 * 1024)
    return fmt::format("{:.1f} GB", static_cast<double>(n) / (kMiB * 1024));
  if (n >= 1024LL * 1024) return fmt::format("{:.0f} MB", static_cast<double>(n) / kMiB);
  if (n >= 1024) return fmt::format("{:.0f} kB", static_cast<double>(n) / 1024.0);
  return fmt::format("{} bytes", n);
}

}  // namespace

bool created_here(std::string_view table, const StatementContext& ctx) {
  return ctx.created_tables && ctx.created_tables->count(std::string(table)) > 0;
}

std::string describe_table(std::string_view table, const StatementContext& ctx) {
  if (created_here(table, ctx)) return fmt::format("{} (created in this migration)", table);
  if (!ctx.table_size) return fmt::format("{} (size unknown: assumed large)", table);
  auto size = ctx.table_size(table);
  if (!size) return fmt::format("{} (not in the database yet)", table);
  return fmt::format("{} ({} rows, {})", table, human_count(size->rows), human_bytes(size->bytes));
}

bool is_risky_table(std::string_view table, const StatementContext& ctx, int64_t small_rows) {
  if (created_here(table, ctx)) return false;
  if (!ctx.table_size) return true;
  auto size = ctx.table_size(table);
  if (!size) return true;  // created by an earlier migration of this run: unknown, be careful
  return size->rows >= small_rows;
}

}  // namespace strata::detail::lint
