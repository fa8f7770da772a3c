#include "script/expand.hpp"

#include <vector>

#include "common/strings.hpp"

namespace strata::detail {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

std::string_view skip_blanks(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return s.substr(i);
}

enum class Directive { kNone, kIf, kElse, kEndif };

struct DirectiveLine {
  Directive kind = Directive::kNone;
  std::string_view rest;  // the condition of an `if`, or stray text after else/endif
};

DirectiveLine classify(std::string_view line) {
  std::string_view s = skip_blanks(line);
  if (!s.starts_with("--")) return {};
  s = skip_blanks(s.substr(2));
  constexpr std::string_view kPrefix = "strata:";
  if (!s.starts_with(kPrefix)) return {};
  s.remove_prefix(kPrefix.size());
  size_t end = 0;
  while (end < s.size() && !is_blank(s[end]) && s[end] != '\r') ++end;
  std::string_view word = s.substr(0, end);
  DirectiveLine d;
  d.rest = trim(s.substr(end));
  if (word == "if") {
    d.kind = Directive::kIf;
  } else if (word == "else") {
    d.kind = Directive::kElse;
  } else if (word == "endif") {
    d.kind = Directive::kEndif;
  }
  return d;
}

struct Frame {
  bool parent_active;
  bool condition;
  bool in_else;
  int line;
};

class Expander {
 public:
  Expander(const Section& s, const std::map<std::string, std::string>& x, std::string_view path)
      : s_(s), x_(x), path_(path) {}

  Result<std::string> run();

 private:
  tl::unexpected<Error> error(int line, std::string message, std::string hint = {}) const {
    Error e;
    e.file = std::string(path_);
    e.line = line;
    e.message = std::move(message);
    e.hint = std::move(hint);
    return tl::unexpected<Error>(std::move(e));
  }

  Result<bool> condition(std::string_view text, int line) const;
  Status substitute(std::string_view line, int line_no);

  const Section& s_;
  const std::map<std::string, std::string>& x_;
  std::string_view path_;
  std::string out_;
};

Result<bool> Expander::condition(std::string_view text, int line) const {
  auto malformed = [&] {
    return error(line, fmt::format("malformed condition `{}` in `-- strata:if`", text),
                 "write `-- strata:if x.KEY`, `-- strata:if !x.KEY` or `-- strata:if x.KEY == "
                 "VALUE`");
  };
  std::string_view s = text;
  bool negate = false;
  if (s.starts_with("!")) {
    negate = true;
    s = skip_blanks(s.substr(1));
  }
  if (!s.starts_with("x.")) return malformed();
  s.remove_prefix(2);
  size_t end = 0;
  while (end < s.size() && is_key_char(s[end])) ++end;
  if (end == 0) return malformed();
  auto it = x_.find(std::string(s.substr(0, end)));
  s = skip_blanks(s.substr(end));
  if (s.empty()) {
    bool set = it != x_.end() && !it->second.empty();
    return negate ? !set : set;
  }
  if (negate) return malformed();
  bool equal_op;
  if (s.starts_with("==")) {
    equal_op = true;
  } else if (s.starts_with("!=")) {
    equal_op = false;
  } else {
    return malformed();
  }
  std::string_view value = trim(s.substr(2));
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  bool equal = it != x_.end() && it->second == value;
  return equal_op ? equal : !equal;
}

Status Expander::substitute(std::string_view line, int line_no) {
  size_t i = 0;
  while (true) {
    size_t open = line.find("{{", i);
    if (open == std::string_view::npos) break;
    std::string_view inner = skip_blanks(line.substr(open + 2));
    if (!inner.starts_with("x.")) {
      // Not ours (a Jinja-like template in a string, say): keep one brace and look on.
      out_.append(line.substr(i, open + 1 - i));
      i = open + 1;
      continue;
    }
    inner.remove_prefix(2);
    size_t key_len = 0;
    while (key_len < inner.size() && is_key_char(inner[key_len])) ++key_len;
    std::string_view key = inner.substr(0, key_len);
    std::string_view after = skip_blanks(inner.substr(key_len));
    if (key.empty() || !after.starts_with("}}")) {
      size_t shown = line.find("}}", open);
      std::string_view text = shown == std::string_view::npos ? trim_right(line.substr(open))
                                                              : line.substr(open, shown + 2 - open);
      return error(line_no, fmt::format("malformed placeholder `{}`", text),
                   "write `{{x.KEY}}` for the value given with -x KEY=VALUE");
    }
    auto it = x_.find(std::string(key));
    if (it == x_.end()) {
      return error(line_no, fmt::format("-x {}=... not given", key),
                   fmt::format("this migration needs `-x {}=VALUE` on the command line", key));
    }
    out_.append(line.substr(i, open - i));
    out_.append(it->second);
    i = static_cast<size_t>(after.data() + 2 - line.data());
  }
  out_.append(line.substr(i));
  return {};
}

Result<std::string> Expander::run() {
  std::string_view body = s_.body;
  out_.reserve(body.size());
  std::vector<Frame> stack;
  bool active = true;
  int line_no = s_.first_line;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    size_t next = nl == std::string_view::npos ? body.size() : nl + 1;
    // The line with its newline, so dropped lines keep exactly one '\n'.
    std::string_view line = body.substr(pos, next - pos);
    bool has_newline = nl != std::string_view::npos;
    DirectiveLine d = classify(line.substr(0, line.size() - (has_newline ? 1 : 0)));
    switch (d.kind) {
      case Directive::kIf: {
        STRATA_TRY(bool cond, condition(d.rest, line_no));
        stack.push_back(Frame{active, cond, false, line_no});
        active = active && cond;
        break;
      }
      case Directive::kElse:
        if (stack.empty()) return error(line_no, "`-- strata:else` without `-- strata:if`");
        if (stack.back().in_else) {
          return error(line_no, fmt::format("second `-- strata:else` for the `-- strata:if` at "
                                            "line {}",
                                            stack.back().line));
        }
        stack.back().in_else = true;
        active = stack.back().parent_active && !stack.back().condition;
        break;
      case Directive::kEndif:
        if (stack.empty()) return error(line_no, "`-- strata:endif` without `-- strata:if`");
        active = stack.back().parent_active;
        stack.pop_back();
        break;
      case Directive::kNone:
        if (active) {
          STRATA_CHECK(substitute(line, line_no));
          pos = next;
          ++line_no;
          continue;
        }
        break;
    }
    if (has_newline) out_.push_back('\n');
    pos = next;
    ++line_no;
  }
  if (!stack.empty()) {
    return error(stack.back().line, "`-- strata:if` without `-- strata:endif`");
  }
  return std::move(out_);
}

}  // namespace

Result<std::string> expand_section(const Section& s, const std::map<std::string, std::string>& x,
                                   std::string_view path) {
  // Most migrations use neither feature: skip the line walk.
  if (s.body.find("{{") == std::string::npos && s.body.find("strata:") == std::string::npos) {
    return s.body;
  }
  return Expander(s, x, path).run();
}

}  // namespace strata::detail
