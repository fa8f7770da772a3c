// Fuzz target: revision expressions and ranges (revision/expression.hpp).
// Checks determinism and the shape of what is accepted: trimmed parts, a
// bounded step count, and a range that reads back the same when rebuilt.
#include <cstdlib>
#include <string>

#include "common/strings.hpp"
#include "fuzz_check.hpp"
#include "revision/expression.hpp"

namespace {

using strata::detail::RevisionExpr;
using strata::detail::RevisionRange;

bool same_expr(const RevisionExpr& a, const RevisionExpr& b) {
  return a.text == b.text && a.label == b.label && a.symbol == b.symbol &&
         a.relative == b.relative && a.steps == b.steps;
}

bool same_range(const RevisionRange& a, const RevisionRange& b) {
  return a.lower == b.lower && a.upper == b.upper;
}

bool is_trimmed(std::string_view s) { return strata::detail::trim(s) == s; }

void check_expr(const RevisionExpr& e, std::string_view text) {
  FUZZ_CHECK(e.text == strata::detail::trim(text));
  FUZZ_CHECK(!e.text.empty());
  FUZZ_CHECK(is_trimmed(e.label) && is_trimmed(e.symbol));
  FUZZ_CHECK(std::labs(e.steps) < 1000000000L);
  if (!e.relative) {
    FUZZ_CHECK(e.steps == 0);
    FUZZ_CHECK(!e.symbol.empty());
  }
  if (e.text.find('@') != std::string::npos) FUZZ_CHECK(!e.label.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = strata::fuzz::as_text(data, size);

  auto e1 = strata::detail::parse_revision_expr(text);
  auto e2 = strata::detail::parse_revision_expr(text);
  FUZZ_CHECK(strata::fuzz::same_result(e1, e2, same_expr));
  if (e1) check_expr(*e1, text);

  auto r1 = strata::detail::parse_revision_range(text);
  auto r2 = strata::detail::parse_revision_range(text);
  FUZZ_CHECK(strata::fuzz::same_result(r1, r2, same_range));
  if (r1) {
    FUZZ_CHECK(r1->lower.find(':') == std::string::npos);
    FUZZ_CHECK(r1->upper.find(':') == std::string::npos);
    FUZZ_CHECK(is_trimmed(r1->lower) && is_trimmed(r1->upper));
    auto rebuilt = strata::detail::parse_revision_range(r1->lower + ":" + r1->upper);
    FUZZ_CHECK(rebuilt && same_range(*r1, *rebuilt));
    // Each non-empty side is what `strata` then parses as an expression.
    for (const std::string* side : {&r1->lower, &r1->upper}) {
      if (side->empty()) continue;
      auto e = strata::detail::parse_revision_expr(*side);
      if (e) check_expr(*e, *side);
    }
  }
  return 0;
}
