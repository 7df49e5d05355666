// Deterministic byte patterns for the QEMU stage.
//
// The guest writes a pattern to a port and QEMU puts every byte it strobes out into a file on the
// host; the host computes the same pattern on its own and compares the two byte for byte. A
// pattern is a pure function of a seed and an index, so both sides agree without sharing
// anything but this header, and byte i can be computed without the bytes before it (a mismatch
// report can name the byte expected at any offset).
//
//   std::vector<uint8_t> bytes = Pattern(/*seed=*/1, 64 * 1024);
//   bytes[5] == PatternByte(1, 5);                   // always
//
// Every byte value occurs (0x00, 0xff and the control characters included), so a driver that
// translated or dropped bytes would show.

#ifndef PARCLASS_QEMU_PATTERNS_H_
#define PARCLASS_QEMU_PATTERNS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace parclass::qemu {

// Byte `index` of pattern `seed`: the low byte of a 32-bit integer hash ("lowbias32", Chris
// Wellons' hash-prospector) of the seed and index.
constexpr uint8_t PatternByte(uint32_t seed, size_t index) {
  uint32_t x = (seed * 0x9e37'79b9U) ^ static_cast<uint32_t>(index);
  x ^= x >> 16;
  x *= 0x7feb'352dU;
  x ^= x >> 15;
  x *= 0x846c'a68bU;
  x ^= x >> 16;
  return static_cast<uint8_t>(x);
}

inline std::vector<uint8_t> Pattern(uint32_t seed, size_t length) {
  std::vector<uint8_t> bytes(length);
  for (size_t i = 0; i < length; ++i) bytes[i] = PatternByte(seed, i);
  return bytes;
}

}  // namespace parclass::qemu

#endif  // PARCLASS_QEMU_PATTERNS_H_
