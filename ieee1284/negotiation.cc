// Link: negotiation (events 0-6, 30-31) and termination (events 22-28), ieee1284.md 4.2, 5.1.

#include <fmt/format.h>

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

// Event 2: PError, Select, nFault high; nAck low.
constexpr LineLevels kEvent2 = LineLevels()
                                   .with(Line::kPError, Level::kHigh)
                                   .with(Line::kSelect, Level::kHigh)
                                   .with(Line::kNFault, Level::kHigh)
                                   .with(Line::kNAck, Level::kLow);

}  // namespace

LinkMode ModeOfRequest(uint8_t request) {
  const uint8_t mode = request & ~kDeviceIdFlag;
  if (mode == kNibbleRequest) return LinkMode::kNibble;
  if (mode == kByteRequest) return LinkMode::kByte;
  if (mode == kEppRequest) return LinkMode::kEpp;
  if (request == kExtensibilityLinkRequest) return LinkMode::kExtensibilityLink;
  return LinkMode::kEcp;
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

Result<LineLevels> Link::Await(int event, LineLevels want, Deadline deadline) {
  Result<LineLevels> seen = port_.WaitStatus(want, deadline);
  if (!seen) return Error(seen.error()).set_phase(phase_).set_event(event);
  return seen;
}

Result<Negotiated> Link::Negotiate(uint8_t request) {
  if (mode_ != LinkMode::kCompatibility) PARCLASS_TRY(Terminate());
  if (UseKernel(ModeOfRequest(request))) {
    Result<Negotiated> negotiated = NegotiateInKernel(request);
    if (negotiated || negotiated.error().code() != Errc::kNotSupported) return negotiated;
  }
  phase_ = Phase::kNegotiation;
  port_.SetLines(kCompatIdle);
  port_.SetDirection(Direction::kForward);
  port_.WriteData(request);  // Event 0.
  port_.Delay(timing_.data_setup);
  // Event 1: 1284 Active (nSelectIn) high, HostBusy (nAutoFd) low.
  port_.SetLines(
      LineLevels().with(Line::kNSelectIn, Level::kHigh).with(Line::kNAutoFd, Level::kLow));
  Result<LineLevels> event2 = Await(2, kEvent2, EventDeadline(Deadline::Never()));
  if (!event2) {
    // No answer: not an IEEE 1284 peripheral. Back to compatibility idle, no termination.
    port_.SetLines(kCompatIdle);
    phase_ = Phase::kForwardIdle;
    return event2.error().Reworded(Errc::kNotIeee1284,
                                   "the peripheral did not answer negotiation (no event 2)");
  }
  // Event 3: nStrobe low latches the request; event 4: nStrobe and nAutoFd high.
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
  port_.Delay(timing_.negotiation_strobe);
  port_.SetLines(
      LineLevels().with(Line::kNStrobe, Level::kHigh).with(Line::kNAutoFd, Level::kHigh));
  return Event6(request);
}

Result<Negotiated> Link::Event6(uint8_t request) {
  // Events 5 and 6: XFlag and the other status lines, valid once nAck is high.
  Result<LineLevels> event6 =
      Await(6, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(Deadline::Never()));
  if (!event6) return AbandonNegotiation(event6.error());
  const bool xflag = event6->level(Line::kSelect) == Level::kHigh;
  // XFlag high accepts every request but nibble's, whose XFlag is inverted (ieee1284.md 4.1).
  // A nibble request is accepted whatever XFlag says: nibble mode is mandatory, and Linux reads
  // on where FreeBSD gives up [DISAGREE, section 15].
  if (request != kNibbleRequest && !xflag) {
    return AbandonNegotiation(
        Error(Errc::kRejected, fmt::format("the peripheral refused request {:#04x}", request))
            .set_phase(Phase::kNegotiation)
            .set_event(6)
            .set_lines(LineLevels().with(Line::kSelect, Level::kHigh), *event6));
  }
  mode_ = ModeOfRequest(request);  // Accepted: only now is the link in the requested mode.
  return EnterNegotiatedMode(request, xflag);
}

// A negotiation that ended without the requested mode (no event 6, or XFlag said no): the
// peripheral has left compatibility mode for no transfer mode, and only the termination handshake
// (events 22-28) brings it back, whatever was requested (ieee1284.md 4.2, E6: "terminate"). A
// refused EPP request in particular gets events 22-28, not EPP's nInit reset (event 68): the
// peripheral that refused never entered EPP, and waits for event 22. Linux's parport_negotiate
// sets port->ieee1284.mode only once XFlag accepted, so that parport_ieee1284_terminate takes
// its default path (events 22-28) for every refusal.
Error Link::AbandonNegotiation(Error error) {
  (void)TerminationHandshake();
  return error;
}

// After an accepted request: ECP's setup phase (events 30-31), and the phase each mode starts in.
Result<Negotiated> Link::EnterNegotiatedMode(uint8_t request, bool xflag) {
  if (mode_ == LinkMode::kEcp) {
    rle_ = (request & ~kDeviceIdFlag) == kEcpRleRequest;
    ecp_reverse_ = false;
    Result<void> setup = EcpSetup();
    if (!setup) return TerminatedWith(setup.error());
  }
  if (mode_ == LinkMode::kNibble || mode_ == LinkMode::kByte) {
    phase_ = DataAvailable() ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  } else {
    phase_ = Phase::kForwardIdle;
  }
  KeepKernelInStep();
  return Negotiated{request, xflag};
}

// The extensibility link (ieee1284.md 4.4): request 0x80 accepted, the extended request goes as a
// second byte, latched by nStrobe (events 51-53), and XFlag answers it (events 54-55).
Result<Negotiated> Link::NegotiateExtended(uint8_t request) {
  PARCLASS_ASSERT(request < kExtensibilityLinkRequest, "an extended request is 7 bits");
  PARCLASS_TRY(Negotiate(kExtensibilityLinkRequest));
  phase_ = Phase::kNegotiation;
  port_.WriteData(request);
  port_.Delay(timing_.data_setup);
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));  // Event 51.
  Result<LineLevels> event52 =
      Await(52, LineLevels().with(Line::kNAck, Level::kLow), EventDeadline(Deadline::Never()));
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));  // Event 53.
  if (!event52) return TerminatedWith(event52.error());
  // Event 54: XFlag; event 55: nAck high, the status lines are valid.
  Result<LineLevels> event55 =
      Await(55, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(Deadline::Never()));
  if (!event55) return TerminatedWith(event55.error());
  if (event55->level(Line::kSelect) == Level::kLow) {
    return TerminatedWith(
        Error(Errc::kRejected,
              fmt::format("the peripheral refused extended request {:#04x}", request))
            .set_phase(Phase::kNegotiation)
            .set_event(54)
            .set_lines(LineLevels().with(Line::kSelect, Level::kHigh), *event55));
  }
  mode_ = ModeOfRequest(request);
  return EnterNegotiatedMode(request, true);
}

// Event 30: HostAck (nAutoFd) low; event 31: the peripheral sets nAckReverse (PError) high.
Result<void> Link::EcpSetup() {
  phase_ = Phase::kSetup;
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));
  PARCLASS_TRY(
      Await(31, LineLevels().with(Line::kPError, Level::kHigh), EventDeadline(Deadline::Never())));
  phase_ = Phase::kForwardIdle;
  return Ok();
}

Result<void> Link::Terminate() {
  if (mode_ == LinkMode::kCompatibility) return Ok();
  if (in_kernel_) return TerminateInKernel();
  reverse_pending_.clear();  // Reverse bytes no read asked for end with the mode.
  if (mode_ == LinkMode::kEpp) {
    TerminateEpp();
    KeepKernelInStep();
    return Ok();
  }
  // ECP terminates from forward idle only (ieee1284.md 5.3); a failed turnaround still ends in
  // the termination below.
  if (mode_ == LinkMode::kEcp && ecp_reverse_) (void)ReverseToForward();
  Result<void> terminated = TerminationHandshake();
  KeepKernelInStep();
  return terminated;
}

Result<void> Link::TerminationHandshake() {
  phase_ = Phase::kTerminate;
  port_.SetDirection(Direction::kForward);
  // Event 22: 1284 Active low with HostBusy high. From here the peripheral is in compatibility
  // mode whatever it answers, so the link is too.
  port_.SetLines(
      LineLevels().with(Line::kNSelectIn, Level::kLow).with(Line::kNAutoFd, Level::kHigh));
  mode_ = LinkMode::kCompatibility;
  // Events 23-24: Busy and nFault high, XFlag inverted, nAck low.
  Result<LineLevels> event24 =
      Await(24, LineLevels().with(Line::kNAck, Level::kLow), EventDeadline(Deadline::Never()));
  if (!event24) {
    phase_ = Phase::kForwardIdle;
    return event24.error();
  }
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));  // Event 25.
  Result<LineLevels> event27 =
      Await(27, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(Deadline::Never()));
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));  // Event 28.
  phase_ = Phase::kForwardIdle;
  if (!event27) return event27.error();
  return Ok();
}

}  // namespace parclass::ieee1284
