// Helpers of the renderer tests: a change list entry, plain or implied (the
// differ's bookkeeping of what a change brings along), and the SQL texts of
// rendered statements.
#pragma once

#include <string>
#include <vector>

#include "schema/change.hpp"

namespace strata::detail::schema {

inline Change change(ChangeOp op, std::string note = {}) {
  Change c;
  c.op = std::move(op);
  c.note = std::move(note);
  return c;
}

inline Change implied(ChangeOp op) {
  Change c = change(std::move(op));
  c.implied = true;
  return c;
}

inline std::vector<std::string> sql_texts(const std::vector<Statement>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) out.push_back(s.sql);
  return out;
}

}  // namespace strata::detail::schema
