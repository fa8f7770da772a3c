// What every dialect's statement splitter promises, checked on one input:
// the same answer twice; each statement is a non-empty slice of the input at
// its offset, without surrounding blanks; statements come in order without
// overlapping; and splitting one statement's text again gives it back whole.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "dialect/dialect.hpp"
#include "fuzz_check.hpp"

namespace strata::fuzz {

inline bool same_statements(const std::vector<detail::StatementText>& a,
                            const std::vector<detail::StatementText>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].sql != b[i].sql || a[i].offset != b[i].offset) return false;
  }
  return true;
}

// Checks that splitting one statement's text again gives it back whole.
inline void check_splits_alone(const detail::Dialect& dialect, const detail::StatementText& st) {
  auto alone = dialect.split(st.sql);
  FUZZ_CHECK(alone.has_value());
  FUZZ_CHECK(alone->size() == 1);
  FUZZ_CHECK(alone->front().sql == st.sql && alone->front().offset == 0);
}

// Returns the split's result. `is_blank` is the engine's lexer's idea of a
// blank; `round_trip` checks one statement written back (by default: split
// alone, it comes back whole). An error must name a line of the text.
template <class RoundTrip>
detail::Result<std::vector<detail::StatementText>> check_split(const detail::Dialect& dialect,
                                                               std::string_view sql,
                                                               bool (*is_blank)(char),
                                                               RoundTrip round_trip) {
  auto first = dialect.split(sql);
  auto again = dialect.split(sql);
  FUZZ_CHECK(same_result(first, again, same_statements));
  if (!first) {
    int lines = 1 + static_cast<int>(std::count(sql.begin(), sql.end(), '\n'));
    FUZZ_CHECK(first.error().line >= 1 && first.error().line <= lines);
    return first;
  }
  size_t end_of_previous = 0;
  for (const auto& st : *first) {
    FUZZ_CHECK(!st.sql.empty());
    FUZZ_CHECK(st.offset >= end_of_previous);
    FUZZ_CHECK(st.offset + st.sql.size() <= sql.size());
    FUZZ_CHECK(sql.substr(st.offset, st.sql.size()) == st.sql);
    FUZZ_CHECK(!is_blank(st.sql.front()) && !is_blank(st.sql.back()));
    end_of_previous = st.offset + st.sql.size();
    round_trip(st);
  }
  return first;
}

inline detail::Result<std::vector<detail::StatementText>> check_split(
    const detail::Dialect& dialect, std::string_view sql, bool (*is_blank)(char)) {
  return check_split(dialect, sql, is_blank,
                     [&](const detail::StatementText& st) { check_splits_alone(dialect, st); });
}

}  // namespace strata::fuzz
