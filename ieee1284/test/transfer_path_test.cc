// Which paths a caller allows lane by lane, and the path the engine takes from them.

#include "parclass/ieee1284/transfer_path.h"

#include <gtest/gtest.h>

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

constexpr hw::ChipFeatures kEcpEppChip{.ecr = true, .fifo_depth = 16, .epp = true};
constexpr hw::ChipFeatures kSppChip{};

TEST(AllowedPathsTest, SoftwareIsAllowedEverywhere) {
  for (size_t lane = 0; lane < kLaneCount; ++lane) {
    EXPECT_EQ(AllowedPaths::SoftwareOnly().on(static_cast<Lane>(lane)), TransferPath::kSoftware);
    EXPECT_TRUE(AllowedPaths::All().allows(static_cast<Lane>(lane), TransferPath::kKernel));
  }
  // Taking every path away leaves software.
  const AllowedPaths none =
      AllowedPaths::All().Without(Lane::kEpp, AllowedPaths::All().on(Lane::kEpp));
  EXPECT_EQ(none.on(Lane::kEpp), TransferPath::kSoftware);
}

// ECP forward through the FIFO while reverse stays in software (bus: a peripheral that addresses
// channels in reverse).
TEST(AllowedPathsTest, LanesAreAllowedOneByOne) {
  const AllowedPaths paths = AllowedPaths::All().Without(Lane::kEcpReverse, TransferPath::kFifo);
  EXPECT_TRUE(paths.allows(Lane::kEcpForward, TransferPath::kFifo));
  EXPECT_FALSE(paths.allows(Lane::kEcpReverse, TransferPath::kFifo));
  EXPECT_TRUE(paths.allows(Lane::kEcpReverse, TransferPath::kKernel));
  EXPECT_EQ(EnginePathOf(paths, Lane::kEcpForward, kEcpEppChip), TransferPath::kFifo);
  EXPECT_EQ(EnginePathOf(paths, Lane::kEcpReverse, kEcpEppChip), TransferPath::kSoftware);
}

TEST(AllowedPathsTest, TheEngineTakesTheChipPathWhereTheChipHasIt) {
  const AllowedPaths all = AllowedPaths::All();
  EXPECT_EQ(EnginePathOf(all, Lane::kCompatibility, kEcpEppChip), TransferPath::kFifo);
  EXPECT_EQ(EnginePathOf(all, Lane::kEpp, kEcpEppChip), TransferPath::kEpp);
  EXPECT_EQ(EnginePathOf(all, Lane::kNibble, kEcpEppChip), TransferPath::kSoftware);
  EXPECT_EQ(EnginePathOf(all, Lane::kCompatibility, kSppChip), TransferPath::kSoftware);
  EXPECT_EQ(EnginePathOf(all, Lane::kEpp, kSppChip), TransferPath::kSoftware);
  EXPECT_EQ(ChipPathOf(Lane::kByte, kEcpEppChip), std::nullopt);
  EXPECT_EQ(EnginePathOf(AllowedPaths::SoftwareOnly(), Lane::kEcpForward, kEcpEppChip),
            TransferPath::kSoftware);
}

TEST(AllowedPathsTest, LanesOfModes) {
  EXPECT_EQ(LaneOf(LinkMode::kEcp, Direction::kReverse), Lane::kEcpReverse);
  EXPECT_EQ(LaneOf(LinkMode::kEcp, Direction::kForward), Lane::kEcpForward);
  EXPECT_EQ(LaneOf(LinkMode::kEpp, Direction::kReverse), Lane::kEpp);
  EXPECT_EQ(LaneOf(LinkMode::kNibble, Direction::kReverse), Lane::kNibble);
  EXPECT_EQ(LaneOf(LinkMode::kExtensibilityLink, Direction::kForward), Lane::kCompatibility);
  EXPECT_EQ(TransferPathName(TransferPath::kKernel), "kernel");
}

}  // namespace
}  // namespace parclass::ieee1284
