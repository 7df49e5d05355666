// The FIFO modes of the simulated ECP chip (shared spec ieee1284.md sections 2.3-2.4, 6.2, 9.6):
// the FIFO itself as software sees it, the Parallel Port FIFO (ECR 010) and ECP (ECR 011)
// handshakes the chip runs from and into it with no help from software, and the serviceIntr
// threshold interrupt.

#include <fmt/format.h>

#include "parclass/base/line_roles.h"
#include "parclass/sim/chip.h"

namespace parclass::sim {
namespace {

using hw::EcrMode;

constexpr uint8_t kFloatingBus = 0xff;

}  // namespace

uint8_t SimChip::ReadFifo() {
  const bool readable = mode() == EcrMode::kTest || (mode() == EcrMode::kEcp && reverse());
  if (!readable) {
    GuestMistake(fmt::format("read of the FIFO in ECR mode {}", hw::EcrModeName(mode())));
    return kFloatingBus;
  }
  if (fifo_.empty()) {
    GuestMistake("read of an empty FIFO");
    return kFloatingBus;
  }
  const uint8_t byte = fifo_.Pop().byte;
  DrainRepeats();
  CheckServiceThreshold();
  EngineKick();
  return byte;
}

void SimChip::WriteFifo(EcpByte entry) {
  const bool writable = mode() == EcrMode::kTest ||
                        (mode() == EcrMode::kFifo && entry.kind == EcpKind::kData) ||
                        (mode() == EcrMode::kEcp && !reverse());
  if (!writable) {
    GuestMistake(fmt::format("write of the FIFO in ECR mode {}{}", hw::EcrModeName(mode()),
                             reverse() ? " with the port in reverse" : ""));
    return;
  }
  if (fifo_.full()) {
    GuestMistake(fmt::format("FIFO overrun: {:#04x} written to a full FIFO is lost", entry.byte));
    return;
  }
  fifo_.Push(entry);
  CheckServiceThreshold();
  EngineKick();
}

void SimChip::CheckServiceThreshold() {
  if (ecr_.service_intr()) return;  // Disabled, or already fired and not re-armed.
  const bool due =
      reverse() ? fifo_.level() >= config_.read_threshold : fifo_.free() >= config_.write_threshold;
  if (!due) return;
  ecr_.set_service_intr(true);
  RaiseInterrupt();
}

void SimChip::EngineReset() {
  CancelEngine();
  // Idle levels: HostClk high; HostAck high (data) forward, low (ready) in reverse.
  hw_strobe_ = Level::kHigh;
  hw_auto_fd_ = engine_owns_lines() && reverse() ? Level::kLow : Level::kHigh;
  output_byte_ = data_;
}

void SimChip::CancelEngine() {
  if (engine_event_) cable_.scheduler().Cancel(*engine_event_);
  engine_event_.reset();
  engine_ = EngineState::kIdle;
}

void SimChip::ScheduleStep(Nanoseconds delay, void (SimChip::*step)()) {
  engine_event_ = cable_.scheduler().ScheduleAfter(delay, [this, step] {
    engine_event_.reset();
    (this->*step)();
  });
}

void SimChip::EngineKick() {
  if (engine_ == EngineState::kIdle) EngineStep();
}

// Advances a handshake that waits on the peripheral's lines; timed steps advance by events.
void SimChip::EngineStep() {
  if (!engine_owns_lines()) return;
  const bool busy = cable_.level(Line::kBusy) == Level::kHigh;
  switch (engine_) {
    case EngineState::kIdle:
      if (!reverse()) {
        ForwardStart();
      } else if (mode() == EcrMode::kEcp) {
        ReverseTake();
      }
      return;
    case EngineState::kWaitAck:
      if (busy) ForwardRelease();  // Event 36: PeriphAck high, the byte is taken.
      return;
    case EngineState::kWaitReady:
      if (!busy) {
        engine_ = EngineState::kReadyGap;
        ScheduleStep(kFifoBusyToData, &SimChip::ForwardReady);
      }
      return;
    case EngineState::kStrobeHeld:
      if (!busy) {
        engine_ = EngineState::kSetup;
        ScheduleStep(kFifoBusyToStrobe, &SimChip::ForwardStrobe);
      }
      return;
    case EngineState::kReverseAck:
      if (cable_.level(Line::kNAck) == Level::kHigh) ReverseDone();  // Event 45.
      return;
    case EngineState::kSetup:
    case EngineState::kStrobe:
    case EngineState::kHold:
    case EngineState::kReadyGap: return;
  }
}

void SimChip::ForwardStart() {
  if (fifo_.empty() || cable_.level(Line::kBusy) == Level::kHigh) return;
  transmitter_ = fifo_.Pop();
  CheckServiceThreshold();
  output_byte_ = transmitter_->byte;
  // Event 34 (ECP): HostAck high for data, low for a command.
  if (mode() == EcrMode::kEcp) {
    hw_auto_fd_ = ecp_lines::LevelOf(transmitter_->kind);
  }
  UpdateLines();
  engine_ = EngineState::kSetup;
  ScheduleStep(kFifoDataSetup, &SimChip::ForwardStrobe);
}

void SimChip::ForwardStrobe() {
  // The peripheral went busy during the data setup: the strobe waits until it is ready again.
  if (cable_.level(Line::kBusy) == Level::kHigh) {
    engine_ = EngineState::kStrobeHeld;
    return;
  }
  // Compatibility strobe, or event 35 (ECP): HostClk low. A compatibility peripheral latches
  // the byte on the strobe: the transmitter is free.
  hw_strobe_ = Level::kLow;
  UpdateLines();
  if (mode() == EcrMode::kEcp) {
    engine_ = EngineState::kWaitAck;
    EngineStep();
  } else {
    transmitter_.reset();
    engine_ = EngineState::kStrobe;
    ScheduleStep(kFifoStrobeWidth, &SimChip::ForwardRelease);
  }
}

void SimChip::ForwardRelease() {
  // End of the strobe, or event 37 (ECP): HostClk high once PeriphAck said the byte is taken.
  transmitter_.reset();
  hw_strobe_ = Level::kHigh;
  UpdateLines();
  engine_ = EngineState::kHold;
  ScheduleStep(kFifoDataHold, &SimChip::ForwardDone);
}

void SimChip::ForwardDone() {
  engine_ = EngineState::kWaitReady;
  EngineStep();
}

void SimChip::ForwardReady() {
  engine_ = EngineState::kIdle;
  ForwardStart();
}

void SimChip::ReverseTake() {
  // Event 43: the peripheral has put a byte on the lines and set PeriphClk low. The chip takes
  // it only while it has room (and has stored every copy of a run-length-encoded byte).
  if (cable_.level(Line::kNAck) == Level::kHigh || fifo_.full() || rle_repeats_ > 0) return;
  const uint8_t byte = cable_.data();
  // PeriphAck high: data; low: a command.
  const EcpByte received{byte, ecp_lines::KindAt(cable_.level(ecp_lines::kPeriphAck))};
  if (received.command() && (byte & 0x80) == 0) {
    rle_count_ = byte & 0x7f;  // A run-length count: the next data byte comes count + 1 times.
  } else {
    StoreReceived(received);
  }
  // Event 44: HostAck high.
  hw_auto_fd_ = Level::kHigh;
  UpdateLines();
  engine_ = EngineState::kReverseAck;
  EngineStep();
}

void SimChip::StoreReceived(EcpByte entry) {
  if (entry.kind == EcpKind::kData && rle_count_) {
    rle_byte_ = entry.byte;
    rle_repeats_ = *rle_count_ + 1;
    rle_count_.reset();
    DrainRepeats();
  } else {
    // Channel addresses go into the FIFO like data: software reading ecpDFifo cannot tell them
    // apart, which is one reason drivers do reverse ECP in software.
    fifo_.Push(entry);
  }
  CheckServiceThreshold();
}

void SimChip::DrainRepeats() {
  while (rle_repeats_ > 0 && !fifo_.full()) {
    fifo_.Push({rle_byte_, EcpKind::kData});
    --rle_repeats_;
  }
}

void SimChip::ReverseDone() {
  // Event 46: HostAck low, ready for the next byte.
  hw_auto_fd_ = Level::kLow;
  UpdateLines();
  engine_ = EngineState::kIdle;
  EngineStep();
}

}  // namespace parclass::sim
