// Fuzz target: the migration-file parser (script/parser.hpp). Checks that a
// parse is deterministic, that what it accepts is well formed (valid ids and
// labels, line numbers that match the text) and that CRLF and a BOM change
// nothing, as the parser promises.
#include <algorithm>
#include <string>

#include "fuzz_check.hpp"
#include "script/parser.hpp"

namespace {

using strata::detail::Migration;
using strata::detail::Result;
using strata::detail::Section;

bool same_section(const Section& a, const Section& b) {
  return a.present == b.present && a.transaction == b.transaction && a.body == b.body &&
         a.first_line == b.first_line && a.batch_lines == b.batch_lines;
}

bool same_migration(const Migration& a, const Migration& b) {
  return a.id == b.id && a.revises == b.revises && a.depends_on == b.depends_on &&
         a.branch_labels == b.branch_labels && a.message == b.message && a.created == b.created &&
         a.path == b.path && same_section(a.up, b.up) && same_section(a.down, b.down);
}

size_t count_lines(std::string_view s) { return std::count(s.begin(), s.end(), '\n'); }

void check_accepted(const Migration& m, std::string_view text) {
  FUZZ_CHECK(strata::detail::is_valid_revision_id(m.id));
  for (const auto& r : m.revises) FUZZ_CHECK(strata::detail::is_valid_revision_id(r));
  for (const auto& d : m.depends_on) FUZZ_CHECK(strata::detail::is_valid_label(d));
  for (const auto& l : m.branch_labels) FUZZ_CHECK(strata::detail::is_valid_label(l));
  FUZZ_CHECK(m.up.present);
  FUZZ_CHECK(m.up.first_line >= 2);
  // Sections never hold more lines than the file has.
  size_t file_lines = count_lines(text) + 1;
  FUZZ_CHECK(static_cast<size_t>(m.up.first_line) + count_lines(m.up.body) <= file_lines + 1);
  if (m.down.present) {
    // The up body ends right before the down marker's line.
    FUZZ_CHECK(m.up.first_line + static_cast<int>(count_lines(m.up.body)) == m.down.first_line - 1);
    for (int l : m.up.batch_lines) FUZZ_CHECK(l >= m.up.first_line && l < m.down.first_line - 1);
  }
  for (const Section* s : {&m.up, &m.down}) {
    FUZZ_CHECK(std::is_sorted(s->batch_lines.begin(), s->batch_lines.end()));
    for (int l : s->batch_lines) {
      FUZZ_CHECK(l >= s->first_line);
      FUZZ_CHECK(static_cast<size_t>(l) < s->first_line + count_lines(s->body) + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = strata::fuzz::as_text(data, size);
  Result<Migration> first = strata::detail::parse_migration(text, "fuzz.sql");
  Result<Migration> again = strata::detail::parse_migration(text, "fuzz.sql");
  FUZZ_CHECK(strata::fuzz::same_result(first, again, same_migration));
  if (first) check_accepted(*first, text);

  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (!text.starts_with(kBom)) {
    std::string with_bom = std::string(kBom) + std::string(text);
    auto b = strata::detail::parse_migration(with_bom, "fuzz.sql");
    FUZZ_CHECK(strata::fuzz::same_result(first, b, same_migration));
  }
  if (text.find('\r') == std::string_view::npos) {
    std::string crlf;
    crlf.reserve(text.size() + text.size() / 8);
    for (char c : text) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    auto c = strata::detail::parse_migration(crlf, "fuzz.sql");
    FUZZ_CHECK(strata::fuzz::same_result(first, c, same_migration));
  }
  return 0;
}
