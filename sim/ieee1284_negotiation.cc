// Ieee1284Peripheral: negotiation (events 0-6), the extensibility link (51-55) and termination
// (22-28), from the peripheral's side (ieee1284.md sections 4.1-4.4 and 5).

#include <fmt/format.h>

#include "parclass/base/line_roles.h"
#include "parclass/base/requests.h"
#include "parclass/sim/ieee1284_peripheral.h"

namespace parclass::sim {

using negotiation_lines::k1284Active;
using negotiation_lines::kAckDataReq;
using negotiation_lines::kHostBusy;
using negotiation_lines::kHostClk;
using negotiation_lines::kNDataAvail;
using negotiation_lines::kPtrBusy;
using negotiation_lines::kPtrClk;
using negotiation_lines::kXFlag;

// Event 1: nSelectIn (1284 Active) high while nAutoFd (HostBusy) low, both in the same change or
// nSelectIn rising while nAutoFd is already low.
bool Ieee1284Peripheral::IsEvent1(const Delta& delta, const PeripheralSide& side) {
  return delta.Rose(k1284Active) && side.level(kHostBusy) == Level::kLow;
}

void Ieee1284Peripheral::BeginNegotiation() {
  if (!config_.ieee1284) return;  // A plain Centronics printer never answers: no event 2.
  transition_ = Transition::kNegotiating;
  phase_ = Phase::kNegotiation;
  request_.reset();
  request_latched_ = false;
  extensibility_pending_ = false;
  // Event 2: AckDataReq (PError), XFlag (Select), nDataAvail (nFault) high; PtrClk (nAck) low.
  side_.Emit(2, config_.response, [this] {
    side_.Drive(LineLevels()
                    .with(kAckDataReq, Level::kHigh)
                    .with(kXFlag, Level::kHigh)
                    .with(kNDataAvail, Level::kHigh)
                    .with(kPtrClk, Level::kLow));
  });
}

void Ieee1284Peripheral::NegotiationLines(const Delta& delta) {
  if (delta.Fell(k1284Active)) {
    // A host that saw no event 2 in time drops 1284 Active and expects no handshake (ieee1284.md
    // 4.2, E2): back to compatibility at once. A host that latched its request (event 3) has
    // seen event 2, and one whose event 6 wait ran out terminates with the handshake (4.2, E6;
    // Linux's parport_negotiate calls parport_ieee1284_terminate, which waits for event 24, as
    // ieee1284::Link's AbandonNegotiation does): event 22, so events 23-27 follow (5.1), and the
    // late events still pending are dropped. The cross-check with the kernel found this
    // (docs/qemu.md): without events 23-24 every such negotiation cost the host another tL.
    if (request_.has_value()) {
      Terminate();  // Immediate after all if nAutoFd is low (5.2).
      return;
    }
    side_.CancelTimers();
    EnterCompatibility();
    return;
  }
  // Event 3 (or 51 on the extensibility link): the request byte is latched on nStrobe falling.
  if (delta.Fell(kHostClk)) {
    request_ = Ieee1284Request::FromByte(side_.data());
    request_latched_ = true;
    if (extensibility_pending_) {
      // Event 52: nAck low.
      side_.Emit(52, config_.response,
                 [this] { side_.Drive(LineLevels().with(kPtrClk, Level::kLow)); });
    }
    return;
  }
  // Event 4: nStrobe and nAutoFd high (event 53 on the link: nStrobe high).
  const bool strobe_high = side_.level(kHostClk) == Level::kHigh;
  const bool event4 = strobe_high && side_.level(kHostBusy) == Level::kHigh;
  if (request_latched_ && (delta.Rose(kHostClk) || delta.Rose(kHostBusy)) &&
      (event4 || (extensibility_pending_ && strobe_high))) {
    request_latched_ = false;
    Decide();
  }
}

bool Ieee1284Peripheral::Accepts(Ieee1284Request request) const {
  const AcceptedModes& accepted = config_.accepted;
  if (request.device_id() && !accepted.device_id) return false;
  if (request.extensibility_link()) {
    return request == kExtensibilityLinkRequest && accepted.extensibility_link;
  }
  const bool plain = !request.device_id() && !request.rle();  // EPP takes neither flag.
  switch (request.mode()) {
    case RequestMode::kNibble: return !request.rle();
    case RequestMode::kByte: return !request.rle() && accepted.byte;
    case RequestMode::kEcp:
      return (request.rle() ? accepted.ecp_rle : accepted.ecp) && ecp_ != nullptr;
    case RequestMode::kBoundedEcp: return accepted.bounded_ecp && ecp_ != nullptr;
    case RequestMode::kEpp: return plain && accepted.epp && epp_ != nullptr;
    case RequestMode::kUndefined: break;
  }
  return false;
}

void Ieee1284Peripheral::Decide() {
  const Ieee1284Request request = *request_;
  const bool accepted = Accepts(request);
  // The nibble request's XFlag is inverted: low means supported (ieee1284.md 4.1).
  xflag_ = request == kNibbleRequest ? !accepted : accepted;
  const bool link = extensibility_pending_;
  if (request.device_id()) {
    const std::vector<uint8_t> id = DeviceIdBytes(config_.device_id, config_.device_id_length);
    device_id_.assign(id.begin(), id.end());
    source_ = &device_id_;
  } else {
    source_ = &reverse_;
  }
  // Event 5 (54 on the link): XFlag, PtrBusy low, data availability on nDataAvail and AckDataReq.
  side_.Emit(link ? 54 : 5, config_.response, [this, request, accepted, link] {
    LineLevels status = LineLevels().with(kXFlag, LevelOf(xflag_)).with(kPtrBusy, Level::kLow);
    const bool reverse = accepted && request.IsReverseChannel();
    // ECP: nAckReverse (PError) low until the setup phase's event 31 raises it (not bounded ECP).
    const bool ecp = accepted && request.mode() == RequestMode::kEcp;
    status = reverse ? status.with(kNDataAvail, DataAvailability().level(kNDataAvail))
                           .with(kAckDataReq, DataAvailability().level(kAckDataReq))
                     : status.with(kNDataAvail, Level::kHigh)
                           .with(kAckDataReq, ecp ? Level::kLow : Level::kHigh);
    side_.Drive(status);
    // Event 6 (55 on the link): nAck high, the status lines are valid.
    side_.Emit(link ? 55 : 6, config_.response, [this, accepted] {
      side_.Drive(LineLevels().with(kPtrClk, Level::kHigh));
      if (!accepted) {
        transition_ = Transition::kRejected;
        side_.Note(fmt::format("{}: request {:#04x} rejected", config_.name, request_->byte()));
        return;
      }
      EnterNegotiatedMode();
    });
  });
}

void Ieee1284Peripheral::EnterNegotiatedMode() {
  const Ieee1284Request request = *request_;
  if (request == kExtensibilityLinkRequest && !extensibility_pending_) {
    extensibility_pending_ = true;  // The second request byte follows (events 51-55).
    return;
  }
  extensibility_pending_ = false;
  transition_ = Transition::kNone;
  if (request.IsReverseChannel()) {
    mode_ = request.mode() == RequestMode::kByte ? LinkMode::kByte : LinkMode::kNibble;
    EnterReverse();
    return;
  }
  mode_ = request.IsEcp() ? LinkMode::kEcp : LinkMode::kEpp;
  channel_ = mode_ == LinkMode::kEcp ? ecp_.get() : epp_.get();
  phase_ = mode_ == LinkMode::kEcp ? Phase::kSetup : Phase::kForwardIdle;
  channel_->Enter(request, *source_);
}

void Ieee1284Peripheral::Terminate() {
  side_.CancelTimers();
  if (channel_ != nullptr) channel_->Exit();
  channel_ = nullptr;
  presenting_ = false;
  side_.ReleaseData();
  if (side_.level(kHostBusy) == Level::kLow) {
    // Immediate termination (ieee1284.md 5.2): 1284 Active fell without event 22's conditions.
    EnterCompatibility();
    return;
  }
  mode_ = LinkMode::kCompatibility;
  transition_ = Transition::kTerminating;
  phase_ = Phase::kTerminate;
  // Events 23 and 24: PtrBusy and nDataAvail high, XFlag inverted, then PtrClk low.
  side_.Emit(24, config_.response, [this] {
    side_.Drive(LineLevels()
                    .with(kPtrBusy, Level::kHigh)
                    .with(kNDataAvail, Level::kHigh)
                    .with(kXFlag, LevelOf(!xflag_))
                    .with(kPtrClk, Level::kLow));
  });
}

void Ieee1284Peripheral::TerminationLines(const Delta& delta) {
  if (delta.Fell(kHostBusy)) {
    // Event 25 seen; events 26 and 27: compatibility status back, then nAck high.
    side_.Emit(27, config_.response,
               [this] { side_.Drive(CompatStatus().with(kPtrClk, Level::kHigh)); });
  } else if (delta.Rose(kHostBusy) && side_.level(kPtrClk) == Level::kHigh) {
    EnterCompatibility();  // Event 28: compatibility forward idle.
  }
}

std::vector<uint8_t> Ieee1284Peripheral::DeviceIdBytes(const std::string& text,
                                                       DeviceIdLength form) {
  const size_t n = text.size();
  size_t length = n + 2;
  bool little_endian = false;
  switch (form) {
    case DeviceIdLength::kStandard: break;
    case DeviceIdLength::kLittleEndian: little_endian = true; break;
    case DeviceIdLength::kExcludingItself: length = n; break;
    case DeviceIdLength::kOffByTwo: length = n + 4; break;
    case DeviceIdLength::kBogus: length = 0xffff; break;
  }
  const auto high = static_cast<uint8_t>(length >> 8);
  const auto low = static_cast<uint8_t>(length & 0xff);
  std::vector<uint8_t> bytes;
  bytes.reserve(n + 2);
  bytes.push_back(little_endian ? low : high);
  bytes.push_back(little_endian ? high : low);
  for (const char c : text) bytes.push_back(static_cast<uint8_t>(c));
  return bytes;
}

}  // namespace parclass::sim
