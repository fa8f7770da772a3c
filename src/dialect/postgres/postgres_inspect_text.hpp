// Text helpers of the PostgreSQL inspector: array literals for query
// parameters, parsing of the server's array output, and the small trims that
// turn catalog function output into the model's text fields. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

// A text[] literal for a query parameter: {"a","b \"c\""}; every element is
// quoted, so any name survives.
std::string pg_array_literal(const std::vector<std::string>& items);

// Parses the text output of a one-dimensional array ({a,"b c",NULL}). NULL
// elements become empty strings (the inspector's queries never need to tell
// them apart). nullopt when the text is not an array literal.
std::optional<std::vector<std::string>> parse_pg_array(std::string_view text);

// Removes one pair of parentheses that wraps the whole expression, as
// pg_get_expr prints a check condition: "(a > 0)" -> "a > 0", while
// "(a > 0) AND (b > 0)" is left alone. Quoted literals and identifiers are
// skipped while matching.
std::string strip_outer_parens(std::string_view expr);

// Catalog DDL text without surrounding blanks and without one trailing ';'
// (pg_get_viewdef and pg_get_ruledef end with one, the others do not).
std::string trim_definition(std::string_view text);

}  // namespace strata::detail
