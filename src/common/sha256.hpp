// SHA-256 (FIPS 180-4), used for migration checksums. Incremental: feed any
// number of update() calls, then digest() once. Not thread-safe per object;
// independent objects may be used from different threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::detail {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // Finishes the hash. The object must not be updated afterwards.
  std::array<uint8_t, 32> digest();

 private:
  void compress(const unsigned char* block);

  std::array<uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lowercase hex of the SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);
// Lowercase hex of a digest (64 characters).
std::string sha256_hex(const std::array<uint8_t, 32>& digest);

}  // namespace strata::detail
