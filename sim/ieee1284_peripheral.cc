// Ieee1284Peripheral: construction, routing of host line changes to the current mode, and
// compatibility mode (ieee1284.md section 6.1).

#include "parclass/sim/ieee1284_peripheral.h"

#include <fmt/format.h>

namespace parclass::sim {

Ieee1284Peripheral::Ieee1284Peripheral(Cable& cable, Ieee1284Config config)
    : side_(cable), config_(std::move(config)) {
  observer_ =
      cable.Observe(kControlLines | kDataLines, [this](const Delta& delta) { OnHostLines(delta); });
  EnterCompatibility();
}

Ieee1284Peripheral::~Ieee1284Peripheral() {
  side_.cable().StopObserving(observer_);
  side_.CancelTimers();
}

void Ieee1284Peripheral::set_condition(Condition condition) {
  condition_ = condition;
  side_.Note(fmt::format("{}: condition {}", config_.name, static_cast<int>(condition)));
  if (InCompatibilityMode()) side_.Drive(CompatStatus());
}

void Ieee1284Peripheral::QueueReverse(std::span<const uint8_t> bytes) {
  const bool was_empty = reverse_.empty();
  reverse_.insert(reverse_.end(), bytes.begin(), bytes.end());
  if (bytes.empty() || source_ != &reverse_) return;
  if (channel_ != nullptr) {
    channel_->ReverseQueued();
  } else if (was_empty) {
    SignalDataAvailable();
  }
}

void Ieee1284Peripheral::OnHostLines(const Delta& delta) {
  if (side_.vanished() || condition_ == Condition::kPoweredOff) return;
  // nInit low resets a printer in compatibility mode, and ends EPP (event 68).
  if (delta.Fell(Line::kNInit) && (InCompatibilityMode() || mode_ == LinkMode::kEpp)) {
    Reset();
    return;
  }
  if (delta.Rose(Line::kNInit) && InCompatibilityMode()) {
    CompatReady();
    return;
  }
  Route(delta);
}

void Ieee1284Peripheral::Route(const Delta& delta) {
  switch (transition_) {
    case Transition::kNegotiating: NegotiationLines(delta); return;
    case Transition::kTerminating: TerminationLines(delta); return;
    case Transition::kRejected: break;
    case Transition::kNone:
      if (mode_ != LinkMode::kCompatibility) break;
      if (IsEvent1(delta, side_)) {
        BeginNegotiation();
      } else if (delta.Fell(Line::kNStrobe)) {
        CompatStrobe();
      }
      return;
  }
  // nSelectIn falling ends every IEEE 1284 mode but EPP, where it is the address strobe (nAStrb)
  // and the link ends with an nInit pulse instead (event 68, handled above).
  if (delta.Fell(Line::kNSelectIn) && mode_ != LinkMode::kEpp) {
    Terminate();
  } else if (mode_ == LinkMode::kNibble || mode_ == LinkMode::kByte) {
    ReverseLines(delta);
  } else if (channel_ != nullptr) {
    channel_->OnHostLines(delta);
  }
}

LineLevels Ieee1284Peripheral::CompatStatus() const {
  switch (condition_) {
    case Condition::kReady:
      return StatusLevels(LevelOf(busy_), Level::kLow, Level::kHigh, Level::kHigh);
    case Condition::kPaperOut:
      return StatusLevels(Level::kHigh, Level::kHigh, Level::kHigh, Level::kLow);
    case Condition::kOffline:
      return StatusLevels(Level::kHigh, Level::kLow, Level::kLow, Level::kLow);
    case Condition::kPoweredOff:
      return StatusLevels(Level::kLow, Level::kLow, Level::kLow, Level::kLow)
          .with(Line::kNAck, Level::kLow);
  }
  return {};
}

void Ieee1284Peripheral::EnterCompatibility() {
  if (channel_ != nullptr) channel_->Exit();
  channel_ = nullptr;
  mode_ = LinkMode::kCompatibility;
  transition_ = Transition::kNone;
  phase_ = Phase::kForwardIdle;
  presenting_ = false;
  source_ = &reverse_;
  side_.ReleaseData();
  side_.Drive(CompatStatus());
}

void Ieee1284Peripheral::Reset() {
  side_.CancelTimers();
  side_.Note(fmt::format("{}: reset by nInit", config_.name));
  busy_ = true;  // Busy until nInit returns high.
  buffered_ = 0;
  EnterCompatibility();
}

bool Ieee1284Peripheral::buffer_full() const {
  return config_.buffer_bytes != 0 && buffered_ >= config_.buffer_bytes;
}

void Ieee1284Peripheral::CompatStrobe() {
  if (busy_ || condition_ != Condition::kReady) {
    side_.Note(
        fmt::format("{}: strobe while busy; byte {:#04x} ignored", config_.name, side_.data()));
    return;
  }
  received_.push_back(side_.data());
  busy_ = true;
  if (config_.print_time > Nanoseconds(0) && buffered_++ == 0) {
    side_.After(config_.print_time, [this] { PrintOne(); });
  }
  side_.After(config_.printer.busy_delay,
              [this] { side_.Drive(LineLevels().with(Line::kBusy, Level::kHigh)); });
  side_.After(config_.printer.process, [this] { CompatAck(); });
}

void Ieee1284Peripheral::CompatAck() {
  side_.Drive(LineLevels().with(Line::kNAck, Level::kLow));
  side_.After(config_.printer.ack_width, [this] {
    side_.Drive(LineLevels().with(Line::kNAck, Level::kHigh));
    if (!buffer_full()) CompatReady();
  });
}

void Ieee1284Peripheral::CompatReady() {
  busy_ = false;
  if (InCompatibilityMode()) side_.Drive(CompatStatus());
}

void Ieee1284Peripheral::PrintOne() {
  const bool was_full = buffer_full();
  --buffered_;
  if (buffered_ > 0) side_.After(config_.print_time, [this] { PrintOne(); });
  if (was_full && side_.level(Line::kNAck) == Level::kHigh) CompatReady();
}

}  // namespace parclass::sim
