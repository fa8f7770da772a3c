#include "common/term.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

namespace strata::detail {
namespace {

TEST(ColorDecision, OnlyForTerminalsWithoutOptOut) {
  EXPECT_TRUE(color_decision(true, std::nullopt, std::nullopt, false));
  EXPECT_TRUE(color_decision(true, std::nullopt, "xterm-256color", false));
  EXPECT_TRUE(color_decision(true, "", "xterm", false));  // empty NO_COLOR does not count
  EXPECT_FALSE(color_decision(false, std::nullopt, "xterm", false));
  EXPECT_FALSE(color_decision(true, "1", "xterm", false));
  EXPECT_FALSE(color_decision(true, "0", "xterm", false));  // any non-empty value disables
  EXPECT_FALSE(color_decision(true, std::nullopt, "dumb", false));
  EXPECT_TRUE(color_decision(true, std::nullopt, "dumber", false));
  EXPECT_FALSE(color_decision(true, std::nullopt, "xterm", true));
}

TEST(ColorEnabled, NeverForAPipeOrWithTheFlag) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_FALSE(color_enabled(fds[1], false));
  EXPECT_FALSE(color_enabled(fds[1], true));
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(Style, OffReturnsTextUnchanged) {
  Style s;
  EXPECT_EQ(s.bold("x"), "x");
  EXPECT_EQ(s.dim("x"), "x");
  EXPECT_EQ(s.red("x"), "x");
  EXPECT_EQ(s.green("x"), "x");
  EXPECT_EQ(s.yellow("x"), "x");
  EXPECT_EQ(s.cyan("x"), "x");
}

TEST(Style, OnWrapsInAnsiCodes) {
  Style s{true};
  EXPECT_EQ(s.bold("x"), "\x1b[1mx\x1b[22m");
  EXPECT_EQ(s.dim("x"), "\x1b[2mx\x1b[22m");
  EXPECT_EQ(s.red("x"), "\x1b[31mx\x1b[39m");
  EXPECT_EQ(s.green("x"), "\x1b[32mx\x1b[39m");
  EXPECT_EQ(s.yellow("x"), "\x1b[33mx\x1b[39m");
  EXPECT_EQ(s.cyan("x"), "\x1b[36mx\x1b[39m");
}

TEST(Style, NestingKeepsOuterColour) {
  Style s{true};
  EXPECT_EQ(s.red(s.bold("a") + "b"), "\x1b[31m\x1b[1ma\x1b[22mb\x1b[39m");
}

}  // namespace
}  // namespace strata::detail
