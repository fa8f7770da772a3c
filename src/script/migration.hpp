// A migration: one revision's header and its up/down sections, as parsed from
// a `.sql` file (DESIGN section 3) or registered in code through the library.
// The parser keeps each section's text and line numbers; splitting into
// statements belongs to the dialect, which knows the engine's rules.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace strata::detail {

// (Members in size order: the loader holds one Migration per file.)
struct Section {
  std::string body;              // text after the marker line, up to the next marker or EOF;
                                 // empty when parsed with ParseDepth::kHeaders
  std::vector<int> batch_lines;  // file lines holding `-- migrate:batch`
  int first_line = 0;            // file line number of body's first line
  bool present = false;
  bool transaction = true;  // false: `-- migrate:up transaction:false`
};

// Runs a code migration's up or down on the runner's connection. The argument
// executes one SQL statement; the function returns an error to abort.
using SqlExec = std::function<Status(std::string_view sql)>;
using CodeStep = std::function<Status(const SqlExec& exec)>;
struct CodeSteps {
  CodeStep up;
  CodeStep down;  // unset = irreversible code migration
};

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
  std::shared_ptr<const CodeSteps> code;  // set for code migrations only

  bool is_code() const { return code != nullptr; }
  bool reversible() const { return is_code() ? static_cast<bool>(code->down) : down.present; }
};

}  // namespace strata::detail
