// ChipModes: the chip-mode state machine of Parport's TrySetChipMode and ClearChipMode (shared
// spec windows-parallel-interface.md 2.4, 4.1, 5.5). A chip mode is a whole ECR value (0x34 is
// PS/2 with both interrupts off); setting one needs the previous one cleared, and clearing names
// the mode being left, which returns the chip to compatibility (SPP) mode.
//
//   ChipModes modes(registers, detection.capabilities());   // registers.chip(): the detected chip
//   modes.TrySet(0x34);     // kSuccess: ECR_BYTE_PIO_MODE
//   modes.TrySet(0x74);     // kInvalidDeviceState: 0x34 has not been cleared
//   modes.Clear(0x34);      // kSuccess: back to compatibility
//   modes.TrySet(0x80);     // kNoSuchDevice on a chip without EPP
//
// The caller owns the port (the Port checks that before calling). The ECR is written through the
// port's PortRegisters, by the ISA mode-change rule. A chip with no ECR has the modes it can be in
// without one: SPP always, PS/2 byte mode if its data lines turn around, EPP on an EPP-only chip;
// nothing is written for them, the mode is recorded. The chip mode is the Windows bookkeeping of
// what a client asked for; the ECR itself is what PortRegisters says it is.

#ifndef PARCLASS_PORT_CHIP_MODE_H_
#define PARCLASS_PORT_CHIP_MODE_H_

#include <cstdint>

#include "parclass/hw/chip_features.h"
#include "parclass/hw/modes.h"
#include "parclass/hw/port_registers.h"
#include "parclass/port/status.h"

namespace parclass::port {

// INITIAL_MODE: no chip mode set (the cleared state). Equal to ECR_SPP_MODE, as in the header.
inline constexpr uint8_t kInitialChipMode = 0x00;

class ChipModes {
 public:
  ChipModes(hw::PortRegisters& registers, hw::HardwareCapabilities capabilities)
      : registers_(registers), capabilities_(capabilities) {}

  // The mode set last; kInitialChipMode when cleared (PARALLEL_PNP_INFORMATION.CurrentMode).
  uint8_t current() const { return current_; }
  // Whether this chip can be put in `mode`.
  bool Supports(uint8_t mode) const;

  // kSuccess; kInvalidDeviceState if a mode is set and not cleared; kNoSuchDevice if `mode` is no
  // chip mode, or one this chip lacks.
  NtStatus TrySet(uint8_t mode);
  // kSuccess; kInvalidDeviceState if `mode` is not the current mode.
  NtStatus Clear(uint8_t mode);

 private:
  hw::PortRegisters& registers_;
  hw::HardwareCapabilities capabilities_;
  uint8_t current_ = kInitialChipMode;
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_CHIP_MODE_H_
