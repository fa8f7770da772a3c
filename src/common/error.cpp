#include <fmt/format.h>

#include "strata/error.hpp"

namespace strata {

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += fmt::format(":{}", line);
    out += ": ";
  }
  if (!revision.empty()) {
    out += "revision " + revision;
    if (statement > 0) out += fmt::format(", statement {}", statement);
    out += ": ";
  } else if (statement > 0) {
    out += fmt::format("statement {}: ", statement);
  }
  out += message;
  if (!sqlstate.empty()) out += " [" + sqlstate + "]";
  if (!hint.empty()) out += "\nhint: " + hint;
  return out;
}

Exception::Exception(Error e) : std::runtime_error(e.to_string()), error_(std::move(e)) {}

}  // namespace strata
