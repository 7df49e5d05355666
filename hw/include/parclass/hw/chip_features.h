// What a parallel-port chip can do beyond driving lines: the one description of a chip's
// capabilities, which every layer reads and none keeps a second copy of.
//
// Where it comes from and where it goes, in one direction:
//
//   simulator configuration  sim::ChipConfig::Features(): what a simulated chip has, exactly
//            |               (a SimChip answers its registers accordingly)
//   chip registers           probed by port::Detect, which knows nothing of the simulator
//            |
//   detection verdict        port::Detection::features (with the reason for each feature, and
//            |               the FIFO figures); the detection tests require it to equal the
//            |               configuration's Features() on every chip variant
//   engine and clients       hw::PortRegisters::chip() (the engine takes a chip path only where
//                            this says the chip has one), and CapabilitiesOf(), the PPT_* flags
//                            reported to clients.
//
// The default is a chip with nothing but its SPP registers.
//
//   ChipFeatures chip{.bidirectional = true, .ecp = true, .ecr = true, .fifo_depth = 16};
//   chip.fifo();           // true: ECR modes 010 and 011 are there
//   CapabilitiesOf(chip);  // PPT_ECP_PRESENT | PPT_BYTE_PRESENT

#ifndef PARCLASS_HW_CHIP_FEATURES_H_
#define PARCLASS_HW_CHIP_FEATURES_H_

#include "parclass/hw/modes.h"

namespace parclass::hw {

struct ChipFeatures {
  bool bidirectional = false;  // PS/2 tri-state data lines (DCR bit 5): byte mode.
  // ECP for clients: the chip's FIFO, or an operating system that runs ECP itself (ppdev's
  // PPGETMODES, where the ECR block is out of reach).
  bool ecp = false;
  bool ecr = false;     // An ECR and a FIFO: ECR modes 010 (compatibility) and 011 (ECP).
  int fifo_depth = 0;   // In bytes.
  int pword_bytes = 1;  // Bytes per FIFO access.
  bool epp = false;     // EPP cycles at base+3..7 (in ECR mode 100 when there is an ECR).
  bool epp32 = false;   // A 32-bit access to the EPP data register runs four cycles.
  // The ECR takes a write only with bit 0 set (Linux's ecr_writable; detection's "ecr-bit0").
  bool ecr_write_bit0 = false;

  bool fifo() const { return ecr && fifo_depth > 0; }
  // The FIFO as Windows reports it (PARALLEL_PNP_INFORMATION and PARCLASS_INFORMATION FifoDepth
  // and FifoWidth): its depth in PWords and the PWord in bits; both 0 without an ECR.
  int fifo_pwords() const { return ecr ? fifo_depth / pword_bytes : 0; }
  int pword_bits() const { return ecr ? pword_bytes * 8 : 0; }

  friend bool operator==(const ChipFeatures&, const ChipFeatures&) = default;
};

// The Windows PPT_* flags of a chip with `features` (windows-parallel-interface.md 5.4), the one
// way from the description to what clients are told. kDot3 is the daisy chain's, not the chip's.
constexpr HardwareCapabilities CapabilitiesOf(const ChipFeatures& features) {
  HardwareCapabilities capabilities;
  if (features.ecp) capabilities |= HardwareCapability::kEcp;
  if (features.epp) capabilities |= HardwareCapability::kEpp;
  if (features.epp32) capabilities |= HardwareCapability::kEpp32;
  if (features.bidirectional) capabilities |= HardwareCapability::kByte;
  return capabilities;
}

}  // namespace parclass::hw

#endif  // PARCLASS_HW_CHIP_FEATURES_H_
