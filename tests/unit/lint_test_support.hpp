// Helpers of the lint analyzer tests: a statement context built step by
// step, and compact views of an analysis for exact assertions.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "lint/lint_types.hpp"

namespace strata::detail::lint {

// A statement context built step by step: no database by default (every
// existing table assumed large), inside a transaction.
struct Ctx {
  bool in_transaction = true;
  int version = 0;
  std::set<std::string> created;
  std::map<std::string, TableSize> sizes;
  bool database = false;

  Ctx& outside() {
    in_transaction = false;
    return *this;
  }
  Ctx& inside() {
    in_transaction = true;
    return *this;
  }
  Ctx& server(int v) {
    version = v;
    return *this;
  }
  Ctx& create(std::string t) {
    created.insert(std::move(t));
    return *this;
  }
  Ctx& size(std::string t, int64_t rows, int64_t bytes,
            std::map<std::string, std::string> columns = {}) {
    database = true;
    sizes[std::move(t)] = TableSize{rows, bytes, std::move(columns)};
    return *this;
  }
  Ctx& db() {
    database = true;
    return *this;
  }
  StatementContext context() const {
    StatementContext c;
    c.in_transaction = in_transaction;
    c.server_version_num = version;
    c.created_tables = &created;
    if (database) {
      c.table_size = [this](std::string_view t) -> std::optional<TableSize> {
        auto it = sizes.find(std::string(t));
        if (it == sizes.end()) return std::nullopt;
        return it->second;
      };
    }
    return c;
  }
};

// "rule:severity" for each hit, comma-separated.
inline std::string ids(const StatementAnalysis& a) {
  std::string out;
  for (const Hit& h : a.hits) {
    if (!out.empty()) out += ", ";
    out += h.rule + ":" + std::string(severity_name(h.severity));
  }
  return out;
}

// The message of hit `i`, or "<no hit>".
inline std::string message(const StatementAnalysis& a, size_t i = 0) {
  return i < a.hits.size() ? a.hits[i].message : "<no hit>";
}

}  // namespace strata::detail::lint
