// Scratch database names: what strata creates, recognises and sweeps up.
#include "common/scratch_name.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <regex>

namespace strata::detail {
namespace {

TEST(ScratchName, NewNameHoldsItsCreationTime) {
  std::string name = new_scratch_name();
  EXPECT_TRUE(std::regex_match(name, std::regex("strata_scratch_[0-9]+_[0-9]+_[0-9a-f]{6}")))
      << name;
  long t = scratch_created_at(name);
  EXPECT_LE(std::labs(t - static_cast<long>(std::time(nullptr))), 2) << name;
  EXPECT_FALSE(is_stale_scratch(name));
  EXPECT_NE(new_scratch_name(), name);
}

TEST(ScratchName, OnlyScratchNamesAreRecognised) {
  EXPECT_EQ(scratch_created_at("strata_scratch_1700000000_42_abcdef"), 1700000000);
  EXPECT_EQ(scratch_created_at("app"), -1);
  EXPECT_EQ(scratch_created_at("strata_scratch_"), -1);
  EXPECT_EQ(scratch_created_at("strata_scratch__42_abcdef"), -1);  // no time
  EXPECT_EQ(scratch_created_at("strata_scratch_1700000000"), -1);
  EXPECT_EQ(scratch_created_at("my_strata_scratch_1700000000_1_a"), -1);
}

TEST(ScratchName, StaleAfterTenMinutes) {
  long now = static_cast<long>(std::time(nullptr));
  EXPECT_TRUE(is_stale_scratch("strata_scratch_" + std::to_string(now - 601) + "_1_abcdef"));
  EXPECT_FALSE(is_stale_scratch("strata_scratch_" + std::to_string(now - 300) + "_1_abcdef"));
  EXPECT_FALSE(is_stale_scratch("production"));
}

}  // namespace
}  // namespace strata::detail
