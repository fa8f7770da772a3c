#include "script/parser.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

enum class Key { kRevision, kRevises, kMessage, kCreated, kDependsOn, kBranchLabels, kCount };
constexpr std::array<std::string_view, static_cast<size_t>(Key::kCount)> kKeyNames = {
    "revision", "revises", "message", "created", "depends-on", "branch-labels"};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Character classes by table: the id checks run for every header value of
// every file the loader reads.
enum CharClass : uint8_t { kIdChar = 1, kLabelChar = 2, kKeyChar = 4 };

constexpr std::array<uint8_t, 256> make_char_classes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || c == '_') t[c] |= kIdChar | kLabelChar | kKeyChar;
    if (c == '.' || c == '-') t[c] |= kLabelChar;
    if (c == '-') t[c] |= kKeyChar;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kCharClasses = make_char_classes();

bool all_of_class(std::string_view s, uint8_t cls) {
  if (s.empty()) return false;
  for (char c : s) {
    if ((kCharClasses[static_cast<unsigned char>(c)] & cls) == 0) return false;
  }
  return true;
}

std::string_view skip_blanks(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return s.substr(i);
}

std::string_view first_word(std::string_view s) {
  size_t end = 0;
  while (end < s.size() && !is_blank(s[end]) && s[end] != '\r') ++end;
  return s.substr(0, end);
}

enum class MarkerKind { kNone, kUp, kDown, kBatch, kUnknown };

struct Marker {
  MarkerKind kind = MarkerKind::kNone;
  std::string_view word;     // what follows `migrate:`
  std::string_view options;  // the rest of the line, trimmed
};

// `-- migrate:WORD [options]` at the start of a line, blanks allowed before and
// after the dashes.
Marker classify(std::string_view line) {
  std::string_view s = skip_blanks(line);
  if (!s.starts_with("--")) return {};
  s = skip_blanks(s.substr(2));
  constexpr std::string_view kPrefix = "migrate:";
  if (!s.starts_with(kPrefix)) return {};
  s.remove_prefix(kPrefix.size());
  Marker m;
  m.word = first_word(s);
  m.options = trim(s.substr(m.word.size()));
  if (m.word == "up") {
    m.kind = MarkerKind::kUp;
  } else if (m.word == "down") {
    m.kind = MarkerKind::kDown;
  } else if (m.word == "batch") {
    m.kind = MarkerKind::kBatch;
  } else {
    m.kind = MarkerKind::kUnknown;
  }
  return m;
}

bool is_key_token(std::string_view s) { return all_of_class(s, kKeyChar); }

std::string suggestion_suffix(std::string_view word, const std::vector<std::string>& candidates,
                              std::string_view prefix = "", std::string_view suffix = "") {
  auto near = closest_matches(word, candidates, 1);
  if (near.empty()) {
    // `upgrade`, `downgrade`: a known word with something stuck to it.
    for (const auto& c : candidates) {
      if (word.starts_with(c)) near.push_back(c);
    }
  }
  if (near.empty()) return "";
  return fmt::format(" (did you mean `{}{}{}`?)", prefix, near.front(), suffix);
}

std::string crlf_to_lf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t cr = text.find("\r\n", pos);
    if (cr == std::string_view::npos) break;
    out.append(text.substr(pos, cr - pos));
    pos = cr + 1;  // keep the '\n'
  }
  out.append(text.substr(pos));
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::string path, Migration& out, ParseDepth depth)
      : text_(text), m_(out), keep_bodies_(depth == ParseDepth::kFull) {
    m_.path = std::move(path);
  }

  Status run();

 private:
  enum class State { kHeader, kStray, kUp, kDown };

  tl::unexpected<Error> error(int line, std::string message, std::string hint = {}) const {
    Error e;
    e.file = m_.path;
    e.line = line;
    e.message = std::move(message);
    e.hint = std::move(hint);
    return tl::unexpected<Error>(std::move(e));
  }

  Status header_line(std::string_view line, int line_no);
  Status header_value(Key key, std::string_view value, int line_no);
  Status id_list(std::string_view value, Key key, int line_no, std::vector<std::string>& out);
  Status section_options(std::string_view options, std::string_view marker, int line_no,
                         Section& s);
  size_t next_marker_line(size_t pos) const;
  void close_section(size_t end) {
    if (current_ != nullptr && keep_bodies_)
      current_->body.assign(text_.substr(body_begin_, end - body_begin_));
  }

  std::string_view text_;
  Migration& m_;
  bool keep_bodies_;
  State state_ = State::kHeader;
  std::array<int, static_cast<size_t>(Key::kCount)> key_line_{};
  int up_line_ = 0;
  int down_line_ = 0;
  int first_sql_line_ = 0;
  Section* current_ = nullptr;
  size_t body_begin_ = 0;
};

Status Parser::run() {
  int line_no = 0;
  size_t pos = 0;
  while (pos < text_.size()) {
    if (state_ != State::kHeader) {
      // Inside a section only marker lines matter: jump to the next one.
      size_t marker = next_marker_line(pos);
      if (marker == std::string_view::npos) break;
      line_no += static_cast<int>(std::count(text_.begin() + pos, text_.begin() + marker, '\n'));
      pos = marker;
    }
    size_t nl = text_.find('\n', pos);
    size_t line_end = nl == std::string_view::npos ? text_.size() : nl;
    size_t next = nl == std::string_view::npos ? text_.size() : nl + 1;
    std::string_view line = text_.substr(pos, line_end - pos);
    ++line_no;
    Marker mk = classify(line);
    if (state_ == State::kStray) {
      if (mk.kind == MarkerKind::kUp) {
        return error(first_sql_line_, "SQL before `-- migrate:up`",
                     "statements belong under a `-- migrate:up` or `-- migrate:down` marker");
      }
    } else if (mk.kind == MarkerKind::kNone) {
      if (state_ == State::kHeader) STRATA_CHECK(header_line(line, line_no));
    } else if (mk.kind == MarkerKind::kUnknown) {
      return error(line_no,
                   fmt::format("unknown marker `-- migrate:{}`{}", mk.word,
                               suggestion_suffix(mk.word, {"up", "down", "batch"}, "-- migrate:")),
                   "markers are `-- migrate:up`, `-- migrate:down` and `-- migrate:batch`");
    } else if (mk.kind == MarkerKind::kBatch) {
      if (current_ == nullptr) return error(line_no, "`-- migrate:batch` outside a section");
      if (!mk.options.empty()) {
        return error(line_no,
                     fmt::format("unexpected text `{}` after `-- migrate:batch`", mk.options));
      }
      current_->batch_lines.push_back(line_no);
    } else if (mk.kind == MarkerKind::kUp) {
      if (up_line_ != 0) {
        return error(
            line_no,
            fmt::format("second `-- migrate:up` section (the first is at line {})", up_line_));
      }
      STRATA_CHECK(section_options(mk.options, "-- migrate:up", line_no, m_.up));
      up_line_ = line_no;
      m_.up.present = true;
      m_.up.first_line = line_no + 1;
      current_ = &m_.up;
      body_begin_ = next;
      state_ = State::kUp;
    } else {  // kDown
      if (down_line_ != 0) {
        return error(
            line_no,
            fmt::format("second `-- migrate:down` section (the first is at line {})", down_line_));
      }
      if (up_line_ == 0) return error(line_no, "`-- migrate:down` before `-- migrate:up`");
      STRATA_CHECK(section_options(mk.options, "-- migrate:down", line_no, m_.down));
      close_section(pos);
      down_line_ = line_no;
      m_.down.present = true;
      m_.down.first_line = line_no + 1;
      current_ = &m_.down;
      body_begin_ = next;
      state_ = State::kDown;
    }
    pos = next;
  }
  if (up_line_ == 0) {
    Error e;
    e.file = m_.path;
    e.message = "no `-- migrate:up` section";
    e.hint = "a migration file needs a `-- migrate:up` line before its statements";
    return fail(std::move(e));
  }
  close_section(text_.size());
  if (key_line_[static_cast<size_t>(Key::kRevision)] == 0) {
    Error e;
    e.file = m_.path;
    e.message = "missing `-- revision:` header";
    e.hint = "add a line `-- revision: ID` at the top of the file";
    return fail(std::move(e));
  }
  return {};
}

// The start of the next line at or after `pos` (a line start) whose first
// non-blank text is `--`, blanks, `migrate:`; npos when there is none.
size_t Parser::next_marker_line(size_t pos) const {
  const char* data = text_.data();
  size_t size = text_.size();
  size_t from = pos;
  while (from < size) {
    const void* hit = std::memchr(data + from, '-', size - from);
    if (hit == nullptr) break;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - data);
    if (at + 1 >= size) break;
    if (data[at + 1] != '-') {
      from = at + 1;
      continue;
    }
    size_t line_start = at;
    while (line_start > pos && is_blank(data[line_start - 1])) --line_start;
    if ((line_start == pos || data[line_start - 1] == '\n') &&
        skip_blanks(text_.substr(at + 2)).starts_with("migrate:")) {
      return line_start;
    }
    // The rest of this line is a comment: no marker can start inside it.
    const void* nl = std::memchr(data + at, '\n', size - at);
    if (nl == nullptr) break;
    from = static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
  }
  return std::string_view::npos;
}

Status Parser::header_line(std::string_view line, int line_no) {
  std::string_view s = trim(line);
  if (s.empty()) return {};
  if (!s.starts_with("--")) {
    state_ = State::kStray;
    first_sql_line_ = line_no;
    return {};
  }
  std::string_view content = trim(s.substr(2));
  if (content.empty()) return {};
  size_t colon = content.find(':');
  std::string_view key =
      colon == std::string_view::npos ? std::string_view() : trim_right(content.substr(0, colon));
  if (!is_key_token(key)) {
    return error(line_no, "malformed header line: expected `-- key: value`",
                 "every comment line before `-- migrate:up` is a header line");
  }
  for (size_t k = 0; k < kKeyNames.size(); ++k) {
    if (key != kKeyNames[k]) continue;
    if (key_line_[k] != 0) {
      return error(line_no, fmt::format("duplicate header key `{}` (the first is at line {})", key,
                                        key_line_[k]));
    }
    key_line_[k] = line_no;
    return header_value(static_cast<Key>(k), trim(content.substr(colon + 1)), line_no);
  }
  std::vector<std::string> known(kKeyNames.begin(), kKeyNames.end());
  std::string near = suggestion_suffix(key, known);
  return error(line_no, fmt::format("unknown header key `{}`{}", key, near),
               fmt::format("header keys are {}", join(known, ", ")));
}

Status Parser::header_value(Key key, std::string_view value, int line_no) {
  switch (key) {
    case Key::kRevision:
      if (value.empty()) return error(line_no, "empty `revision:`");
      if (!is_valid_revision_id(value)) {
        return error(
            line_no,
            fmt::format("invalid revision id `{}`: use only letters, digits and _", value));
      }
      m_.id.assign(value);
      return {};
    case Key::kRevises:
      return id_list(value, key, line_no, m_.revises);
    case Key::kMessage:
      m_.message.assign(value);
      return {};
    case Key::kCreated:
      m_.created.assign(value);
      return {};
    case Key::kDependsOn:
      return id_list(value, key, line_no, m_.depends_on);
    case Key::kBranchLabels:
      return id_list(value, key, line_no, m_.branch_labels);
    case Key::kCount:
      break;
  }
  return {};
}

Status Parser::id_list(std::string_view value, Key key, int line_no,
                       std::vector<std::string>& out) {
  out = split_list(value, ',');
  for (const auto& item : out) {
    if (key == Key::kRevises) {
      if (!is_valid_revision_id(item)) {
        return error(line_no,
                     fmt::format("invalid revision id `{}` in `revises:`: use only letters, "
                                 "digits and _",
                                 item));
      }
    } else if (!is_valid_label(item)) {
      return error(line_no, fmt::format("invalid name `{}` in `{}:`: use only letters, digits, _, "
                                        ". and -",
                                        item, kKeyNames[static_cast<size_t>(key)]));
    }
  }
  return {};
}

Status Parser::section_options(std::string_view options, std::string_view marker, int line_no,
                               Section& s) {
  while (!options.empty()) {
    std::string_view token = first_word(options);
    options = skip_blanks(options.substr(token.size()));
    size_t colon = token.find(':');
    std::string_view name = token.substr(0, colon);
    if (name != "transaction") {
      return error(line_no,
                   fmt::format("unknown option `{}` on `{}`{}", name, marker,
                               suggestion_suffix(name, {"transaction"})),
                   "the only option is transaction:false");
    }
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : token.substr(colon + 1);
    if (value == "false") {
      s.transaction = false;
    } else if (value == "true") {
      s.transaction = true;
    } else {
      return error(line_no, fmt::format("invalid value `{}` for option `transaction` on `{}`: use "
                                        "transaction:false or transaction:true",
                                        value, marker));
    }
  }
  return {};
}

}  // namespace

bool is_valid_revision_id(std::string_view id) { return all_of_class(id, kIdChar); }

bool is_valid_label(std::string_view label) { return all_of_class(label, kLabelChar); }

Status parse_migration_into(std::string_view text, std::string path, Migration& out,
                            ParseDepth depth) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  if (text.find('\r') != std::string_view::npos) {
    std::string normalized = crlf_to_lf(text);
    return Parser(normalized, std::move(path), out, depth).run();
  }
  return Parser(text, std::move(path), out, depth).run();
}

Result<Migration> parse_migration(std::string_view text, std::string path) {
  Migration m;
  STRATA_CHECK(parse_migration_into(text, std::move(path), m));
  return m;
}

}  // namespace strata::detail
