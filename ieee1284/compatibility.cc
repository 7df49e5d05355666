// Link: compatibility mode, forward (ieee1284.md 6.1), as Linux's parport_ieee1284_write_compat
// does it in software: per byte, wait for Busy low, put the byte on the lines, strobe.

#include "parclass/base/printer_status.h"
#include "parclass/base/wait.h"
#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

// Ready: Busy low, nFault high (Linux: (STATUS & 0x88) == 0x88).
constexpr LineLevels kReady =
    LineLevels().with(Line::kBusy, Level::kLow).with(Line::kNFault, Level::kHigh);

}  // namespace

// Waits for the printer to be ready, and stops at once when its status says why it is not
// (paper out, off-line, a fault), as Linux's compatibility writer does; a printer that is merely
// busy is waited for until the deadline.
Result<void> Link::WaitReadyToPrint(Deadline deadline) {
  LineLevels seen;
  (void)WaitFor(port_.clock(), deadline, [&] {
    seen = port_.Status();
    return kReady.MatchedBy(seen) || !PrinterHealthy(seen);
  });
  if (kReady.MatchedBy(seen)) return Ok();
  if (!PrinterHealthy(seen)) return PrinterComplaint(seen).set_phase(phase_);
  return Error(Errc::kTimeout, "the printer stayed busy").set_phase(phase_).set_lines(kReady, seen);
}

Result<size_t> Link::WriteCompatibility(std::span<const uint8_t> bytes, Deadline deadline) {
  if (mode_ != LinkMode::kCompatibility) PARCLASS_TRY(Terminate());
  if (UseKernel(LinkMode::kCompatibility)) return WriteInKernel(bytes, deadline);
  port_.SetDirection(Direction::kForward);
  if (UseChipPath(Lane::kCompatibility)) return WriteCompatibilityFifo(bytes, deadline);
  last_path_ = TransferPath::kSoftware;
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
