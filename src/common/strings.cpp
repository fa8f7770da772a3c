#include "common/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

namespace strata::detail {

namespace {
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
}  // namespace

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  return trim_right(s);
}

std::vector<std::string> split_list(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (true) {
    size_t pos = s.find(sep);
    std::string_view piece = trim(s.substr(0, pos));
    if (!piece.empty()) out.emplace_back(piece);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string slugify(std::string_view message, size_t max_len) {
  std::string out;
  bool pending_sep = false;
  for (char c : message) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (pending_sep && !out.empty()) out += '_';
      pending_sep = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      pending_sep = true;
    }
    if (out.size() >= max_len) break;
  }
  if (out.size() > max_len) out.resize(max_len);
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b, size_t cap) {
  size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
  std::vector<size_t> prev(lb + 1), cur(lb + 1);
  for (size_t j = 0; j <= lb; ++j) prev[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= lb; ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[lb], cap + 1);
}

std::vector<std::string> closest_matches(std::string_view word,
                                         const std::vector<std::string>& candidates, size_t limit) {
  std::vector<std::pair<size_t, const std::string*>> scored;
  size_t cap = std::max<size_t>(1, word.size() / 3);
  for (const auto& c : candidates) {
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) {
      scored.emplace_back(0, &c);
      continue;
    }
    // Compare against the candidate's prefix of the same length too, so a
    // mistyped short id still finds the full one.
    size_t d = edit_distance(word, c, cap);
    if (c.size() > word.size())
      d = std::min(d, edit_distance(word, std::string_view(c).substr(0, word.size()), cap));
    if (d <= cap) scored.emplace_back(d, &c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < limit; ++i) out.push_back(*scored[i].second);
  return out;
}

int server_version_number(const std::string& version) {
  size_t i = version.find_first_of("0123456789");
  if (i == std::string::npos) return 0;
  char* end = nullptr;
  long major = std::strtol(version.c_str() + i, &end, 10);
  long minor = 0, patch = 0;
  if (end && *end == '.') minor = std::strtol(end + 1, &end, 10);
  if (end && *end == '.') patch = std::strtol(end + 1, &end, 10);
  if (major >= 10) return static_cast<int>(major * 10000 + minor);
  return static_cast<int>(major * 10000 + minor * 100 + patch);
}

std::optional<std::vector<std::string>> split_command_words(std::string_view command) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote != 0) return std::nullopt;
  if (in_word) words.push_back(std::move(cur));
  return words;
}

}  // namespace strata::detail
