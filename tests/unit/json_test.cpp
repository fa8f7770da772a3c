#include "common/json.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace strata::detail {
namespace {

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonString, PlainAndShortEscapes) {
  EXPECT_EQ(quoted(""), "\"\"");
  EXPECT_EQ(quoted("abc"), "\"abc\"");
  EXPECT_EQ(quoted("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(quoted("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
}

TEST(JsonString, ControlCharactersAsUnicodeEscapes) {
  EXPECT_EQ(quoted(std::string_view("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(quoted("\x1b[31m"), "\"\\u001b[31m\"");
  EXPECT_EQ(quoted("\x7f"), "\"\x7f\"");
}

TEST(JsonString, ValidUtf8PassesThrough) {
  EXPECT_EQ(quoted("café ü € 𝄞 中文"), "\"café ü € 𝄞 中文\"");
}

TEST(JsonString, InvalidUtf8BecomesReplacementCharacter) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(quoted("a\xff"
                   "b"),
            "\"a" + r + "b\"");
  EXPECT_EQ(quoted("\xc3"), "\"" + r + "\"");                          // truncated sequence
  EXPECT_EQ(quoted("\xc0\xaf"), "\"" + r + r + "\"");                  // overlong '/'
  EXPECT_EQ(quoted("\xed\xa0\x80"), "\"" + r + r + r + "\"");          // UTF-16 surrogate
  EXPECT_EQ(quoted("\xf4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // past U+10FFFF
  EXPECT_EQ(quoted("ok\xe2\x82"), "\"ok" + r + r + "\"");
}

TEST(JsonWriter, CompactDocument) {
  JsonWriter w;
  w.begin_object();
  w.key("name").value("strata");
  w.key("count").value(int64_t{42});
  w.key("ok").value(true);
  w.key("bad").value(false);
  w.key("none").null_value();
  w.key("heads").value(std::vector<std::string>{"a1", "b2"});
  w.key("empty_list").value(std::vector<std::string>{});
  w.key("nested").begin_object().key("x").value(-1).end_object();
  w.key("empty_obj").begin_object().end_object();
  w.end_object();
  EXPECT_EQ(w.str(),
            "{\"name\":\"strata\",\"count\":42,\"ok\":true,\"bad\":false,\"none\":null,"
            "\"heads\":[\"a1\",\"b2\"],\"empty_list\":[],\"nested\":{\"x\":-1},\"empty_obj\":{}}");
  EXPECT_TRUE(w.complete());
}

TEST(JsonWriter, PrettyDocument) {
  JsonWriter w(true);
  w.begin_object();
  w.key("current").value(std::vector<std::string>{"3f2a", "9b1c"});
  w.key("pending").begin_array();
  w.begin_object().key("revision").value("abc").key("message").value("add \"users\"").end_object();
  w.begin_object().end_object();
  w.end_array();
  w.key("empty").begin_array().end_array();
  w.key("n").value(size_t{7});
  w.end_object();
  EXPECT_EQ(w.str(),
            "{\n"
            "  \"current\": [\n"
            "    \"3f2a\",\n"
            "    \"9b1c\"\n"
            "  ],\n"
            "  \"pending\": [\n"
            "    {\n"
            "      \"revision\": \"abc\",\n"
            "      \"message\": \"add \\\"users\\\"\"\n"
            "    },\n"
            "    {}\n"
            "  ],\n"
            "  \"empty\": [],\n"
            "  \"n\": 7\n"
            "}");
}

TEST(JsonWriter, TopLevelArrayAndScalars) {
  JsonWriter w;
  w.begin_array().value(1).value("two").value(true).null_value().value(2.5).end_array();
  EXPECT_EQ(w.str(), "[1,\"two\",true,null,2.5]");

  JsonWriter s;
  s.value("only");
  EXPECT_EQ(s.str(), "\"only\"");
  EXPECT_TRUE(s.complete());
}

TEST(JsonWriter, IntegerOverloads) {
  JsonWriter w;
  w.begin_array();
  w.value(std::numeric_limits<int64_t>::min());
  w.value(std::numeric_limits<uint64_t>::max());
  w.value(static_cast<unsigned>(3));
  w.value(static_cast<short>(-4));
  w.end_array();
  EXPECT_EQ(w.str(), "[-9223372036854775808,18446744073709551615,3,-4]");
}

TEST(JsonWriter, StringLiteralIsNotBool) {
  JsonWriter w;
  w.begin_array().value("x").value(std::string("y")).end_array();
  EXPECT_EQ(w.str(), "[\"x\",\"y\"]");
}

TEST(JsonWriter, NonFiniteDoublesAreNull) {
  JsonWriter w;
  w.begin_array()
      .value(std::numeric_limits<double>::infinity())
      .value(std::numeric_limits<double>::quiet_NaN())
      .value(0.125)
      .end_array();
  EXPECT_EQ(w.str(), "[null,null,0.125]");
}

TEST(JsonWriter, KeysAreEscapedAndMemberHelper) {
  JsonWriter w;
  w.begin_object().member("a\nb", std::string_view("v")).member("n", int64_t{1}).end_object();
  EXPECT_EQ(w.str(), "{\"a\\nb\":\"v\",\"n\":1}");
}

TEST(JsonWriter, IncompleteUntilClosed) {
  JsonWriter w;
  EXPECT_FALSE(w.complete());
  w.begin_object();
  EXPECT_FALSE(w.complete());
  w.end_object();
  EXPECT_TRUE(w.complete());
  EXPECT_EQ(w.take(), "{}");
}

}  // namespace
}  // namespace strata::detail
