// The public API of libstrata in one include: Config, Migrator, Error.
#pragma once

#include "strata/config.hpp"
#include "strata/error.hpp"
#include "strata/lint.hpp"
#include "strata/migrator.hpp"
#include "strata/schema_diff.hpp"
