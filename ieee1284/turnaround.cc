// Link: ECP's turnarounds, forward to reverse (events 38-40, ieee1284.md 9.2) and back (events
// 47-49, 9.4), and the starts of ECP transfers that need one. Shared by the software and FIFO
// paths, by termination and by the turnarounds a client asks for.

#include <algorithm>

#include "link_state.h"
#include "parclass/base/line_roles.h"

namespace parclass::ieee1284 {
namespace {

using ecp_lines::kHostAck;
using ecp_lines::kNAckReverse;
using ecp_lines::kNReverseRequest;

size_t TakePending(LinkState& link, std::span<uint8_t> buffer) {
  std::vector<uint8_t>& pending = link.reverse_pending;
  const size_t taken = std::min(buffer.size(), pending.size());
  std::copy_n(pending.begin(), taken, buffer.begin());
  pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(taken));
  return taken;
}

}  // namespace

// Events 38-40: HostAck low and the data lines let go, nReverseRequest low, then the peripheral
// answers with nAckReverse low and may drive the data lines.
Result<void> ForwardToReverse(LinkState& link, Deadline deadline) {
  HostPort& port = link.port;
  link.phase = Phase::kForwardToReverse;
  port.SetLines(LineLevels().with(kHostAck, Level::kLow));  // Event 38.
  port.SetDirection(Direction::kReverse);
  port.SetLines(LineLevels().with(kNReverseRequest, Level::kLow));  // Event 39.
  Result<LineLevels> event40 =
      Await(link, 40, LineLevels().with(kNAckReverse, Level::kLow), EventDeadline(link, deadline));
  if (!event40) {
    // Withdraw the request and take the data lines back: forward idle, as before event 38.
    port.SetLines(LineLevels().with(kNReverseRequest, Level::kHigh));
    port.SetDirection(Direction::kForward);
    link.phase = Phase::kForwardIdle;
    return event40.error();
  }
  link.ecp_reverse = true;
  link.phase = Phase::kReverseIdle;
  return Ok();
}

// Events 47-49: nReverseRequest high; the peripheral lets go of the data lines and sets
// nAckReverse high; then the host drives the data lines again.
Result<void> ReverseToForward(LinkState& link) {
  HostPort& port = link.port;
  link.phase = Phase::kReverseToForward;
  port.SetLines(LineLevels().with(kNReverseRequest, Level::kHigh));  // Event 47.
  Result<LineLevels> event49 = Await(link, 49, LineLevels().with(kNAckReverse, Level::kHigh),
                                     EventDeadline(link, Deadline::Never()));
  port.SetDirection(Direction::kForward);
  link.ecp_reverse = false;
  link.phase = Phase::kForwardIdle;
  if (!event49) return event49.error();
  return Ok();
}

Result<void> EcpForward(LinkState& link) {
  if (link.ecp_reverse) PARCLASS_TRY(ReverseToForward(link));
  link.phase = Phase::kForwardTransfer;
  return Ok();
}

Result<size_t> StartEcpRead(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  const size_t done = TakePending(link, buffer);
  if (done < buffer.size() && !link.ecp_reverse) {
    Result<void> turned = ForwardToReverse(link, deadline);
    if (!turned) return Failed(link, turned.error(), done);
  }
  return done;
}

}  // namespace parclass::ieee1284
