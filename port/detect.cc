// Capability detection (ieee1284.md section 3): Linux parport_pc's probes, in this order and with
// these changes so that an attached device sees nothing of them:
//
//   ECR        3.2  First, so that a port left in a FIFO mode is in 001 before the data register
//                   is used. Linux toggles nAutoFd to catch an alias of the control register;
//                   here ackIntEn is toggled, which moves no line.
//   SPP        3.1  The data-register test only: Linux's control-register test toggles nAutoFd.
//   PS/2       3.3  In ECR mode 001.
//   EPP        3.4  The timeout bit, in ECR mode 100 on a chip with an ECR (Linux's SMC-style
//                   ECP+EPP test), then Linux's check for phony EPP in the other modes.
//   EPP 32     -    Not probed: it takes EPP cycles, which strobe the device. See ProbeEpp32.
//   cnfgA/B    3.5 step 4, 3.6: before the FIFO, so that the FIFO is filled PWord by PWord.
//   FIFO       3.5 steps 1-3, in test mode 110, where nothing reaches the cable.
//
// Linux's ECR values enable the nFault interrupt (0x00, 0xc0); every ECR value here keeps
// nErrIntrEn and serviceIntr set, except while serviceIntr is armed to find a threshold.

#include "parclass/port/detect.h"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <utility>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/port_registers.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::port {
namespace {

using hw::CnfgA;
using hw::CnfgB;
using hw::Data;
using hw::Dcr;
using hw::Dsr;
using hw::Ecr;
using hw::EcrMode;
using hw::HardwareCapability;
using hw::TFifo;

// Data-register test patterns: each data line both ways. Linux writes 0xaa then 0x55, the first
// two bytes of the IEEE 1284.3 CPP preamble (AA 55 00 FF 87 78, ieee1284.md 12.1), which would
// set a daisy-chain device matching a command packet.
constexpr std::array<uint8_t, 2> kDataPatterns = {0x5a, 0xa5};
// Linux stops filling the test FIFO after 1024 bytes: an ECR without a FIFO (LGS chips).
constexpr int kFifoProbeLimit = 1024;
// Linux waits this long after each FIFO read before it looks at serviceIntr.
constexpr Nanoseconds kServiceSettle = std::chrono::microseconds(50);
// What a FIFO byte written for a probe holds (Linux's 0xaa; test mode keeps it off the cable).
constexpr uint8_t kFifoFill = 0xaa;

// How a pending EPP timeout went away, if it did (ieee1284.md 2.2).
enum class TimeoutClear : uint8_t { kAlreadyClear, kByRead, kByWritingOne, kByWritingZero, kStuck };

std::string_view TimeoutClearText(TimeoutClear how) {
  switch (how) {
    case TimeoutClear::kAlreadyClear: return "timeout bit already clear";
    case TimeoutClear::kByRead: return "timeout bit set, cleared by reading the status";
    case TimeoutClear::kByWritingOne: return "timeout bit set, cleared by writing 1 to it";
    case TimeoutClear::kByWritingZero: return "timeout bit set, cleared by writing 0 to it";
    case TimeoutClear::kStuck: return "timeout bit stays 1 through a read and writes of 1 and 0";
  }
  return "unknown";
}

struct TimeoutProbe {
  TimeoutClear how;
  Dsr status;  // As first read.

  bool cleared() const { return how != TimeoutClear::kStuck; }
  std::string Format() const {
    return fmt::format("{}: {}", status.Describe(), TimeoutClearText(how));
  }
};

std::string ModeText(EcrMode mode) {
  return fmt::format("ECR mode {:03b} ({})", static_cast<uint8_t>(mode), hw::EcrModeName(mode));
}

class Prober {
 public:
  // Every control and ECR write goes through `registers`, so that the port's soft copies are
  // what detection leaves behind.
  Prober(hw::PortRegisters& registers, Clock& clock, DetectOptions options)
      : registers_(registers), io_(registers.io()), clock_(clock), options_(std::move(options)) {
    for (const Quirk& quirk : options_.quirks) effects_ |= quirk.effects;
  }

  Result<Detection> Run();

 private:
  bool ProbeEcr();
  bool EcrFollowsDcr(Ecr ecr);
  bool ProbeSpp();
  void ProbePs2();
  void ProbeEpp();
  std::optional<EcrMode> PhonyEppMode(std::string& tried);
  void ProbeEpp32();
  void ProbeEcrBlock();
  void ProbeConfiguration();
  void ProbeFifo();
  void ProbeWriteThreshold();
  void ProbeReadThreshold();
  void Restore();
  void Finish();

  TimeoutProbe ClearEppTimeout();
  bool TimeoutBit() { return Dsr::Get().ReadFrom(io_).epp_timeout(); }
  Dcr dcr() const { return registers_.control(); }
  void WriteDcr(Dcr dcr);
  void WriteEcr(Ecr ecr) { registers_.WriteEcr(ecr); }
  // Always written, even in the mode the ECR has: a probe may have left serviceIntr armed.
  void SetMode(EcrMode mode) { registers_.SetEcr(hw::QuietEcr(mode)); }
  Ecr ReadEcr() { return Ecr::Get().ReadFrom(io_); }
  hw::Width PWord() const { return hw::WidthOfPWord(pword_bytes_); }
  void WriteFifoPWord();
  void ReadFifoPWord();

  bool Quirked(QuirkEffect effect) const { return effects_.contains(effect); }
  std::string QuirkName(QuirkEffect effect) const;
  void Record(Feature feature, bool present, std::string reason) {
    detection_.verdicts.push_back({feature, present, std::move(reason)});
  }

  hw::PortRegisters& registers_;
  hw::RegisterIo& io_;
  Clock& clock_;
  DetectOptions options_;
  QuirkEffects effects_;
  Detection detection_;

  uint8_t found_data_ = 0;
  Dcr found_dcr_;  // As read, reserved bits cleared.
  Ecr found_ecr_;  // As read; meaningful when has_ecr_.
  bool has_ecr_ = false;
  bool byte_ = false;
  bool epp_ = false;
  bool epp32_ = false;
  int pword_bytes_ = 1;
  int fifo_depth_ = 0;  // Bytes; 0 without a FIFO.
};

Result<Detection> Prober::Run() {
  registers_.set_chip({.ecr_write_bit0 = Quirked(QuirkEffect::kEcrWriteBit0)});
  found_data_ = Data::Get().ReadFrom(io_).data();
  found_dcr_ = registers_.AdoptControl();
  has_ecr_ = ProbeEcr();
  if (!ProbeSpp()) {
    Restore();
    return Error(Errc::kNoSuchDevice, fmt::format("no parallel port answers: {}",
                                                  detection_.verdict(Feature::kSpp)->reason));
  }
  ProbePs2();
  ProbeEpp();
  ProbeEpp32();
  ProbeEcrBlock();
  Restore();
  Finish();
  return std::move(detection_);
}

// Linux parport_ECR_present (3.2): an idle ECR shows an empty FIFO, is not the control register
// seen again, and takes 0x34 (mode 001, interrupts off), reading back 0x35.
bool Prober::ProbeEcr() {
  if (!options_.probe_ecr) {
    const std::optional<DetectOptions::OsReport>& os = options_.os_report;
    Record(Feature::kEcr, false,
           !os ? std::string("not probed: DetectOptions::probe_ecr is off")
               : fmt::format("not probed (out of reach); {} reports {}", os->by,
                             os->ecp ? "ECP, which runs in its loops" : "no ECP"));
    return false;
  }
  if (Quirked(QuirkEffect::kEcrAliasesControl)) {
    Record(Feature::kEcr, false,
           fmt::format("not probed: quirk {}: base+0x402 is the control register",
                       QuirkName(QuirkEffect::kEcrAliasesControl)));
    return false;
  }
  const Ecr idle = ReadEcr();
  if (!idle.empty() || idle.full()) {
    Record(Feature::kEcr, false,
           fmt::format("{}: not an idle FIFO (empty 1, full 0)", idle.Describe()));
    return false;
  }
  if (EcrFollowsDcr(idle)) {
    Record(Feature::kEcr, false,
           fmt::format("{} reads as the control register, and follows it when ackIntEn is "
                       "toggled: an alias of it (a card decoding ten address lines)",
                       idle.Describe()));
    return false;
  }
  const Ecr parked = hw::QuietEcr(EcrMode::kPs2);
  WriteEcr(parked);
  const Ecr back = ReadEcr();
  const bool present = back == Ecr(parked).set_empty(true);
  Record(Feature::kEcr, present,
         fmt::format("{} idle; {:#04x} written, read back {}{}", idle.Describe(),
                     parked.reg_value(), back.Describe(), present ? "" : ", not 0x35"));
  if (!present) {
    WriteEcr(idle);  // Whatever it is, as found.
    return false;
  }
  found_ecr_ = idle;
  return true;
}

// An XT-era card decoding ten address lines answers at base+0x402 with the control register
// (3.2 step 1). Only a register equal to the control register is suspect; it is an alias if it
// follows the control register's ackIntEn bit too.
bool Prober::EcrFollowsDcr(Ecr ecr) {
  const Dcr dcr = Dcr::Get().ReadFrom(io_);
  if (dcr.reg_value() != ecr.reg_value()) return false;
  const Dcr before = this->dcr();
  WriteDcr(Dcr(before).set_ack_int_en(!before.ack_int_en()));
  const bool follows = ReadEcr().reg_value() == Dcr::Get().ReadFrom(io_).reg_value();
  WriteDcr(before);
  return follows;
}

// Linux parport_SPP_supported (3.1): the data register holds what is written (step 3), once a
// pending EPP timeout, which makes some SMSC chips ignore SPP cycles, is cleared (step 1). Step 2
// toggles nAutoFd in the control register and is left out.
bool Prober::ProbeSpp() {
  const TimeoutProbe timeout = ClearEppTimeout();
  if (dcr().direction()) WriteDcr(Dcr(dcr()).set_direction(false));
  std::string reads;
  bool holds = true;
  for (uint8_t pattern : kDataPatterns) {
    Data::Get().set_data(pattern).WriteTo(io_);
    const uint8_t back = Data::Get().ReadFrom(io_).data();
    reads +=
        fmt::format("{}{:#04x} written, {:#04x} read", reads.empty() ? "" : "; ", pattern, back);
    holds = holds && back == pattern;
  }
  const bool cleared_before = timeout.cleared() && timeout.how != TimeoutClear::kAlreadyClear;
  Record(Feature::kSpp, holds,
         fmt::format("data register: {}{}{}", reads,
                     holds ? "" : ": nothing holds the latch (an empty bus reads 0xff)",
                     cleared_before ? fmt::format(" (before it, {})", timeout.Format()) : ""));
  return holds;
}

// Linux parport_PS2_supported (3.3): with the direction bit set, the data lines are let go, so
// the register reads the lines instead of the latch: any difference means they tri-state.
void Prober::ProbePs2() {
  ClearEppTimeout();
  WriteDcr(Dcr(dcr()).set_direction(true));
  std::string reads;
  bool tristate = false;
  for (uint8_t pattern : kDataPatterns) {
    Data::Get().set_data(pattern).WriteTo(io_);
    const uint8_t back = Data::Get().ReadFrom(io_).data();
    reads +=
        fmt::format("{}{:#04x} written, {:#04x} read", reads.empty() ? "" : "; ", pattern, back);
    tristate = tristate || back != pattern;
  }
  WriteDcr(Dcr(dcr()).set_direction(false));
  byte_ = tristate;
  Record(Feature::kByte, tristate,
         fmt::format("{}direction bit set, data register: {}: {}",
                     has_ecr_ ? "in ECR mode 001, " : "", reads,
                     tristate ? "the register reads the lines, not the latch (tri-stated)"
                              : "the latch still drives the lines (cannot tri-state)"));
}

// Linux parport_EPP_supported and parport_ECPEPP_supported (3.4): EPP is there if the timeout bit
// reads 0 or can be cleared, which a chip without EPP never allows. On a chip with an ECR, EPP
// lives in mode 100.
void Prober::ProbeEpp() {
  if (Quirked(QuirkEffect::kNoEpp)) {
    Record(Feature::kEpp, false,
           fmt::format("not probed: quirk {}", QuirkName(QuirkEffect::kNoEpp)));
    return;
  }
  if (const std::optional<DetectOptions::OsReport>& os = options_.os_report) {
    // Its EPP cycles are the operating system's: the timeout bit the backend shows is theirs.
    epp_ = os->epp;
    Record(Feature::kEpp, epp_, fmt::format("{} reports {}", os->by, epp_ ? "EPP" : "no EPP"));
    return;
  }
  if (has_ecr_) SetMode(EcrMode::kEpp);
  const TimeoutProbe timeout = ClearEppTimeout();
  if (has_ecr_) SetMode(EcrMode::kPs2);
  const std::string where = has_ecr_ ? "in ECR mode 100, " : "";
  if (!timeout.cleared()) {
    Record(Feature::kEpp, false, fmt::format("{}{}", where, timeout.Format()));
    return;
  }
  std::string tried;
  if (has_ecr_) {
    if (const std::optional<EcrMode> phony = PhonyEppMode(tried)) {
      Record(Feature::kEpp, false,
             fmt::format("{}{}; but it clears in {} too: phony EPP (Linux intel_bug_present)",
                         where, timeout.Format(), ModeText(*phony)));
      return;
    }
  }
  epp_ = true;
  Record(Feature::kEpp, true,
         fmt::format("{}{}{}", where, timeout.Format(),
                     tried.empty() ? "" : fmt::format("; it stays 1 in ECR modes {}", tried)));
}

// Linux intel_bug_present: some chips clear the timeout bit in every ECR mode, EPP or not. Modes
// 010 and 011 give nStrobe and nAutoFd to the FIFO engine, which holds them high, so they are
// tried only where those lines are high already. `tried` lists the modes that passed.
std::optional<EcrMode> Prober::PhonyEppMode(std::string& tried) {
  std::vector<EcrMode> modes = {EcrMode::kSpp, EcrMode::kPs2};
  if (!dcr().strobe() && !dcr().auto_fd()) {
    modes.push_back(EcrMode::kFifo);
    modes.push_back(EcrMode::kEcp);
  }
  for (EcrMode mode : modes) {
    SetMode(mode);
    const bool clears = ClearEppTimeout().cleared();
    SetMode(EcrMode::kPs2);
    if (clears) return mode;
    tried += fmt::format("{}{:03b}", tried.empty() ? "" : ", ", static_cast<uint8_t>(mode));
  }
  return std::nullopt;
}

// 32-bit EPP is not probed: telling a chip that runs four data cycles for a 32-bit access from
// one that runs one takes EPP data cycles, and a data cycle strobes the device (nDStrb). A 32-bit
// access to base+4 reaches base+4..7 as four byte accesses (ieee1284.md 2.2), and the chips
// decode all four as data cycles, so every EPP chip is taken to have it unless a quirk says not.
void Prober::ProbeEpp32() {
  if (!epp_) {
    Record(Feature::kEpp32, false, "no EPP");
  } else if (Quirked(QuirkEffect::kEpp8BitOnly)) {
    Record(Feature::kEpp32, false,
           fmt::format("quirk {}: EPP data at base+4 only", QuirkName(QuirkEffect::kEpp8BitOnly)));
  } else {
    epp32_ = true;
    Record(Feature::kEpp32, true,
           "not probed (it takes EPP cycles), taken from EPP: a 32-bit access to base+4 is four "
           "byte accesses at base+4..7, each an EPP data cycle");
  }
}

void Prober::ProbeEcrBlock() {
  if (has_ecr_) {
    ProbeConfiguration();
    ProbeFifo();
    return;
  }
  for (const Feature feature : {Feature::kPWord, Feature::kIrq, Feature::kDma, Feature::kFifo,
                                Feature::kWriteThreshold, Feature::kReadThreshold}) {
    Record(feature, false, "no ECR: no configuration registers and no FIFO");
  }
}

// Linux parport_ECP_supported step 4 and the programmable IRQ/DMA of 3.6: cnfgA and cnfgB in
// mode 111.
void Prober::ProbeConfiguration() {
  SetMode(EcrMode::kConfig);
  const CnfgA cnfg_a = CnfgA::Get().ReadFrom(io_);
  const CnfgB cnfg_b = CnfgB::Get().ReadFrom(io_);
  SetMode(EcrMode::kPs2);
  pword_bytes_ = cnfg_a.pword_bytes();
  detection_.level_interrupts = cnfg_a.level_interrupts();
  detection_.irq = cnfg_b.irq_line();
  detection_.dma = cnfg_b.dma_channel();
  const uint8_t id = cnfg_a.implementation_id();
  Record(Feature::kPWord, true,
         fmt::format("{}: implementation ID {:03b}, a PWord of {} byte{}{}", cnfg_a.Describe(), id,
                     pword_bytes_, pword_bytes_ == 1 ? "" : "s",
                     id <= 0b010 ? "" : " (an unknown ID is taken as 8-bit, as Linux does)"));
  Record(
      Feature::kIrq, detection_.irq.has_value(),
      detection_.irq
          ? fmt::format("{}: IRQ {}, {} interrupts", cnfg_b.Describe(), *detection_.irq,
                        detection_.level_interrupts ? "level" : "pulsed")
          : fmt::format("{}: irq field 000, jumpered (set elsewhere) or none", cnfg_b.Describe()));
  Record(Feature::kDma, detection_.dma.has_value(),
         detection_.dma ? fmt::format("{}: DMA channel {}", cnfg_b.Describe(), *detection_.dma)
                        : fmt::format("{}: dma field {:03b}, jumpered (set elsewhere) or none",
                                      cnfg_b.Describe(), cnfg_b.dma()));
}

// Linux parport_ECP_supported step 1 (3.5): the test FIFO takes PWords until it is full.
void Prober::ProbeFifo() {
  SetMode(EcrMode::kTest);
  int bytes = 0;
  while (bytes < kFifoProbeLimit && !ReadEcr().full()) {
    WriteFifoPWord();
    bytes += pword_bytes_;
  }
  const bool fifo = bytes > 0 && bytes < kFifoProbeLimit;
  if (!fifo) {
    SetMode(EcrMode::kPs2);
    Record(Feature::kFifo, false,
           bytes == 0 ? "in ECR mode 110, full before anything was written"
                      : fmt::format("in ECR mode 110, {} bytes written and never full: an ECR "
                                    "without a FIFO (LGS chips)",
                                    bytes));
    Record(Feature::kWriteThreshold, false, "no FIFO");
    Record(Feature::kReadThreshold, false, "no FIFO");
    return;
  }
  fifo_depth_ = bytes;
  const std::string pwords =
      pword_bytes_ == 1 ? ""
                        : fmt::format(" ({} PWords of {})", bytes / pword_bytes_, pword_bytes_);
  Record(Feature::kFifo, true,
         fmt::format("in ECR mode 110, full after {} bytes{}", bytes, pwords));
  ProbeWriteThreshold();
  SetMode(EcrMode::kPs2);  // Empties the FIFO.
  ProbeReadThreshold();
}

// Step 2: forward, serviceIntr sets once writeIntrThreshold bytes are free; armed with the FIFO
// full, it sets during the drain.
void Prober::ProbeWriteThreshold() {
  registers_.ArmService();
  int drained = 0;
  while (drained < fifo_depth_) {
    ReadFifoPWord();
    drained += pword_bytes_;
    clock_.SleepFor(kServiceSettle);
    if (ReadEcr().service_intr()) {
      detection_.write_threshold = drained;
      Record(
          Feature::kWriteThreshold, true,
          fmt::format("serviceIntr armed with the FIFO full, set after {} bytes drained", drained));
      return;
    }
  }
  Record(Feature::kWriteThreshold, false,
         "serviceIntr armed with the FIFO full, still clear with the FIFO drained");
}

// Step 3: in reverse, serviceIntr sets once readIntrThreshold bytes are held; armed with the FIFO
// empty, it sets during the fill. The direction changes in mode 001 only (ieee1284.md 2.4).
void Prober::ProbeReadThreshold() {
  if (!byte_) {
    Record(Feature::kReadThreshold, false,
           "not probed: the direction bit does not work (PS/2 test failed)");
    return;
  }
  WriteDcr(Dcr(dcr()).set_direction(true));
  SetMode(EcrMode::kTest);
  registers_.ArmService();
  int filled = 0;
  bool set = false;
  while (!set && filled < fifo_depth_) {
    WriteFifoPWord();
    filled += pword_bytes_;
    set = ReadEcr().service_intr();
  }
  SetMode(EcrMode::kPs2);
  WriteDcr(Dcr(dcr()).set_direction(false));
  if (set) detection_.read_threshold = filled;
  Record(Feature::kReadThreshold, set,
         set ? fmt::format("direction reverse, serviceIntr armed with the FIFO empty, set after "
                           "{} bytes written",
                           filled)
             : "direction reverse, serviceIntr armed with the FIFO empty, still clear with the "
               "FIFO full");
}

// Data, control and ECR as found; the data latch and the control register are written in mode
// 001, before the ECR, so that data is the data register and the direction may change.
void Prober::Restore() {
  if (has_ecr_) SetMode(EcrMode::kPs2);
  Data::Get().set_data(found_data_).WriteTo(io_);
  if (dcr() != found_dcr_) WriteDcr(found_dcr_);
  if (has_ecr_) WriteEcr(found_ecr_);
}

void Prober::Finish() {
  Detection& d = detection_;
  const bool ecp_by_os = !options_.probe_ecr && options_.os_report && options_.os_report->ecp;
  d.features = {.bidirectional = byte_,
                .ecp = fifo_depth_ > 0 || ecp_by_os,
                .ecr = has_ecr_,
                .fifo_depth = fifo_depth_,
                .pword_bytes = pword_bytes_,
                .epp = epp_,
                .epp32 = epp32_,
                .ecr_write_bit0 = has_ecr_ && Quirked(QuirkEffect::kEcrWriteBit0)};
  registers_.set_chip(d.features);
}

// Linux clear_epp_timeout, one step at a time so that the reason says which step cleared the bit:
// National chips clear it when the status is read; SMC, UMC and Winbond when 1 is written to it;
// others when 0 is (ieee1284.md 2.2). A chip without EPP keeps it at 1.
TimeoutProbe Prober::ClearEppTimeout() {
  const Dsr status = Dsr::Get().ReadFrom(io_);
  if (!status.epp_timeout()) return {TimeoutClear::kAlreadyClear, status};
  if (!TimeoutBit()) return {TimeoutClear::kByRead, status};
  Dsr(status).set_epp_timeout(true).WriteTo(io_);
  if (!TimeoutBit()) return {TimeoutClear::kByWritingOne, status};
  Dsr(status).set_epp_timeout(false).WriteTo(io_);
  if (!TimeoutBit()) return {TimeoutClear::kByWritingZero, status};
  return {TimeoutClear::kStuck, status};
}

// Every control write keeps the found control lines: only direction and ackIntEn ever change.
void Prober::WriteDcr(Dcr dcr) {
  PARCLASS_ASSERT(dcr.lines() == found_dcr_.lines(), "detection moved a control line");
  registers_.WriteControl(dcr, hw::ControlWrite::kAlways);
}

void Prober::WriteFifoPWord() {
  std::array<uint8_t, 4> bytes{};
  bytes.fill(kFifoFill);
  io_.WriteBlock(TFifo::kAddress, PWord(), std::span(bytes).first(hw::BytesOf(PWord())));
}

void Prober::ReadFifoPWord() {
  std::array<uint8_t, 4> bytes{};
  io_.ReadBlock(TFifo::kAddress, PWord(), std::span(bytes).first(hw::BytesOf(PWord())));
}

std::string Prober::QuirkName(QuirkEffect effect) const {
  for (const Quirk& quirk : options_.quirks) {
    if (quirk.effects.contains(effect)) return quirk.name;
  }
  return "?";
}

}  // namespace

std::string_view FeatureName(Feature feature) {
  switch (feature) {
    case Feature::kSpp: return "spp";
    case Feature::kEcr: return "ecr";
    case Feature::kByte: return "byte";
    case Feature::kEpp: return "epp";
    case Feature::kEpp32: return "epp32";
    case Feature::kPWord: return "pword";
    case Feature::kIrq: return "irq";
    case Feature::kDma: return "dma";
    case Feature::kFifo: return "fifo";
    case Feature::kWriteThreshold: return "write_threshold";
    case Feature::kReadThreshold: return "read_threshold";
  }
  return "unknown";
}

std::string Verdict::Format() const {
  return fmt::format("{}: {} ({})", FeatureName(feature), present ? "yes" : "no", reason);
}

const Verdict* Detection::verdict(Feature feature) const {
  for (const Verdict& entry : verdicts) {
    if (entry.feature == feature) return &entry;
  }
  return nullptr;
}

std::string Detection::Format() const {
  std::string text;
  for (const Verdict& entry : verdicts) text += entry.Format() + "\n";
  return text;
}

std::span<const Quirk> KnownQuirks() {
  static const std::array<Quirk, 4> quirks = {{
      {"xt-alias", QuirkEffect::kEcrAliasesControl,
       "XT-era cards decode ten address lines, so base+0x402 is the control register again "
       "(ieee1284.md 2.5)"},
      {"ecr-bit0", QuirkEffect::kEcrWriteBit0,
       "chipsets whose ECR takes a write only with bit 0 set (Linux ecr_writable)"},
      {"base-0x3bc", QuirkEffect::kNoEpp,
       "the MDA-era port at 0x3bc decodes three or four registers, leaving no room for EPP "
       "(Linux skips EPP there)"},
      {"epp-8bit", QuirkEffect::kEpp8BitOnly,
       "EPP data decoded at base+4 only: wide accesses do not become four data cycles"},
  }};
  return quirks;
}

std::optional<Quirk> FindQuirk(std::string_view name) {
  for (const Quirk& quirk : KnownQuirks()) {
    if (quirk.name == name) return quirk;
  }
  return std::nullopt;
}

Result<Detection> Detect(hw::PortRegisters& registers, Clock& clock, DetectOptions options) {
  return Prober(registers, clock, std::move(options)).Run();
}

Result<Detection> Detect(hw::RegisterIo& io, Clock& clock, DetectOptions options) {
  hw::PortRegisters registers(io);
  return Detect(registers, clock, std::move(options));
}

}  // namespace parclass::port
