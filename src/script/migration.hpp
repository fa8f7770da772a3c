// A migration: one revision's header and its up/down sections, as parsed from
// a `.sql` file (DESIGN section 3) or registered in code through the library.
// The parser keeps each section's text and line numbers; splitting into
// statements belongs to the dialect, which knows the engine's rules.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace strata::detail {

struct Section {
  bool present = false;
  bool transaction = true;       // false: `-- migrate:up transaction:false`
  std::string body;              // text after the marker line, up to the next marker or EOF;
                                 // empty when parsed with ParseDepth::kHeaders
  int first_line = 0;            // file line number of body's first line
  std::vector<int> batch_lines;  // file lines holding `-- migrate:batch`
};

// Runs a code migration's up or down on the runner's connection. The argument
// executes one SQL statement; the function returns an error to abort.
using SqlExec = std::function<Status(std::string_view sql)>;
using CodeStep = std::function<Status(const SqlExec& exec)>;

// How much of a file the parser keeps. kHeaders checks the whole file as
// kFull does but leaves the section bodies empty: listings of the history
// (`heads`, `history`, `current`) need no SQL, and copying it is most of
// their memory.
enum class ParseDepth { kFull, kHeaders };

struct Migration {
  std::string id;
  // The edge lists below move into the revision graph once it is built; read
  // them from there afterwards.
  std::vector<std::string> revises;  // parents; empty = a root
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  std::string message;
  std::string created;
  std::string path;  // file it came from; "" for code migrations
  Section up;
  Section down;
  CodeStep code_up;    // set for code migrations only
  CodeStep code_down;  // unset = irreversible code migration

  bool is_code() const { return static_cast<bool>(code_up); }
  bool reversible() const { return is_code() ? static_cast<bool>(code_down) : down.present; }
};

}  // namespace strata::detail
