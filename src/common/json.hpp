// JsonWriter: a small streaming JSON writer for the CLI's --json output.
// Callers emit tokens in order (begin_object, key, value, ...) and the writer
// places commas, colons and, when pretty, newlines and two-space indents.
// Strings are escaped per RFC 8259: quotes, backslashes and control
// characters (as \u00XX unless a short escape exists); valid UTF-8 passes
// through unchanged and each byte of an invalid sequence becomes U+FFFD, so
// the output is always valid JSON. Misuse (a value where a key is expected,
// unbalanced ends) is a programming error caught by assertions.
// Not thread-safe; one writer per document.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::detail {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = false) : pretty_(pretty) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  // The name of the next member; only inside an object.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view s);
  // Without this overload a string literal would convert to bool.
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t n);
  JsonWriter& value(uint64_t n);
  // Any other integer type (int, size_t, ...) without ambiguity against bool.
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, int64_t> &&
           !std::same_as<T, uint64_t>) JsonWriter& value(T n) {
    if constexpr (std::is_signed_v<T>) {
      return value(static_cast<int64_t>(n));
    } else {
      return value(static_cast<uint64_t>(n));
    }
  }
  JsonWriter& value(bool b);
  // Shortest round-trip form; NaN and infinities (not JSON) become null.
  JsonWriter& value(double d);
  JsonWriter& null_value();
  // An array of strings.
  JsonWriter& value(const std::vector<std::string>& items);

  // key(name) followed by value(v): the common case for object members.
  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }
  // True once every opened object and array has been closed.
  bool complete() const { return stack_.empty() && !out_.empty(); }

 private:
  struct Level {
    bool object;
    bool empty = true;
    bool key_pending = false;
  };
  void before_value();
  void newline_indent(size_t depth);
  JsonWriter& open(bool object, char bracket);
  JsonWriter& close(bool object, char bracket);

  std::string out_;
  std::vector<Level> stack_;
  bool pretty_;
};

// Appends `s` to `out` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace strata::detail
