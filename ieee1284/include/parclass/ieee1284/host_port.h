// HostPort: the host's end of the IEEE 1284 link, in lines and levels, over a port's registers.
//
// Protocol code speaks of lines; HostPort turns that into register accesses through the port's
// hw::PortRegisters, whose soft copy of the control register (its readback is unreliable on real
// ports) makes changing one control line cost one write and never a read. HostPort keeps no
// register state of its own: any number of HostPorts over one PortRegisters see the same port.
// Waiting for the peripheral is WaitFor over the injected clock: polls that cost one status read
// each.
//
//   hw::PortRegisters registers(io);
//   HostPort port(registers, clock);
//   port.SetLines(LineLevels().with(Line::kNSelectIn, Level::kHigh)
//                             .with(Line::kNAutoFd, Level::kLow));          // Event 1.
//   Result<LineLevels> seen = port.WaitStatus(kEvent2, port.After(kTl));   // Event 2.
//
// On a chip with an ECR (PortRegisters::chip()), HostPort also reaches the ECR and the FIFO:
// SetChipMode follows the ISA mode-change rule, and FIFO accesses are PWord-wide.
//
//   hw::PortRegisters registers(io, hw::ChipFeatures{.ecr = true, .fifo_depth = 16});
//   HostPort port(registers, clock);
//   port.SetChipMode(hw::EcrMode::kFifo);   // through 001 if need be
//   port.WriteFifo(bytes);                  // one access per PWord

#ifndef PARCLASS_IEEE1284_HOST_PORT_H_
#define PARCLASS_IEEE1284_HOST_PORT_H_

#include <cstdint>
#include <span>

#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/base/result.h"
#include "parclass/hw/chip_features.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/kernel_link.h"
#include "parclass/hw/port_registers.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::ieee1284 {

enum class Direction : uint8_t { kForward, kReverse };

// Compatibility idle on the control lines (ieee1284.md 4): nStrobe, nAutoFd and nInit high (nInit
// low would reset the peripheral, or a 1284.3 chain), 1284 Active (nSelectIn) low.
inline constexpr LineLevels kCompatIdle = hw::kIdleControl.lines();

class HostPort {
 public:
  // Takes the port to compatibility idle (PortRegisters::Park: data lines driven, nStrobe,
  // nAutoFd and nInit high, nSelectIn low; a chip with an ECR in mode 001 with its interrupts
  // off, 0x34, where the direction bit works), writing only what is not so already.
  // `kernel`: the backend's kernel loops (ppdev), if it has them; the engine hands negotiation
  // and transfers to them (see Link).
  HostPort(hw::PortRegisters& registers, Clock& clock, hw::KernelLink* kernel = nullptr);

  hw::PortRegisters& registers() { return registers_; }
  hw::RegisterIo& io() { return registers_.io(); }
  Clock& clock() { return clock_; }
  const hw::ChipFeatures& chip() const { return registers_.chip(); }
  hw::KernelLink* kernel() const { return kernel_; }

  // The five status lines, one status read.
  LineLevels Status();
  // The whole status register, EPP timeout bit included; one read.
  hw::Dsr ReadDsr();
  // Clears the EPP timeout bit whichever way the chip wants it (ieee1284.md 15.7): a read (done
  // by the caller, who saw the bit), a write of 1, a write of 0.
  void ClearEppTimeout();
  // Drives the control lines `levels` knows; one control write if anything changes.
  void SetLines(LineLevels levels);
  LineLevels control() const { return registers_.control().lines(); }
  void SetDirection(Direction direction);
  void WriteData(uint8_t byte);
  uint8_t ReadData();

  // Polls the status lines until every line `want` knows is at its level, or `deadline`.
  // Returns the levels seen; on timeout an Errc::kTimeout error carrying expected and seen lines.
  Result<LineLevels> WaitStatus(LineLevels want, Deadline deadline);
  Deadline After(Nanoseconds duration) const { return Deadline::After(clock_, duration); }
  void Delay(Nanoseconds duration) { clock_.SleepFor(duration); }

  // The ECR (chips with one only). Mode changes follow the ISA rule, ieee1284.md 2.4: between
  // two modes other than 000 and 001 the port passes through 001, which resets the FIFO.
  // Interrupts stay off (nErrIntrEn and serviceIntr set) unless ArmService() is called.
  void SetChipMode(hw::EcrMode mode);
  hw::EcrMode chip_mode() const { return registers_.ecr_mode(); }
  // From a FIFO mode straight to test mode (110): the handshake stops and the FIFO keeps what
  // the peripheral has not taken, for software to count (Linux's stuck-FIFO recovery, 9.7).
  void FreezeFifo() { registers_.FreezeFifo(); }
  // One ECR read: the FIFO's full and empty bits and serviceIntr.
  hw::Ecr ReadEcr();
  // serviceIntr to 0: the chip sets it again when its threshold is reached.
  void ArmService() { registers_.ArmService(); }

  // FIFO data (cFifo, ecpDFifo or tFifo, as the mode makes it): one access per whole PWord, then
  // one per leftover byte.
  void WriteFifo(std::span<const uint8_t> bytes);
  void ReadFifo(std::span<uint8_t> bytes);
  // An ECP command through ecpAFifo (mode 011, forward).
  void WriteEcpCommand(uint8_t command);

 private:
  hw::Width FifoWidth() const;

  hw::PortRegisters& registers_;  // The port's one register state.
  Clock& clock_;
  hw::KernelLink* kernel_;
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_HOST_PORT_H_
