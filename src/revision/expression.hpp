// The syntax of revision expressions and ranges (DESIGN section 4), without
// their meaning: `head`, `heads`, `base`, `current`, an id, a prefix or a
// branch label, `LABEL@SYMBOL`, relative forms `+N`, `-N`, `SYMBOL+N`,
// `LABEL@-N`, `LABEL@head-2`, and ranges `A:B`, `:B`, `A:`. RevisionGraph
// gives them meaning. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace strata::detail {

struct RevisionExpr {
  std::string text;    // the expression as written, trimmed, for messages
  std::string label;   // before '@' ("shoppingcart@head"); empty when absent
  std::string symbol;  // head | heads | base | current | id | prefix | label; empty = current
  bool relative = false;
  long steps = 0;  // signed step count of a relative expression
};

// Errors (kUsage): empty text, an empty part around '@', an absurd step count.
Result<RevisionExpr> parse_revision_expr(std::string_view text);

// `A:B` with either side optional; an empty side is an open end (base / heads).
struct RevisionRange {
  std::string lower;
  std::string upper;
};

// Errors (kUsage): no ':' or more than one.
Result<RevisionRange> parse_revision_range(std::string_view text);

}  // namespace strata::detail
