// Addresses of the PC parallel port's registers.
//
// A register address is a block and an offset within it; a backend turns it into a bus address
// (base + offset, or ECP base + offset). Register types carry their address (see register.h), so
// no code outside hw/ spells an offset.
//
//   RegisterAddress dsr{RegisterBlock::kBase, 1};
//   RegisterName(dsr);                                     // "dsr"

#ifndef PARCLASS_HW_ADDRESS_H_
#define PARCLASS_HW_ADDRESS_H_

#include <cstdint>
#include <string_view>

namespace parclass::hw {

// The two address blocks of a PC parallel port: the SPP/EPP registers at the port's base address,
// and the ECP registers (FIFO, cnfgA/B, ECR), at base + 0x400 on ISA ports and anywhere on PCI
// cards.
enum class RegisterBlock : uint8_t { kBase, kEcp };

inline constexpr uint8_t kBaseBlockSpan = 8;  // data, dsr, dcr, EPP address, EPP data 0-3.
inline constexpr uint8_t kEcpBlockSpan = 3;   // FIFO/cnfgA, cnfgB, ECR.
// Where the ECP block sits relative to the base on ISA ports.
inline constexpr uint16_t kIsaEcpBlockOffset = 0x400;

struct RegisterAddress {
  RegisterBlock block;
  uint8_t offset;  // Within the block.

  friend constexpr bool operator==(RegisterAddress, RegisterAddress) = default;
};

constexpr bool IsValid(RegisterAddress address) {
  return address.offset < (address.block == RegisterBlock::kBase ? kBaseBlockSpan : kEcpBlockSpan);
}

// "dsr", "ecr", "epp_data2", ... A register that changes meaning with the ECR mode is named by
// all its meanings ("data/ecp_afifo", "cfifo/ecp_dfifo/tfifo/cnfga").
std::string_view RegisterName(RegisterAddress address);

}  // namespace parclass::hw

#endif  // PARCLASS_HW_ADDRESS_H_
