// Typed 8-bit registers that read like the datasheet.
//
// A register type is a value class: it holds one 8-bit value, declares its bit fields from high to
// low (reserved bits included, checked at compile time to cover all eight bits exactly once), and
// knows its own address. Reading and writing go through a RegisterIo:
//
//   class Dcr : public Register<Dcr, RegisterBlock::kBase, 2> {
//    public:
//     static constexpr std::string_view kName = "dcr";
//     static constexpr Field kDirection{"direction", 5};
//     ...
//     static constexpr std::array kFields = {kReserved, kDirection, ...};
//     constexpr bool direction() const { return bit(kDirection); }
//     constexpr Dcr& set_direction(bool on) { return set(kDirection, on); }
//   };
//
//   hw::Dsr status = hw::Dsr::Get().ReadFrom(io);
//   hw::Dcr::Get().set_n_init(true).set_direction(true).WriteTo(io);
//   log(status.Describe());                     // "dsr=0x78 [n_ack p_error select n_fault]"

#ifndef PARCLASS_HW_REGISTER_H_
#define PARCLASS_HW_REGISTER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "parclass/base/assert.h"
#include "parclass/hw/address.h"
#include "parclass/hw/register_io.h"

namespace parclass::hw {

enum class Access : uint8_t { kReadWrite, kReadOnly, kWriteOnly };

// One bit field of a register: bits high..low.
struct Field {
  constexpr Field(std::string_view field_name, uint8_t high_bit, uint8_t low_bit,
                  std::span<const std::string_view> names = {})
      : name(field_name), high(high_bit), low(low_bit), value_names(names) {}
  constexpr Field(std::string_view field_name, uint8_t bit) : Field(field_name, bit, bit) {}

  constexpr uint8_t width() const { return high - low + 1; }
  constexpr uint8_t mask() const { return static_cast<uint8_t>(((1u << width()) - 1) << low); }
  constexpr uint8_t Extract(uint8_t raw) const { return (raw & mask()) >> low; }
  constexpr uint8_t Insert(uint8_t raw, uint8_t value) const {
    return static_cast<uint8_t>((raw & ~mask()) | ((value << low) & mask()));
  }
  // Bits the register does not define (described by their numbers, never named by a setter).
  static constexpr Field Reserved(uint8_t high_bit, uint8_t low_bit) {
    Field field("reserved", high_bit, low_bit);
    field.reserved = true;
    return field;
  }
  static constexpr Field Reserved(uint8_t bit) { return Reserved(bit, bit); }
  constexpr bool is_reserved() const { return reserved; }

  std::string_view name;
  uint8_t high;
  uint8_t low;
  std::span<const std::string_view> value_names;  // Names of the values, if the field has them.
  bool reserved = false;
};

// True if `fields` are declared from high to low and cover bits 7..0 exactly once.
template <size_t kCount>
constexpr bool IsCompleteLayout(const std::array<Field, kCount>& fields) {
  int next_high = 7;
  for (const Field& field : fields) {
    if (field.high > 7 || field.low > field.high || field.high != next_high) return false;
    if (!field.value_names.empty() && field.value_names.size() != (1u << field.width())) {
      return false;
    }
    next_high = field.low - 1;
  }
  return next_high == -1;
}

// "dcr=0x24 [direction n_init]": the register's name and value, then each field that is not
// zero (a one-bit field by name, a wider one as name=value, a reserved one by its bit numbers).
std::string DescribeRegister(std::string_view name, uint8_t raw, std::span<const Field> fields);

// The base of every register type. `Derived` declares kName, kAccess and kFields.
template <typename Derived, RegisterBlock kBlock, uint8_t kOffset>
class Register {
 public:
  static constexpr RegisterAddress kAddress{kBlock, kOffset};
  static_assert(IsValid(kAddress), "register offset outside its block");

  // A register value of zero, ready to be filled by ReadFrom() or setters.
  static constexpr Derived Get() { return Derived(); }
  static constexpr Derived FromValue(uint8_t raw) { return Derived().set_reg_value(raw); }

  constexpr uint8_t reg_value() const { return raw_; }
  constexpr Derived& set_reg_value(uint8_t raw) {
    raw_ = raw;
    return self();
  }

  // Reading a write-only register or writing a read-only one does not compile.
  Derived& ReadFrom(RegisterIo& io);
  const Derived& WriteTo(RegisterIo& io) const;

  std::string Describe() const { return DescribeRegister(Derived::kName, raw_, Derived::kFields); }

  friend constexpr bool operator==(const Register&, const Register&) = default;

 protected:
  constexpr uint8_t get(const Field& field) const { return field.Extract(raw_); }
  constexpr bool bit(const Field& field) const { return field.Extract(raw_) != 0; }
  constexpr Derived& set(const Field& field, uint8_t value) {
    PARCLASS_ASSERT(value <= (field.mask() >> field.low), "value too wide for its field");
    raw_ = field.Insert(raw_, value);
    return self();
  }
  constexpr Derived& set(const Field& field, bool on) { return set(field, uint8_t{on}); }

 private:
  constexpr Derived& self() { return static_cast<Derived&>(*this); }
  constexpr const Derived& self() const { return static_cast<const Derived&>(*this); }

  uint8_t raw_ = 0;
};

// Every register type names itself, declares its access and a complete field layout.
template <typename R>
concept RegisterType = requires {
  { R::kName } -> std::convertible_to<std::string_view>;
  { R::kAccess } -> std::convertible_to<Access>;
  { R::kAddress } -> std::convertible_to<RegisterAddress>;
}
&&IsCompleteLayout(R::kFields);

template <typename Derived, RegisterBlock kBlock, uint8_t kOffset>
Derived& Register<Derived, kBlock, kOffset>::ReadFrom(RegisterIo& io) {
  static_assert(Derived::kAccess != Access::kWriteOnly, "reading a write-only register");
  raw_ = io.Read(kAddress);
  return self();
}

template <typename Derived, RegisterBlock kBlock, uint8_t kOffset>
const Derived& Register<Derived, kBlock, kOffset>::WriteTo(RegisterIo& io) const {
  static_assert(Derived::kAccess != Access::kReadOnly, "writing a read-only register");
  io.Write(kAddress, raw_);
  return self();
}

}  // namespace parclass::hw

#endif  // PARCLASS_HW_REGISTER_H_
