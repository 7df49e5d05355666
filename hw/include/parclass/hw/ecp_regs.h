// The ECP registers of the "Extended Capabilities Port Protocol and ISA Interface Standard"
// (shared spec ieee1284.md sections 2.3-2.4): the address FIFO at base+0, and in the ECP block the
// FIFO views, cnfgA, cnfgB and the ECR. One FIFO sits behind cFifo, ecpDFifo and tFifo; which view
// (or cnfgA) answers at ECP+0 depends on the ECR mode.
//
//   Ecr ecr = Ecr::Get().set_mode(EcrMode::kPs2).set_n_err_intr_en(true).set_service_intr(true);
//   ecr.WriteTo(io);                                   // 0x34, Linux's parked state
//   bool drained = Ecr::Get().ReadFrom(io).empty();
//   CnfgB cnfg_b = CnfgB::Get().ReadFrom(io);          // in mode 111 only
//   std::optional<int> irq = cnfg_b.irq_line();

#ifndef PARCLASS_HW_ECP_REGS_H_
#define PARCLASS_HW_ECP_REGS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "parclass/hw/register.h"

namespace parclass::hw {

// The ECR mode field (bits 7:5); the values are the Windows P1284_HW_MODE enumeration.
enum class EcrMode : uint8_t {
  kSpp = 0b000,   // Standard: SPP, direction forced forward, FIFO reset.
  kPs2 = 0b001,   // PS/2 byte mode: direction effective, FIFO reset.
  kFifo = 0b010,  // Parallel Port FIFO ("fast Centronics"): compatibility handshake from the FIFO.
  kEcp = 0b011,   // ECP FIFO: ECP handshake from (forward) or into (reverse) the FIFO.
  kEpp = 0b100,   // EPP, on chips that have it (vendor-specific in the ISA standard).
  kReserved = 0b101,
  kTest = 0b110,    // FIFO test: the FIFO is read and written with no handshake on the cable.
  kConfig = 0b111,  // Configuration: cnfgA and cnfgB visible.
};

inline constexpr std::array<std::string_view, 8> kEcrModeNames = {
    "spp", "ps2", "fifo", "ecp", "epp", "reserved", "test", "config"};

std::string_view EcrModeName(EcrMode mode);

// base+0 in ECR mode 011: forward only, each byte is sent as an ECP command (HostAck low).
class EcpAFifo : public Register<EcpAFifo, RegisterBlock::kBase, 0> {
 public:
  static constexpr std::string_view kName = "ecp_afifo";
  static constexpr Access kAccess = Access::kWriteOnly;

  static constexpr Field kChannelAddress{"channel_address", 7};  // 1: channel; 0: RLE count.
  static constexpr Field kValue{"value", 6, 0};
  static constexpr std::array kFields = {kChannelAddress, kValue};

  // A channel address command, channel 0..127.
  static constexpr EcpAFifo Channel(uint8_t channel) {
    return Get().set(kChannelAddress, true).set(kValue, channel);
  }
  // A run-length command: the next data byte is sent `count + 1` times (count 0..127).
  static constexpr EcpAFifo RunLength(uint8_t count) {
    return Get().set(kChannelAddress, false).set(kValue, count);
  }

  constexpr bool channel_address() const { return bit(kChannelAddress); }
  constexpr uint8_t value() const { return get(kValue); }
};

// Which view of the FIFO a FIFO register type is; they share ECP+0.
enum class FifoView : uint8_t { kCompat, kEcpData, kTest };

inline constexpr std::array<std::string_view, 3> kFifoViewNames = {"cfifo", "ecp_dfifo", "tfifo"};

// ECP+0 in ECR modes 010 (cFifo, write only), 011 (ecpDFifo) and 110 (tFifo).
template <FifoView kView>
class FifoRegister : public Register<FifoRegister<kView>, RegisterBlock::kEcp, 0> {
  using Base = Register<FifoRegister<kView>, RegisterBlock::kEcp, 0>;

 public:
  static constexpr std::string_view kName = kFifoViewNames[static_cast<size_t>(kView)];
  static constexpr Access kAccess =
      kView == FifoView::kCompat ? Access::kWriteOnly : Access::kReadWrite;

  static constexpr Field kData{"data", 7, 0};
  static constexpr std::array kFields = {kData};

  constexpr uint8_t data() const { return Base::get(kData); }
  constexpr FifoRegister& set_data(uint8_t value) { return Base::set(kData, value); }
};

using CFifo = FifoRegister<FifoView::kCompat>;
using EcpDFifo = FifoRegister<FifoView::kEcpData>;
using TFifo = FifoRegister<FifoView::kTest>;

// The PWord size encoded in cnfgA's implementation ID (Windows FIFO_PWORD_*).
enum class PWordSize : uint8_t { k16Bit = 0b000, k8Bit = 0b001, k32Bit = 0b010 };

inline constexpr std::array<std::string_view, 8> kImplementationIdNames = {
    "16bit", "8bit", "32bit", "id3", "id4", "id5", "id6", "id7"};

// ECP+0 in ECR mode 111: configuration A, read only.
class CnfgA : public Register<CnfgA, RegisterBlock::kEcp, 0> {
 public:
  static constexpr std::string_view kName = "cnfga";
  static constexpr Access kAccess = Access::kReadOnly;

  static constexpr Field kLevelInterrupts{"level_interrupts", 7};  // 0: pulsed interrupts.
  static constexpr Field kImplementationId{"implementation_id", 6, 4, kImplementationIdNames};
  static constexpr Field kReserved = Field::Reserved(3);
  // 0: one more byte waits in the transmitter, outside the FIFO (Windows CNFGA_NO_TRANS_BYTE).
  static constexpr Field kNoTransmitterByte{"no_transmitter_byte", 2};
  static constexpr Field kPWordResidue{"pword_residue", 1, 0};  // Bytes of a partial PWord.
  static constexpr std::array kFields = {kLevelInterrupts, kImplementationId, kReserved,
                                         kNoTransmitterByte, kPWordResidue};

  constexpr bool level_interrupts() const { return bit(kLevelInterrupts); }
  constexpr uint8_t implementation_id() const { return get(kImplementationId); }
  constexpr bool reserved() const { return bit(kReserved); }
  constexpr bool no_transmitter_byte() const { return bit(kNoTransmitterByte); }
  constexpr uint8_t pword_residue() const { return get(kPWordResidue); }
  constexpr CnfgA& set_level_interrupts(bool on) { return set(kLevelInterrupts, on); }
  constexpr CnfgA& set_implementation_id(uint8_t id) { return set(kImplementationId, id); }
  constexpr CnfgA& set_pword_size(PWordSize size) {
    return set(kImplementationId, static_cast<uint8_t>(size));
  }
  constexpr CnfgA& set_reserved(bool on) { return set(kReserved, on); }
  constexpr CnfgA& set_no_transmitter_byte(bool on) { return set(kNoTransmitterByte, on); }
  constexpr CnfgA& set_pword_residue(uint8_t bytes) { return set(kPWordResidue, bytes); }

  // Bytes per PWord. An implementation ID other than the three defined ones is taken as 8-bit,
  // as Linux does.
  constexpr int pword_bytes() const {
    switch (static_cast<PWordSize>(implementation_id())) {
      case PWordSize::k16Bit: return 2;
      case PWordSize::k32Bit: return 4;
      case PWordSize::k8Bit: return 1;
    }
    return 1;
  }
};

inline constexpr std::array<std::string_view, 8> kCnfgBIrqNames = {
    "jumpered", "irq7", "irq9", "irq10", "irq11", "irq14", "irq15", "irq5"};
inline constexpr std::array<std::string_view, 8> kCnfgBDmaNames = {
    "jumpered8", "dma1", "dma2", "dma3", "jumpered16", "dma5", "dma6", "dma7"};

// ECP+1 in ECR mode 111: configuration B. On most chips it only mirrors the Super I/O
// configuration; the IRQ and DMA fields are writable on some.
class CnfgB : public Register<CnfgB, RegisterBlock::kEcp, 1> {
 public:
  // IRQ lines by irq field code (code 000 means jumpered).
  static constexpr std::array<int, 8> kIrqLines = {0, 7, 9, 10, 11, 14, 15, 5};

  static constexpr std::string_view kName = "cnfgb";
  static constexpr Access kAccess = Access::kReadWrite;

  static constexpr Field kCompress{"compress", 7};     // Hardware RLE compression available.
  static constexpr Field kIntrValue{"intr_value", 6};  // The IRQ line's current state.
  static constexpr Field kIrq{"irq", 5, 3, kCnfgBIrqNames};
  static constexpr Field kDma{"dma", 2, 0, kCnfgBDmaNames};
  static constexpr std::array kFields = {kCompress, kIntrValue, kIrq, kDma};

  constexpr bool compress() const { return bit(kCompress); }
  constexpr bool intr_value() const { return bit(kIntrValue); }
  constexpr uint8_t irq() const { return get(kIrq); }
  constexpr uint8_t dma() const { return get(kDma); }
  constexpr CnfgB& set_compress(bool on) { return set(kCompress, on); }
  constexpr CnfgB& set_intr_value(bool on) { return set(kIntrValue, on); }
  constexpr CnfgB& set_irq(uint8_t code) { return set(kIrq, code); }
  constexpr CnfgB& set_dma(uint8_t code) { return set(kDma, code); }

  // The IRQ line the irq field selects; none if it is jumpered (set elsewhere).
  constexpr std::optional<int> irq_line() const {
    if (irq() == 0) return std::nullopt;
    return kIrqLines[irq()];
  }
  // The irq field's code for an IRQ line; none if the field cannot name that line.
  static constexpr std::optional<uint8_t> IrqCode(int line) {
    for (size_t code = 1; code < kIrqLines.size(); ++code) {
      if (kIrqLines[code] == line) return static_cast<uint8_t>(code);
    }
    return std::nullopt;
  }
  // The DMA channel the dma field selects; none if it is jumpered (set elsewhere).
  constexpr std::optional<int> dma_channel() const {
    if (dma() == 0b000 || dma() == 0b100) return std::nullopt;
    return dma();
  }
};

// ECP+2: the extended control register. Bits 1:0 show the FIFO state and ignore writes.
class Ecr : public Register<Ecr, RegisterBlock::kEcp, 2> {
 public:
  static constexpr std::string_view kName = "ecr";
  static constexpr Access kAccess = Access::kReadWrite;
  static constexpr bool kShadowed = true;
  static constexpr uint8_t kWritableMask = 0b1111'1100;

  static constexpr Field kMode{"mode", 7, 5, kEcrModeNames};
  static constexpr Field kNErrIntrEn{"n_err_intr_en", 4};  // 1: nFault interrupt disabled.
  static constexpr Field kDmaEn{"dma_en", 3};
  static constexpr Field kServiceIntr{"service_intr", 2};  // 1: DMA and service interrupts off.
  static constexpr Field kFull{"full", 1};
  static constexpr Field kEmpty{"empty", 0};
  static constexpr std::array kFields = {kMode, kNErrIntrEn, kDmaEn, kServiceIntr, kFull, kEmpty};

  constexpr EcrMode mode() const { return static_cast<EcrMode>(get(kMode)); }
  constexpr bool n_err_intr_en() const { return bit(kNErrIntrEn); }
  constexpr bool dma_en() const { return bit(kDmaEn); }
  constexpr bool service_intr() const { return bit(kServiceIntr); }
  constexpr bool full() const { return bit(kFull); }
  constexpr bool empty() const { return bit(kEmpty); }
  constexpr Ecr& set_mode(EcrMode mode) { return set(kMode, static_cast<uint8_t>(mode)); }
  constexpr Ecr& set_n_err_intr_en(bool on) { return set(kNErrIntrEn, on); }
  constexpr Ecr& set_dma_en(bool on) { return set(kDmaEn, on); }
  constexpr Ecr& set_service_intr(bool on) { return set(kServiceIntr, on); }
  constexpr Ecr& set_full(bool on) { return set(kFull, on); }
  constexpr Ecr& set_empty(bool on) { return set(kEmpty, on); }
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_ECP_REGS_H_
