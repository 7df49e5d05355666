#include "parclass/ieee1284/host_port.h"

#include "parclass/base/wait.h"
#include "parclass/hw/modes.h"

namespace parclass::ieee1284 {

HostPort::HostPort(hw::PortRegisters& registers, Clock& clock, hw::KernelLink* kernel)
    : registers_(registers), clock_(clock), kernel_(kernel) {
  registers_.Park();
}

LineLevels HostPort::Status() { return ReadDsr().lines(); }

hw::Dsr HostPort::ReadDsr() { return hw::Dsr::Get().ReadFrom(io()); }

void HostPort::ClearEppTimeout() {
  hw::Dsr::Get().set_epp_timeout(true).WriteTo(io());
  hw::Dsr::Get().set_epp_timeout(false).WriteTo(io());
}

void HostPort::SetLines(LineLevels levels) {
  registers_.WriteControl(
      hw::Dcr(registers_.control()).set_lines(levels.restricted_to(kControlLines)));
}

void HostPort::SetDirection(Direction direction) {
  registers_.WriteControl(
      hw::Dcr(registers_.control()).set_direction(direction == Direction::kReverse));
}

void HostPort::WriteData(uint8_t byte) { hw::Data::Get().set_data(byte).WriteTo(io()); }

uint8_t HostPort::ReadData() { return hw::Data::Get().ReadFrom(io()).data(); }

Result<LineLevels> HostPort::WaitStatus(LineLevels want, Deadline deadline) {
  LineLevels seen;
  Result<void> waited = WaitFor(clock_, deadline, [&] {
    seen = Status();
    return want.MatchedBy(seen);
  });
  if (!waited) {
    return Error(Errc::kTimeout, "the peripheral did not answer in time").set_lines(want, seen);
  }
  return seen;
}

void HostPort::SetChipMode(hw::EcrMode mode) { registers_.SetEcrMode(mode); }

hw::Ecr HostPort::ReadEcr() { return hw::Ecr::Get().ReadFrom(io()); }

hw::Width HostPort::FifoWidth() const { return hw::WidthOfPWord(chip().pword_bytes); }

void HostPort::WriteFifo(std::span<const uint8_t> bytes) {
  const size_t pword = hw::BytesOf(FifoWidth());
  const size_t whole = bytes.size() - bytes.size() % pword;
  if (whole > 0) io().WriteBlock(hw::TFifo::kAddress, FifoWidth(), bytes.first(whole));
  if (whole < bytes.size())
    io().WriteBlock(hw::TFifo::kAddress, hw::Width::k8, bytes.subspan(whole));
}

void HostPort::ReadFifo(std::span<uint8_t> bytes) {
  const size_t pword = hw::BytesOf(FifoWidth());
  const size_t whole = bytes.size() - bytes.size() % pword;
  if (whole > 0) io().ReadBlock(hw::TFifo::kAddress, FifoWidth(), bytes.first(whole));
  if (whole < bytes.size())
    io().ReadBlock(hw::TFifo::kAddress, hw::Width::k8, bytes.subspan(whole));
}

void HostPort::WriteEcpCommand(uint8_t command) { hw::EcpAFifo::FromValue(command).WriteTo(io()); }

}  // namespace parclass::ieee1284
