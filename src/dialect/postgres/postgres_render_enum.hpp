// Enum changes for the PostgreSQL renderer. Adding values uses ALTER TYPE ...
// ADD VALUE, which cannot run in a transaction before PostgreSQL 12 and whose
// new values cannot be used by the transaction that added them; any other
// change (a value removed, renamed or moved) swaps the type: rename the old
// one, create the new one, convert every column through text, drop the old.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "schema/change.hpp"

namespace strata::detail {

// "('a', 'b')": the value list of CREATE TYPE ... AS ENUM.
std::string pg_enum_values(const std::vector<std::string>& values);

// The statements of the AlterEnum at `changes[index]`. The changes after it
// decide whether ADD VALUE must run outside a transaction (a later change uses
// the type or a new value); the changes before it, applied to context.from (or,
// without it, context.to), tell which columns hold the type when it is swapped.
std::vector<schema::Statement> pg_render_alter_enum(const schema::ChangeList& changes, size_t index,
                                                    const schema::RenderContext& context);

}  // namespace strata::detail
