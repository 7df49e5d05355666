// A set of flags drawn from one `enum class`, for bit masks that have names in a header (the
// Windows PPT_* capabilities, the IEEE 1284 protocol mode bits) without giving up type safety.
//
//   enum class Capability : uint32_t { kEcp = 0x01, kEpp = 0x02 };
//   Flags<Capability> caps = Flags(Capability::kEcp) | Capability::kEpp;
//   if (caps.contains(Capability::kEpp)) { ... }
//   uint32_t header_value = caps.bits();   // 0x03, exactly as the Windows header spells it

#ifndef PARCLASS_BASE_FLAGS_H_
#define PARCLASS_BASE_FLAGS_H_

#include <type_traits>

namespace parclass {

template <typename E>
requires std::is_enum_v<E>
class Flags {
 public:
  using Bits = std::underlying_type_t<E>;

  constexpr Flags() = default;
  constexpr Flags(E flag)
      : bits_(static_cast<Bits>(flag)) {}  // NOLINT(google-explicit-constructor)
  static constexpr Flags FromBits(Bits bits) {
    Flags flags;
    flags.bits_ = bits;
    return flags;
  }

  constexpr Bits bits() const { return bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  // True if every bit of `flags` is set here.
  constexpr bool contains(Flags flags) const { return (bits_ & flags.bits_) == flags.bits_; }
  // True if any bit of `flags` is set here.
  constexpr bool intersects(Flags flags) const { return (bits_ & flags.bits_) != 0; }

  constexpr Flags operator|(Flags other) const { return FromBits(bits_ | other.bits_); }
  constexpr Flags operator&(Flags other) const { return FromBits(bits_ & other.bits_); }
  constexpr Flags without(Flags other) const { return FromBits(bits_ & ~other.bits_); }
  constexpr Flags& operator|=(Flags other) { return *this = *this | other; }
  constexpr Flags& operator&=(Flags other) { return *this = *this & other; }
  friend constexpr bool operator==(Flags, Flags) = default;

 private:
  Bits bits_ = 0;
};

}  // namespace parclass

#endif  // PARCLASS_BASE_FLAGS_H_
