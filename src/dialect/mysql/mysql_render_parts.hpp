// SQL fragments of the MySQL/MariaDB renderer: table names, column
// definitions (the full form MODIFY COLUMN needs), index, foreign key and
// check clauses, and table options. Every identifier and literal goes through
// mysql_quote.hpp; expressions, types and defaults are the server's own text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/model.hpp"

namespace strata::detail {

// `t`, or `db`.`t` for a table of another database.
std::string mysql_name(const schema::ObjectName& name);
// (`a`, `b`)
std::string mysql_column_list(const std::vector<std::string>& columns);

// `name` type [COLLATE c] [GENERATED ALWAYS AS (e) STORED|VIRTUAL] [NOT NULL | NULL]
// [DEFAULT d] [ON UPDATE u] [AUTO_INCREMENT] [COMMENT 'c']. A nullable
// TIMESTAMP says NULL, so that no explicit_defaults_for_timestamp=OFF server
// makes it NOT NULL.
std::string mysql_column_definition(const schema::Column& column);

// The index as a table element: "KEY `i` (`a`(10), `b` DESC) COMMENT 'x'",
// "UNIQUE KEY ...", "FULLTEXT KEY ...", "SPATIAL KEY ...", "KEY `i` USING HASH
// (...)". `word` is "KEY" (CREATE TABLE) or "INDEX" (ALTER TABLE ... ADD).
std::string mysql_index_element(const schema::Index& index, std::string_view word = "KEY");
// CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `p` (`id`) [ON DELETE x] [ON UPDATE y];
// RESTRICT, the server's default, is left out.
std::string mysql_foreign_key_element(const schema::ForeignKey& key);
// CONSTRAINT `c` CHECK (expression)
std::string mysql_check_element(const schema::CheckConstraint& check);
// CONSTRAINT `u` UNIQUE KEY (`a`)
std::string mysql_unique_element(const schema::UniqueConstraint& unique);

// ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='x'
// (each part only when set); "" when none is.
std::string mysql_table_options(const schema::Table& table);
// "utf8mb4" from "utf8mb4_general_ci"; "" for a collation without a charset
// prefix ("binary").
std::string mysql_charset_of(std::string_view collation);

// A view body or trigger definition without trailing blanks and ';'.
std::string_view mysql_strip_definition(std::string_view text);

}  // namespace strata::detail
