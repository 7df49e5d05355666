// EppChannel: EPP 1.9 address and data cycles (ieee1284.md sections 10.1 and 10.5), from the
// peripheral's side. nWrite = nStrobe, nDStrb = nAutoFd, nAStrb = nSelectIn, nWait = Busy.

#include "parclass/sim/epp_channel.h"

#include <fmt/format.h>

#include "parclass/base/line_roles.h"

namespace parclass::sim {
namespace {

using epp_lines::kIntr;
using epp_lines::kNAddrStb;
using epp_lines::kNDataStb;
using epp_lines::kNWait;
using epp_lines::kNWrite;

EppCycle CycleOf(Line strobe, Level n_write) {
  const bool write = n_write == Level::kLow;
  if (strobe == kNAddrStb) return write ? EppCycle::kAddressWrite : EppCycle::kAddressRead;
  return write ? EppCycle::kDataWrite : EppCycle::kDataRead;
}

}  // namespace

EppChannel::EppChannel(PeripheralSide& side, EppConfig config) : side_(side), config_(config) {}

void EppChannel::Enter(Ieee1284Request request, std::deque<uint8_t>& /*reverse*/) {
  PARCLASS_ASSERT(request == kEppRequest, "EppChannel entered by a request that is not EPP");
  active_ = true;
  cycle_.reset();
  // Idle: nWait low (a cycle may begin), Intr high.
  side_.Drive(LineLevels().with(kNWait, Level::kLow).with(kIntr, Level::kHigh));
}

void EppChannel::OnHostLines(const Delta& delta) {
  if (!active_) return;
  for (const Line strobe : {kNDataStb, kNAddrStb}) {
    if (delta.Fell(strobe)) Begin(strobe);
    if (delta.Rose(strobe)) End(strobe);
  }
}

void EppChannel::Exit() {
  if (driving_) side_.ReleaseData();
  driving_ = false;
  active_ = false;
  cycle_.reset();
}

void EppChannel::Intr() {
  if (!active_) {
    side_.Note("EPP: Intr outside EPP mode; not sent");
    return;
  }
  side_.Drive(LineLevels().with(kIntr, Level::kLow));
  side_.After(config_.intr_width, [this] { side_.Drive(LineLevels().with(kIntr, Level::kHigh)); });
}

// Event 62 (data write), 56 (address write), 67 (data read) or 64 (address read): the strobe fell.
void EppChannel::Begin(Line strobe) {
  if (cycle_) {
    side_.Note(fmt::format("EPP: {} low during a cycle; ignored", LineName(strobe)));
    return;
  }
  const Cycle cycle{CycleOf(strobe, side_.level(kNWrite)), strobe, ++cycles_begun_};
  cycle_ = cycle;
  const uint8_t latched = side_.data();  // A write's byte, on the lines with the strobe.
  // Event 58: the byte latched or driven, nWait high.
  side_.Emit(58, config_.response, [this, cycle, latched] {
    if (cycle_ && cycle_->number == cycle.number) Complete(cycle, latched);
  });
}

void EppChannel::Complete(const Cycle& cycle, uint8_t latched) {
  switch (cycle.kind) {
    case EppCycle::kAddressWrite: address_ = latched; break;
    case EppCycle::kDataWrite:
      data_registers_[address_++] = latched;
      data_written_.push_back(latched);
      break;
    case EppCycle::kAddressRead:
      side_.DriveData(address_);
      driving_ = true;
      break;
    case EppCycle::kDataRead:
      side_.DriveData(data_registers_[address_++]);
      driving_ = true;
      break;
  }
  ++cycles_[static_cast<size_t>(cycle.kind)];
  side_.Drive(LineLevels().with(kNWait, Level::kHigh));
}

// Event 63 (data) or 59 (address): the strobe rose. The bus is let go at once; event 60 follows.
void EppChannel::End(Line strobe) {
  if (!cycle_ || cycle_->strobe != strobe) return;
  const uint64_t number = cycle_->number;
  cycle_.reset();
  if (driving_) side_.ReleaseData();
  driving_ = false;
  // Event 60: nWait low, ready for the next cycle (unless the host began one already).
  side_.Emit(60, config_.response, [this, number] {
    if (cycles_begun_ == number) side_.Drive(LineLevels().with(kNWait, Level::kLow));
  });
}

}  // namespace parclass::sim
