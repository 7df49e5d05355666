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

#ifndef PARCLASS_IEEE1284_HOST_PORT_H_
#define PARCLASS_IEEE1284_HOST_PORT_H_

#include <cstdint>

#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/base/result.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::ieee1284 {

enum class Direction : uint8_t { kForward, kReverse };

class HostPort {
 public:
  // Takes the port to compatibility idle: data lines driven, nStrobe, nAutoFd and nInit high,
  // nSelectIn low.
  HostPort(hw::RegisterIo& io, Clock& clock);

  hw::RegisterIo& io() { return io_; }
  Clock& clock() { return clock_; }

  // The five status lines, one status read.
  LineLevels Status();
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

 private:
  void WriteControl(hw::Dcr dcr);

  hw::RegisterIo& io_;
  Clock& clock_;
  hw::Dcr dcr_;  // The shadow of the control register.
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_HOST_PORT_H_
