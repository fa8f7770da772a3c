// Terminal styling for the CLI: whether to colour an output stream, and a
// Style that wraps text in ANSI SGR codes only when colour is on. Colour
// follows the no-color.org convention (a non-empty NO_COLOR disables it), a
// dumb TERM and non-terminals (pipes, files) get plain text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata::detail {

// True only when `fd` is a terminal, NO_COLOR is unset or empty, TERM is not
// "dumb" and `no_color_flag` (--no-color) is false. Reads the environment.
bool color_enabled(int fd, bool no_color_flag);

// The decision itself, without the process state: `no_color_env` and
// `term_env` are the variables' values (nullopt = unset).
bool color_decision(bool is_tty, std::optional<std::string_view> no_color_env,
                    std::optional<std::string_view> term_env, bool no_color_flag);

// Each method returns its text wrapped in the style's code and its matching
// reset (22 for bold/dim, 39 for colours), so styles nest: red(bold("x") + "y")
// keeps "y" red. When `on` is false the text comes back unchanged.
struct Style {
  bool on = false;

  std::string bold(std::string_view s) const;
  std::string dim(std::string_view s) const;
  std::string red(std::string_view s) const;
  std::string green(std::string_view s) const;
  std::string yellow(std::string_view s) const;
  std::string cyan(std::string_view s) const;
};

}  // namespace strata::detail
