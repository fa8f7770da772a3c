// The order MySQL needs on top of the differ's. A foreign key needs an index
// whose leading columns are its own (MySQL creates one, named after the key,
// when none exists, and refuses to drop an index a key needs: error 1553), and
// a table referenced by a foreign key cannot be dropped. The differ already
// drops keys before indexes and tables and creates indexes before keys; this
// pass makes any list hold to it, by moving changes earlier, stably:
//  - a DropForeignKey goes before an earlier DropIndex on the same table whose
//    leading columns are the key's columns;
//  - a DropForeignKey referencing a table goes before an earlier DropTable of
//    that table;
//  - a CreateIndex whose leading columns are a foreign key's goes before an
//    earlier AddForeignKey of that key on the same table.
// A move never crosses a change that creates, drops or renames the table.
// Implied changes (rendered as nothing) are neither moved nor looked at.
#pragma once

#include "schema/change.hpp"

namespace strata::detail {

schema::ChangeList mysql_order_changes(const schema::ChangeList& changes);

// The table a change is about (the old name for RenameTable, the table of a
// trigger, the object of a table or column comment); nullptr for others.
const schema::ObjectName* mysql_change_table(const schema::ChangeOp& op);
// The change creates, drops or renames `table` (either name of a rename).
bool mysql_creates_or_drops(const schema::ChangeOp& op, const schema::ObjectName& table);

}  // namespace strata::detail
