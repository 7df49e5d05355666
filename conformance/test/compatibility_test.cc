// Compatibility mode (ieee1284.md section 6): data setup, stability and hold around nStrobe, the
// strobe's width, and no strobe while Busy is high.

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

// One byte as a host with these timings sends it: data at 10 us, nStrobe low after `setup`, high
// after `width`, and the next byte after `hold`.
struct HostTimings {
  const char* name;
  Nanoseconds setup;
  Nanoseconds width;
  Nanoseconds hold;
};

void SendByte(ConformanceChecker& checker, const HostTimings& host) {
  const Nanoseconds data_at = microseconds(10);
  const Nanoseconds strobe_at = data_at + host.setup;
  const Nanoseconds release_at = strobe_at + host.width;
  SetData(checker, data_at, 0x41);
  checker.OnChange(strobe_at, Line::kNStrobe, kL);
  checker.OnChange(strobe_at + nanoseconds(300), Line::kBusy, kH);  // The printer takes it.
  checker.OnChange(release_at, Line::kNStrobe, kH);
  SetData(checker, release_at + host.hold, 0x42);
  checker.OnChange(release_at + microseconds(5), Line::kNAck, kL);
  checker.OnChange(release_at + microseconds(7), Line::kNAck, kH);
  checker.OnChange(release_at + microseconds(7), Line::kBusy, kL);
  checker.Finish(milliseconds(1));
}

class CompatibilityTimingTest : public ::testing::TestWithParam<HostTimings> {};

// The defaults accept every real host of section 13: SMSC hardware and Linux's software writer,
// and the printer specifications' 500 ns figures.
TEST_P(CompatibilityTimingTest, RealHostsConform) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, GetParam());
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
}

INSTANTIATE_TEST_SUITE_P(
    Hosts, CompatibilityTimingTest,
    ::testing::Values(
        HostTimings{"SmscFifo", nanoseconds(600), nanoseconds(600), nanoseconds(450)},
        HostTimings{"Linux", microseconds(1), microseconds(1), microseconds(1)},
        HostTimings{"PrinterSpec", nanoseconds(500), nanoseconds(500), nanoseconds(500)},
        HostTimings{"LongestStrobe", microseconds(1), microseconds(500), microseconds(1)}),
    [](const auto& info) { return std::string(info.param.name); });

// [DISAGREE] IEEE 1284's own 750 ns hold rejects the SMSC FIFO's 450 ns.
TEST(CompatibilityTest, Ieee1284FiguresRejectSmscHold) {
  ConformanceChecker checker(IdleLevels(), ConformanceLimits::Ieee1284());
  SendByte(checker, {"SmscFifo", nanoseconds(750), nanoseconds(750), nanoseconds(450)});
  // Data at 10 us, strobe 10.75-11.5 us, next data at 11.95 us.
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataHold, std::nullopt, nanoseconds(11'950)));
}

TEST(CompatibilityTest, DataSetupTooShort) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"Short", nanoseconds(499), microseconds(1), microseconds(1)});
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataSetup, std::nullopt, nanoseconds(10'499)));
}

// Data and strobe in one instant: no setup at all, whatever order the changes are given in.
TEST(CompatibilityTest, DataWithTheStrobeHasNoSetup) {
  ConformanceChecker checker(IdleLevels());
  checker.OnChange(microseconds(10), Line::kNStrobe, kL);
  SetData(checker, microseconds(10), 0x41);
  checker.OnChange(microseconds(11), Line::kNStrobe, kH);
  checker.Finish(microseconds(20));
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataSetup, std::nullopt, microseconds(10)));
}

TEST(CompatibilityTest, DataChangedWhileStrobeLow) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, microseconds(10), 0x41);
  checker.OnChange(microseconds(11), Line::kNStrobe, kL);
  checker.OnChange(nanoseconds(11'500), Line::kD7, kH);
  checker.OnChange(microseconds(12), Line::kNStrobe, kH);
  checker.Finish(microseconds(20));
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataStable, std::nullopt, nanoseconds(11'500)));
  EXPECT_NE(checker.violations()[0].detail.find("D7"), std::string::npos);
}

TEST(CompatibilityTest, DataHoldTooShort) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"Short", microseconds(1), microseconds(1), nanoseconds(449)});
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataHold, std::nullopt, nanoseconds(12'449)));
}

TEST(CompatibilityTest, DataChangedAsStrobeRoseHasNoHold) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"NoHold", microseconds(1), microseconds(1), nanoseconds(0)});
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataHold, std::nullopt, microseconds(12)));
}

TEST(CompatibilityTest, StrobeTooShort) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"Short", microseconds(1), nanoseconds(499), microseconds(1)});
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatStrobeWidth, std::nullopt, nanoseconds(11'499)));
}

// Reported when the maximum passes, at fall + 500 us.
TEST(CompatibilityTest, StrobeTooLong) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"Long", microseconds(1), microseconds(501), microseconds(1)});
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatStrobeWidth, std::nullopt, microseconds(511)));
}

TEST(CompatibilityTest, StrobeStillLowWhenTheTraceEnds) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, microseconds(10), 0x41);
  checker.OnChange(microseconds(11), Line::kNStrobe, kL);
  checker.Finish(microseconds(511));  // Exactly the maximum: not yet too long.
  EXPECT_TRUE(Conforms(checker));

  ConformanceChecker later(IdleLevels());
  SetData(later, microseconds(10), 0x41);
  later.OnChange(microseconds(11), Line::kNStrobe, kL);
  later.Finish(milliseconds(1));
  EXPECT_TRUE(FoundOnly(later, Rule::kCompatStrobeWidth, std::nullopt, microseconds(511)));
  EXPECT_EQ(later.phase(), Phase::kForwardTransfer);
}

TEST(CompatibilityTest, StrobeWhileBusy) {
  ConformanceChecker checker(IdleLevels());
  SendByte(checker, {"Linux", microseconds(1), microseconds(1), microseconds(1)});
  ConformanceChecker busy(IdleLevels());
  busy.OnChange(microseconds(5), Line::kBusy, kH);
  SetData(busy, microseconds(10), 0x41);
  busy.OnChange(microseconds(11), Line::kNStrobe, kL);
  busy.OnChange(microseconds(12), Line::kNStrobe, kH);
  busy.Finish(microseconds(20));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_TRUE(FoundOnly(busy, Rule::kCompatStrobeWhileBusy, std::nullopt, microseconds(11)));
}

// Busy moving at the strobe's own instant is a race the trace cannot judge, either way.
TEST(CompatibilityTest, BusyChangingWithTheStrobeIsNotJudged) {
  for (Level busy_before : {kL, kH}) {
    ConformanceChecker checker(IdleLevels().with(Line::kBusy, busy_before));
    SetData(checker, microseconds(10), 0x41);
    Set(checker, microseconds(11), {{Line::kNStrobe, kL}, {Line::kBusy, Invert(busy_before)}});
    checker.OnChange(microseconds(12), Line::kNStrobe, kH);
    checker.Finish(microseconds(20));
    EXPECT_TRUE(Conforms(checker)) << "Busy was " << busy_before;
  }
}

// The hold window outlives compatibility mode: a request byte put on the lines right after a
// strobe breaks the strobe's hold time.
TEST(CompatibilityTest, HoldAppliesToANegotiationThatFollows) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, microseconds(10), 0x41);
  checker.OnChange(microseconds(11), Line::kNStrobe, kL);
  checker.OnChange(microseconds(12), Line::kNStrobe, kH);
  Negotiate(checker, nanoseconds(12'100), 0x00, kL);
  checker.Finish(microseconds(100));
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatDataHold, std::nullopt, nanoseconds(12'100)));
}

}  // namespace
}  // namespace parclass::conformance
