// Link: EPP (ieee1284.md section 10): in software as Linux's parport_ieee1284_epp_* drive it
// (10.4), and through the chip's own EPP cycles (10.2). In EPP the control lines take new names:
// nWrite = nStrobe, nDStrb = nAutoFd (data cycles), nAStrb = nSelectIn (address cycles),
// nWait = Busy.
//
// Chip cycles. Each access to the EPP data register is one cycle, and on a chip that takes them
// a 32-bit access is four; the chip ends a cycle the peripheral does not answer after about
// 10 us and sets the timeout bit (status bit 0). The engine reads the bit after every access, so
// the bytes done are exact to the access: a failed 32-bit access counts none of its four bytes.

#include <functional>

#include "parclass/hw/epp_regs.h"
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
  if (in_kernel_) return WriteInKernel(bytes, deadline);
  if (UseChipPath(Lane::kEpp)) return WriteEppChip(bytes);
  last_path_ = TransferPath::kSoftware;
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
  if (in_kernel_) return ReadInKernel(buffer, deadline);
  if (UseChipPath(Lane::kEpp)) return ReadEppChip(buffer);
  last_path_ = TransferPath::kSoftware;
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
  if (UseChipPath(Lane::kEpp)) {
    PARCLASS_TRY(EppChipCycles(
        [&] {
          hw::EppAddress::Get().set_address(address).WriteTo(port_.io());
          return size_t{1};
        },
        Phase::kForwardTransfer, 1));
    return Ok();
  }
  last_path_ = TransferPath::kSoftware;
  port_.SetDirection(Direction::kForward);
  Result<void> cycle = EppWriteCycle(Line::kNSelectIn, address, deadline);
  if (!cycle) return Failed(cycle.error(), 0);
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));  // Event 61.
  return Ok();
}

Result<uint8_t> Link::ReadEppAddress(Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  if (UseChipPath(Lane::kEpp)) {
    uint8_t address = 0;
    PARCLASS_TRY(EppChipCycles(
        [&] {
          address = hw::EppAddress::Get().ReadFrom(port_.io()).address();
          return size_t{1};
        },
        Phase::kReverseTransfer, 1));
    return address;
  }
  last_path_ = TransferPath::kSoftware;
  Result<uint8_t> address = EppReadCycle(Line::kNSelectIn, deadline);
  port_.SetDirection(Direction::kForward);
  if (!address) return Failed(address.error(), 0);
  return address;
}

// Data cycles over `bytes` (a span to write or to read into): 32-bit accesses while four or more
// bytes remain and the chip takes them, then single bytes. `block` does one access.
template <typename Bytes, typename Block>
Result<size_t> Link::EppChipData(Bytes bytes, Phase phase, Block block) {
  return EppChipCycles(
      [&, done = size_t{0}]() mutable {
        const hw::Width width =
            port_.chip().epp32 && bytes.size() - done >= 4 ? hw::Width::k32 : hw::Width::k8;
        block(width, bytes.subspan(done, hw::BytesOf(width)));
        done += hw::BytesOf(width);
        return hw::BytesOf(width);
      },
      phase, bytes.size());
}

Result<size_t> Link::WriteEppChip(std::span<const uint8_t> bytes) {
  return EppChipData(bytes, Phase::kForwardTransfer,
                     [&](hw::Width width, std::span<const uint8_t> access) {
                       port_.io().WriteBlock(hw::EppData<0>::kAddress, width, access);
                     });
}

Result<size_t> Link::ReadEppChip(std::span<uint8_t> buffer) {
  return EppChipData(buffer, Phase::kReverseTransfer,
                     [&](hw::Width width, std::span<uint8_t> access) {
                       port_.io().ReadBlock(hw::EppData<0>::kAddress, width, access);
                     });
}

// Chip cycles run in mode 100 with the control lines at EPP idle: nWrite, nDStrb and nAStrb
// high, nInit high (Linux's CTR 0x04); the chip drives the strobes itself.
Result<size_t> Link::EppChipCycles(const std::function<size_t()>& access, Phase phase,
                                   size_t total) {
  last_path_ = TransferPath::kEpp;
  port_.SetDirection(Direction::kForward);
  port_.SetLines(LineLevels()
                     .with(Line::kNStrobe, Level::kHigh)
                     .with(Line::kNAutoFd, Level::kHigh)
                     .with(Line::kNSelectIn, Level::kHigh)
                     .with(Line::kNInit, Level::kHigh));
  if (port_.chip().ecr) port_.SetChipMode(hw::EcrMode::kEpp);
  phase_ = phase;
  size_t done = 0;
  while (done < total) {
    const size_t moved = access();
    const hw::Dsr status = port_.ReadDsr();
    if (status.epp_timeout()) {
      port_.ClearEppTimeout();
      if (port_.chip().ecr) port_.SetChipMode(hw::EcrMode::kPs2);
      return Failed(Error(Errc::kTimeout, "the peripheral did not answer an EPP cycle in time")
                        .set_phase(phase)
                        .set_event(58)
                        .set_lines(kWaitHigh, status.lines()),
                    done);
    }
    done += moved;
  }
  if (port_.chip().ecr) port_.SetChipMode(hw::EcrMode::kPs2);
  phase_ = Phase::kForwardIdle;
  return done;
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
