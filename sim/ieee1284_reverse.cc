// Ieee1284Peripheral: the nibble and byte reverse channels (ieee1284.md sections 7 and 8), with
// the data-available signalling of reverse idle (events 18-21).

#include "parclass/base/line_roles.h"
#include "parclass/sim/ieee1284_peripheral.h"

namespace parclass::sim {
namespace {

using nibble_lines::kAckDataReq;
using nibble_lines::kHostBusy;
using nibble_lines::kHostClk;
using nibble_lines::kNDataAvail;
using nibble_lines::kPtrBusy;
using nibble_lines::kPtrClk;
using nibble_lines::kXFlag;

// Nibble mode puts data bit n on these status lines, at pin level (ieee1284.md 7.1).
constexpr std::array<Line, 4> kNibbleLines = {Line::kNFault, Line::kSelect, Line::kPError,
                                              Line::kBusy};

LineLevels NibbleLevels(uint8_t nibble) {
  LineLevels levels;
  for (size_t bit = 0; bit < kNibbleLines.size(); ++bit) {
    levels = levels.with(kNibbleLines[bit], LevelOf(((nibble >> bit) & 1) != 0));
  }
  return levels;
}

}  // namespace

// nDataAvail (nFault) low while there is data; AckDataReq (PError) follows it.
LineLevels Ieee1284Peripheral::DataAvailability() const {
  const Level level = source_->empty() ? Level::kHigh : Level::kLow;
  return LineLevels().with(kNDataAvail, level).with(kAckDataReq, level);
}

void Ieee1284Peripheral::EnterReverse() {
  high_nibble_ = false;
  presenting_ = false;
  phase_ = source_->empty() ? Phase::kDataNotAvailable : Phase::kDataAvailable;
}

void Ieee1284Peripheral::ReverseLines(const Delta& delta) {
  if (delta.Fell(kHostBusy)) {
    // Event 7: HostBusy low, the host is ready for a nibble or byte.
    if (source_->empty()) {
      // Nothing to send: reverse idle, AckDataReq held high until data comes.
      phase_ = Phase::kReverseIdle;
      side_.Drive(LineLevels().with(kAckDataReq, Level::kHigh));
    } else {
      PresentNext();
    }
    return;
  }
  // Event 16: the host acknowledges a byte-mode byte; the peripheral has held it on the data
  // lines until now, since a host may read it after event 11 (Linux does).
  if (mode_ == LinkMode::kByte && delta.Fell(kHostClk)) {
    side_.After(config_.response, [this] { side_.ReleaseData(); });
    return;
  }
  if (!delta.Rose(kHostBusy)) return;
  if (presenting_) {
    // Event 10 seen; event 11: nAck high.
    side_.Emit(11, config_.response, [this] { Acknowledged(); });
  } else if (phase_ == Phase::kInterruptHost) {
    // Event 20 seen; event 21: AckDataReq low, host busy with data available.
    side_.Emit(21, config_.response, [this] {
      side_.Drive(LineLevels().with(kAckDataReq, Level::kLow));
      phase_ = Phase::kDataAvailable;
    });
  }
}

void Ieee1284Peripheral::PresentNext() {
  phase_ = Phase::kReverseTransfer;
  presenting_ = true;
  const uint8_t byte = source_->front();
  if (mode_ == LinkMode::kNibble) {
    // Event 8: the nibble on the status lines, low nibble first; event 9: nAck low.
    const uint8_t nibble = high_nibble_ ? byte >> 4 : byte & 0x0f;
    side_.Emit(9, config_.response, [this, nibble] {
      side_.Drive(NibbleLevels(nibble));
      side_.Drive(LineLevels().with(kPtrClk, Level::kLow));
    });
  } else {
    // Event 15: the byte on the data lines; event 9: nAck low.
    side_.Emit(9, config_.response, [this, byte] {
      side_.DriveData(byte);
      side_.Drive(LineLevels().with(kPtrClk, Level::kLow));
    });
  }
}

void Ieee1284Peripheral::Acknowledged() {
  // The state is updated before the lines move: a host reacting to nAck at once sees it.
  presenting_ = false;
  if (mode_ == LinkMode::kNibble && !high_nibble_) {
    high_nibble_ = true;
    side_.Drive(LineLevels().with(kPtrClk, Level::kHigh));
    return;
  }
  high_nibble_ = false;
  source_->pop_front();
  phase_ = source_->empty() ? Phase::kDataNotAvailable : Phase::kDataAvailable;
  // Event 11 with event 13: nAck high, data availability for the next byte, Busy and XFlag back
  // to their idle levels.
  side_.Drive(DataAvailability()
                  .with(kPtrClk, Level::kHigh)
                  .with(kPtrBusy, Level::kLow)
                  .with(kXFlag, LevelOf(xflag_)));
}

void Ieee1284Peripheral::SignalDataAvailable() {
  const bool reverse_mode = mode_ == LinkMode::kNibble || mode_ == LinkMode::kByte;
  if (!reverse_mode || phase_ != Phase::kReverseIdle) {
    if (reverse_mode && !presenting_) side_.Drive(DataAvailability());
    return;
  }
  // Events 18 and 19: nDataAvail low, then a pulse on nAck; its rising edge interrupts the host.
  phase_ = Phase::kInterruptHost;
  side_.Emit(19, config_.response, [this] {
    side_.Drive(LineLevels().with(kNDataAvail, Level::kLow).with(kPtrClk, Level::kLow));
    side_.After(config_.response,
                [this] { side_.Drive(LineLevels().with(kPtrClk, Level::kHigh)); });
  });
}

}  // namespace parclass::sim
