// Link: termination back to compatibility mode (events 22-28, ieee1284.md 5.1; EPP's reset,
// events 68-69, 5.3), and the termination that ends a failed transfer.

#include "link_state.h"
#include "parclass/base/line_roles.h"

namespace parclass::ieee1284 {
namespace {

// EPP has no termination handshake (ieee1284.md 5.3): event 68, nInit low for 50 us, resets the
// peripheral; event 69, nInit high and nSelectIn low, is compatibility mode.
void TerminateEpp(LinkState& link) {
  HostPort& port = link.port;
  port.SetDirection(Direction::kForward);
  port.SetLines(
      LineLevels().with(epp_lines::kNInit, Level::kLow).with(epp_lines::kNWrite, Level::kHigh));
  port.Delay(link.timing.epp_reset);
  port.SetLines(LineLevels()
                    .with(epp_lines::kNInit, Level::kHigh)
                    .with(epp_lines::kNAddrStb, Level::kLow)
                    .with(epp_lines::kNDataStb, Level::kHigh));
  EnterMode(link, LinkMode::kCompatibility);
  link.phase = Phase::kForwardIdle;
}

}  // namespace

Result<void> TerminateMode(LinkState& link) {
  if (link.mode == LinkMode::kCompatibility) return Ok();
  if (link.in_kernel) return TerminateInKernel(link);
  link.reverse_pending.clear();  // Reverse bytes no read asked for end with the mode.
  if (link.mode == LinkMode::kEpp) {
    TerminateEpp(link);
    KeepKernelInStep(link);
    return Ok();
  }
  // ECP terminates from forward idle only (ieee1284.md 5.3); a failed turnaround still ends in
  // the termination below.
  if (link.mode == LinkMode::kEcp && link.ecp_reverse) (void)ReverseToForward(link);
  Result<void> terminated = TerminationHandshake(link);
  KeepKernelInStep(link);
  return terminated;
}

Result<void> TerminationHandshake(LinkState& link) {
  HostPort& port = link.port;
  link.phase = Phase::kTerminate;
  port.SetDirection(Direction::kForward);
  // Event 22: 1284 Active low with HostBusy high. From here the peripheral is in compatibility
  // mode whatever it answers, so the link is too.
  port.SetLines(LineLevels()
                    .with(negotiation_lines::k1284Active, Level::kLow)
                    .with(negotiation_lines::kHostBusy, Level::kHigh));
  EnterMode(link, LinkMode::kCompatibility);
  // Events 23-24: Busy and nFault high, XFlag inverted, PtrClk (nAck) low.
  Result<LineLevels> event24 =
      Await(link, 24, LineLevels().with(negotiation_lines::kPtrClk, Level::kLow),
            EventDeadline(link, Deadline::Never()));
  if (!event24) {
    link.phase = Phase::kForwardIdle;
    return event24.error();
  }
  port.SetLines(LineLevels().with(negotiation_lines::kHostBusy, Level::kLow));  // Event 25.
  Result<LineLevels> event27 =
      Await(link, 27, LineLevels().with(negotiation_lines::kPtrClk, Level::kHigh),
            EventDeadline(link, Deadline::Never()));
  port.SetLines(LineLevels().with(negotiation_lines::kHostBusy, Level::kHigh));  // Event 28.
  link.phase = Phase::kForwardIdle;
  if (!event27) return event27.error();
  return Ok();
}

Error TerminatedWith(LinkState& link, Error error) {
  // Leave the link in a defined state: back in compatibility mode. The failure to report is the
  // one that brought us here, not the termination's.
  (void)TerminateMode(link);
  return error;
}

Error Failed(LinkState& link, Error error, size_t done) {
  return TerminatedWith(link, error.set_bytes_done(done));
}

}  // namespace parclass::ieee1284
