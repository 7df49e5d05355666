// Protocol selection: what the host runs on each chip, the speed order, and the engine's view of
// each protocol.

#include "parclass/bus/protocol.h"

#include <gtest/gtest.h>

namespace parclass::bus {
namespace {

using hw::HardwareCapability;

constexpr uint16_t Value(ProtocolMode mode) { return static_cast<uint16_t>(mode); }

// --- Protocol modes --------------------------------------------------------------------------

// windows-parallel-interface.md section 5.1: ntddpar.h protocol bits.
TEST(ProtocolModeTest, ValuesAreNtddparBits) {
  EXPECT_EQ(Value(ProtocolMode::kNone), 0x0000);
  EXPECT_EQ(Value(ProtocolMode::kCentronics), 0x0001);
  EXPECT_EQ(Value(ProtocolMode::kIeeeCompatibility), 0x0002);
  EXPECT_EQ(Value(ProtocolMode::kNibble), 0x0004);
  EXPECT_EQ(Value(ProtocolMode::kChannelNibble), 0x0008);
  EXPECT_EQ(Value(ProtocolMode::kByteBidir), 0x0010);
  EXPECT_EQ(Value(ProtocolMode::kEppHw), 0x0020);
  EXPECT_EQ(Value(ProtocolMode::kEppSw), 0x0040);
  EXPECT_EQ(Value(ProtocolMode::kBoundedEcp), 0x0080);
  EXPECT_EQ(Value(ProtocolMode::kEcpHwNoIrq), 0x0100);
  EXPECT_EQ(Value(ProtocolMode::kEcpHwIrq), 0x0200);
  EXPECT_EQ(Value(ProtocolMode::kEcpSw), 0x0400);
}

// windows-parallel-interface.md section 5.1: EPP_ANY 0x0060, ECP_ANY 0x0780.
TEST(ProtocolModeTest, EppAnyIs0x0060) { EXPECT_EQ(kEppAny.bits(), 0x0060); }

TEST(ProtocolModeTest, EcpAnyIs0x0780) { EXPECT_EQ(kEcpAny.bits(), 0x0780); }

TEST(ProtocolModeTest, AnyMasksDoNotOverlap) { EXPECT_FALSE(kEppAny.intersects(kEcpAny)); }

// protocol_mode.h's example: nibble and byte are neither EPP nor ECP.
TEST(ProtocolModeTest, ReverseModesAreNotEcp) {
  const ProtocolModes modes = ProtocolModes(ProtocolMode::kNibble) | ProtocolMode::kByteBidir;
  EXPECT_EQ(modes.bits(), 0x0014);
  EXPECT_FALSE(modes.intersects(kEcpAny));
  EXPECT_TRUE((modes | ProtocolMode::kEcpSw).intersects(kEcpAny));
  EXPECT_TRUE(kEppAny.contains(ProtocolMode::kEppSw));
}

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
