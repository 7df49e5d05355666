#include "parclass/hw/port_registers.h"

#include "parclass/base/assert.h"

namespace parclass::hw {

PortRegisters::PortRegisters(RegisterIo& io, ChipFeatures chip, uint8_t control_writable)
    : io_(io), chip_(chip), control_writable_(control_writable) {}

// Linux's __parport_pc_frob_control, with the write saved when nothing changes.
void PortRegisters::UpdateControl(Dcr mask, Dcr value, ControlWrite when) {
  const uint8_t bits = mask.reg_value();
  const uint8_t next =
      ((control_.reg_value() & ~bits) | (value.reg_value() & bits)) & control_writable_;
  if (control_known_ && next == control_.reg_value() && when == ControlWrite::kIfChanged) return;
  control_ = Dcr::FromValue(next);
  control_known_ = true;
  control_.WriteTo(io_);
}

void PortRegisters::WriteControl(Dcr value, ControlWrite when) {
  UpdateControl(Dcr::FromValue(0xff), value, when);
}

Dcr PortRegisters::AdoptControl() {
  control_ = Dcr::FromValue(Dcr::Get().ReadFrom(io_).reg_value() & control_writable_);
  control_known_ = true;
  return control_;
}

// Linux's ecr_write: the soft copy keeps the writable bits; a chip that takes a write only with
// bit 0 set gets it.
void PortRegisters::WriteEcr(Ecr value) {
  ecr_ = Ecr::FromValue(value.reg_value() & Ecr::kWritableMask);
  ecr_known_ = true;
  Ecr written = ecr_;
  if (chip_.ecr_write_bit0) written.set_empty(true);
  written.WriteTo(io_);
}

// Linux's change_mode without its FIFO drain (the engine drains before it leaves a FIFO mode):
// between two modes other than 000 and 001 the chip passes through 001, which resets the FIFO.
void PortRegisters::SetEcr(Ecr value) {
  const bool through_parking = ecr_known_ && ecr_.mode() != value.mode() &&
                               !IsParkingMode(ecr_.mode()) && !IsParkingMode(value.mode());
  if (through_parking) WriteEcr(QuietEcr(EcrMode::kPs2));
  WriteEcr(value);
}

void PortRegisters::SetEcrMode(EcrMode mode) {
  PARCLASS_ASSERT(chip_.ecr, "ECR modes need an ECR");
  if (ecr_known_ && ecr_.mode() == mode) return;
  SetEcr(QuietEcr(mode));
}

void PortRegisters::FreezeFifo() {
  PARCLASS_ASSERT(ecr_.mode() == EcrMode::kFifo || ecr_.mode() == EcrMode::kEcp,
                  "only a FIFO mode freezes into test mode");
  WriteEcr(Ecr(ecr_).set_mode(EcrMode::kTest));
}

void PortRegisters::ArmService() { WriteEcr(Ecr(ecr_).set_service_intr(false)); }

void PortRegisters::Write(RegisterAddress address, uint8_t value) {
  if (address == Dcr::kAddress) {
    WriteControl(Dcr::FromValue(value), ControlWrite::kAlways);
  } else if (address == Ecr::kAddress && chip_.ecr) {
    WriteEcr(Ecr::FromValue(value));
  } else {
    io_.Write(address, value);
  }
}

void PortRegisters::WriteBlock(RegisterAddress address, Width width,
                               std::span<const uint8_t> bytes) {
  const bool soft_copied = address == Dcr::kAddress || (address == Ecr::kAddress && chip_.ecr);
  if (!soft_copied) {
    io_.WriteBlock(address, width, bytes);
    return;
  }
  PARCLASS_ASSERT(width == Width::k8, "the control register and the ECR take bytes");
  for (const uint8_t byte : bytes) Write(address, byte);
}

void PortRegisters::Park() {
  constexpr Ecr kParked = QuietEcr(EcrMode::kPs2);
  if (chip_.ecr && !(ecr_known_ && ecr_.reg_value() == kParked.reg_value())) SetEcr(kParked);
  WriteControl(kIdleControl);
}

// The data latch reads back as the lines in the forward direction; control and ECR are the soft
// copies (Linux reads neither back: parport_pc_save_state).
SavedRegisters PortRegisters::Save() {
  PARCLASS_ASSERT(control_known_, "a port's registers are saved only once they have been set");
  return {.data = Data::Get().ReadFrom(io_).data(),
          .control = control_,
          .ecr = chip_.ecr ? std::optional(ecr_) : std::nullopt};
}

void PortRegisters::Restore(const SavedRegisters& saved) {
  if (chip_.ecr) SetEcrMode(EcrMode::kPs2);
  Data::Get().set_data(saved.data).WriteTo(io_);
  WriteControl(saved.control);
  if (saved.ecr) SetEcr(*saved.ecr);
}

}  // namespace parclass::hw
