// `-x KEY=VALUE` expansion of a section's SQL before it runs: `{{x.KEY}}`
// placeholders (blanks allowed inside the braces) and conditional blocks
//
//   -- strata:if x.KEY        kept when KEY is given and non-empty
//   -- strata:if !x.KEY       kept otherwise
//   -- strata:if x.KEY == v   kept when KEY equals v (also !=; v may be quoted)
//   -- strata:else            optional
//   -- strata:endif
//
// Blocks nest. Dropped lines and the directive lines become empty lines, so
// every statement keeps its file line number. `{{` not followed by `x.` is
// left alone; other `-- strata:` comments are left alone too.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "script/migration.hpp"

namespace strata::detail {

// Returns the expanded body of `s`. Errors name `path` and the file line: an
// unset key used in a kept line, a malformed placeholder or condition, an
// unbalanced if/else/endif.
Result<std::string> expand_section(const Section& s, const std::map<std::string, std::string>& x,
                                   std::string_view path);

}  // namespace strata::detail
