// Which MySQL/MariaDB statements commit the open transaction by themselves
// (the reference manual's "Statements That Cause an Implicit Commit"): DDL,
// account management, transaction and table-lock control, table maintenance
// and replication control. CREATE/DROP TEMPORARY TABLE do not. Judged from
// the statement's leading keywords, read through comments and into
// executable comments (`/*!50003 CREATE*/ /*!50017 DEFINER=...*/ ...`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

bool mysql_commits_implicitly(std::string_view statement);

// The first `count` words of a statement, upper-cased, skipping comments and
// entering executable comments; stops at the first character that is not
// part of a word, a blank or a comment (a quote, a parenthesis, `=`, ...).
std::vector<std::string> mysql_leading_words(std::string_view statement, size_t count);

}  // namespace strata::detail
