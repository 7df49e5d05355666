// Link: negotiation (events 0-6, 30-31) and the extensibility link (events 51-55), ieee1284.md
// 4.2, 4.4.

#include <fmt/format.h>

#include "link_state.h"
#include "parclass/base/line_roles.h"

namespace parclass::ieee1284 {
namespace {

using negotiation_lines::k1284Active;
using negotiation_lines::kAckDataReq;
using negotiation_lines::kHostBusy;
using negotiation_lines::kHostClk;
using negotiation_lines::kNDataAvail;
using negotiation_lines::kPtrClk;
using negotiation_lines::kXFlag;

// Event 2: AckDataReq (PError), XFlag (Select), nDataAvail (nFault) high; PtrClk (nAck) low.
constexpr LineLevels kEvent2 = LineLevels()
                                   .with(kAckDataReq, Level::kHigh)
                                   .with(kXFlag, Level::kHigh)
                                   .with(kNDataAvail, Level::kHigh)
                                   .with(kPtrClk, Level::kLow);

// A negotiation that ended without the requested mode (no event 6, or XFlag said no): the
// peripheral has left compatibility mode for no transfer mode, and only the termination handshake
// (events 22-28) brings it back, whatever was requested (ieee1284.md 4.2, E6: "terminate"). A
// refused EPP request in particular gets events 22-28, not EPP's nInit reset (event 68): the
// peripheral that refused never entered EPP, and waits for event 22. Linux's parport_negotiate
// sets port->ieee1284.mode only once XFlag accepted, so that parport_ieee1284_terminate takes
// its default path (events 22-28) for every refusal.
Error AbandonNegotiation(LinkState& link, Error error) {
  (void)TerminationHandshake(link);
  return error;
}

// Event 30: HostAck (nAutoFd) low; event 31: the peripheral sets nAckReverse (PError) high.
Result<void> EcpSetup(LinkState& link) {
  link.phase = Phase::kSetup;
  link.port.SetLines(LineLevels().with(ecp_lines::kHostAck, Level::kLow));
  PARCLASS_TRY(Await(link, 31, LineLevels().with(ecp_lines::kNAckReverse, Level::kHigh),
                     EventDeadline(link, Deadline::Never())));
  link.phase = Phase::kForwardIdle;
  return Ok();
}

// After an accepted request: the mode and its operations, ECP's setup phase (events 30-31), and
// the phase each mode starts in.
Result<Negotiated> EnterNegotiatedMode(LinkState& link, Ieee1284Request request, bool xflag) {
  EnterMode(link, ModeAfter(request));
  if (link.mode == LinkMode::kEcp) {
    link.rle = request.rle();
    link.ecp_reverse = false;
    Result<void> setup = EcpSetup(link);
    if (!setup) return TerminatedWith(link, setup.error());
  }
  EnterStartPhase(link);
  KeepKernelInStep(link);
  return Negotiated{request, xflag};
}

Result<Negotiated> Event6(LinkState& link, Ieee1284Request request) {
  // Events 5 and 6: XFlag and the other status lines, valid once nAck is high.
  Result<LineLevels> event6 = Await(link, 6, LineLevels().with(kPtrClk, Level::kHigh),
                                    EventDeadline(link, Deadline::Never()));
  if (!event6) return AbandonNegotiation(link, event6.error());
  const bool xflag = event6->level(kXFlag) == Level::kHigh;
  // XFlag high accepts every request but nibble's, whose XFlag is inverted (ieee1284.md 4.1).
  // A nibble request is accepted whatever XFlag says: nibble mode is mandatory, and Linux reads
  // on where FreeBSD gives up [DISAGREE, section 15].
  if (request != kNibbleRequest && !xflag) {
    return AbandonNegotiation(
        link, Error(Errc::kRejected,
                    fmt::format("the peripheral refused request {:#04x}", request.byte()))
                  .set_phase(Phase::kNegotiation)
                  .set_event(6)
                  .set_lines(LineLevels().with(kXFlag, Level::kHigh), *event6));
  }
  // Accepted: only now is the link in the requested mode.
  return EnterNegotiatedMode(link, request, xflag);
}

}  // namespace

LinkMode ModeAfter(Ieee1284Request request) {
  // A request IEEE 1284 does not define has no mode of its own; a peripheral that accepts one
  // is run as ECP, the mode whose termination and turnarounds are the most general.
  return LinkModeOf(request).value_or(LinkMode::kEcp);
}

Lane LaneOf(LinkMode mode, Direction direction) {
  switch (mode) {
    case LinkMode::kNibble: return Lane::kNibble;
    case LinkMode::kByte: return Lane::kByte;
    case LinkMode::kEcp:
      return direction == Direction::kForward ? Lane::kEcpForward : Lane::kEcpReverse;
    case LinkMode::kEpp: return Lane::kEpp;
    case LinkMode::kCompatibility:
    case LinkMode::kExtensibilityLink: return Lane::kCompatibility;
  }
  return Lane::kCompatibility;
}

void EnterStartPhase(LinkState& link) {
  if (link.mode == LinkMode::kNibble || link.mode == LinkMode::kByte) {
    link.phase = DataAvailable(link) ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  } else {
    link.phase = Phase::kForwardIdle;
  }
}

Result<Negotiated> NegotiateMode(LinkState& link, Ieee1284Request request) {
  if (link.mode != LinkMode::kCompatibility) PARCLASS_TRY(TerminateMode(link));
  if (KernelRuns(link, ModeAfter(request))) {
    Result<Negotiated> negotiated = NegotiateInKernel(link, request);
    if (negotiated || negotiated.error().code() != Errc::kNotSupported) return negotiated;
  }
  HostPort& port = link.port;
  link.phase = Phase::kNegotiation;
  port.SetLines(kCompatIdle);
  port.SetDirection(Direction::kForward);
  port.WriteData(request.byte());  // Event 0.
  port.Delay(link.timing.data_setup);
  // Event 1: 1284 Active (nSelectIn) high, HostBusy (nAutoFd) low.
  port.SetLines(LineLevels().with(k1284Active, Level::kHigh).with(kHostBusy, Level::kLow));
  Result<LineLevels> event2 = Await(link, 2, kEvent2, EventDeadline(link, Deadline::Never()));
  if (!event2) {
    // No answer: not an IEEE 1284 peripheral. Back to compatibility idle, no termination.
    port.SetLines(kCompatIdle);
    link.phase = Phase::kForwardIdle;
    return event2.error().Reworded(Errc::kNotIeee1284,
                                   "the peripheral did not answer negotiation (no event 2)");
  }
  // Event 3: nStrobe low latches the request; event 4: nStrobe and nAutoFd high.
  port.SetLines(LineLevels().with(kHostClk, Level::kLow));
  port.Delay(link.timing.negotiation_strobe);
  port.SetLines(LineLevels().with(kHostClk, Level::kHigh).with(kHostBusy, Level::kHigh));
  return Event6(link, request);
}

// The extensibility link (ieee1284.md 4.4): request 0x80 accepted, the extended request goes as a
// second byte, latched by nStrobe (events 51-53), and XFlag answers it (events 54-55).
Result<Negotiated> NegotiateExtendedMode(LinkState& link, Ieee1284Request request) {
  PARCLASS_ASSERT(!request.extensibility_link(), "an extended request is 7 bits");
  PARCLASS_TRY(NegotiateMode(link, kExtensibilityLinkRequest));
  HostPort& port = link.port;
  link.phase = Phase::kNegotiation;
  port.WriteData(request.byte());
  port.Delay(link.timing.data_setup);
  port.SetLines(LineLevels().with(kHostClk, Level::kLow));  // Event 51.
  Result<LineLevels> event52 = Await(link, 52, LineLevels().with(kPtrClk, Level::kLow),
                                     EventDeadline(link, Deadline::Never()));
  port.SetLines(LineLevels().with(kHostClk, Level::kHigh));  // Event 53.
  if (!event52) return TerminatedWith(link, event52.error());
  // Event 54: XFlag; event 55: nAck high, the status lines are valid.
  Result<LineLevels> event55 = Await(link, 55, LineLevels().with(kPtrClk, Level::kHigh),
                                     EventDeadline(link, Deadline::Never()));
  if (!event55) return TerminatedWith(link, event55.error());
  if (event55->level(kXFlag) == Level::kLow) {
    return TerminatedWith(
        link, Error(Errc::kRejected,
                    fmt::format("the peripheral refused extended request {:#04x}", request.byte()))
                  .set_phase(Phase::kNegotiation)
                  .set_event(54)
                  .set_lines(LineLevels().with(kXFlag, Level::kHigh), *event55));
  }
  return EnterNegotiatedMode(link, request, true);
}

}  // namespace parclass::ieee1284
