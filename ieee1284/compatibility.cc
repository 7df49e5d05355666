// Link: compatibility mode, forward (ieee1284.md 6.1), as Linux's parport_ieee1284_write_compat
// does it in software: per byte, wait for Busy low, put the byte on the lines, strobe.

#include <fmt/format.h>

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

// Ready: Busy low, nFault high (Linux: (STATUS & 0x88) == 0x88).
constexpr LineLevels kReady =
    LineLevels().with(Line::kBusy, Level::kLow).with(Line::kNFault, Level::kHigh);

// A busy printer that is healthy: Select high, nFault high, PError low (Linux's 0x18 check).
bool Healthy(LineLevels status) {
  return status.level(Line::kSelect) == Level::kHigh &&
         status.level(Line::kNFault) == Level::kHigh && status.level(Line::kPError) == Level::kLow;
}

std::string Complaint(LineLevels status) {
  if (status.level(Line::kPError) == Level::kHigh) return "the printer is out of paper";
  if (status.level(Line::kSelect) == Level::kLow) return "the printer is off-line";
  return "the printer reports a fault (nFault low)";
}

}  // namespace

Result<void> Link::WaitReadyToPrint(Deadline deadline) {
  Result<LineLevels> ready = port_.WaitStatus(kReady, deadline);
  if (ready) return Ok();
  const LineLevels seen = *ready.error().seen_lines();
  const Errc code = Healthy(seen) ? Errc::kTimeout : Errc::kPeripheralError;
  const std::string detail = Healthy(seen) ? "the printer stayed busy" : Complaint(seen);
  return ready.error().Reworded(code, detail).set_phase(phase_);
}

Result<size_t> Link::WriteCompatibility(std::span<const uint8_t> bytes, Deadline deadline) {
  if (mode_ != LinkMode::kCompatibility) PARCLASS_TRY(Terminate());
  port_.SetDirection(Direction::kForward);
  for (size_t done = 0; done < bytes.size(); ++done) {
    phase_ = Phase::kForwardIdle;
    Result<void> ready = WaitReadyToPrint(deadline);
    if (!ready) return Error(ready.error()).set_bytes_done(done);
    phase_ = Phase::kForwardTransfer;
    port_.WriteData(bytes[done]);
    port_.Delay(timing_.data_setup);
    port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
    port_.Delay(timing_.strobe_width);
    port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));
    // The hold time: the next byte's status poll comes first.
    port_.Delay(timing_.data_setup);
  }
  phase_ = Phase::kForwardIdle;
  return bytes.size();
}

}  // namespace parclass::ieee1284
