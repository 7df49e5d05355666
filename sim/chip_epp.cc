// EPP cycles of the simulated chip (shared spec ieee1284.md section 10). In EPP the control lines
// take new names: nWrite = nStrobe, nDStrb = nAutoFd, nAStrb = nSelectIn, nWait = Busy.

#include <fmt/format.h>

#include "parclass/sim/chip.h"

namespace parclass::sim {

bool SimChip::EppWaitForWait(Level level) {
  Scheduler& scheduler = cable_.scheduler();
  const Nanoseconds deadline = scheduler.Now() + config_.epp_timeout;
  return scheduler.RunUntil([&] { return cable_.level(Line::kBusy) == level; }, deadline);
}

void SimChip::EppTimedOut() {
  epp_timeout_ = true;
  cable_.trace().Record(
      {cable_.scheduler().Now(), Note{fmt::format("EPP timeout: nWait did not answer within {} ns",
                                                  config_.epp_timeout.count())}});
}

void SimChip::EppWrite(Line strobe, uint8_t value) {
  // EPP 1.9 begins a cycle only while nWait is low; EPP 1.7 does not look.
  if (config_.epp_version == EppVersion::k19 && !EppWaitForWait(Level::kLow)) {
    EppTimedOut();
    return;
  }
  // Event 62 (data) or 56 (address): nWrite low, the byte on the lines, the strobe low.
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.DriveData(Side::kHost, value);
  cable_.Drive(Side::kHost, strobe, Drive::kLow);
  cable_.Settle();
  // Event 58: the peripheral takes the byte and sets nWait high.
  const bool acknowledged = EppWaitForWait(Level::kHigh);
  // Event 63 (data) or 59 (address): strobe high; event 61: nWrite high.
  cable_.Drive(Side::kHost, strobe, Drive::kHigh);
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kHigh);
  cable_.Settle();
  if (!acknowledged) EppTimedOut();
  UpdateLines();
}

uint8_t SimChip::EppRead(Line strobe) {
  if (config_.epp_version == EppVersion::k19 && !EppWaitForWait(Level::kLow)) {
    EppTimedOut();
    return cable_.data();
  }
  // Event 67 (data) or 64 (address): nWrite high, the data lines let go, the strobe low.
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kHigh);
  cable_.ReleaseData(Side::kHost);
  cable_.Drive(Side::kHost, strobe, Drive::kLow);
  cable_.Settle();
  // Event 58: the peripheral drives the byte and sets nWait high. Without it the chip reads
  // whatever the lines float to.
  const bool acknowledged = EppWaitForWait(Level::kHigh);
  const uint8_t value = cable_.data();
  // Event 63 (data) or 59 (address): strobe high; the peripheral lets go and lowers nWait.
  cable_.Drive(Side::kHost, strobe, Drive::kHigh);
  cable_.Settle();
  if (!acknowledged) EppTimedOut();
  UpdateLines();
  return value;
}

}  // namespace parclass::sim
