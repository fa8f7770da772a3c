// The round-trip conformance suite's cases: pairs of schemas (A, B) written
// as SQL scripts in one dialect, with rows valid for A. The harness builds A
// and B on scratch databases, migrates A to B with the generated up section,
// checks that the result is B and that the rows survived, then runs the down
// section and checks that A is back. Hand-written cases cover each change
// kind; a seeded generator adds random pairs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diff/differ.hpp"

namespace strata::conformance {

enum class Flavor { sqlite, postgres, mysql };

struct Case {
  std::string name;  // [A-Za-z0-9_]: becomes the test's name
  std::string a;     // DDL building A
  std::string rows;  // INSERTs valid for A, run after `a`
  std::string b;     // DDL building B
  detail::RenameHints hints;
  // Change kinds (schema::kind_name) the diff must contain, so that a case
  // proves it exercises what it is named after.
  std::vector<std::string> expect_kinds;
  // Text that no up or down statement may contain (a canary table's name).
  std::vector<std::string> untouched;
  // The down section must restore A's column order too. Off by default:
  // a column the up dropped comes back last (ALTER TABLE ADD COLUMN appends
  // and the differ ignores column order), which the cases that set this flag
  // report on their own.
  bool down_keeps_column_order = false;
  // Non-empty: a known defect of the code under test; the case is skipped
  // with this reason until the defect is fixed.
  std::string known;
};

std::vector<Case> sqlite_cases();
std::vector<Case> postgres_cases();
std::vector<Case> mysql_cases();

// A random pair for `seed`: the same seed gives the same case on every
// machine (the generator uses its own PRNG, not <random>'s distributions).
Case random_case(Flavor flavor, uint64_t seed);

}  // namespace strata::conformance
