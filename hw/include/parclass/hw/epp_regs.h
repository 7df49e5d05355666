// The EPP registers (shared spec ieee1284.md section 2.2). In EPP mode (ECR mode 100 on ECP chips)
// an access to one of them makes the chip run a whole EPP cycle on the cable: an address cycle for
// base+3, a data cycle for base+4..7. A 16- or 32-bit access to base+4 becomes 2 or 4 data cycles
// (the bus splits it over base+4..7), low byte first.
//
//   EppAddress::Get().set_address(0x12).WriteTo(io);     // one address write cycle
//   uint8_t value = EppData<0>::Get().ReadFrom(io).data(); // one data read cycle
//   io.ReadBlock(EppData<0>::kAddress, Width::k32, buffer); // 4 cycles per access

#ifndef PARCLASS_HW_EPP_REGS_H_
#define PARCLASS_HW_EPP_REGS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "parclass/hw/register.h"

namespace parclass::hw {

// base+3: EPP address cycles.
class EppAddress : public Register<EppAddress, RegisterBlock::kBase, 3> {
 public:
  static constexpr std::string_view kName = "epp_address";
  static constexpr Access kAccess = Access::kReadWrite;

  static constexpr Field kAddressField{"address", 7, 0};
  static constexpr std::array kFields = {kAddressField};

  constexpr uint8_t address() const { return get(kAddressField); }
  constexpr EppAddress& set_address(uint8_t value) { return set(kAddressField, value); }
};

inline constexpr std::array<std::string_view, 4> kEppDataNames = {"epp_data0", "epp_data1",
                                                                  "epp_data2", "epp_data3"};

// base+4+N: EPP data cycles; N = 1..3 are the upper bytes of a 16- or 32-bit access.
template <uint8_t kIndex>
requires(kIndex < 4) class EppData
    : public Register<EppData<kIndex>, RegisterBlock::kBase, 4 + kIndex> {
  using Base = Register<EppData<kIndex>, RegisterBlock::kBase, 4 + kIndex>;

 public:
  static constexpr std::string_view kName = kEppDataNames[kIndex];
  static constexpr Access kAccess = Access::kReadWrite;

  static constexpr Field kData{"data", 7, 0};
  static constexpr std::array kFields = {kData};

  constexpr uint8_t data() const { return Base::get(kData); }
  constexpr EppData& set_data(uint8_t value) { return Base::set(kData, value); }
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_EPP_REGS_H_
