#include "runner/crash_point.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace strata::detail {

namespace {
struct CrashSpec {
  std::string point;
  long remaining = 0;
};

CrashSpec* load_spec() {
  const char* env = std::getenv("STRATA_TEST_CRASH_AT");
  if (!env || !*env) return nullptr;
  auto* spec = new CrashSpec;
  std::string s(env);
  size_t colon = s.find(':');
  spec->point = s.substr(0, colon);
  spec->remaining = colon == std::string::npos ? 1 : std::atol(s.c_str() + colon + 1);
  return spec;
}
}  // namespace

void crash_point(const char* name) {
  static CrashSpec* spec = load_spec();
  if (!spec || spec->point != name) return;
  if (--spec->remaining > 0) return;
  ::kill(::getpid(), SIGKILL);
}

}  // namespace strata::detail
