// The chip-mode state machine on each simulated chip: which modes each chip takes, the Windows
// rules for setting and clearing, and what lands in the ECR.

#include "parclass/port/chip_mode.h"

#include <gtest/gtest.h>

#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using hw::ChipMode;
using hw::HardwareCapability;

constexpr uint8_t Value(ChipMode mode) { return static_cast<uint8_t>(mode); }

hw::HardwareCapabilities CapabilitiesOf(const sim::ChipConfig& config) {
  hw::HardwareCapabilities capabilities;
  if (config.bidirectional) capabilities = capabilities | HardwareCapability::kByte;
  if (config.epp) capabilities = capabilities | HardwareCapability::kEpp;
  if (config.ecr) capabilities = capabilities | HardwareCapability::kEcp;
  return capabilities;
}

class ChipModeTest : public ::testing::TestWithParam<sim::ChipConfig (*)()> {
 protected:
  ChipModeTest()
      : port_(Topology()),
        registers_(port_.chip(), port_.chip().config().Features()),
        modes_(registers_, CapabilitiesOf(port_.chip().config())) {}
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chip = GetParam()();
    topology.chain.clear();
    return topology;
  }
  const sim::ChipConfig& config() { return port_.chip().config(); }

  sim::SimulatedPort port_;
  hw::PortRegisters registers_;
  ChipModes modes_;
};

TEST_P(ChipModeTest, EachChipTakesTheModesItHas) {
  const struct {
    ChipMode mode;
    bool supported;
  } table[] = {
      {ChipMode::kSpp, true},
      {ChipMode::kByte, config().bidirectional},
      {ChipMode::kBytePio, config().bidirectional},
      {ChipMode::kFastCentronics, config().ecr},
      {ChipMode::kEcp, config().ecr},
      {ChipMode::kEcpPio, config().ecr},
      {ChipMode::kTest, config().ecr},
      {ChipMode::kConfig, config().ecr},
      {ChipMode::kEpp, config().epp},
      {ChipMode::kEppPio, config().epp},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(testing::Message() << "mode " << static_cast<int>(Value(row.mode)));
    EXPECT_EQ(modes_.Supports(Value(row.mode)), row.supported);
    const NtStatus set = modes_.TrySet(Value(row.mode));
    EXPECT_EQ(set, row.supported ? NtStatus::kSuccess : NtStatus::kNoSuchDevice);
    if (set != NtStatus::kSuccess) continue;
    EXPECT_EQ(modes_.current(), Value(row.mode));
    if (config().ecr) {
      EXPECT_EQ(port_.chip().ecr().mode(), hw::EcrFor(row.mode).mode());
    }
    EXPECT_EQ(modes_.Clear(Value(row.mode)), NtStatus::kSuccess);
    EXPECT_EQ(modes_.current(), kInitialChipMode);
    if (config().ecr) {
      EXPECT_EQ(port_.chip().ecr().mode(), hw::EcrMode::kSpp);
    }
  }
  EXPECT_TRUE(port_.trace().errors().empty()) << port_.trace().errors().front();
}

TEST_P(ChipModeTest, SettingNeedsTheModeClearedFirst) {
  ASSERT_EQ(modes_.TrySet(Value(ChipMode::kBytePio)),
            config().bidirectional ? NtStatus::kSuccess : NtStatus::kNoSuchDevice);
  if (!config().bidirectional) return;
  EXPECT_EQ(modes_.TrySet(Value(ChipMode::kSpp)), NtStatus::kInvalidDeviceState);
  EXPECT_EQ(modes_.TrySet(Value(ChipMode::kBytePio)), NtStatus::kInvalidDeviceState);
  EXPECT_EQ(modes_.current(), Value(ChipMode::kBytePio));
}

TEST_P(ChipModeTest, ClearingNeedsTheCurrentMode) {
  EXPECT_EQ(modes_.Clear(Value(ChipMode::kEcp)), NtStatus::kInvalidDeviceState);
  EXPECT_EQ(modes_.Clear(kInitialChipMode), NtStatus::kSuccess);  // Nothing set: clears to 0.
  if (!config().bidirectional) return;
  ASSERT_EQ(modes_.TrySet(Value(ChipMode::kByte)), NtStatus::kSuccess);
  EXPECT_EQ(modes_.Clear(Value(ChipMode::kBytePio)), NtStatus::kInvalidDeviceState);
  EXPECT_EQ(modes_.current(), Value(ChipMode::kByte));
  EXPECT_EQ(modes_.Clear(Value(ChipMode::kByte)), NtStatus::kSuccess);
}

TEST_P(ChipModeTest, ValuesThatAreNoChipModeAreRejected) {
  for (uint8_t value : {0x01, 0x14, 0x35, 0xA0, 0xFF}) {
    EXPECT_FALSE(modes_.Supports(value)) << static_cast<int>(value);
    EXPECT_EQ(modes_.TrySet(value), NtStatus::kNoSuchDevice) << static_cast<int>(value);
  }
  EXPECT_EQ(modes_.current(), kInitialChipMode);
}

INSTANTIATE_TEST_SUITE_P(Chips, ChipModeTest,
                         ::testing::Values(&sim::ChipConfig::SppOnly, &sim::ChipConfig::Ps2,
                                           &sim::ChipConfig::EppOnly, &sim::ChipConfig::Ecp,
                                           &sim::ChipConfig::EcpEpp));

}  // namespace
}  // namespace parclass::port
