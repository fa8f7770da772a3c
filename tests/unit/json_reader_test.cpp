// JsonValue / parse_json: every JSON kind, escapes and surrogate pairs, exact
// integers, lookups that fall back to null, the error offsets, the depth limit,
// and a real libpg_query-shaped document.
#include "common/json_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace strata::detail {
namespace {

JsonValue parse_ok(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.has_value()) << text << ": " << (v ? "" : v.error().message);
  return v ? *v : JsonValue();
}

std::string parse_error(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_FALSE(v.has_value()) << text;
  return v ? "" : v.error().message;
}

TEST(JsonReader, Scalars) {
  EXPECT_TRUE(parse_ok("null").is_null());
  EXPECT_TRUE(parse_ok(" true ").as_bool());
  EXPECT_FALSE(parse_ok("false").as_bool(true));
  EXPECT_TRUE(parse_ok("false").is_bool());
  EXPECT_EQ(parse_ok("\"abc\"").as_string(), "abc");
  EXPECT_EQ(parse_ok("42").as_int(), 42);
  EXPECT_TRUE(parse_ok("42").is_integer());
  EXPECT_EQ(parse_ok("-7").as_int(), -7);
  EXPECT_EQ(parse_ok("0").as_int(-1), 0);
}

TEST(JsonReader, Numbers) {
  EXPECT_EQ(parse_ok("9223372036854775807").as_int(), INT64_MAX);
  EXPECT_EQ(parse_ok("-9223372036854775808").as_int(), INT64_MIN);
  // Past int64: a number, but no exact integer.
  JsonValue big = parse_ok("9223372036854775808");
  EXPECT_FALSE(big.is_integer());
  EXPECT_EQ(big.as_int(-1), -1);
  EXPECT_DOUBLE_EQ(big.as_double(), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(parse_ok("1.5").as_double(), 1.5);
  EXPECT_FALSE(parse_ok("1.5").is_integer());
  EXPECT_DOUBLE_EQ(parse_ok("-2.5e3").as_double(), -2500.0);
  EXPECT_DOUBLE_EQ(parse_ok("1E-2").as_double(), 0.01);
  EXPECT_EQ(parse_ok("1e2").as_int(-1), -1);  // an exponent is not an integer literal
  EXPECT_TRUE(std::isinf(parse_ok("1e999").as_double()));
}

TEST(JsonReader, StringEscapes) {
  EXPECT_EQ(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").as_string(), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(parse_ok(R"("\u0041\u00e9\u20ac")").as_string(), "A\xC3\xA9\xE2\x82\xAC");
  // U+1F600 as a surrogate pair becomes four UTF-8 bytes.
  EXPECT_EQ(parse_ok(R"("\ud83d\ude00")").as_string(), "\xF0\x9F\x98\x80");
  // Raw UTF-8 passes through.
  EXPECT_EQ(parse_ok("\"\xC3\xA9t\xC3\xA9\"").as_string(), "\xC3\xA9t\xC3\xA9");
}

TEST(JsonReader, ContainersAndLookups) {
  JsonValue v = parse_ok(R"({"a": [1, {"b": "x"}, null], "c": {}, "d": [], "a": 2})");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.size(), 4u);
  EXPECT_EQ(v.members()[1].first, "c");
  EXPECT_EQ(v["a"].size(), 3u);  // the first member of a repeated name wins
  EXPECT_EQ(v["a"][0].as_int(), 1);
  EXPECT_EQ(v["a"][1]["b"].as_string(), "x");
  EXPECT_TRUE(v["a"][2].is_null());
  EXPECT_TRUE(v["c"].is_object());
  EXPECT_EQ(v["c"].size(), 0u);
  EXPECT_TRUE(v["d"].is_array());
  EXPECT_TRUE(v.has("d"));
  EXPECT_FALSE(v.has("e"));
  // Missing keys, out-of-range indexes and wrong kinds give null, chainable.
  EXPECT_TRUE(v["missing"]["deeper"][3].is_null());
  EXPECT_TRUE(v["a"][7].is_null());
  EXPECT_TRUE(v["a"][-1].is_null());
  EXPECT_TRUE(v["a"]["b"].is_null());
  EXPECT_EQ(v["a"][1]["b"].as_int(5), 5);
  EXPECT_EQ(v["a"][0].as_string("none"), "none");
  EXPECT_TRUE(v["c"].items().empty());
  EXPECT_TRUE(v["d"].members().empty());
}

TEST(JsonReader, Errors) {
  EXPECT_EQ(parse_error(""), "invalid JSON at offset 0: unexpected end of text");
  EXPECT_EQ(parse_error("{\"a\" 1}"), "invalid JSON at offset 5: expected ':'");
  EXPECT_EQ(parse_error("[1 2]"), "invalid JSON at offset 3: expected ',' or ']'");
  EXPECT_EQ(parse_error("{\"a\":1,}"), "invalid JSON at offset 7: expected a member name");
  EXPECT_EQ(parse_error("[1,]"), "invalid JSON at offset 3: expected a value");
  EXPECT_EQ(parse_error("\"abc"), "invalid JSON at offset 4: unterminated string");
  EXPECT_EQ(parse_error("\"a\nb\""), "invalid JSON at offset 2: control character in string");
  EXPECT_EQ(parse_error(R"("\x")"), "invalid JSON at offset 2: bad escape in string");
  EXPECT_EQ(parse_error(R"("\u12G4")"), "invalid JSON at offset 5: bad hex digit in \\u escape");
  EXPECT_EQ(parse_error(R"("\ud83d x")"),
            "invalid JSON at offset 7: unpaired surrogate in \\u escape");
  EXPECT_EQ(parse_error(R"("\ude00")"),
            "invalid JSON at offset 7: unpaired surrogate in \\u escape");
  EXPECT_EQ(parse_error("01"), "invalid JSON at offset 1: unexpected text after the value");
  EXPECT_EQ(parse_error("-"), "invalid JSON at offset 1: expected a digit");
  EXPECT_EQ(parse_error("1."), "invalid JSON at offset 2: expected a digit after '.'");
  EXPECT_EQ(parse_error("1e+"), "invalid JSON at offset 3: expected a digit in the exponent");
  EXPECT_EQ(parse_error("tru"), "invalid JSON at offset 0: expected a value");
  EXPECT_EQ(parse_error("[] []"), "invalid JSON at offset 3: unexpected text after the value");
}

TEST(JsonReader, DepthLimit) {
  std::string ok(kMaxJsonDepth - 1, '[');
  ok += std::string(kMaxJsonDepth - 1, ']');
  EXPECT_TRUE(parse_json(ok).has_value());
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto r = parse_json(deep);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message,
            fmt::format("invalid JSON at offset {}: nested too deeply", kMaxJsonDepth));
}

TEST(JsonReader, PgQueryParseTree) {
  // The shape libpg_query 15 returns for CREATE INDEX CONCURRENTLY.
  JsonValue v = parse_ok(
      R"({"version":150001,"stmts":[{"stmt":{"IndexStmt":{"idxname":"i","relation":)"
      R"({"schemaname":"s","relname":"users","inh":true,"relpersistence":"p","location":31},)"
      R"("accessMethod":"btree","indexParams":[{"IndexElem":{"name":"a"}}],"concurrent":true}},)"
      R"("stmt_len":42}]})");
  EXPECT_EQ(v["version"].as_int(), 150001);
  const JsonValue& index = v["stmts"][0]["stmt"]["IndexStmt"];
  EXPECT_EQ(index["relation"]["relname"].as_string(), "users");
  EXPECT_EQ(index["relation"]["schemaname"].as_string(), "s");
  EXPECT_TRUE(index["concurrent"].as_bool());
  EXPECT_FALSE(index["unique"].as_bool());
  EXPECT_EQ(index["indexParams"][0]["IndexElem"]["name"].as_string(), "a");
  EXPECT_EQ(v["stmts"][0]["stmt_len"].as_int(), 42);
}

}  // namespace
}  // namespace strata::detail
