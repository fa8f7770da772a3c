#include "dialect/postgres/postgres_render_names.hpp"

#include <pg_query.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "dialect/postgres/postgres_quote.hpp"

namespace strata::detail {

namespace {

// libpg_query's KeywordKind: NO_KEYWORD = 0, UNRESERVED_KEYWORD = 1, then the
// column-name, type/function-name and reserved kinds.
constexpr uint64_t kUnreservedKeyword = 1;

// Reads one varint at `p`; returns false on a truncated buffer.
bool read_varint(const uint8_t*& p, const uint8_t* end, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    uint8_t byte = *p++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Skips a field of the given wire type; false when the buffer is malformed.
bool skip_field(const uint8_t*& p, const uint8_t* end, int wire) {
  uint64_t n = 0;
  switch (wire) {
    case 0:
      return read_varint(p, end, n);
    case 1:
      n = 8;
      break;
    case 2:
      if (!read_varint(p, end, n)) return false;
      break;
    case 5:
      n = 4;
      break;
    default:
      return false;
  }
  if (n > static_cast<uint64_t>(end - p)) return false;
  p += n;
  return true;
}

// The keyword kind of a text that must scan to exactly one token, read from
// the protobuf ScanResult { repeated ScanToken tokens = 2; } where
// ScanToken { ...; KeywordKind keyword_kind = 5; }. nullopt when the text is
// not one token or the buffer cannot be read.
std::optional<uint64_t> single_token_keyword_kind(const PgQueryProtobuf& buf) {
  const auto* p = reinterpret_cast<const uint8_t*>(buf.data);
  const uint8_t* end = p + buf.len;
  int tokens = 0;
  uint64_t kind = 0;
  while (p < end) {
    uint64_t tag = 0;
    if (!read_varint(p, end, tag)) return std::nullopt;
    int wire = static_cast<int>(tag & 7);
    if ((tag >> 3) != 2 || wire != 2) {
      if (!skip_field(p, end, wire)) return std::nullopt;
      continue;
    }
    uint64_t len = 0;
    if (!read_varint(p, end, len) || len > static_cast<uint64_t>(end - p)) return std::nullopt;
    const uint8_t* tok = p;
    const uint8_t* tok_end = p + len;
    p = tok_end;
    ++tokens;
    while (tok < tok_end) {
      uint64_t ftag = 0;
      if (!read_varint(tok, tok_end, ftag)) return std::nullopt;
      if ((ftag >> 3) == 5 && (ftag & 7) == 0) {
        if (!read_varint(tok, tok_end, kind)) return std::nullopt;
      } else if (!skip_field(tok, tok_end, static_cast<int>(ftag & 7))) {
        return std::nullopt;
      }
    }
  }
  if (tokens != 1) return std::nullopt;
  return kind;
}

bool scan_restricted(const std::string& word) {
  PgQueryScanResult scan = pg_query_scan(word.c_str());
  // A word the lexer cannot read as one plain token is treated as needing quotes.
  bool restricted = true;
  if (scan.error == nullptr) {
    std::optional<uint64_t> kind = single_token_keyword_kind(scan.pbuf);
    if (kind) restricted = *kind > kUnreservedKeyword;
  }
  pg_query_free_scan_result(scan);
  return restricted;
}

struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class KeywordCache {
 public:
  bool restricted(std::string_view word) {
    {
      std::lock_guard lock(mutex_);
      auto it = known_.find(word);
      if (it != known_.end()) return it->second;
    }
    std::string key(word);
    bool result = scan_restricted(key);
    std::lock_guard lock(mutex_);
    known_.emplace(std::move(key), result);
    return result;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, bool, WordHash, std::equal_to<>> known_;
};

bool is_plain_word(std::string_view word) {
  if (word.empty()) return false;
  char first = word.front();
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  for (char c : word) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return false;
  }
  return true;
}

}  // namespace

bool pg_is_restricted_keyword(std::string_view word) {
  if (!is_plain_word(word)) return false;
  static KeywordCache cache;
  return cache.restricted(word);
}

std::string pg_ident(std::string_view name) {
  if (is_plain_word(name) && !pg_is_restricted_keyword(name)) return std::string(name);
  return pg_quote_ident(name);
}

std::string pg_name(const schema::ObjectName& name) {
  if (name.schema.empty() || name.schema == "public") return pg_ident(name.name);
  std::string out = pg_ident(name.schema);
  out += '.';
  out += pg_ident(name.name);
  return out;
}

std::string pg_catalog_ref(std::string_view text) {
  if (text.find('"') != std::string_view::npos) return std::string(text);
  size_t dot = text.find('.');
  if (dot != std::string_view::npos && is_plain_word(text.substr(0, dot))) {
    return pg_name(
        schema::ObjectName{std::string(text.substr(0, dot)), std::string(text.substr(dot + 1))});
  }
  return pg_ident(text);
}

}  // namespace strata::detail
