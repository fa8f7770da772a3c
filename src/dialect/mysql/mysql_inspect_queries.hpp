// The information_schema queries of the MySQL/MariaDB inspector. Each reads
// one section for the whole database (TABLE_SCHEMA = DATABASE()), so the
// number of round trips is fixed whatever the number of tables. Joins between
// information_schema tables are avoided: MariaDB materializes each side and
// joins them without an index (KEY_COLUMN_USAGE x REFERENTIAL_CONSTRAINTS took
// 0.4 s on 1,000 foreign keys), so the inspector joins on the client instead.
// Rows of tables strata does not report (views, excluded tables) are dropped
// on the client too: the server cannot skip them any cheaper.
#pragma once

#include <string_view>

namespace strata::detail::mysql_inspect {

// NULL when the session has no current database.
inline constexpr std::string_view kDatabaseSql = "SELECT DATABASE()";

// TABLE_TYPE: BASE TABLE, SYSTEM VERSIONED (MariaDB), VIEW, SEQUENCE (MariaDB).
inline constexpr std::string_view kTablesSql =
    "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT "
    "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()";

inline constexpr std::string_view kColumnsSql =
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME, "
    "EXTRA, GENERATION_EXPRESSION, COLUMN_COMMENT "
    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, ORDINAL_POSITION";

// {expression}: STATISTICS.EXPRESSION (functional key parts, MySQL 8.0.13+)
// or NULL on servers without the column.
inline constexpr std::string_view kStatisticsSql =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, {expression}, "
    "COLLATION, SUB_PART, INDEX_TYPE, INDEX_COMMENT "
    "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

inline constexpr std::string_view kForeignKeyColumnsSql =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA, "
    "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
    "FROM information_schema.KEY_COLUMN_USAGE "
    "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL "
    "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

inline constexpr std::string_view kForeignKeyRulesSql =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
    "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

// MariaDB names check constraints per table and lists the table
// (CHECK_CONSTRAINTS.TABLE_NAME, 10.2.22 / 10.3.10 on).
inline constexpr std::string_view kChecksMariadbSql =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE "
    "FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

// MySQL 8.0.16+ names them per database and has no TABLE_NAME column: the
// table comes from TABLE_CONSTRAINTS (a data dictionary view there, so the
// join is cheap).
inline constexpr std::string_view kChecksMysqlSql =
    "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE "
    "FROM information_schema.CHECK_CONSTRAINTS c "
    "JOIN information_schema.TABLE_CONSTRAINTS t "
    "ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME "
    "AND t.CONSTRAINT_TYPE = 'CHECK' "
    "WHERE c.CONSTRAINT_SCHEMA = DATABASE() AND t.TABLE_SCHEMA = DATABASE()";

inline constexpr std::string_view kViewsSql =
    "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
    "WHERE TABLE_SCHEMA = DATABASE()";

inline constexpr std::string_view kTriggersSql =
    "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, "
    "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()";

// Procedures, functions and events: detected and reported, not recreated.
inline constexpr std::string_view kRoutinesSql =
    "SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES "
    "WHERE ROUTINE_SCHEMA = DATABASE() "
    "UNION ALL SELECT 'event', EVENT_NAME FROM information_schema.EVENTS "
    "WHERE EVENT_SCHEMA = DATABASE()";

}  // namespace strata::detail::mysql_inspect
