#include "common/scratch_name.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>

namespace strata::detail {

namespace {

constexpr std::string_view kPrefix = "strata_scratch_";
constexpr long kStaleSeconds = 600;

long now_seconds() {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

}  // namespace

std::string new_scratch_name() {
  std::random_device rd;
  return fmt::format("{}{}_{}_{:06x}", kPrefix, now_seconds(), static_cast<long>(::getpid()),
                     rd() & 0xffffffu);
}

long scratch_created_at(std::string_view name) {
  if (name.substr(0, kPrefix.size()) != kPrefix) return -1;
  std::string rest(name.substr(kPrefix.size()));
  char* end = nullptr;
  long t = std::strtol(rest.c_str(), &end, 10);
  return (end != rest.c_str() && *end == '_') ? t : -1;
}

bool is_stale_scratch(std::string_view name) {
  long t = scratch_created_at(name);
  return t >= 0 && now_seconds() - t >= kStaleSeconds;
}

}  // namespace strata::detail
