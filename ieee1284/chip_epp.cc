// Link: EPP through the chip's own cycles (ieee1284.md 10.2), the chip-EPP path.
//
// Each access to the EPP data register is one cycle, and on a chip that takes them a 32-bit
// access is four; the chip ends a cycle the peripheral does not answer after about 10 us and sets
// the timeout bit (status bit 0). The engine reads the bit after every access, so the bytes done
// are exact to the access: a failed 32-bit access counts none of its four bytes.

#include <functional>

#include "link_state.h"
#include "parclass/base/line_roles.h"
#include "parclass/hw/epp_regs.h"
#include "transfer_ops.h"

namespace parclass::ieee1284 {
namespace {

constexpr LineLevels kWaitHigh = LineLevels().with(epp_lines::kNWait, Level::kHigh);

// Chip cycles run in mode 100 with the control lines at EPP idle: nWrite, nDataStb and nAddrStb
// high, nInit high (Linux's CTR 0x04); the chip drives the strobes itself.
void EnterEppIdle(HostPort& port) {
  port.SetDirection(Direction::kForward);
  port.SetLines(LineLevels()
                    .with(epp_lines::kNWrite, Level::kHigh)
                    .with(epp_lines::kNDataStb, Level::kHigh)
                    .with(epp_lines::kNAddrStb, Level::kHigh)
                    .with(epp_lines::kNInit, Level::kHigh));
  if (port.chip().ecr) port.SetChipMode(hw::EcrMode::kEpp);
}

// Runs `access` (one chip access; returns the bytes it moved) until `total` bytes are moved,
// reading the EPP timeout bit after each.
Result<size_t> EppChipCycles(LinkState& link, const std::function<size_t()>& access, Phase phase,
                             size_t total) {
  HostPort& port = link.port;
  EnterEppIdle(port);
  link.phase = phase;
  size_t done = 0;
  while (done < total) {
    const size_t moved = access();
    const hw::Dsr status = port.ReadDsr();
    if (status.epp_timeout()) {
      port.ClearEppTimeout();
      if (port.chip().ecr) port.SetChipMode(hw::EcrMode::kPs2);
      return Failed(link,
                    Error(Errc::kTimeout, "the peripheral did not answer an EPP cycle in time")
                        .set_phase(phase)
                        .set_event(58)
                        .set_lines(kWaitHigh, status.lines()),
                    done);
    }
    done += moved;
  }
  if (port.chip().ecr) port.SetChipMode(hw::EcrMode::kPs2);
  link.phase = Phase::kForwardIdle;
  return done;
}

// Data cycles over `bytes` (a span to write or to read into): 32-bit accesses while four or more
// bytes remain and the chip takes them, then single bytes. `block` does one access.
template <typename Bytes, typename Block>
Result<size_t> EppChipData(LinkState& link, Bytes bytes, Phase phase, Block block) {
  return EppChipCycles(
      link,
      [&, done = size_t{0}]() mutable {
        const hw::Width width =
            link.port.chip().epp32 && bytes.size() - done >= 4 ? hw::Width::k32 : hw::Width::k8;
        block(width, bytes.subspan(done, hw::BytesOf(width)));
        done += hw::BytesOf(width);
        return hw::BytesOf(width);
      },
      phase, bytes.size());
}

}  // namespace

namespace chip_epp {

Result<size_t> Write(LinkState& link, std::span<const uint8_t> bytes, Deadline /*deadline*/) {
  return EppChipData(link, bytes, Phase::kForwardTransfer,
                     [&](hw::Width width, std::span<const uint8_t> access) {
                       link.port.io().WriteBlock(hw::EppData<0>::kAddress, width, access);
                     });
}

Result<size_t> Read(LinkState& link, std::span<uint8_t> buffer, Deadline /*deadline*/) {
  return EppChipData(link, buffer, Phase::kReverseTransfer,
                     [&](hw::Width width, std::span<uint8_t> access) {
                       link.port.io().ReadBlock(hw::EppData<0>::kAddress, width, access);
                     });
}

Result<void> WriteAddress(LinkState& link, uint8_t address, Deadline /*deadline*/) {
  PARCLASS_TRY(EppChipCycles(
      link,
      [&] {
        hw::EppAddress::Get().set_address(address).WriteTo(link.port.io());
        return size_t{1};
      },
      Phase::kForwardTransfer, 1));
  return Ok();
}

Result<uint8_t> ReadAddress(LinkState& link, Deadline /*deadline*/) {
  uint8_t address = 0;
  PARCLASS_TRY(EppChipCycles(
      link,
      [&] {
        address = hw::EppAddress::Get().ReadFrom(link.port.io()).address();
        return size_t{1};
      },
      Phase::kReverseTransfer, 1));
  return address;
}

}  // namespace chip_epp
}  // namespace parclass::ieee1284
