// JsonValue and parse_json(): a small JSON reader (RFC 8259) for documents
// strata receives, such as libpg_query's parse trees. Values are immutable
// after parsing; lookups on the wrong kind or a missing key return a shared
// null value, so callers can chain them (tree["stmts"][0]["stmt"]) and test
// the result once. Integers that fit in int64 keep their exact value. The
// parser does not recurse; nesting is still limited (kMaxJsonDepth) because
// destroying and walking a value do, so a hostile document cannot exhaust the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace strata::detail {

class JsonValue {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  JsonValue() = default;
  static JsonValue boolean(bool b);
  static JsonValue number(double d, bool integral, int64_t i);
  static JsonValue string(std::string s);
  static JsonValue array(std::vector<JsonValue> items);
  static JsonValue object(std::vector<Member> members);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // The value, or `fallback` when this is another kind.
  bool as_bool(bool fallback = false) const { return is_bool() ? bool_ : fallback; }
  double as_double(double fallback = 0) const { return is_number() ? double_ : fallback; }
  // Integers exactly; a fractional or out-of-range number gives `fallback`.
  int64_t as_int(int64_t fallback = 0) const { return is_integer() ? int_ : fallback; }
  bool is_integer() const { return is_number() && integral_; }
  std::string_view as_string(std::string_view fallback = {}) const {
    return is_string() ? std::string_view(string_) : fallback;
  }

  // Array elements (empty for any other kind).
  const std::vector<JsonValue>& items() const;
  // Object members in document order (empty for any other kind).
  const std::vector<Member>& members() const;
  size_t size() const;
  // The first member named `key`, or nullptr (also when this is not an object).
  const JsonValue* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // Member or element, or the shared null value.
  const JsonValue& operator[](std::string_view key) const;
  const JsonValue& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  const JsonValue& operator[](size_t index) const;
  // Without this, v[0] would be ambiguous between the index and a null key.
  const JsonValue& operator[](int index) const {
    return index < 0 ? (*this)[size()] : (*this)[static_cast<size_t>(index)];
  }

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  bool integral_ = false;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

inline constexpr int kMaxJsonDepth = 4000;

// Parses one JSON document (surrounding blanks allowed). Errors name the byte
// offset: "invalid JSON at offset 12: expected ':'".
Result<JsonValue> parse_json(std::string_view text);

}  // namespace strata::detail
