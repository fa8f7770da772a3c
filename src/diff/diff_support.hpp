// Building blocks of the differ: hashing of object names, the keyed
// matching of two lists of objects into the ones on both sides and the ones
// on one side only, and whether an expression names a column.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "schema/model.hpp"

namespace strata::detail::diff {

struct NameHash {
  size_t operator()(const schema::ObjectName& n) const noexcept {
    size_t h = std::hash<std::string>{}(n.schema);
    return h ^ (std::hash<std::string>{}(n.name) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

template <class V>
using NameMap = std::unordered_map<schema::ObjectName, V, NameHash>;
using NameSet = std::unordered_set<schema::ObjectName, NameHash>;

// Parts joined by a separator no identifier or type text contains, so that
// different lists give different keys.
inline std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += p;
    out += '\x1f';
  }
  return out;
}

inline std::string name_key(const schema::ObjectName& n) { return n.schema + '\x1f' + n.name; }

// Whether the expression `text`, as an engine printed it, names `name`: a word
// outside string literals, bare or quoted ("x", `x`, [x]), compared without
// case. It may answer yes for a function or a qualifier of that name: callers
// use it to stay on the safe side, never to prove an expression unrelated.
inline bool mentions(std::string_view text, std::string_view name) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto same = [&](std::string_view word) {
    if (word.size() != name.size()) return false;
    for (size_t k = 0; k < word.size(); ++k) {
      if (lower(word[k]) != lower(name[k])) return false;
    }
    return true;
  };
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      std::string word;
      size_t j = i + 1;
      for (; j < text.size(); ++j) {
        if (text[j] != close) {
          word += text[j];
        } else if (j + 1 < text.size() && text[j + 1] == close && close != ']') {
          word += close;  // a doubled quote stands for itself
          ++j;
        } else {
          break;
        }
      }
      if (c != '\'' && same(word)) return true;
      i = j + 1;
    } else if (word_char(c)) {
      size_t j = i;
      while (j < text.size() && word_char(text[j])) ++j;
      if (same(text.substr(i, j - i))) return true;
      i = j;
    } else {
      ++i;
    }
  }
  return false;
}

template <class T>
struct Matching {
  std::vector<std::pair<const T*, const T*>> both;
  std::vector<const T*> only_from;
  std::vector<const T*> only_to;
};

// Pairs the items of `from` and `to` whose keys are equal. Each list of the
// result is in key order, which makes the differ's output deterministic
// whatever order its inputs are in.
template <class T, class FromKey, class ToKey>
Matching<T> match_by_key(const std::vector<T>& from, const std::vector<T>& to, FromKey from_key,
                         ToKey to_key) {
  using Keyed = std::pair<std::string, const T*>;
  auto keyed = [](const std::vector<T>& items, auto& key_of) {
    std::vector<Keyed> out;
    out.reserve(items.size());
    for (const auto& item : items) out.emplace_back(key_of(item), &item);
    std::stable_sort(out.begin(), out.end(),
                     [](const Keyed& a, const Keyed& b) { return a.first < b.first; });
    return out;
  };
  std::vector<Keyed> f = keyed(from, from_key);
  std::vector<Keyed> t = keyed(to, to_key);
  Matching<T> m;
  size_t i = 0, j = 0;
  while (i < f.size() && j < t.size()) {
    if (f[i].first < t[j].first) {
      m.only_from.push_back(f[i++].second);
    } else if (t[j].first < f[i].first) {
      m.only_to.push_back(t[j++].second);
    } else {
      m.both.emplace_back(f[i++].second, t[j++].second);
    }
  }
  for (; i < f.size(); ++i) m.only_from.push_back(f[i].second);
  for (; j < t.size(); ++j) m.only_to.push_back(t[j].second);
  return m;
}

template <class T, class Key>
Matching<T> match_by_key(const std::vector<T>& from, const std::vector<T>& to, Key key) {
  return match_by_key(from, to, key, key);
}

}  // namespace strata::detail::diff
