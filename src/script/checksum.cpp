#include "script/checksum.hpp"

#include "common/sha256.hpp"
#include "common/strings.hpp"

namespace strata::detail {

std::string normalize_sql_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pending_newlines = 0;  // blank lines held back until a non-blank one follows
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim_right(text.substr(pos, end - pos));
    if (!line.empty()) {
      if (!out.empty()) out.append(pending_newlines + 1, '\n');
      out.append(line);
      pending_newlines = 0;
    } else if (!out.empty()) {
      ++pending_newlines;
    }
    if (end == text.size()) break;
    pos = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return out;
}

std::string migration_checksum(const Migration& m) {
  if (m.is_code()) return "";
  std::string text = "up\n";
  text += normalize_sql_text(m.up.body);
  if (m.down.present) {
    text += "\ndown\n";
    text += normalize_sql_text(m.down.body);
  } else {
    text += "\nno down section\n";
  }
  return sha256_hex(text);
}

}  // namespace strata::detail
