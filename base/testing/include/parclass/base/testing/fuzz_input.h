// FuzzInput: a fuzz target's input read front to back as a little program: one byte picks an
// operation, the next bytes are its arguments. Reads past the end give zeros and empty spans, so a
// target never checks lengths, and a seed is easy to write by hand (printf '\x01\x2c...').
//
//   FuzzInput input(data, size);
//   while (!input.empty()) {
//     switch (input.Byte() % 3) {
//       case 0: Write(input.Bytes(input.Byte())); break;   // a length byte, then that many bytes
//       case 1: Ioctl(input.Pick(kCodes), input.U32()); break;
//       ...
//     }
//   }

#ifndef PARCLASS_BASE_TESTING_FUZZ_INPUT_H_
#define PARCLASS_BASE_TESTING_FUZZ_INPUT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace parclass::testing {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(data, size) {}

  bool empty() const { return rest_.empty(); }

  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const uint8_t byte = rest_.front();
    rest_ = rest_.subspan(1);
    return byte;
  }
  // Little-endian, as the C structures lie in memory.
  uint16_t U16() {
    const uint16_t low = Byte();
    return static_cast<uint16_t>(low | Byte() << 8);
  }
  uint32_t U32() {
    const uint32_t low = U16();
    return low | static_cast<uint32_t>(U16()) << 16;
  }
  // Up to `count` bytes: fewer at the end of the input.
  std::span<const uint8_t> Bytes(size_t count) {
    const std::span<const uint8_t> bytes = rest_.first(count < rest_.size() ? count : rest_.size());
    rest_ = rest_.subspan(bytes.size());
    return bytes;
  }
  // One of `choices`, by one byte.
  template <typename T, size_t kCount>
  const T& Pick(const std::array<T, kCount>& choices) {
    static_assert(kCount > 0 && kCount <= 256, "one byte picks");
    return choices[Byte() % kCount];
  }

 private:
  std::span<const uint8_t> rest_;
};

}  // namespace parclass::testing

#endif  // PARCLASS_BASE_TESTING_FUZZ_INPUT_H_
