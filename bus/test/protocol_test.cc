// Protocol selection: what the host runs on each chip, the speed order, and the engine's view of
// each protocol.

#include "parclass/bus/protocol.h"

#include <gtest/gtest.h>

namespace parclass::bus {
namespace {

using hw::HardwareCapability;

TEST(ProtocolTest, HostProtocolsFollowTheChip) {
  EXPECT_EQ(ProtocolNames(HostProtocols({})), "CENTRONICS|IEEE_COMPATIBILITY|NIBBLE");
  EXPECT_EQ(ProtocolNames(HostProtocols(HardwareCapability::kByte)),
            "CENTRONICS|IEEE_COMPATIBILITY|NIBBLE|BYTE_BIDIR|EPP_SW|ECP_SW");
  const hw::HardwareCapabilities all = hw::HardwareCapabilities(HardwareCapability::kByte) |
                                       HardwareCapability::kEpp | HardwareCapability::kEcp;
  EXPECT_EQ(ProtocolNames(HostProtocols(all)),
            "CENTRONICS|IEEE_COMPATIBILITY|NIBBLE|BYTE_BIDIR|EPP_HW|EPP_SW|ECP_HW_NOIRQ|ECP_SW");
}

TEST(ProtocolTest, FastestFirst) {
  EXPECT_EQ(FastestForward(ProtocolModes(ProtocolMode::kCentronics) | ProtocolMode::kEcpSw |
                           ProtocolMode::kEppHw),
            ProtocolMode::kEppHw);
  EXPECT_EQ(
      FastestForward(ProtocolModes(ProtocolMode::kCentronics) | ProtocolMode::kIeeeCompatibility),
      ProtocolMode::kIeeeCompatibility);
  EXPECT_EQ(FastestReverse(ProtocolModes(ProtocolMode::kNibble) | ProtocolMode::kByteBidir),
            ProtocolMode::kByteBidir);
  EXPECT_EQ(FastestReverse(ProtocolModes(ProtocolMode::kNibble) | ProtocolMode::kEcpHwNoIrq),
            ProtocolMode::kEcpHwNoIrq);
  // Forward-only protocols are no reverse protocol, and the other way round.
  EXPECT_EQ(FastestReverse(ProtocolModes(ProtocolMode::kCentronics)), std::nullopt);
  EXPECT_EQ(FastestForward(ProtocolModes(ProtocolMode::kNibble)), std::nullopt);
}

TEST(ProtocolTest, WhatEachProtocolIsInTheEngine) {
  EXPECT_EQ(RequestOf(ProtocolMode::kCentronics), std::nullopt);
  EXPECT_EQ(RequestOf(ProtocolMode::kByteBidir), kByteRequest);
  EXPECT_EQ(RequestOf(ProtocolMode::kEcpHwNoIrq), kEcpRequest);
  using ieee1284::Lane;
  using ieee1284::TransferPath;
  EXPECT_FALSE(
      PathsOf(ProtocolMode::kCentronics).allows(Lane::kCompatibility, TransferPath::kFifo));
  EXPECT_TRUE(PathsOf(ProtocolMode::kCentronics).allows(Lane::kEcpForward, TransferPath::kKernel));
  EXPECT_TRUE(
      PathsOf(ProtocolMode::kIeeeCompatibility).allows(Lane::kCompatibility, TransferPath::kFifo));
  EXPECT_TRUE(PathsOf(ProtocolMode::kEcpHwNoIrq).allows(Lane::kEcpReverse, TransferPath::kFifo));
  EXPECT_FALSE(PathsOf(ProtocolMode::kEcpSw).allows(Lane::kEcpForward, TransferPath::kFifo));
  EXPECT_FALSE(PathsOf(ProtocolMode::kEcpSw).allows(Lane::kEcpForward, TransferPath::kKernel));
  EXPECT_FALSE(PathsOf(ProtocolMode::kEppSw).allows(Lane::kEpp, TransferPath::kKernel));
  EXPECT_TRUE(PathsOf(ProtocolMode::kEppHw).allows(Lane::kEpp, TransferPath::kEpp));
  EXPECT_EQ(PathsOf(ProtocolMode::kEcpSw), ieee1284::AllowedPaths::SoftwareOnly());
  EXPECT_EQ(LinkModeOf(ProtocolMode::kEppSw), LinkMode::kEpp);
  EXPECT_EQ(LinkModeOf(ProtocolMode::kIeeeCompatibility), LinkMode::kCompatibility);
  EXPECT_EQ(ProtocolNames({}), "NONE");
}

}  // namespace
}  // namespace parclass::bus
