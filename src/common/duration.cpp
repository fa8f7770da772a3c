#include "common/duration.hpp"

#include "common/strings.hpp"

namespace strata::detail {

namespace {

constexpr std::string_view kExpected =
    "expected a number with a unit ms, s, m or h (250ms, 5s, 1.5s, 2m, 1m30s); "
    "a bare number means seconds";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<int64_t> parse_duration_ms(std::string_view text) {
  std::string_view s = trim(text);
  auto bad = [&](std::string_view why) { return failf("invalid duration '{}': {}", text, why); };
  if (s.empty()) return bad(kExpected);
  if (s.front() == '-') return bad("must not be negative");

  int64_t total = 0;
  bool first = true;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    std::string_view whole = s.substr(0, i);
    std::string_view frac;
    if (i < s.size() && s[i] == '.') {
      size_t start = ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
      frac = s.substr(start, i - start);
      if (frac.empty()) return bad(kExpected);
    }
    if (whole.empty() && frac.empty()) return bad(kExpected);
    size_t unit_start = i;
    while (i < s.size() && !is_digit(s[i]) && s[i] != '.') ++i;
    std::string_view unit = s.substr(unit_start, i - unit_start);
    s.remove_prefix(i);

    int64_t unit_ms = 0;
    if (unit == "ms") {
      unit_ms = 1;
    } else if (unit == "s") {
      unit_ms = 1000;
    } else if (unit == "m") {
      unit_ms = 60 * 1000;
    } else if (unit == "h") {
      unit_ms = 60 * 60 * 1000;
    } else if (unit.empty() && first && s.empty()) {
      unit_ms = 1000;
    } else {
      return bad(kExpected);
    }
    first = false;

    int64_t value = 0;
    for (char c : whole) {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_add_overflow(value, c - '0', &value)) {
        return bad("too large");
      }
    }
    if (__builtin_mul_overflow(value, unit_ms, &value)) return bad("too large");
    // The fraction must come out as whole milliseconds: digits * unit / 10^n.
    if (!frac.empty()) {
      if (frac.size() > 9) return bad("finer than a millisecond");
      int64_t digits = 0, scale = 1;
      for (char c : frac) {
        digits = digits * 10 + (c - '0');
        scale *= 10;
      }
      int64_t scaled = digits * unit_ms;  // < 10^9 * 3.6e6, fits in int64
      if (scaled % scale != 0) return bad("finer than a millisecond");
      if (__builtin_add_overflow(value, scaled / scale, &value)) return bad("too large");
    }
    if (__builtin_add_overflow(total, value, &total)) return bad("too large");
  }
  return total;
}

}  // namespace strata::detail
