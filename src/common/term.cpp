#include "common/term.hpp"

#include <unistd.h>

#include <cstdlib>

namespace strata::detail {

namespace {

std::optional<std::string_view> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr) return std::nullopt;
  return std::string_view(v);
}

std::string wrap(bool on, std::string_view open, std::string_view s, std::string_view close) {
  if (!on) return std::string(s);
  std::string out;
  out.reserve(open.size() + s.size() + close.size());
  out += open;
  out += s;
  out += close;
  return out;
}

constexpr std::string_view kResetIntensity = "\x1b[22m";
constexpr std::string_view kResetColor = "\x1b[39m";

}  // namespace

bool color_decision(bool is_tty, std::optional<std::string_view> no_color_env,
                    std::optional<std::string_view> term_env, bool no_color_flag) {
  if (no_color_flag || !is_tty) return false;
  if (no_color_env && !no_color_env->empty()) return false;
  if (term_env && *term_env == "dumb") return false;
  return true;
}

bool color_enabled(int fd, bool no_color_flag) {
  if (no_color_flag) return false;
  return color_decision(::isatty(fd) == 1, env("NO_COLOR"), env("TERM"), no_color_flag);
}

std::string Style::bold(std::string_view s) const {
  return wrap(on, "\x1b[1m", s, kResetIntensity);
}
std::string Style::dim(std::string_view s) const { return wrap(on, "\x1b[2m", s, kResetIntensity); }
std::string Style::red(std::string_view s) const { return wrap(on, "\x1b[31m", s, kResetColor); }
std::string Style::green(std::string_view s) const { return wrap(on, "\x1b[32m", s, kResetColor); }
std::string Style::yellow(std::string_view s) const { return wrap(on, "\x1b[33m", s, kResetColor); }
std::string Style::cyan(std::string_view s) const { return wrap(on, "\x1b[36m", s, kResetColor); }

}  // namespace strata::detail
