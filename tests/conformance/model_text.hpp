// A line-per-fact text form of a schema model, for the conformance suite's
// failure messages: two models that differ print the lines only one has.
#pragma once

#include <string>
#include <vector>

#include "schema/model.hpp"

namespace strata::conformance {

// One line per object and per column, key, index: every field of the model.
std::vector<std::string> model_lines(const detail::schema::Schema& schema);

// "- line" for lines only in `expected`, "+ line" for lines only in `actual`.
std::string model_difference(const detail::schema::Schema& expected,
                             const detail::schema::Schema& actual);

}  // namespace strata::conformance
