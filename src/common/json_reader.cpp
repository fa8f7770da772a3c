#include "common/json_reader.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace strata::detail {

namespace {

const JsonValue& null_value() {
  static const JsonValue null;
  return null;
}

const std::vector<JsonValue>& no_items() {
  static const std::vector<JsonValue> empty;
  return empty;
}

const std::vector<JsonValue::Member>& no_members() {
  static const std::vector<JsonValue::Member> empty;
  return empty;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<JsonValue> document() {
    skip_blanks();
    STRATA_TRY(JsonValue v, value());
    skip_blanks();
    if (pos_ != text_.size()) return error("unexpected text after the value");
    return v;
  }

 private:
  tl::unexpected<Error> error(std::string_view what) const {
    return failf("invalid JSON at offset {}: {}", pos_, what);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_blanks() {
    while (!at_end()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // One array or object being read: what it holds so far and, for an object,
  // the name of the member whose value comes next.
  struct Open {
    bool is_object = false;
    std::vector<JsonValue> items;
    std::vector<JsonValue::Member> members;
    std::string key;
  };

  // Reads one value without recursion: the open arrays and objects are kept
  // on the heap, so the stack does not grow with the nesting, whatever the
  // frame sizes of the build (sanitizers make them several times larger).
  Result<JsonValue> value() {
    std::vector<Open> open;
    while (true) {
      skip_blanks();
      if (open.size() >= static_cast<size_t>(kMaxJsonDepth)) return error("nested too deeply");
      JsonValue done;
      char c = peek();
      if (c == '{' || c == '[') {
        ++pos_;
        skip_blanks();
        if (peek() != (c == '{' ? '}' : ']')) {
          open.push_back(Open{c == '{', {}, {}, {}});
          if (c == '{') STRATA_CHECK(member_name(open.back().key));
          continue;
        }
        ++pos_;
        done = c == '{' ? JsonValue::object({}) : JsonValue::array({});
      } else {
        STRATA_TRY(done, scalar());
      }
      // Hand the value to the innermost open container; close each one that ends here.
      while (true) {
        if (open.empty()) return done;
        Open& top = open.back();
        if (top.is_object) {
          top.members.emplace_back(std::move(top.key), std::move(done));
        } else {
          top.items.push_back(std::move(done));
        }
        skip_blanks();
        if (peek() == ',') {
          ++pos_;
          if (top.is_object) STRATA_CHECK(member_name(top.key));
          break;
        }
        if (peek() != (top.is_object ? '}' : ']')) {
          return error(top.is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        ++pos_;
        done = top.is_object ? JsonValue::object(std::move(top.members))
                             : JsonValue::array(std::move(top.items));
        open.pop_back();
      }
    }
  }

  // `"name" :` before a member's value.
  Status member_name(std::string& key) {
    skip_blanks();
    if (peek() != '"') return error("expected a member name");
    STRATA_TRY(key, string());
    skip_blanks();
    if (peek() != ':') return error("expected ':'");
    ++pos_;
    return {};
  }

  Result<JsonValue> scalar() {
    switch (peek()) {
      case '"': {
        STRATA_TRY(std::string s, string());
        return JsonValue::string(std::move(s));
      }
      case 't':
        if (literal("true")) return JsonValue::boolean(true);
        break;
      case 'f':
        if (literal("false")) return JsonValue::boolean(false);
        break;
      case 'n':
        if (literal("null")) return JsonValue();
        break;
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return number();
    }
    return error(at_end() ? "unexpected end of text" : "expected a value");
  }

  Result<uint32_t> hex4() {
    if (text_.size() - pos_ < 4) return error("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        --pos_;
        return error("bad hex digit in \\u escape");
      }
    }
    return v;
  }

  Result<std::string> string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (at_end()) return error("unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) return error("control character in string");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (at_end()) return error("unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          STRATA_TRY(uint32_t cp, hex4());
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            // A high surrogate must be followed by an escaped low surrogate.
            if (text_.substr(pos_, 2) != "\\u") return error("unpaired surrogate in \\u escape");
            pos_ += 2;
            STRATA_TRY(uint32_t low, hex4());
            if (low < 0xDC00 || low > 0xDFFF) return error("unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return error("unpaired surrogate in \\u escape");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          --pos_;
          return error("bad escape in string");
      }
    }
  }

  Result<JsonValue> number() {
    size_t start = pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - from;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return error("expected a digit");
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      integral = false;
      if (digits() == 0) return error("expected a digit after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) return error("expected a digit in the exponent");
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    double d = 0;
    auto [dp, dec] = std::from_chars(first, last, d);
    if (dec == std::errc::result_out_of_range) {
      d = (*first == '-') ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
    } else if (dec != std::errc()) {
      return error("bad number");
    }
    int64_t i = 0;
    if (integral) {
      auto [ip, iec] = std::from_chars(first, last, i);
      if (iec != std::errc() || ip != last) integral = false;
    }
    return JsonValue::number(d, integral, i);
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

JsonValue JsonValue::boolean(bool b) {
  JsonValue v;
  v.kind_ = Kind::kBool;
  v.bool_ = b;
  return v;
}

JsonValue JsonValue::number(double d, bool integral, int64_t i) {
  JsonValue v;
  v.kind_ = Kind::kNumber;
  v.double_ = d;
  v.integral_ = integral;
  v.int_ = integral ? i : 0;
  return v;
}

JsonValue JsonValue::string(std::string s) {
  JsonValue v;
  v.kind_ = Kind::kString;
  v.string_ = std::move(s);
  return v;
}

JsonValue JsonValue::array(std::vector<JsonValue> items) {
  JsonValue v;
  v.kind_ = Kind::kArray;
  v.items_ = std::move(items);
  return v;
}

JsonValue JsonValue::object(std::vector<Member> members) {
  JsonValue v;
  v.kind_ = Kind::kObject;
  v.members_ = std::move(members);
  return v;
}

const std::vector<JsonValue>& JsonValue::items() const { return is_array() ? items_ : no_items(); }

const std::vector<JsonValue::Member>& JsonValue::members() const {
  return is_object() ? members_ : no_members();
}

size_t JsonValue::size() const {
  if (is_array()) return items_.size();
  if (is_object()) return members_.size();
  return 0;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const JsonValue& JsonValue::operator[](std::string_view key) const {
  const JsonValue* v = find(key);
  return v ? *v : null_value();
}

const JsonValue& JsonValue::operator[](size_t index) const {
  return is_array() && index < items_.size() ? items_[index] : null_value();
}

Result<JsonValue> parse_json(std::string_view text) { return Parser(text).document(); }

}  // namespace strata::detail
