#include "parclass/sim/chip.h"

#include <fmt/format.h>

#include "parclass/hw/describe.h"
#include "parclass/hw/epp_regs.h"

namespace parclass::sim {
namespace {

using hw::EcrMode;

constexpr uint8_t kFloatingBus = 0xff;

// Base-block offsets, by the register types that own them.
constexpr uint8_t kDataOffset = hw::Data::kAddress.offset;
constexpr uint8_t kDsrOffset = hw::Dsr::kAddress.offset;
constexpr uint8_t kDcrOffset = hw::Dcr::kAddress.offset;
constexpr uint8_t kEppAddressOffset = hw::EppAddress::kAddress.offset;
// ECP-block offsets.
constexpr uint8_t kFifoOffset = hw::TFifo::kAddress.offset;
constexpr uint8_t kCnfgBOffset = hw::CnfgB::kAddress.offset;
constexpr uint8_t kEcrOffset = hw::Ecr::kAddress.offset;

// The ISA standard: from 000 or 001 any mode may be entered; from the others only 000 or 001.
// One exception, which PC chips honour and Linux's stuck-FIFO recovery relies on (ieee1284.md
// 9.7): a FIFO mode (010, 011) may go straight to test mode (110), which stops the handshake and
// keeps the FIFO's contents for software to count.
bool ModeChangeAllowed(EcrMode from, EcrMode to) {
  const auto parked = [](EcrMode mode) { return mode == EcrMode::kSpp || mode == EcrMode::kPs2; };
  const bool freeze = (from == EcrMode::kFifo || from == EcrMode::kEcp) && to == EcrMode::kTest;
  return from == to || parked(from) || parked(to) || freeze;
}

}  // namespace

SimChip::SimChip(Cable& cable, ChipConfig config)
    : cable_(cable), config_(std::move(config)), fifo_(config_.fifo_depth) {
  observer_ = cable_.Observe({Line::kNAck, Line::kBusy, Line::kNFault},
                             [this](const Delta& delta) { OnLines(delta); });
  Reset();
}

SimChip::~SimChip() {
  CancelEngine();
  cable_.StopObserving(observer_);
}

void SimChip::Reset() {
  CancelEngine();
  data_ = 0x00;
  dcr_ = hw::Dcr::Get().set_n_init(true).set_select_in(true);
  ecr_ = hw::Ecr::Get().set_mode(EcrMode::kSpp).set_n_err_intr_en(true).set_service_intr(true);
  fifo_.Clear();
  transmitter_.reset();
  epp_timeout_ = false;
  irq_line_ = false;
  rle_count_.reset();
  rle_repeats_ = 0;
  UpdateLines();
}

hw::Ecr SimChip::ecr() const {
  return hw::Ecr(ecr_).set_full(fifo_.full()).set_empty(fifo_.empty());
}

uint8_t SimChip::DoRead(hw::RegisterAddress address) {
  const uint8_t value = ReadByte(address);
  EndAccess();
  return value;
}

void SimChip::DoWrite(hw::RegisterAddress address, uint8_t value) {
  WriteByte(address, value);
  EndAccess();
}

// A wide access is one bus cycle: it costs the access time once. The FIFO takes all its bytes
// (a PWord); other registers take byte k at offset + k, as an 8-bit device on the ISA bus does.
void SimChip::DoReadBlock(hw::RegisterAddress address, hw::Width width, std::span<uint8_t> bytes) {
  const size_t lanes = hw::BytesOf(width);
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = ReadByte(Lane(address, i % lanes));
    if (i % lanes == lanes - 1) EndAccess();
  }
}

void SimChip::DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                           std::span<const uint8_t> bytes) {
  const size_t lanes = hw::BytesOf(width);
  for (size_t i = 0; i < bytes.size(); ++i) {
    WriteByte(Lane(address, i % lanes), bytes[i]);
    if (i % lanes == lanes - 1) EndAccess();
  }
}

hw::RegisterAddress SimChip::Lane(hw::RegisterAddress address, size_t lane) const {
  if (address == hw::TFifo::kAddress) return address;
  const hw::RegisterAddress byte_lane{address.block, static_cast<uint8_t>(address.offset + lane)};
  PARCLASS_ASSERT(hw::IsValid(byte_lane), "wide access runs past the end of its block");
  return byte_lane;
}

uint8_t SimChip::ReadByte(hw::RegisterAddress address) {
  const uint8_t value = address.block == hw::RegisterBlock::kBase ? ReadBase(address.offset)
                                                                  : ReadEcpBlock(address.offset);
  cable_.trace().Record(
      {cable_.scheduler().Now(), RegisterAccess{address, AccessKind::kRead, value}});
  return value;
}

void SimChip::WriteByte(hw::RegisterAddress address, uint8_t value) {
  cable_.trace().Record(
      {cable_.scheduler().Now(), RegisterAccess{address, AccessKind::kWrite, value}});
  if (address.block == hw::RegisterBlock::kBase) {
    WriteBase(address.offset, value);
  } else {
    WriteEcpBlock(address.offset, value);
  }
}

void SimChip::EndAccess() {
  cable_.Settle();
  cable_.scheduler().SleepFor(config_.access_time);
}

uint8_t SimChip::ReadBase(uint8_t offset) {
  switch (offset) {
    case kDataOffset: return cable_.data();
    case kDsrOffset: return ReadStatus();
    case kDcrOffset: return ReadControl();
    default: break;
  }
  if (!epp_active()) {
    GuestMistake(fmt::format("read of {}: EPP is not active",
                             hw::RegisterName({hw::RegisterBlock::kBase, offset})));
    return kFloatingBus;
  }
  return EppRead(offset == kEppAddressOffset ? Line::kNSelectIn : Line::kNAutoFd);
}

void SimChip::WriteBase(uint8_t offset, uint8_t value) {
  switch (offset) {
    case kDataOffset:
      if (config_.ecr && mode() == EcrMode::kEcp) {
        WriteFifo({value, EcpKind::kCommand});  // ecpAFifo.
      } else {
        data_ = value;
        UpdateLines();
      }
      return;
    case kDsrOffset: WriteStatus(value); return;
    case kDcrOffset: WriteControl(value); return;
    default: break;
  }
  if (!epp_active()) {
    GuestMistake(fmt::format("write of {}: EPP is not active",
                             hw::DescribeValue({hw::RegisterBlock::kBase, offset}, value)));
    return;
  }
  EppWrite(offset == kEppAddressOffset ? Line::kNSelectIn : Line::kNAutoFd, value);
}

uint8_t SimChip::ReadEcpBlock(uint8_t offset) {
  if (!config_.ecr) {
    GuestMistake(fmt::format("read of {}: the chip has no ECR block",
                             hw::RegisterName({hw::RegisterBlock::kEcp, offset})));
    return kFloatingBus;
  }
  switch (offset) {
    case kFifoOffset: return mode() == EcrMode::kConfig ? ReadCnfgA() : ReadFifo();
    case kCnfgBOffset:
      if (mode() == EcrMode::kConfig) return ReadCnfgB();
      GuestMistake("read of cnfgb outside configuration mode");
      return kFloatingBus;
    case kEcrOffset: return ecr().reg_value();
    default: break;
  }
  PARCLASS_ASSERT(false, "RegisterIo passed an offset outside the ECP block");
  return kFloatingBus;
}

void SimChip::WriteEcpBlock(uint8_t offset, uint8_t value) {
  if (!config_.ecr) {
    GuestMistake(fmt::format("write of {}: the chip has no ECR block",
                             hw::DescribeValue({hw::RegisterBlock::kEcp, offset}, value)));
    return;
  }
  switch (offset) {
    case kFifoOffset:
      if (mode() == EcrMode::kConfig) {
        GuestMistake("write of cnfga, which is read-only");
      } else {
        WriteFifo({value, EcpKind::kData});
      }
      return;
    case kCnfgBOffset: GuestMistake("write of cnfgb, which is read-only on this chip"); return;
    case kEcrOffset: WriteEcr(value); return;
    default: break;
  }
  PARCLASS_ASSERT(false, "RegisterIo passed an offset outside the ECP block");
}

uint8_t SimChip::ReadStatus() {
  hw::Dsr dsr = hw::Dsr::Get().set_lines(cable_.levels(kStatusLines));
  dsr.set_reserved2(true).set_reserved1(true);
  // Bit 0 reads 1 wherever EPP is not active: an SPP port's bit 0 cannot be cleared, which is
  // how software tells it from an EPP port.
  dsr.set_epp_timeout(!epp_active() || epp_timeout_);
  if (epp_timeout_ && epp_active() && config_.epp_timeout_clearing == EppTimeoutClearing::kByRead) {
    epp_timeout_ = false;
  }
  return dsr.reg_value();
}

void SimChip::WriteStatus(uint8_t value) {
  const bool bit0 = hw::Dsr::FromValue(value).epp_timeout();
  const bool clears = (config_.epp_timeout_clearing == EppTimeoutClearing::kByWritingOne && bit0) ||
                      (config_.epp_timeout_clearing == EppTimeoutClearing::kByWritingZero && !bit0);
  if (epp_active() && clears) epp_timeout_ = false;
}

uint8_t SimChip::ReadControl() const {
  hw::Dcr dcr = dcr_;
  if (config_.dcr_reads_pins) dcr.set_lines(cable_.levels(kControlLines));
  return dcr.set_reserved(config_.dcr_reserved_read_one ? 0b11 : 0b00).reg_value();
}

void SimChip::WriteControl(uint8_t value) {
  const bool was_reverse = reverse();
  dcr_ = hw::Dcr::FromValue(value).set_reserved(0);
  if (!config_.bidirectional && dcr_.direction()) {
    GuestMistake("direction bit set on a port that cannot tri-state its data lines");
  }
  if (config_.ecr && mode() == EcrMode::kSpp && dcr_.direction()) {
    GuestMistake("direction bit set in ECR mode 000, which forces the port forward");
  }
  if (was_reverse != reverse() && engine_owns_lines()) {
    GuestMistake("direction changed while the FIFO engine runs; change it in ECR mode 001");
    EngineReset();
  }
  UpdateLines();
  if (was_reverse != reverse()) CheckServiceThreshold();
}

void SimChip::WriteEcr(uint8_t value) {
  const hw::Ecr requested = hw::Ecr::FromValue(value);
  const EcrMode from = ecr_.mode();
  EcrMode to = requested.mode();
  if (!ModeChangeAllowed(from, to)) {
    GuestMistake(
        fmt::format("ECR mode change from {} to {}: only 000 and 001 may be left for "
                    "another mode",
                    hw::EcrModeName(from), hw::EcrModeName(to)));
    to = from;
  }
  if (to == EcrMode::kEpp && !config_.epp) GuestMistake("ECR mode 100 on a chip without EPP");
  if (requested.dma_en()) GuestMistake("dmaEn set: the simulated chip has no DMA channel");
  const bool arming = ecr_.service_intr() && !requested.service_intr();
  ecr_ = hw::Ecr::Get()
             .set_mode(to)
             .set_n_err_intr_en(requested.n_err_intr_en())
             .set_service_intr(requested.service_intr());
  if (to != from && (to == EcrMode::kSpp || to == EcrMode::kPs2)) {
    // Entering 000 or 001 resets the FIFO and the engine lets go of the lines. A byte stranded
    // in the transmitter stays there, for cnfgA to report, until a FIFO mode is entered again.
    fifo_.Clear();
    rle_count_.reset();
    rle_repeats_ = 0;
  }
  if (to != from && (to == EcrMode::kFifo || to == EcrMode::kEcp)) transmitter_.reset();
  if (to != from) EngineReset();
  UpdateLines();
  if (arming) CheckServiceThreshold();
  EngineKick();
}

uint8_t SimChip::ReadCnfgA() const {
  return hw::CnfgA::Get()
      .set_level_interrupts(config_.level_interrupts)
      .set_pword_size(config_.pword)
      .set_no_transmitter_byte(!transmitter_.has_value())
      .reg_value();
}

uint8_t SimChip::ReadCnfgB() const {
  const uint8_t irq_code = config_.irq ? hw::CnfgB::IrqCode(*config_.irq).value_or(0) : 0;
  return hw::CnfgB::Get().set_intr_value(irq_line_).set_irq(irq_code).reg_value();
}

bool SimChip::reverse() const {
  if (!config_.bidirectional || !dcr_.direction()) return false;
  return !config_.ecr || (mode() != EcrMode::kSpp && mode() != EcrMode::kFifo);
}

bool SimChip::epp_active() const {
  return config_.epp && (!config_.ecr || mode() == EcrMode::kEpp);
}

bool SimChip::engine_owns_lines() const {
  return config_.ecr && (mode() == EcrMode::kFifo || mode() == EcrMode::kEcp);
}

void SimChip::UpdateLines() {
  LineLevels control = dcr_.lines();
  if (engine_owns_lines()) {
    control = control.with(Line::kNStrobe, hw_strobe_).with(Line::kNAutoFd, hw_auto_fd_);
  }
  cable_.DriveLevels(Side::kHost, control);
  if (reverse()) {
    cable_.ReleaseData(Side::kHost);
  } else {
    cable_.DriveData(Side::kHost, engine_owns_lines() ? output_byte_ : data_);
  }
  cable_.Settle();
}

void SimChip::GuestMistake(std::string what) {
  cable_.trace().Record({cable_.scheduler().Now(), GuestError{std::move(what)}});
}

void SimChip::RaiseInterrupt() {
  if (!config_.irq) return;
  ++interrupts_;
  irq_line_ = true;
  cable_.trace().Record({cable_.scheduler().Now(), Interrupt{}});
  if (on_interrupt_) on_interrupt_();
  irq_line_ = false;  // The chip pulses its line; level interrupts are not modelled.
}

void SimChip::OnLines(const Delta& delta) {
  // PC convention: the interrupt comes at the end of the nAck pulse, on its rising edge.
  if (delta.Rose(Line::kNAck) && dcr_.ack_int_en()) RaiseInterrupt();
  if (delta.Fell(Line::kNFault) && !ecr_.n_err_intr_en() && engine_owns_lines()) RaiseInterrupt();
  if (engine_owns_lines() &&
      (delta.changed.contains(Line::kBusy) || delta.changed.contains(Line::kNAck))) {
    EngineStep();
  }
}

}  // namespace parclass::sim
