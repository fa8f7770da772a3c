#include "schema/change.hpp"

namespace strata::detail::schema {

Change reverse(const Change& change) { return change; }
ChangeList reverse(const ChangeList& changes) { return changes; }
std::string kind_name(const Change&) { return ""; }
std::string describe(const Change&) { return ""; }
bool is_destructive(const Change&) { return false; }

}  // namespace strata::detail::schema
