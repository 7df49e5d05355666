// Capability detection against every simulated chip variant (ieee1284.md section 3): the features
// and PPT_* flags found match what the chip is, every verdict says why, an absent port is
// kNoSuchDevice, quirks change what the probes do, and an attached printer and 1284.3 daisy chain
// see nothing of it.

#include "parclass/port/detect.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using hw::Data;
using hw::Dcr;
using hw::Ecr;
using hw::EcrMode;
using hw::HardwareCapability;
using hw::RegisterAddress;
using hw::RegisterBlock;
using sim::ChipConfig;
using sim::EppTimeoutClearing;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr std::array kAllFeatures = {
    Feature::kSpp,           Feature::kEcr,  Feature::kByte,  Feature::kEpp,
    Feature::kEpp32,         Feature::kFifo, Feature::kPWord, Feature::kWriteThreshold,
    Feature::kReadThreshold, Feature::kIrq,  Feature::kDma};

// `chip` alone on the cable: no peripheral, no daisy chain.
sim::Topology Bare(ChipConfig chip) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip = std::move(chip);
  topology.chain.clear();
  topology.peripheral = sim::PeripheralKind::kNone;
  return topology;
}

// The default topology's printer alone on `chip`.
sim::Topology PrinterOn(ChipConfig chip) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip = std::move(chip);
  topology.chain.clear();
  return topology;
}

ChipConfig Changed(ChipConfig config, const std::function<void(ChipConfig&)>& change) {
  change(config);
  return config;
}

// What the simulated chip's registers read as, taken without side effects on the chip.
struct PortState {
  uint8_t data;
  uint8_t dcr;
  std::optional<uint8_t> ecr;

  static PortState Of(sim::SimChip& chip) {
    return {Data::Get().ReadFrom(chip).data(), Dcr::Get().ReadFrom(chip).reg_value(),
            chip.config().ecr ? std::optional(chip.ecr().reg_value()) : std::nullopt};
  }
  friend bool operator==(const PortState&, const PortState&) = default;
  friend void PrintTo(const PortState& state, std::ostream* out) {
    *out << "data=" << int{state.data} << " dcr=" << int{state.dcr}
         << " ecr=" << (state.ecr ? int{*state.ecr} : -1);
  }
};

// The guest errors a probe cannot avoid on `config`: a chip without an ECR block complains about
// the ECR read, one without tri-state about the PS/2 test's direction bit, an ECP chip without
// EPP about ECR mode 100. Real chips ignore all three.
std::vector<std::string> ExpectedGuestErrors(const ChipConfig& config) {
  std::vector<std::string> kinds;
  if (!config.ecr) kinds.emplace_back("the chip has no ECR block");
  if (!config.bidirectional) kinds.emplace_back("cannot tri-state its data lines");
  if (config.ecr && !config.epp) kinds.emplace_back("ECR mode 100 on a chip without EPP");
  return kinds;
}

void ExpectOnlyGuestErrors(const sim::Trace& trace, const std::vector<std::string>& kinds) {
  for (const std::string& error : trace.errors()) {
    bool known = false;
    for (const std::string& kind : kinds) known = known || error.find(kind) != std::string::npos;
    EXPECT_TRUE(known) << "unexpected guest error: " << error;
  }
}

void ExpectFeatures(const hw::ChipFeatures& found, const hw::ChipFeatures& want) {
  EXPECT_EQ(found.ecr, want.ecr);
  EXPECT_EQ(found.fifo_depth, want.fifo_depth);
  EXPECT_EQ(found.pword_bytes, want.pword_bytes);
  EXPECT_EQ(found.epp, want.epp);
  EXPECT_EQ(found.epp32, want.epp32);
  EXPECT_EQ(found.bidirectional, want.bidirectional);
  EXPECT_EQ(found.ecp, want.ecp);
}

hw::HardwareCapabilities CapabilitiesOf(const ChipConfig& config) {
  return hw::CapabilitiesOf(config.Features());
}

// The IRQ cnfgB can name: one of its seven lines, or none (jumpered).
std::optional<int> CnfgBIrq(const ChipConfig& config) {
  if (!config.ecr || !config.irq || !hw::CnfgB::IrqCode(*config.irq)) return std::nullopt;
  return config.irq;
}

struct Variant {
  std::string name;
  ChipConfig config;
};

void PrintTo(const Variant& variant, std::ostream* out) { *out << variant.name; }

std::vector<Variant> ChipVariants() {
  std::vector<Variant> variants = {
      {"spp", ChipConfig::SppOnly()},
      {"ps2", ChipConfig::Ps2()},
      {"epp", ChipConfig::EppOnly()},
      {"ecp", ChipConfig::Ecp()},
      {"ecp_epp", ChipConfig::EcpEpp()},
      {"fifo1", Changed(ChipConfig::Ecp(),
                        [](ChipConfig& c) {
                          c.fifo_depth = 1;
                          c.write_threshold = 1;
                          c.read_threshold = 1;
                        })},
      {"fifo64", Changed(ChipConfig::EcpEpp(),
                         [](ChipConfig& c) {
                           c.fifo_depth = 64;
                           c.write_threshold = 16;
                           c.read_threshold = 48;
                         })},
      {"pword16",
       Changed(ChipConfig::EcpEpp(), [](ChipConfig& c) { c.pword = hw::PWordSize::k16Bit; })},
      {"pword32", Changed(ChipConfig::Ecp(),
                          [](ChipConfig& c) {
                            c.pword = hw::PWordSize::k32Bit;
                            c.write_threshold = 4;
                            c.read_threshold = 12;
                          })},
      {"thresholds_4_12", Changed(ChipConfig::Ecp(),
                                  [](ChipConfig& c) {
                                    c.write_threshold = 4;
                                    c.read_threshold = 12;
                                  })},
      {"thresholds_at_depth", Changed(ChipConfig::EcpEpp(),
                                      [](ChipConfig& c) {
                                        c.write_threshold = 16;
                                        c.read_threshold = 16;
                                      })},
      {"irq_none", Changed(ChipConfig::EcpEpp(), [](ChipConfig& c) { c.irq.reset(); })},
      {"irq5", Changed(ChipConfig::EcpEpp(), [](ChipConfig& c) { c.irq = 5; })},
      {"irq3_not_in_cnfgb", Changed(ChipConfig::Ecp(), [](ChipConfig& c) { c.irq = 3; })},
      {"level_interrupts",
       Changed(ChipConfig::Ecp(), [](ChipConfig& c) { c.level_interrupts = true; })},
      {"dcr_reserved_zero_spp",
       Changed(ChipConfig::SppOnly(), [](ChipConfig& c) { c.dcr_reserved_read_one = false; })},
      {"dcr_reserved_zero_ecp_epp",
       Changed(ChipConfig::EcpEpp(), [](ChipConfig& c) { c.dcr_reserved_read_one = false; })},
      {"dcr_reads_pins",
       Changed(ChipConfig::Ps2(), [](ChipConfig& c) { c.dcr_reads_pins = true; })},
      {"epp17",
       Changed(ChipConfig::EppOnly(), [](ChipConfig& c) { c.epp_version = sim::EppVersion::k17; })},
      {"ecp_epp17",
       Changed(ChipConfig::EcpEpp(), [](ChipConfig& c) { c.epp_version = sim::EppVersion::k17; })},
  };
  const std::array<std::pair<EppTimeoutClearing, std::string_view>, 3> clearings = {{
      {EppTimeoutClearing::kByRead, "by_read"},
      {EppTimeoutClearing::kByWritingOne, "by_writing_one"},
      {EppTimeoutClearing::kByWritingZero, "by_writing_zero"},
  }};
  for (const auto& entry : clearings) {
    const EppTimeoutClearing clearing = entry.first;
    const auto with_clearing = [clearing](ChipConfig& c) { c.epp_timeout_clearing = clearing; };
    variants.push_back(
        {fmt::format("epp_clear_{}", entry.second), Changed(ChipConfig::EppOnly(), with_clearing)});
    variants.push_back({fmt::format("ecp_epp_clear_{}", entry.second),
                        Changed(ChipConfig::EcpEpp(), with_clearing)});
  }
  return variants;
}

std::string VariantName(const ::testing::TestParamInfo<Variant>& info) { return info.param.name; }

class DetectChipTest : public ::testing::TestWithParam<Variant> {
 protected:
  const ChipConfig& config() const { return GetParam().config; }
};

TEST_P(DetectChipTest, FindsWhatTheChipHas) {
  sim::SimulatedPort port(Bare(config()));
  Result<Detection> found = Detect(port.chip(), port.scheduler());
  ASSERT_OK(found);
  ExpectFeatures(found->features, config().Features());
  EXPECT_EQ(found->capabilities(), CapabilitiesOf(config())) << found->Format();
  EXPECT_FALSE(found->capabilities().contains(HardwareCapability::kDot3));
  EXPECT_EQ(found->write_threshold, config().ecr ? config().write_threshold : 0);
  EXPECT_EQ(found->read_threshold, config().ecr ? config().read_threshold : 0);
  EXPECT_EQ(found->irq, CnfgBIrq(config()));
  EXPECT_EQ(found->dma, std::nullopt);
  EXPECT_EQ(found->level_interrupts, config().ecr && config().level_interrupts);
  ExpectOnlyGuestErrors(port.trace(), ExpectedGuestErrors(config()));
}

TEST_P(DetectChipTest, EveryFeatureHasAVerdictWithAReason) {
  sim::SimulatedPort port(Bare(config()));
  Result<Detection> found = Detect(port.chip(), port.scheduler());
  ASSERT_OK(found);
  EXPECT_EQ(found->verdicts.size(), kAllFeatures.size()) << found->Format();
  for (const Feature feature : kAllFeatures) {
    const Verdict* verdict = found->verdict(feature);
    ASSERT_NE(verdict, nullptr) << FeatureName(feature);
    EXPECT_THAT(verdict->reason, Not(IsEmpty())) << FeatureName(feature);
  }
  EXPECT_EQ(found->verdict(Feature::kEcr)->present, config().ecr);
  EXPECT_EQ(found->verdict(Feature::kByte)->present, config().bidirectional);
  EXPECT_EQ(found->verdict(Feature::kEpp)->present, config().epp);
  EXPECT_EQ(found->verdict(Feature::kFifo)->present, config().ecr);
  EXPECT_EQ(found->verdict(Feature::kIrq)->present, CnfgBIrq(config()).has_value());
}

TEST_P(DetectChipTest, LeavesThePortAsFound) {
  sim::SimulatedPort port(Bare(config()));
  const PortState before = PortState::Of(port.chip());
  ASSERT_OK(Detect(port.chip(), port.scheduler()));
  EXPECT_EQ(PortState::Of(port.chip()), before);
  EXPECT_FALSE(port.chip().epp_timeout());
  if (config().ecr) {
    EXPECT_TRUE(port.chip().fifo().empty());
  }
}

// A second detection finds the same, with the same reasons: the first left nothing behind.
TEST_P(DetectChipTest, IsRepeatable) {
  sim::SimulatedPort port(Bare(config()));
  Result<Detection> first = Detect(port.chip(), port.scheduler());
  Result<Detection> second = Detect(port.chip(), port.scheduler());
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(first->Format(), second->Format());
}

INSTANTIATE_TEST_SUITE_P(DetectChips, DetectChipTest, ::testing::ValuesIn(ChipVariants()),
                         VariantName);

// The attached device sees nothing: no control or status line moves (no strobe, nSelectIn, nInit
// and nAutoFd kept, so no negotiation and no reset), the printer takes no byte and stays idle,
// and control, data and ECR read as before.
class DetectDisturbTest : public ::testing::TestWithParam<Variant> {};

void ExpectNoControlOrStatusChange(const sim::Trace& trace) {
  for (const sim::TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<sim::LineChange>(&event.what);
    if (change == nullptr) continue;
    EXPECT_FALSE((kControlLines | kStatusLines).contains(change->line)) << Describe(event);
  }
}

TEST_P(DetectDisturbTest, PrinterSeesNothing) {
  const Variant& variant = GetParam();
  sim::SimulatedPort port(variant.name == "default" ? sim::DefaultTopology()
                                                    : PrinterOn(variant.config));
  const PortState before = PortState::Of(port.chip());
  const Phase printer_phase = port.printer()->phase();
  port.trace().Clear();
  ASSERT_OK(Detect(port.chip(), port.scheduler()));
  EXPECT_THAT(port.printer()->received(), IsEmpty());
  EXPECT_EQ(port.printer()->phase(), printer_phase);
  ExpectNoControlOrStatusChange(port.trace());
  EXPECT_EQ(PortState::Of(port.chip()), before);
  if (variant.name == "default") {
    EXPECT_THAT(port.trace().errors(), IsEmpty());
  } else {
    ExpectOnlyGuestErrors(port.trace(), ExpectedGuestErrors(variant.config));
  }
}

// A port parked as Linux and HostPort leave it (ECR 0x34, mode 001), with nAutoFd low and the
// strobe bit clear: the FIFO-mode part of the phony-EPP check is skipped, and nAutoFd stays low.
TEST(DetectDisturbTest, KeepsAParkedPortsLines) {
  sim::SimulatedPort port(sim::DefaultTopology());
  hw::kDefaultEcrPs2.WriteTo(port.chip());
  Dcr::Get().set_n_init(true).set_select_in(true).set_auto_fd(true).WriteTo(port.chip());
  port.scheduler().SleepFor(std::chrono::milliseconds(1));
  const PortState before = PortState::Of(port.chip());
  port.trace().Clear();
  Result<Detection> found = Detect(port.chip(), port.scheduler());
  ASSERT_OK(found);
  EXPECT_TRUE(found->capabilities().contains(HardwareCapability::kEpp));
  EXPECT_THAT(found->verdict(Feature::kEpp)->reason, HasSubstr("stays 1 in ECR modes 000, 001"));
  EXPECT_THAT(found->verdict(Feature::kEpp)->reason, Not(HasSubstr("001, 010")));
  ExpectNoControlOrStatusChange(port.trace());
  EXPECT_EQ(PortState::Of(port.chip()), before);
  EXPECT_THAT(port.trace().errors(), IsEmpty());
}

// Linux's patterns, 0xaa then 0x55, open the IEEE 1284.3 CPP preamble; detection's never do.
TEST(DetectDisturbTest, DataLinesNeverOpenACppPreamble) {
  sim::SimulatedPort port(sim::DefaultTopology());
  port.trace().Clear();
  ASSERT_OK(Detect(port.chip(), port.scheduler()));
  std::vector<uint8_t> written;
  for (const sim::TraceEvent& event : port.trace().events()) {
    const auto* access = std::get_if<sim::RegisterAccess>(&event.what);
    if (access != nullptr && access->kind == sim::AccessKind::kWrite &&
        access->address == Data::kAddress) {
      written.push_back(access->value);
    }
  }
  ASSERT_FALSE(written.empty());
  for (size_t i = 0; i + 1 < written.size(); ++i) {
    EXPECT_FALSE(written[i] == 0xaa && written[i + 1] == 0x55) << "at write " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(DetectPrinters, DetectDisturbTest,
                         ::testing::Values(Variant{"default", ChipConfig::EcpEpp()},
                                           Variant{"spp", ChipConfig::SppOnly()},
                                           Variant{"ps2", ChipConfig::Ps2()},
                                           Variant{"epp", ChipConfig::EppOnly()},
                                           Variant{"ecp", ChipConfig::Ecp()},
                                           Variant{"ecp_epp", ChipConfig::EcpEpp()}),
                         VariantName);

// An EPP data read with nothing on the cable: nWait never answers, and the chip times out.
void LeaveEppTimeoutPending(sim::SimulatedPort& port) {
  if (port.chip().config().ecr) {
    hw::kDefaultEcrPs2.WriteTo(port.chip());
    hw::EcrFor(hw::ChipMode::kEppPio).WriteTo(port.chip());
  }
  hw::EppData<0>::Get().ReadFrom(port.chip());
  if (port.chip().config().ecr) hw::kDefaultEcrPs2.WriteTo(port.chip());
}

// A pending EPP timeout (left by a data cycle nobody answered) is cleared by whichever method the
// chip takes, and EPP is still found.
class DetectEppTimeoutTest : public ::testing::TestWithParam<EppTimeoutClearing> {
 protected:
  // Detection of `config`, clearing timeouts the parameter's way, with a timeout pending; it must
  // find EPP and leave the timeout cleared.
  Result<Detection> DetectWithTimeoutPending(ChipConfig config) {
    config.epp_timeout_clearing = GetParam();
    port_ = std::make_unique<sim::SimulatedPort>(Bare(config));
    LeaveEppTimeoutPending(*port_);
    EXPECT_TRUE(port_->chip().epp_timeout());
    Result<Detection> found = Detect(port_->chip(), port_->scheduler());
    EXPECT_TRUE(found && found->capabilities().contains(HardwareCapability::kEpp));
    EXPECT_FALSE(port_->chip().epp_timeout());
    return found;
  }

  std::unique_ptr<sim::SimulatedPort> port_;
};

TEST_P(DetectEppTimeoutTest, EppOnlyChipClearsItBeforeTheSppTest) {
  Result<Detection> found = DetectWithTimeoutPending(ChipConfig::EppOnly());
  ASSERT_OK(found);
  const std::string_view how = GetParam() == EppTimeoutClearing::kByRead ? "cleared by reading"
                               : GetParam() == EppTimeoutClearing::kByWritingOne
                                   ? "cleared by writing 1"
                                   : "cleared by writing 0";
  EXPECT_THAT(found->verdict(Feature::kSpp)->reason, HasSubstr(how));
}

TEST_P(DetectEppTimeoutTest, EcpEppChipClearsItInMode100) {
  ASSERT_OK(DetectWithTimeoutPending(ChipConfig::EcpEpp()));
  EXPECT_THAT(port_->trace().errors(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(DetectClearing, DetectEppTimeoutTest,
                         ::testing::Values(EppTimeoutClearing::kByRead,
                                           EppTimeoutClearing::kByWritingOne,
                                           EppTimeoutClearing::kByWritingZero));

// A RegisterIo with nothing behind it: every read floats to 0xff; accesses are recorded.
class FloatingBus final : public hw::RegisterIo {
 public:
  struct Access {
    bool write;
    RegisterAddress address;
    uint8_t value;
    friend bool operator==(const Access&, const Access&) = default;
    friend void PrintTo(const Access& a, std::ostream* out) {
      *out << (a.write ? "write " : "read ") << hw::RegisterName(a.address) << " " << int{a.value};
    }
  };
  std::vector<Access> accesses;

 protected:
  uint8_t DoRead(RegisterAddress address) override {
    accesses.push_back({false, address, 0xff});
    return 0xff;
  }
  void DoWrite(RegisterAddress address, uint8_t value) override {
    accesses.push_back({true, address, value});
  }
};

TEST(DetectAbsentTest, FloatingBusIsNoSuchDevice) {
  FloatingBus bus;
  VirtualClock clock;
  Result<Detection> found = Detect(bus, clock);
  EXPECT_ERRC(found, Errc::kNoSuchDevice);
  EXPECT_THAT(found.error().detail(), HasSubstr("0xff read"));
}

// Exactly what detection does to an empty address: the ECR read shows no idle FIFO, so nothing
// is written in the ECP block; the data test fails; data and control are put back.
TEST(DetectAbsentTest, FloatingBusAccessSequence) {
  FloatingBus bus;
  VirtualClock clock;
  EXPECT_ERRC(Detect(bus, clock), Errc::kNoSuchDevice);
  using A = FloatingBus::Access;
  const RegisterAddress dsr = hw::Dsr::kAddress;
  EXPECT_THAT(bus.accesses,
              ::testing::ElementsAre(
                  A{false, Data::kAddress, 0xff},                     // Data as found.
                  A{false, Dcr::kAddress, 0xff},                      // Control as found.
                  A{false, Ecr::kAddress, 0xff},                      // No idle FIFO: no ECR.
                  A{false, dsr, 0xff},                                // Timeout bit set.
                  A{false, dsr, 0xff},                                // Not cleared by a read,
                  A{true, dsr, 0xff},                                 // nor by writing 1,
                  A{false, dsr, 0xff}, A{true, dsr, 0xfe},            // nor by writing 0.
                  A{false, dsr, 0xff}, A{true, Dcr::kAddress, 0x1f},  // Forward, lines kept.
                  A{true, Data::kAddress, 0x5a},                      // Data test.
                  A{false, Data::kAddress, 0xff}, A{true, Data::kAddress, 0xa5},
                  A{false, Data::kAddress, 0xff}, A{true, Data::kAddress, 0xff},  // Data as found.
                  A{true, Dcr::kAddress, 0x3f}));  // Control as found.
}

// A chip whose ECR ignores writes with bit 0 clear (the "ecr-bit0" quirk).
class EcrBit0Chip final : public hw::RegisterIo {
 public:
  explicit EcrBit0Chip(sim::SimChip& chip) : chip_(chip) {}

 protected:
  uint8_t DoRead(RegisterAddress address) override { return chip_.Read(address); }
  void DoWrite(RegisterAddress address, uint8_t value) override {
    if (address == Ecr::kAddress && (value & 1) == 0) return;
    chip_.Write(address, value);
  }
  void DoReadBlock(RegisterAddress address, hw::Width width, std::span<uint8_t> bytes) override {
    chip_.ReadBlock(address, width, bytes);
  }
  void DoWriteBlock(RegisterAddress address, hw::Width width,
                    std::span<const uint8_t> bytes) override {
    chip_.WriteBlock(address, width, bytes);
  }

 private:
  sim::SimChip& chip_;
};

TEST(DetectQuirkTest, EcrBit0QuirkFindsTheEcr) {
  sim::SimulatedPort without(Bare(ChipConfig::EcpEpp()));
  EcrBit0Chip plain(without.chip());
  Result<Detection> missed = Detect(plain, without.scheduler());
  ASSERT_OK(missed);
  EXPECT_FALSE(missed->features.ecr);
  EXPECT_FALSE(missed->capabilities().contains(HardwareCapability::kEcp));
  EXPECT_THAT(missed->verdict(Feature::kEcr)->reason, HasSubstr("not 0x35"));

  sim::SimulatedPort with(Bare(ChipConfig::EcpEpp()));
  EcrBit0Chip quirky(with.chip());
  Result<Detection> found = Detect(quirky, with.scheduler(), {.quirks = {*FindQuirk("ecr-bit0")}});
  ASSERT_OK(found);
  ExpectFeatures(found->features, ChipConfig::EcpEpp().Features());
  EXPECT_EQ(found->capabilities(), CapabilitiesOf(ChipConfig::EcpEpp()));
  EXPECT_THAT(with.trace().errors(), IsEmpty());
}

// An XT-era card decoding ten address lines: the ECP block is the base block again.
class AliasingCard final : public hw::RegisterIo {
 public:
  explicit AliasingCard(sim::SimChip& chip) : chip_(chip) {}

 protected:
  uint8_t DoRead(RegisterAddress address) override { return chip_.Read(Alias(address)); }
  void DoWrite(RegisterAddress address, uint8_t value) override {
    chip_.Write(Alias(address), value);
  }

 private:
  static RegisterAddress Alias(RegisterAddress address) {
    return {RegisterBlock::kBase, address.offset};
  }
  sim::SimChip& chip_;
};

// With nStrobe found low, the aliased control register even shows an "empty FIFO" (bits 1:0 =
// 01); toggling ackIntEn unmasks it, where Linux's 0x34 would have moved nSelectIn and nStrobe.
TEST(DetectQuirkTest, AliasOfTheControlRegisterIsNoEcr) {
  sim::SimulatedPort port(Bare(ChipConfig::Ps2()));
  Dcr::Get().set_n_init(true).set_select_in(true).set_strobe(true).WriteTo(port.chip());
  const PortState before = PortState::Of(port.chip());
  AliasingCard card(port.chip());
  port.trace().Clear();
  Result<Detection> found = Detect(card, port.scheduler());
  ASSERT_OK(found);
  EXPECT_FALSE(found->features.ecr);
  EXPECT_THAT(found->verdict(Feature::kEcr)->reason, HasSubstr("alias"));
  EXPECT_TRUE(found->capabilities().contains(HardwareCapability::kByte));
  ExpectNoControlOrStatusChange(port.trace());
  EXPECT_EQ(PortState::Of(port.chip()), before);
}

TEST(DetectQuirkTest, AliasQuirkLeavesTheEcrBlockAlone) {
  sim::SimulatedPort port(Bare(ChipConfig::Ps2()));
  AliasingCard card(port.chip());
  Result<Detection> found = Detect(card, port.scheduler(), {.quirks = {*FindQuirk("xt-alias")}});
  ASSERT_OK(found);
  EXPECT_FALSE(found->features.ecr);
  EXPECT_THAT(found->verdict(Feature::kEcr)->reason, HasSubstr("quirk xt-alias"));
  for (uint8_t offset = 0; offset < hw::kEcpBlockSpan; ++offset) {
    const RegisterAddress address{RegisterBlock::kEcp, offset};
    EXPECT_EQ(card.counters().reads(address) + card.counters().writes(address), 0u);
  }
}

TEST(DetectQuirkTest, NoEppQuirkSkipsTheEppProbe) {
  sim::SimulatedPort port(Bare(ChipConfig::EppOnly()));
  Result<Detection> found =
      Detect(port.chip(), port.scheduler(), {.quirks = {*FindQuirk("base-0x3bc")}});
  ASSERT_OK(found);
  EXPECT_FALSE(found->capabilities().intersects(HardwareCapability::kEpp));
  EXPECT_FALSE(found->features.epp);
  EXPECT_THAT(found->verdict(Feature::kEpp)->reason, HasSubstr("quirk base-0x3bc"));
}

TEST(DetectQuirkTest, Epp8BitQuirkDropsEpp32) {
  sim::SimulatedPort port(Bare(ChipConfig::EcpEpp()));
  Result<Detection> found =
      Detect(port.chip(), port.scheduler(), {.quirks = {*FindQuirk("epp-8bit")}});
  ASSERT_OK(found);
  EXPECT_TRUE(found->capabilities().contains(HardwareCapability::kEpp));
  EXPECT_FALSE(found->capabilities().contains(HardwareCapability::kEpp32));
  EXPECT_FALSE(found->features.epp32);
}

TEST(DetectOptionsTest, WithoutTheEcrProbeTheEcrBlockIsNeverTouched) {
  sim::SimulatedPort port(Bare(ChipConfig::Ps2()));
  Result<Detection> found = Detect(port.chip(), port.scheduler(), {.probe_ecr = false});
  ASSERT_OK(found);
  EXPECT_THAT(port.trace().errors(), IsEmpty());
  EXPECT_FALSE(found->verdict(Feature::kEcr)->present);
  EXPECT_THAT(found->verdict(Feature::kEcr)->reason, HasSubstr("probe_ecr is off"));
}

TEST(DetectApiTest, QuirkTable) {
  EXPECT_EQ(KnownQuirks().size(), 4u);
  for (const Quirk& quirk : KnownQuirks()) {
    EXPECT_FALSE(quirk.effects.empty()) << quirk.name;
    EXPECT_THAT(quirk.description, Not(IsEmpty())) << quirk.name;
    ASSERT_TRUE(FindQuirk(quirk.name).has_value());
  }
  EXPECT_EQ(FindQuirk("no-such-quirk"), std::nullopt);
}

TEST(DetectApiTest, AFeatureWithoutAVerdictHasNone) {
  EXPECT_EQ(Detection{}.verdict(Feature::kFifo), nullptr);
  EXPECT_EQ(FeatureName(Feature::kWriteThreshold), "write_threshold");
}

TEST(DetectApiTest, VerdictsFormatWithTheFeaturesNames) {
  sim::SimulatedPort port(Bare(ChipConfig::EcpEpp()));
  Result<Detection> found = Detect(port.chip(), port.scheduler());
  ASSERT_OK(found);
  EXPECT_THAT(found->Format(), HasSubstr("ecr: yes ("));
  EXPECT_THAT(found->verdict(Feature::kFifo)->Format(),
              HasSubstr("fifo: yes (in ECR mode 110, full after 16 bytes"));
}

}  // namespace
}  // namespace parclass::port
