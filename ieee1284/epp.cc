// Link: EPP in software (ieee1284.md 10.1 and 10.4), as Linux's parport_ieee1284_epp_* drive it.
// In EPP the control lines take new names: nWrite = nStrobe, nDStrb = nAutoFd (data cycles),
// nAStrb = nSelectIn (address cycles), nWait = Busy.

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

constexpr LineLevels kWaitHigh = LineLevels().with(Line::kBusy, Level::kHigh);
constexpr LineLevels kWaitLow = LineLevels().with(Line::kBusy, Level::kLow);

LineLevels Strobe(Line strobe, Level level) { return LineLevels().with(strobe, level); }

}  // namespace

// After the strobe's rising edge (event 63 or 59), the peripheral lowers nWait: event 60.
Result<void> Link::EppCycleEnd(Line strobe, Deadline deadline) {
  port_.SetLines(Strobe(strobe, Level::kHigh));
  PARCLASS_TRY(Await(60, kWaitLow, EventDeadline(deadline)));
  return Ok();
}

Result<void> Link::EppWriteCycle(Line strobe, uint8_t byte, Deadline deadline) {
  port_.WriteData(byte);
  // Event 62 (data) or 56 (address): nWrite low, then the strobe low.
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
  port_.SetLines(Strobe(strobe, Level::kLow));
  // Event 58: nWait high, the peripheral has the byte.
  Result<LineLevels> event58 = Await(58, kWaitHigh, EventDeadline(deadline));
  if (!event58) {
    port_.SetLines(Strobe(strobe, Level::kHigh));
    return event58.error();
  }
  return EppCycleEnd(strobe, deadline);
}

Result<uint8_t> Link::EppReadCycle(Line strobe, Deadline deadline) {
  // Event 67 (data) or 64 (address): nWrite high, the data lines let go, the strobe low.
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));
  port_.SetDirection(Direction::kReverse);
  port_.SetLines(Strobe(strobe, Level::kLow));
  Result<LineLevels> event58 = Await(58, kWaitHigh, EventDeadline(deadline));
  if (!event58) {
    port_.SetLines(Strobe(strobe, Level::kHigh));
    return event58.error();
  }
  const uint8_t byte = port_.ReadData();
  PARCLASS_TRY(EppCycleEnd(strobe, deadline));
  return byte;
}

Result<size_t> Link::WriteEpp(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  port_.SetDirection(Direction::kForward);
  phase_ = Phase::kForwardTransfer;
  for (size_t done = 0; done < bytes.size(); ++done) {
    Result<void> cycle = EppWriteCycle(Line::kNAutoFd, bytes[done], deadline);
    if (!cycle) return Failed(cycle.error(), done);
  }
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));  // Event 61.
  phase_ = Phase::kForwardIdle;
  return bytes.size();
}

Result<size_t> Link::ReadEpp(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  phase_ = Phase::kReverseTransfer;
  for (size_t done = 0; done < buffer.size(); ++done) {
    Result<uint8_t> byte = EppReadCycle(Line::kNAutoFd, deadline);
    if (!byte) return Failed(byte.error(), done);
    buffer[done] = *byte;
  }
  port_.SetDirection(Direction::kForward);
  phase_ = Phase::kForwardIdle;
  return buffer.size();
}

Result<void> Link::WriteEppAddress(uint8_t address, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  port_.SetDirection(Direction::kForward);
  Result<void> cycle = EppWriteCycle(Line::kNSelectIn, address, deadline);
  if (!cycle) return Failed(cycle.error(), 0);
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));  // Event 61.
  return Ok();
}

Result<uint8_t> Link::ReadEppAddress(Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  Result<uint8_t> address = EppReadCycle(Line::kNSelectIn, deadline);
  port_.SetDirection(Direction::kForward);
  if (!address) return Failed(address.error(), 0);
  return address;
}

// EPP has no termination handshake (ieee1284.md 5.3): event 68, nInit low for 50 us, resets the
// peripheral; event 69, nInit high and nSelectIn low, is compatibility mode.
void Link::TerminateEpp() {
  port_.SetDirection(Direction::kForward);
  port_.SetLines(LineLevels().with(Line::kNInit, Level::kLow).with(Line::kNStrobe, Level::kHigh));
  port_.Delay(timing_.epp_reset);
  port_.SetLines(LineLevels()
                     .with(Line::kNInit, Level::kHigh)
                     .with(Line::kNSelectIn, Level::kLow)
                     .with(Line::kNAutoFd, Level::kHigh));
  mode_ = LinkMode::kCompatibility;
  phase_ = Phase::kForwardIdle;
}

}  // namespace parclass::ieee1284
