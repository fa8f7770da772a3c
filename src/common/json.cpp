#include "common/json.hpp"

#include <fmt/format.h>

#include <cassert>
#include <cmath>

namespace strata::detail {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence starting at s[i] (a byte >= 0x80), or 0.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  unsigned char c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return is_cont(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned char c1 = at(1);
    // Excludes overlong forms (E0 80..9F) and UTF-16 surrogates (ED A0..BF).
    bool ok = c == 0xE0   ? (c1 >= 0xA0 && c1 <= 0xBF)
              : c == 0xED ? (c1 >= 0x80 && c1 <= 0x9F)
                          : is_cont(c1);
    return ok && is_cont(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned char c1 = at(1);
    bool ok = c == 0xF0   ? (c1 >= 0x90 && c1 <= 0xBF)
              : c == 0xF4 ? (c1 >= 0x80 && c1 <= 0x8F)
                          : is_cont(c1);
    return ok && is_cont(at(2)) && is_cont(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t run = 0;  // start of the pending run of bytes copied verbatim
  auto flush = [&](size_t end) { out.append(s.data() + run, end - run); };
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t len = utf8_sequence_length(s, i);
      if (len > 0) {
        i += len;
        continue;
      }
      flush(i);
      out += kReplacement;
      run = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    run = ++i;
  }
  flush(s.size());
  out += '"';
}

void JsonWriter::newline_indent(size_t depth) {
  out_ += '\n';
  out_.append(depth * 2, ' ');
}

void JsonWriter::before_value() {
  if (stack_.empty()) {
    assert(out_.empty() && "JsonWriter: only one top-level value");
    return;
  }
  Level& top = stack_.back();
  if (top.object) {
    assert(top.key_pending && "JsonWriter: a value inside an object needs a key first");
    top.key_pending = false;
    return;
  }
  if (!top.empty) out_ += ',';
  top.empty = false;
  if (pretty_) newline_indent(stack_.size());
}

JsonWriter& JsonWriter::key(std::string_view name) {
  assert(!stack_.empty() && stack_.back().object && !stack_.back().key_pending &&
         "JsonWriter: key() outside an object or twice in a row");
  Level& top = stack_.back();
  if (!top.empty) out_ += ',';
  top.empty = false;
  top.key_pending = true;
  if (pretty_) newline_indent(stack_.size());
  append_json_string(out_, name);
  out_ += pretty_ ? ": " : ":";
  return *this;
}

JsonWriter& JsonWriter::open(bool object, char bracket) {
  before_value();
  out_ += bracket;
  stack_.push_back(Level{object});
  return *this;
}

JsonWriter& JsonWriter::close(bool object, char bracket) {
  assert(!stack_.empty() && stack_.back().object == object && !stack_.back().key_pending &&
         "JsonWriter: unbalanced end_object/end_array");
  bool empty = stack_.back().empty;
  stack_.pop_back();
  if (pretty_ && !empty) newline_indent(stack_.size());
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::begin_object() { return open(true, '{'); }
JsonWriter& JsonWriter::end_object() { return close(true, '}'); }
JsonWriter& JsonWriter::begin_array() { return open(false, '['); }
JsonWriter& JsonWriter::end_array() { return close(false, ']'); }

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t n) {
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", n);
  return *this;
}

JsonWriter& JsonWriter::value(uint64_t n) {
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", n);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) return null_value();
  before_value();
  fmt::format_to(std::back_inserter(out_), "{}", d);
  return *this;
}

JsonWriter& JsonWriter::null_value() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& item : items) value(std::string_view(item));
  return end_array();
}

}  // namespace strata::detail
