#include "parclass/ieee1284/host_port.h"

#include "parclass/base/wait.h"

namespace parclass::ieee1284 {

HostPort::HostPort(hw::RegisterIo& io, Clock& clock) : io_(io), clock_(clock) {
  WriteControl(hw::Dcr::Get().set_n_init(true).set_select_in(true));
}

LineLevels HostPort::Status() { return hw::Dsr::Get().ReadFrom(io_).lines(); }

void HostPort::SetLines(LineLevels levels) {
  const hw::Dcr next = hw::Dcr(dcr_).set_lines(levels.restricted_to(kControlLines));
  if (next.reg_value() != dcr_.reg_value()) WriteControl(next);
}

void HostPort::SetDirection(Direction direction) {
  const hw::Dcr next = hw::Dcr(dcr_).set_direction(direction == Direction::kReverse);
  if (next.reg_value() != dcr_.reg_value()) WriteControl(next);
}

void HostPort::WriteData(uint8_t byte) { hw::Data::Get().set_data(byte).WriteTo(io_); }

uint8_t HostPort::ReadData() { return hw::Data::Get().ReadFrom(io_).data(); }

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

void HostPort::WriteControl(hw::Dcr dcr) {
  dcr_ = dcr;
  dcr_.WriteTo(io_);
}

}  // namespace parclass::ieee1284
