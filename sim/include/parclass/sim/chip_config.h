// The description of a simulated PC parallel-port chip: which of SPP, PS/2, EPP and ECP it has,
// and the details in which real chips differ (shared spec ieee1284.md sections 2 and 15).
//
//   ChipConfig config = ChipConfig::EcpEpp();       // an SMSC-style Super I/O port
//   config.fifo_depth = 64;
//   config.ecp_base = 0xe800;                       // a PCI card's separate ECP block
//   SimChip chip(cable, config);

#ifndef PARCLASS_SIM_CHIP_CONFIG_H_
#define PARCLASS_SIM_CHIP_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "parclass/base/clock.h"
#include "parclass/hw/chip_features.h"
#include "parclass/hw/ecp_regs.h"

namespace parclass::sim {

// EPP 1.9 (IEEE 1284) starts a cycle only while nWait is low; EPP 1.7 strobes without looking.
enum class EppVersion : uint8_t { k17, k19 };

// How software clears the EPP timeout bit (status bit 0) on this chip.
enum class EppTimeoutClearing : uint8_t {
  kByRead,         // National PC87332: reading the status register.
  kByWritingOne,   // SMC, UMC, Winbond, QEMU: writing 1 to bit 0.
  kByWritingZero,  // Others: writing 0 to bit 0.
};

struct ChipConfig {
  std::string name = "ecp+epp";

  // PS/2 bidirectional data lines (DCR bit 5 tri-states them). SPP-only ports cannot.
  bool bidirectional = true;
  // EPP registers at base+3..7: always on an EPP-only chip, in ECR mode 100 on an ECP chip.
  bool epp = true;
  EppVersion epp_version = EppVersion::k19;
  EppTimeoutClearing epp_timeout_clearing = EppTimeoutClearing::kByWritingOne;
  Nanoseconds epp_timeout = std::chrono::microseconds(10);

  // An ECR block (ECP+0..2) with a FIFO. Without one, the block's reads float to 0xff.
  bool ecr = true;
  int fifo_depth = 16;
  int write_threshold = 8;  // serviceIntr when this many bytes are free (forward).
  int read_threshold = 8;   // serviceIntr when this many bytes are held (reverse).
  hw::PWordSize pword = hw::PWordSize::k8Bit;
  bool level_interrupts = false;  // cnfgA bit 7.

  std::optional<int> irq = 7;  // None: the chip has no interrupt line connected.

  // Bus addresses, for reporting: the base, and the ECP block (base + 0x400 on ISA ports).
  uint16_t base = 0x378;
  uint16_t ecp_base = 0x778;

  // DCR bits 7:6 read as 1 (QEMU, 86Box) or as 0 (SMSC datasheets).
  bool dcr_reserved_read_one = true;
  // DCR bits 3:0 read back the latch (most chips) or the pins (legacy open-collector ports, where
  // a peripheral pulling a control line low shows in the readback).
  bool dcr_reads_pins = false;
  // What one register access costs on the bus (ISA/LPC: about 1 us).
  Nanoseconds access_time = std::chrono::microseconds(1);

  // What the chip can do, as the one description every layer reads (hw/chip_features.h): what
  // capability detection must find on this chip. The simulator knows it exactly; the direction
  // is from this configuration to the registers the SimChip answers, never back. The fields
  // above that are not features (timings, addresses, the EPP and DCR variants, the bus time)
  // are the simulator's own knobs. The configuration does not hold a ChipFeatures on purpose: it
  // says what the registers do (an ECR block, a FIFO of this depth, a PWord of this size), and
  // the features follow from that, so that a configuration cannot claim a feature its chip
  // would not show (ECP without a FIFO, a FIFO without an ECR, EPP32 without EPP).
  hw::ChipFeatures Features() const;

  static ChipConfig SppOnly();
  static ChipConfig Ps2();
  static ChipConfig EppOnly();
  static ChipConfig Ecp();     // ECP without EPP.
  static ChipConfig EcpEpp();  // ECP with EPP in ECR mode 100.
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_CHIP_CONFIG_H_
