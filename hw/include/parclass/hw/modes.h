// The modes of a parallel port, with the exact values of the Windows headers (shared spec
// windows-parallel-interface.md section 5): the chip modes clients set and clear
// (PARALLEL_CHIP_MODE.ModeFlags, which are whole ECR values) and the PPT_* capability flags. The
// IEEE 1284 protocol modes clients negotiate (ntddpar.h) are the bus layer's
// (bus/protocol_mode.h): only the bus and the tools speak of them.
//
//   Ecr ecr = EcrFor(ChipMode::kBytePio);               // mode ps2, both interrupts disabled
//   HardwareCapabilities caps = Flags(HardwareCapability::kEcp) | HardwareCapability::kByte;

#ifndef PARCLASS_HW_MODES_H_
#define PARCLASS_HW_MODES_H_

#include <cstdint>

#include "parclass/base/flags.h"
#include "parclass/hw/ecp_regs.h"

namespace parclass::hw {

// Chip modes: ECR values (parallel.h ECR_*_MODE).
enum class ChipMode : uint8_t {
  kSpp = 0x00,             // ECR_SPP_MODE
  kByte = 0x20,            // ECR_BYTE_MODE
  kFastCentronics = 0x40,  // ECR_FASTCENT_MODE
  kEcp = 0x60,             // ECR_ECP_MODE
  kEpp = 0x80,             // ECR_EPP_MODE
  kTest = 0xC0,            // ECR_TEST_MODE
  kConfig = 0xE0,          // ECR_CONFIG_MODE
  kBytePio = 0x34,         // ECR_BYTE_PIO_MODE: byte mode, error and service interrupts off.
  kEcpPio = 0x74,          // ECR_ECP_PIO_MODE
  kEppPio = 0x94,          // ECR_EPP_PIO_MODE
};

constexpr Ecr EcrFor(ChipMode mode) { return Ecr::FromValue(static_cast<uint8_t>(mode)); }

// The ECR values the Windows port driver uses (parallel.h DEFAULT_ECR_*).
inline constexpr Ecr kDefaultEcrTest = Ecr::FromValue(0xD4);
inline constexpr Ecr kDefaultEcrCompatibility = Ecr::FromValue(0x14);
inline constexpr Ecr kDefaultEcrConfiguration = Ecr::FromValue(0xF4);
inline constexpr Ecr kDefaultEcrPs2 = Ecr::FromValue(0x34);
inline constexpr Ecr kDefaultEcrEcp = Ecr::FromValue(0x74);

// The deepest FIFO the Windows port driver accepts (ECP_MAX_FIFO_DEPTH).
inline constexpr int kEcpMaxFifoDepth = 4098;

// Hardware capabilities of a port (parallel.h PPT_*).
enum class HardwareCapability : uint32_t {
  kEcp = 0x01,    // PPT_ECP_PRESENT
  kEpp = 0x02,    // PPT_EPP_PRESENT
  kEpp32 = 0x04,  // PPT_EPP_32_PRESENT: 32-bit EPP reads and writes.
  kByte = 0x08,   // PPT_BYTE_PRESENT, also PPT_BIDI_PRESENT.
  kDot3 = 0x10,   // PPT_1284_3_PRESENT: an IEEE 1284.3 daisy chain was found.
};

using HardwareCapabilities = Flags<HardwareCapability>;

inline constexpr HardwareCapabilities kNoHardwarePresent{};  // PPT_NO_HARDWARE_PRESENT

}  // namespace parclass::hw

#endif  // PARCLASS_HW_MODES_H_
