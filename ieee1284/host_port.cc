#include "parclass/ieee1284/host_port.h"

#include "parclass/base/wait.h"
#include "parclass/hw/modes.h"

namespace parclass::ieee1284 {
namespace {

using hw::EcrMode;

bool Parked(EcrMode mode) { return mode == EcrMode::kSpp || mode == EcrMode::kPs2; }

}  // namespace

HostPort::HostPort(hw::RegisterIo& io, Clock& clock, hw::ChipFeatures chip, hw::KernelLink* kernel)
    : io_(io), clock_(clock), chip_(chip), kernel_(kernel) {
  if (chip_.ecr) WriteEcr(hw::kDefaultEcrPs2);
  WriteControl(hw::Dcr::Get().set_n_init(true).set_select_in(true));
}

LineLevels HostPort::Status() { return ReadDsr().lines(); }

hw::Dsr HostPort::ReadDsr() { return hw::Dsr::Get().ReadFrom(io_); }

void HostPort::ClearEppTimeout() {
  hw::Dsr::Get().set_epp_timeout(true).WriteTo(io_);
  hw::Dsr::Get().set_epp_timeout(false).WriteTo(io_);
}

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

void HostPort::WriteEcr(hw::Ecr ecr) {
  ecr_ = ecr.set_full(false).set_empty(false);
  ecr_.WriteTo(io_);
}

void HostPort::SetChipMode(EcrMode mode) {
  PARCLASS_ASSERT(chip_.ecr, "chip modes need an ECR");
  if (ecr_.mode() == mode) return;
  const hw::Ecr parked = hw::kDefaultEcrPs2;
  if (!Parked(ecr_.mode()) && !Parked(mode)) WriteEcr(parked);
  WriteEcr(hw::Ecr(parked).set_mode(mode));
}

void HostPort::FreezeFifo() {
  PARCLASS_ASSERT(ecr_.mode() == EcrMode::kFifo || ecr_.mode() == EcrMode::kEcp,
                  "only a FIFO mode freezes into test mode");
  WriteEcr(hw::Ecr(ecr_).set_mode(EcrMode::kTest));
}

hw::Ecr HostPort::ReadEcr() { return hw::Ecr::Get().ReadFrom(io_); }

void HostPort::ArmService() { WriteEcr(hw::Ecr(ecr_).set_service_intr(false)); }

hw::Width HostPort::FifoWidth() const {
  switch (chip_.pword_bytes) {
    case 2: return hw::Width::k16;
    case 4: return hw::Width::k32;
    default: return hw::Width::k8;
  }
}

void HostPort::WriteFifo(std::span<const uint8_t> bytes) {
  const size_t pword = hw::BytesOf(FifoWidth());
  const size_t whole = bytes.size() - bytes.size() % pword;
  if (whole > 0) io_.WriteBlock(hw::TFifo::kAddress, FifoWidth(), bytes.first(whole));
  if (whole < bytes.size())
    io_.WriteBlock(hw::TFifo::kAddress, hw::Width::k8, bytes.subspan(whole));
}

void HostPort::ReadFifo(std::span<uint8_t> bytes) {
  const size_t pword = hw::BytesOf(FifoWidth());
  const size_t whole = bytes.size() - bytes.size() % pword;
  if (whole > 0) io_.ReadBlock(hw::TFifo::kAddress, FifoWidth(), bytes.first(whole));
  if (whole < bytes.size()) io_.ReadBlock(hw::TFifo::kAddress, hw::Width::k8, bytes.subspan(whole));
}

void HostPort::WriteEcpCommand(uint8_t command) { hw::EcpAFifo::FromValue(command).WriteTo(io_); }

}  // namespace parclass::ieee1284
