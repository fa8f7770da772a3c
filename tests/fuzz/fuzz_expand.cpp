// Fuzz target: `-x` expansion (script/expand.hpp). The first input line gives
// the -x values as KEY=VALUE pairs separated by ';'; the rest is the section
// body, starting at line 2. Checks determinism, that every line keeps its line
// number (values hold no newline), that a body without placeholders or
// directives comes back unchanged, and that an error names a line of the body.
#include <algorithm>
#include <map>
#include <string>

#include "fuzz_check.hpp"
#include "script/expand.hpp"

namespace {

std::map<std::string, std::string> parse_values(std::string_view line) {
  std::map<std::string, std::string> x;
  while (!line.empty()) {
    size_t semi = line.find(';');
    std::string_view pair = line.substr(0, semi);
    line = semi == std::string_view::npos ? std::string_view() : line.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    x[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
  }
  return x;
}

size_t newlines(std::string_view s) { return std::count(s.begin(), s.end(), '\n'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = strata::fuzz::as_text(data, size);
  size_t nl = text.find('\n');
  std::string_view values = text.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);

  auto x = parse_values(values);
  strata::detail::Section s;
  s.present = true;
  s.body = std::string(body);
  s.first_line = 2;

  auto first = strata::detail::expand_section(s, x, "fuzz.sql");
  auto again = strata::detail::expand_section(s, x, "fuzz.sql");
  FUZZ_CHECK(strata::fuzz::same_result(first, again, std::equal_to<>()));
  if (first) {
    FUZZ_CHECK(newlines(*first) == newlines(body));
    if (body.find("{{") == std::string_view::npos &&
        body.find("strata:") == std::string_view::npos) {
      FUZZ_CHECK(*first == body);
    }
  } else {
    const auto& e = first.error();
    FUZZ_CHECK(e.file == "fuzz.sql");
    FUZZ_CHECK(e.line >= 2 && static_cast<size_t>(e.line) <= 2 + newlines(body));
  }
  return 0;
}
