#include "common/duration.hpp"

#include <gtest/gtest.h>

#include <string>

namespace strata::detail {
namespace {

int64_t ms(std::string_view text) {
  auto r = parse_duration_ms(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error().message);
  return r ? *r : -1;
}

std::string err(std::string_view text) {
  auto r = parse_duration_ms(text);
  EXPECT_FALSE(r.has_value()) << text << " parsed as " << (r ? *r : 0);
  return r ? std::string() : r.error().message;
}

const std::string kHelp =
    "expected a number with a unit ms, s, m or h (250ms, 5s, 1.5s, 2m, 1m30s); a bare number "
    "means seconds";

TEST(Duration, Units) {
  EXPECT_EQ(ms("0"), 0);
  EXPECT_EQ(ms("0s"), 0);
  EXPECT_EQ(ms("250ms"), 250);
  EXPECT_EQ(ms("5s"), 5000);
  EXPECT_EQ(ms("1.5s"), 1500);
  EXPECT_EQ(ms("0.25s"), 250);
  EXPECT_EQ(ms(".5s"), 500);
  EXPECT_EQ(ms("2m"), 120000);
  EXPECT_EQ(ms("1h"), 3600000);
  EXPECT_EQ(ms("1.5h"), 5400000);
  EXPECT_EQ(ms("0.001s"), 1);
}

TEST(Duration, BareNumberIsSeconds) {
  EXPECT_EQ(ms("30"), 30000);
  EXPECT_EQ(ms("2.5"), 2500);
  EXPECT_EQ(ms("600"), 600000);
}

TEST(Duration, CompoundAndWhitespace) {
  EXPECT_EQ(ms("1m30s"), 90000);
  EXPECT_EQ(ms("1h2m3s4ms"), 3723004);
  EXPECT_EQ(ms("  5s \n"), 5000);
}

TEST(Duration, Errors) {
  EXPECT_EQ(err(""), "invalid duration '': " + kHelp);
  EXPECT_EQ(err("5x"), "invalid duration '5x': " + kHelp);
  EXPECT_EQ(err("5 s"), "invalid duration '5 s': " + kHelp);
  EXPECT_EQ(err("s"), "invalid duration 's': " + kHelp);
  EXPECT_EQ(err("5S"), "invalid duration '5S': " + kHelp);
  EXPECT_EQ(err("1.s"), "invalid duration '1.s': " + kHelp);
  EXPECT_EQ(err("1m30"), "invalid duration '1m30': " + kHelp);
  EXPECT_EQ(err("five"), "invalid duration 'five': " + kHelp);
  EXPECT_EQ(err("1..5s"), "invalid duration '1..5s': " + kHelp);
  EXPECT_EQ(err("-5s"), "invalid duration '-5s': must not be negative");
  EXPECT_EQ(err("1.5ms"), "invalid duration '1.5ms': finer than a millisecond");
  EXPECT_EQ(err("0.0001s"), "invalid duration '0.0001s': finer than a millisecond");
  EXPECT_EQ(err("99999999999999999999s"), "invalid duration '99999999999999999999s': too large");
  EXPECT_EQ(err("9223372036854776s"), "invalid duration '9223372036854776s': too large");
}

}  // namespace
}  // namespace strata::detail
