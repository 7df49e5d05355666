#include "parclass/base/lines.h"

#include <gtest/gtest.h>

#include <vector>

namespace parclass {
namespace {

// IEEE 1284-A pin numbers (shared spec ieee1284.md section 1.1).
TEST(LineTest, LinesAreTheirDb25Pins) {
  EXPECT_EQ(static_cast<int>(Line::kNStrobe), 1);
  EXPECT_EQ(static_cast<int>(Line::kD0), 2);
  EXPECT_EQ(static_cast<int>(Line::kD7), 9);
  EXPECT_EQ(static_cast<int>(Line::kNAck), 10);
  EXPECT_EQ(static_cast<int>(Line::kBusy), 11);
  EXPECT_EQ(static_cast<int>(Line::kPError), 12);
  EXPECT_EQ(static_cast<int>(Line::kSelect), 13);
  EXPECT_EQ(static_cast<int>(Line::kNAutoFd), 14);
  EXPECT_EQ(static_cast<int>(Line::kNFault), 15);
  EXPECT_EQ(static_cast<int>(Line::kNInit), 16);
  EXPECT_EQ(static_cast<int>(Line::kNSelectIn), 17);
  EXPECT_EQ(DataLine(5), Line::kD5);
}

TEST(LineTest, NamesAreTheStandards) {
  EXPECT_EQ(LineName(Line::kNStrobe), "nStrobe");
  EXPECT_EQ(LineName(Line::kD3), "D3");
  EXPECT_EQ(LineName(Line::kBusy), "Busy");
  EXPECT_EQ(LineName(Line::kNSelectIn), "nSelectIn");
  EXPECT_EQ(LevelName(Level::kLow), "low");
  EXPECT_EQ(Invert(Level::kLow), Level::kHigh);
}

TEST(LineTest, LineFromNameIsLineNamesInverse) {
  for (int pin = 1; pin <= 17; ++pin) {
    const auto line = static_cast<Line>(pin);
    EXPECT_EQ(LineFromName(LineName(line)), line);
  }
  EXPECT_EQ(LineFromName("nselectin"), Line::kNSelectIn);
  EXPECT_EQ(LineFromName("BUSY"), Line::kBusy);
  EXPECT_EQ(LineFromName("Strobe"), std::nullopt);
  EXPECT_EQ(LineFromName(""), std::nullopt);
}

TEST(LineSetTest, GroupsPartitionTheCable) {
  EXPECT_TRUE((kStatusLines & kControlLines).empty());
  EXPECT_TRUE((kStatusLines & kDataLines).empty());
  EXPECT_TRUE((kControlLines & kDataLines).empty());
  int count = 0;
  (kStatusLines | kControlLines | kDataLines).ForEach([&](Line) { ++count; });
  EXPECT_EQ(count, 17);
}

TEST(LineSetTest, SetOperations) {
  const LineSet set = {Line::kBusy, Line::kNAck};
  EXPECT_TRUE(set.contains(Line::kBusy));
  EXPECT_FALSE(set.contains(Line::kSelect));
  EXPECT_TRUE(set.with(Line::kSelect).contains(Line::kSelect));
  EXPECT_FALSE(set.without(Line::kBusy).contains(Line::kBusy));
  EXPECT_EQ(set - LineSet{Line::kBusy}, LineSet{Line::kNAck});
  EXPECT_TRUE(kStatusLines.contains(set));
  EXPECT_FALSE(set.contains(kStatusLines));
}

TEST(LineSetTest, ForEachAndDescribeGoInPinOrder) {
  const LineSet set = {Line::kNSelectIn, Line::kD0, Line::kNStrobe};
  std::vector<Line> order;
  set.ForEach([&](Line line) { order.push_back(line); });
  EXPECT_EQ(order, (std::vector{Line::kNStrobe, Line::kD0, Line::kNSelectIn}));
  EXPECT_EQ(set.Describe(), "nStrobe, D0, nSelectIn");
}

TEST(LineLevelsTest, WithRecordsLevelAndReplacesIt) {
  LineLevels levels = LineLevels().with(Line::kBusy, Level::kHigh);
  EXPECT_TRUE(levels.knows(Line::kBusy));
  EXPECT_FALSE(levels.knows(Line::kNAck));
  EXPECT_EQ(levels.level(Line::kBusy), Level::kHigh);
  levels = levels.with(Line::kBusy, Level::kLow);
  EXPECT_EQ(levels.level(Line::kBusy), Level::kLow);
  EXPECT_TRUE(levels.high().empty());
}

// Event 2 (ieee1284.md section 4.2): PError, Select, nFault high, nAck low; Busy is not checked.
TEST(LineLevelsTest, MatchedByComparesOnlyTheExpectedLines) {
  constexpr LineLevels kEvent2 = LineLevels()
                                     .with(Line::kPError, Level::kHigh)
                                     .with(Line::kSelect, Level::kHigh)
                                     .with(Line::kNFault, Level::kHigh)
                                     .with(Line::kNAck, Level::kLow);
  const LineLevels seen = kEvent2.with(Line::kBusy, Level::kHigh);
  EXPECT_TRUE(kEvent2.MatchedBy(seen));
  EXPECT_TRUE(kEvent2.MatchedBy(seen.with(Line::kBusy, Level::kLow)));
  EXPECT_FALSE(kEvent2.MatchedBy(seen.with(Line::kNAck, Level::kHigh)));
  // A line that was not seen at all does not match.
  EXPECT_FALSE(kEvent2.MatchedBy(LineLevels().with(Line::kNAck, Level::kLow)));
}

TEST(LineLevelsTest, RestrictedToKeepsOnlyTheGivenLines) {
  const LineLevels levels =
      LineLevels().with(Line::kBusy, Level::kHigh).with(Line::kNInit, Level::kHigh);
  const LineLevels status = levels.restricted_to(kStatusLines);
  EXPECT_TRUE(status.knows(Line::kBusy));
  EXPECT_FALSE(status.knows(Line::kNInit));
}

TEST(LineLevelsTest, DescribeNamesEachLineAndLevel) {
  const LineLevels levels =
      LineLevels().with(Line::kSelect, Level::kHigh).with(Line::kNAck, Level::kLow);
  EXPECT_EQ(levels.Describe(), "nAck low, Select high");
  EXPECT_EQ(LineLevels().Describe(), "");
}

TEST(LineLevelsDeathTest, LevelOfAnUnknownLineIsABug) {
  EXPECT_DEATH((void)LineLevels().level(Line::kBusy), "not known");
}

}  // namespace
}  // namespace parclass
