// EcpChannel: ECP setup (events 30-31), forward transfer (34-37), the turnarounds (38-40, 47-49)
// and reverse transfer (43-46) with commands and run-length encoding (ieee1284.md sections 4.2,
// 9.1-9.5), from the peripheral's side.

#include "parclass/sim/ecp_channel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>

#include "parclass/base/line_roles.h"

namespace parclass::sim {
namespace {

using ecp_lines::kHostAck;
using ecp_lines::kHostClk;
using ecp_lines::kNAckReverse;
using ecp_lines::kNPeriphRequest;
using ecp_lines::kNReverseRequest;
using ecp_lines::kPeriphAck;
using ecp_lines::kPeriphClk;

constexpr uint8_t kCountMask = 0x7f;  // A command's channel address or run-length count.

}  // namespace

EcpChannel::EcpChannel(PeripheralSide& side, EcpConfig config) : side_(side), config_(config) {
  PARCLASS_ASSERT(!config_.reverse_channel || *config_.reverse_channel <= kCountMask,
                  "an ECP channel address is 0-127");
}

void EcpChannel::Enter(Ieee1284Request request, std::deque<uint8_t>& reverse) {
  PARCLASS_ASSERT(request.IsEcp(), "EcpChannel entered by a request that is not ECP");
  phase_ = Phase::kSetup;
  rle_ = request.rle();
  channel_ = 0;
  rle_count_.reset();
  reverse_ = &reverse;
  presenting_.reset();
  run_ = 0;
  channel_sent_ = false;
  // Event 30 may already be on the lines: the host sets HostAck low as soon as it sees event 6.
  if (side_.level(kHostAck) == Level::kLow) Setup();
}

void EcpChannel::OnHostLines(const Delta& delta) {
  switch (phase_) {
    case Phase::kSetup:
      if (delta.Fell(kHostAck)) Setup();  // Event 30: HostAck low.
      return;
    case Phase::kForwardIdle:
    case Phase::kForwardTransfer: ForwardLines(delta); return;
    case Phase::kForwardToReverse:
      if (delta.Rose(kNReverseRequest)) ToForward();  // The host gave up waiting for event 40.
      return;
    case Phase::kReverseIdle:
    case Phase::kReverseTransfer: ReverseLines(delta); return;
    default: return;
  }
}

void EcpChannel::Exit() {
  side_.ReleaseData();
  phase_ = Phase::kUnknown;
  reverse_ = nullptr;
  presenting_.reset();
}

void EcpChannel::DataQueued() {
  if (!active() || phase_ == Phase::kSetup) return;
  SignalRequest();
  if (phase_ == Phase::kReverseIdle && side_.level(kHostAck) == Level::kLow) PresentNext();
}

std::vector<uint8_t> EcpChannel::received_on(uint8_t channel) const {
  std::vector<uint8_t> bytes;
  for (const EcpDatum& datum : received_) {
    if (datum.channel == channel) bytes.push_back(datum.byte);
  }
  return bytes;
}

void EcpChannel::Setup() {
  // Event 31: PError (nAckReverse) high, PeriphAck (Busy) low: forward idle, ready.
  side_.Emit(31, config_.response, [this] {
    if (phase_ != Phase::kSetup) return;
    phase_ = Phase::kForwardIdle;
    ++counts_.setups;
    side_.Drive(LineLevels().with(kNAckReverse, Level::kHigh).with(kPeriphAck, Level::kLow));
    SignalRequest();
  });
}

// nPeriphRequest (nFault) low while there is reverse data, in either direction (9.5).
void EcpChannel::SignalRequest() {
  const bool request = has_reverse_data() || config_.request_without_data;
  const Level n_periph_request = LevelOf(!request);
  if (side_.level(kNPeriphRequest) == n_periph_request) return;
  if (request && !has_reverse_data()) side_.Note("ECP: nPeriphRequest low with no reverse data");
  side_.Drive(LineLevels().with(kNPeriphRequest, n_periph_request));
}

// --- Forward transfer --------------------------------------------------------------------------

void EcpChannel::ForwardLines(const Delta& delta) {
  if (delta.Fell(kNReverseRequest)) {
    ToReverse();  // Event 39: nReverseRequest low.
  } else if (delta.Fell(kHostClk)) {
    ForwardStrobe();  // Event 35: HostClk low.
  } else if (delta.Rose(kHostClk)) {
    ForwardStrobeReleased();  // Event 37: HostClk high.
  }
}

void EcpChannel::ForwardStrobe() {
  if (side_.level(kPeriphAck) == Level::kHigh) {
    side_.Note(
        fmt::format("ECP: HostClk low while PeriphAck is high; {:#04x} ignored", side_.data()));
    return;
  }
  // Event 34 put the byte on the lines, with HostAck high for data and low for a command.
  const uint8_t byte = side_.data();
  const EcpByte taken{byte, ecp_lines::KindAt(side_.level(kHostAck))};
  phase_ = Phase::kForwardTransfer;
  // Event 36: PeriphAck high, the byte is taken.
  side_.Emit(36, config_.response, [this, taken] {
    if (phase_ != Phase::kForwardTransfer) return;  // The host turned the link around meanwhile.
    const bool released = side_.level(kHostClk) == Level::kHigh;  // Event 37 came first.
    Take(taken);
    side_.Drive(LineLevels().with(kPeriphAck, Level::kHigh));
    if (released) ForwardReady();
  });
}

void EcpChannel::ForwardStrobeReleased() {
  // Without event 36 the host has given up on the byte; it is not taken.
  if (phase_ == Phase::kForwardTransfer && side_.level(kPeriphAck) == Level::kHigh) {
    ForwardReady();
  }
}

void EcpChannel::ForwardReady() {
  // PeriphAck low: ready for the next byte. The standard's number for this step is not certain
  // (ieee1284.md 9.1), so it is not an event a fault can name.
  side_.After(config_.response, [this] {
    if (phase_ != Phase::kForwardTransfer) return;
    phase_ = Phase::kForwardIdle;
    side_.Drive(LineLevels().with(kPeriphAck, Level::kLow));
  });
}

void EcpChannel::Take(EcpByte taken) {
  if (!taken.command()) {
    ++counts_.forward_data;
    TakeData(taken.byte);
    return;
  }
  ++counts_.forward_commands;
  TakeCommand(taken.byte);
}

void EcpChannel::TakeCommand(uint8_t byte) {
  if ((byte & kChannelAddress) != 0) {
    channel_ = byte & kCountMask;
    commands_.push_back(byte);
    return;
  }
  if (!rle_) {
    // Linux decodes it anyway; this peripheral, which never negotiated RLE, cannot.
    side_.Note(fmt::format("ECP: RLE count {:#04x} without RLE negotiated; taken as data", byte));
    TakeData(byte);
    return;
  }
  if (rle_count_) side_.Note(fmt::format("ECP: RLE count {:#04x} replaces an unused one", byte));
  rle_count_ = byte;
  commands_.push_back(byte);
}

void EcpChannel::TakeData(uint8_t byte) {
  const int copies = rle_count_ ? *rle_count_ + 1 : 1;
  rle_count_.reset();
  for (int i = 0; i < copies; ++i) received_.push_back({channel_, byte});
}

// --- Turnarounds -------------------------------------------------------------------------------

void EcpChannel::ToReverse() {
  // Event 38 should have come first: HostAck low and the data lines let go.
  if (side_.level(kHostAck) == Level::kHigh) {
    side_.Note("ECP: nReverseRequest low with HostAck high (no event 38)");
  }
  phase_ = Phase::kForwardToReverse;
  // Event 40: nAckReverse (PError) low; the peripheral may drive the data lines from now on.
  side_.Emit(40, config_.response, [this] {
    if (phase_ != Phase::kForwardToReverse) return;
    phase_ = Phase::kReverseIdle;
    ++counts_.to_reverse;
    side_.Drive(LineLevels().with(kNAckReverse, Level::kLow));
    if (side_.level(kHostAck) == Level::kLow) PresentNext();
  });
}

void EcpChannel::ToForward() {
  // A byte on the lines but not acknowledged is not consumed: it goes again, count and all.
  presenting_.reset();
  run_ = 0;
  phase_ = Phase::kReverseToForward;
  // Event 48: the peripheral lets go of the data lines.
  side_.Emit(48, config_.response, [this] { side_.ReleaseData(); });
  // Event 49: nAckReverse (PError) high; PeriphClk and PeriphAck back to their forward levels.
  side_.Emit(49, config_.response, [this] {
    if (phase_ != Phase::kReverseToForward) return;
    phase_ = Phase::kForwardIdle;
    ++counts_.to_forward;
    side_.Drive(LineLevels()
                    .with(kNAckReverse, Level::kHigh)
                    .with(kPeriphClk, Level::kHigh)
                    .with(kPeriphAck, Level::kLow));
    SignalRequest();
  });
}

// --- Reverse transfer --------------------------------------------------------------------------

void EcpChannel::ReverseLines(const Delta& delta) {
  if (delta.Rose(kNReverseRequest)) {
    ToForward();  // Event 47: nReverseRequest high.
  } else if (delta.Rose(kHostAck) && presenting_ && side_.level(kPeriphClk) == Level::kLow) {
    // Event 44 seen; event 45: PeriphClk high.
    side_.Emit(45, config_.response, [this] {
      if (phase_ == Phase::kReverseTransfer) Acknowledged();
    });
  } else if (delta.Fell(kHostAck) && phase_ == Phase::kReverseIdle) {
    PresentNext();  // Event 46: HostAck low, the host is ready for the next byte.
  }
}

void EcpChannel::PresentNext() {
  if (!has_reverse_data()) return;  // Reverse idle until DataQueued().
  const EcpByte next = NextEcpByte();
  presenting_ = next;
  phase_ = Phase::kReverseTransfer;
  // Event 43: the byte on the lines, PeriphAck high for data and low for a command, then
  // PeriphClk low.
  side_.Emit(43, config_.response, [this, next] {
    if (phase_ != Phase::kReverseTransfer) return;
    side_.DriveData(next.byte);
    side_.Drive(LineLevels().with(kPeriphAck, ecp_lines::LevelOf(next.kind)));
    side_.Drive(LineLevels().with(kPeriphClk, Level::kLow));
  });
}

void EcpChannel::Acknowledged() {
  const EcpByte sent = *presenting_;
  presenting_.reset();
  phase_ = Phase::kReverseIdle;
  if (sent.command()) {
    ++counts_.reverse_commands;
    if ((sent.byte & kChannelAddress) != 0) {
      channel_sent_ = true;
    } else {
      run_ = sent.byte + 1;
    }
  } else {
    ++counts_.reverse_data;
    const size_t consumed = std::min(std::max<size_t>(run_, 1), reverse_->size());
    reverse_->erase(reverse_->begin(), reverse_->begin() + static_cast<std::ptrdiff_t>(consumed));
    run_ = 0;
  }
  // The host may answer PeriphClk high at once (a chip does): the state is settled first.
  side_.Drive(LineLevels().with(kPeriphClk, Level::kHigh));
  SignalRequest();
}

EcpByte EcpChannel::NextEcpByte() const {
  if (config_.reverse_channel && !channel_sent_) {
    return {static_cast<uint8_t>(kChannelAddress | *config_.reverse_channel), EcpKind::kCommand};
  }
  if (rle_ && run_ == 0) {
    const size_t run = RunAtFront();
    if (run >= kShortestRun) return {static_cast<uint8_t>(run - 1), EcpKind::kCommand};
  }
  return {reverse_->front(), EcpKind::kData};
}

// How many times the front byte repeats at the front of the queue, up to a count's limit.
size_t EcpChannel::RunAtFront() const {
  const auto end =
      reverse_->begin() + static_cast<std::ptrdiff_t>(std::min(reverse_->size(), kLongestRun));
  const auto differs =
      std::find_if(reverse_->begin(), end, [&](uint8_t byte) { return byte != reverse_->front(); });
  return static_cast<size_t>(differs - reverse_->begin());
}

}  // namespace parclass::sim
