// strata::Error — the one error value of strata, and strata::Exception, the one
// exception type the public API throws. An Error carries what a user needs to
// find the cause (file, line, revision, statement, the server's SQLSTATE) and a
// hint for the usual fix. Messages never contain a password: every text that
// may embed a connection string goes through the URL redactor first.
#pragma once

#include <stdexcept>
#include <string>

namespace strata {

// Values are the process exit codes of the CLI (DESIGN section 5).
enum class ErrorCode {
  kFailure = 1,      // the operation failed (bad file, SQL error, unreachable server)
  kUsage = 2,        // bad command line or option value
  kDifference = 3,   // check/verify/current --check-heads found a difference
  kLockTimeout = 4,  // the migration lock was not acquired in time
};

struct Error {
  ErrorCode code = ErrorCode::kFailure;
  std::string message;
  std::string file;       // migration or config file involved, if any
  int line = 0;           // 1-based line in `file`, 0 = unknown
  std::string revision;   // revision id involved, if any
  int statement = 0;      // 1-based statement number within its section, 0 = n/a
  std::string sqlstate;   // server error code (PostgreSQL SQLSTATE, SQLite extended code)
  std::string hint;       // the usual fix, one sentence
  bool in_doubt = false;  // connection lost during COMMIT: outcome unknown

  // "file:line: revision R, statement N: message" followed by "hint: ..." on
  // its own line when there is one.
  std::string to_string() const;
};

class Exception : public std::runtime_error {
 public:
  explicit Exception(Error e);
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

}  // namespace strata
