// HostPort: the host's end of the IEEE 1284 link, in lines and levels, over any RegisterIo.
//
// Protocol code speaks of lines; HostPort turns that into register accesses, keeping a shadow of
// the control register (its readback is unreliable on real ports), so that changing one control
// line costs one write and never a read. Waiting for the peripheral is WaitFor over the injected
// clock: polls that cost one status read each.
//
//   HostPort port(io, clock);
//   port.SetLines(LineLevels().with(Line::kNSelectIn, Level::kHigh)
//                             .with(Line::kNAutoFd, Level::kLow));          // Event 1.
//   Result<LineLevels> seen = port.WaitStatus(kEvent2, port.After(kTl));   // Event 2.
//
// On a chip with an ECR, HostPort also owns the ECR (shadowed like the control register) and the
// FIFO: SetChipMode follows the ISA mode-change rule, and FIFO accesses are PWord-wide.
//
//   HostPort port(io, clock, hw::ChipFeatures{.ecr = true, .fifo_depth = 16});
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
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::ieee1284 {

enum class Direction : uint8_t { kForward, kReverse };

class HostPort {
 public:
  // Takes the port to compatibility idle: data lines driven, nStrobe, nAutoFd and nInit high,
  // nSelectIn low; a chip with an ECR is parked in mode 001 (PS/2) with its interrupts off
  // (0x34, as Linux and Windows leave it), where the direction bit works.
  // `kernel`: the backend's kernel loops (ppdev), if it has them; the engine hands negotiation
  // and transfers to them (see Link).
  HostPort(hw::RegisterIo& io, Clock& clock, hw::ChipFeatures chip = {},
           hw::KernelLink* kernel = nullptr);

  hw::RegisterIo& io() { return io_; }
  Clock& clock() { return clock_; }
  const hw::ChipFeatures& chip() const { return chip_; }
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
  LineLevels control() const { return dcr_.lines(); }
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
  hw::EcrMode chip_mode() const { return ecr_.mode(); }
  // From a FIFO mode straight to test mode (110): the handshake stops and the FIFO keeps what
  // the peripheral has not taken, for software to count (Linux's stuck-FIFO recovery, 9.7).
  void FreezeFifo();
  // One ECR read: the FIFO's full and empty bits and serviceIntr.
  hw::Ecr ReadEcr();
  // serviceIntr to 0: the chip sets it again when its threshold is reached.
  void ArmService();

  // FIFO data (cFifo, ecpDFifo or tFifo, as the mode makes it): one access per whole PWord, then
  // one per leftover byte.
  void WriteFifo(std::span<const uint8_t> bytes);
  void ReadFifo(std::span<uint8_t> bytes);
  // An ECP command through ecpAFifo (mode 011, forward).
  void WriteEcpCommand(uint8_t command);

 private:
  void WriteControl(hw::Dcr dcr);
  void WriteEcr(hw::Ecr ecr);
  hw::Width FifoWidth() const;

  hw::RegisterIo& io_;
  Clock& clock_;
  hw::ChipFeatures chip_;
  hw::KernelLink* kernel_;
  hw::Dcr dcr_;  // The shadow of the control register.
  hw::Ecr ecr_;  // The shadow of the ECR's writable bits.
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_HOST_PORT_H_
