// Small string helpers shared by every module: trimming, splitting, slugs,
// and "did you mean" suggestions by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);
// Splits on `sep`, trimming each piece and dropping empty ones.
std::vector<std::string> split_list(std::string_view s, char sep = ',');
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_lower(std::string_view s);
// "Add users table!" -> "add_users_table", at most `max_len` characters.
std::string slugify(std::string_view message, size_t max_len = 40);
// Levenshtein distance, capped: returns `cap + 1` once the distance exceeds it.
size_t edit_distance(std::string_view a, std::string_view b, size_t cap = 64);
// Up to `limit` candidates closest to `word` (prefix matches first, then by
// edit distance within a third of the word's length).
std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates,
                                         size_t limit = 3);

// "PostgreSQL 15.4" -> 150004, "PostgreSQL 9.6.2" -> 90602, "15" -> 150000;
// 0 when the text holds no number.
int server_version_number(const std::string& version);

// A post-write hook's command line as argv words: blanks separate, single and
// double quotes group (no escapes inside), no other shell syntax. nullopt when
// a quote is left open.
std::optional<std::vector<std::string>> split_command_words(std::string_view command);

}  // namespace strata::detail
