// Building blocks of the differ: hashing of object names and the keyed
// matching of two lists of objects into the ones on both sides and the ones
// on one side only.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
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
