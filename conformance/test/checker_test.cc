// The checker itself: instants, the input's time order, Finish and AdvanceTo, the starting mode,
// and how violations read.

#include "parclass/conformance/checker.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "trace_builder.h"

namespace parclass::conformance {
namespace {

TEST(CheckerTest, StartsInCompatibilityForwardIdle) {
  ConformanceChecker checker(IdleLevels());
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
  EXPECT_FALSE(checker.last_negotiation().has_value());
  checker.Finish(microseconds(1));
  EXPECT_TRUE(Conforms(checker));
}

// Event 1 is nSelectIn high and nAutoFd low at one instant, whatever order they are given in.
TEST(CheckerTest, ChangesAtOneTimeAreOneInstant) {
  for (bool select_first : {true, false}) {
    ConformanceChecker checker(IdleLevels());
    if (select_first) {
      Set(checker, microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
    } else {
      Set(checker, microseconds(1), {{Line::kNAutoFd, kL}, {Line::kNSelectIn, kH}});
    }
    checker.AdvanceTo(microseconds(2));
    EXPECT_EQ(checker.phase(), Phase::kNegotiation) << "nSelectIn first: " << select_first;
  }
  // nSelectIn high first, alone, is no event 1.
  ConformanceChecker apart(IdleLevels());
  Set(apart, microseconds(1), {{Line::kNSelectIn, kH}});
  Set(apart, microseconds(2), {{Line::kNAutoFd, kL}});
  apart.AdvanceTo(microseconds(3));
  EXPECT_EQ(apart.phase(), Phase::kForwardIdle);
}

// A line that goes and comes back at one instant did not change: no receiver saw it.
TEST(CheckerTest, GlitchWithinAnInstantIsNoChange) {
  ConformanceChecker checker(IdleLevels().with(Line::kBusy, kH));
  Set(checker, microseconds(1), {{Line::kNStrobe, kL}, {Line::kNStrobe, kH}});
  checker.Finish(microseconds(2));
  EXPECT_TRUE(Conforms(checker));
}

TEST(CheckerTest, ChangeEarlierThanTheLastIsReportedAndIgnored) {
  ConformanceChecker checker(IdleLevels().with(Line::kBusy, kH));
  Set(checker, microseconds(10), {{Line::kD0, kH}});
  Set(checker, microseconds(5), {{Line::kNStrobe, kL}});  // Would be a strobe while busy.
  checker.Finish(microseconds(20));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTraceTimeOrder, std::nullopt, microseconds(5)));
  EXPECT_NE(checker.violations()[0].detail.find("nStrobe"), std::string::npos);
}

// After AdvanceTo(t), a change at t would belong to an instant already judged.
TEST(CheckerTest, ChangeAtATimeAlreadyAdvancedToIsReported) {
  ConformanceChecker checker(IdleLevels());
  checker.AdvanceTo(microseconds(10));
  Set(checker, microseconds(10), {{Line::kD0, kH}});
  Set(checker, microseconds(11), {{Line::kD0, kH}});
  checker.Finish(microseconds(20));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTraceTimeOrder, std::nullopt, microseconds(10)));
}

TEST(CheckerDeathTest, InitialLevelsMustKnowEveryLine) {
  EXPECT_DEATH(ConformanceChecker(LineLevels().with(Line::kNStrobe, kH)), "all seventeen lines");
}

TEST(CheckerDeathTest, NoChangeAfterFinish) {
  ConformanceChecker checker(IdleLevels());
  checker.Finish(microseconds(1));
  EXPECT_DEATH(checker.OnChange(microseconds(2), Line::kD0, kH), "after Finish");
  EXPECT_DEATH(checker.Finish(microseconds(3)), "after Finish");
}

TEST(CheckerDeathTest, NoAdvanceBeforeTheLastChange) {
  ConformanceChecker checker(IdleLevels());
  checker.OnChange(microseconds(5), Line::kD0, kH);
  EXPECT_DEATH(checker.AdvanceTo(microseconds(4)), "before the last change");
}

// A deadline exactly at the end has not passed; one before it has.
TEST(CheckerTest, DeadlinesFireOnlyOncePassed) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, microseconds(1), 0x41);
  Set(checker, microseconds(2), {{Line::kNStrobe, kL}});
  checker.AdvanceTo(microseconds(502));
  EXPECT_TRUE(Conforms(checker));
  checker.AdvanceTo(nanoseconds(502'001));
  EXPECT_TRUE(FoundOnly(checker, Rule::kCompatStrobeWidth, std::nullopt, microseconds(502)));
}

TEST(CheckerTest, StartsInAnotherMode) {
  ConformanceChecker nibble(IdleLevels().with(Line::kNSelectIn, kH), {}, LinkMode::kNibble);
  EXPECT_EQ(nibble.mode(), LinkMode::kNibble);
  EXPECT_EQ(nibble.phase(), Phase::kDataNotAvailable);
  ConformanceChecker ecp(IdleLevels().with(Line::kNSelectIn, kH), {}, LinkMode::kEcp);
  EXPECT_EQ(ecp.phase(), Phase::kForwardIdle);
  ConformanceChecker epp(IdleLevels().with(Line::kNSelectIn, kH), {}, LinkMode::kEpp);
  EXPECT_EQ(epp.mode(), LinkMode::kEpp);
}

// Unknown until the host is back in compatibility mode (nSelectIn low).
TEST(CheckerTest, UnknownUntilNSelectInLow) {
  ConformanceChecker compatible(IdleLevels(), {}, LinkMode::kUnknown);
  EXPECT_EQ(compatible.mode(), LinkMode::kCompatibility);

  ConformanceChecker checker(IdleLevels().with(Line::kNSelectIn, kH).with(Line::kBusy, kH), {},
                             LinkMode::kUnknown);
  EXPECT_EQ(checker.phase(), Phase::kUnknown);
  Set(checker, microseconds(1), {{Line::kNStrobe, kL}});  // Not judged.
  Set(checker, microseconds(2), {{Line::kNStrobe, kH}});
  Set(checker, microseconds(3), {{Line::kNSelectIn, kL}});
  checker.Finish(microseconds(4));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

TEST(CheckerTest, MovesWithItsState) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, microseconds(1), 0x41);
  Set(checker, nanoseconds(1'100), {{Line::kNStrobe, kL}});
  ConformanceChecker moved = std::move(checker);
  Set(moved, microseconds(2), {{Line::kNStrobe, kH}});
  moved.Finish(microseconds(3));
  EXPECT_TRUE(FoundOnly(moved, Rule::kCompatDataSetup, std::nullopt, nanoseconds(1'100)));
}

TEST(CheckerTest, CheckChangesRunsASequence) {
  const std::vector<LevelChange> changes = {
      {microseconds(1), Line::kBusy, kH},
      {microseconds(2), Line::kD0, kH},
      {microseconds(3), Line::kNStrobe, kL},
      {microseconds(4), Line::kNStrobe, kH},
  };
  const std::vector<Violation> found = CheckChanges(changes, IdleLevels(), microseconds(10));
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, Rule::kCompatStrobeWhileBusy);
  EXPECT_EQ(found[0].at, microseconds(3));
}

TEST(ViolationTest, FormatSaysWhenWhereWhatAndTheLines) {
  ConformanceChecker checker(IdleLevels().with(Line::kBusy, kH));
  SetData(checker, microseconds(10), 0x41);
  Set(checker, microseconds(11), {{Line::kNStrobe, kL}});
  checker.Finish(microseconds(11));
  ASSERT_EQ(checker.violations().size(), 1u);
  EXPECT_EQ(checker.violations()[0].Format(),
            "    11.000 us  forward transfer: compat-strobe-while-busy: nStrobe fell while Busy "
            "was high: the host must wait for Busy low  [nStrobe=0 D=0x41 nAck=1 Busy=1 PError=0 "
            "Select=1 nAutoFd=1 nFault=1 nInit=1 nSelectIn=0]");
}

TEST(ViolationTest, FormatNamesTheEvent) {
  const Violation violation{microseconds(20),        Phase::kNegotiation, 6,
                            Rule::kNegotiationOrder, "nStrobe fell",      LineLevels()};
  EXPECT_EQ(violation.Format(),
            "    20.000 us  negotiation, event 6: negotiation-order: nStrobe fell  []");
}

TEST(ViolationTest, DescribeLinesShowsTheDataAsAByteOnlyWhenWhole) {
  EXPECT_EQ(DescribeLines(LineLevels().with(Line::kD0, kH).with(Line::kNAck, kL)), "D0=1 nAck=0");
  EXPECT_EQ(DescribeLines(IdleLevels()),
            "nStrobe=1 D=0x00 nAck=1 Busy=0 PError=0 Select=1 nAutoFd=1 nFault=1 nInit=1 "
            "nSelectIn=0");
}

TEST(ViolationTest, EveryRuleHasItsOwnName) {
  std::set<std::string_view> names;
  for (int rule = 0; rule <= static_cast<int>(Rule::kEppCycleOrder); ++rule) {
    const std::string_view name = RuleName(static_cast<Rule>(rule));
    EXPECT_NE(name, "invalid rule") << rule;
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(RuleName(static_cast<Rule>(200)), "invalid rule");
}

TEST(ViolationTest, LinkModeNames) {
  EXPECT_EQ(LinkModeName(LinkMode::kCompatibility), "compatibility");
  EXPECT_EQ(LinkModeName(LinkMode::kEcp), "ECP");
  EXPECT_EQ(LinkModeName(static_cast<LinkMode>(200)), "invalid mode");
}

}  // namespace
}  // namespace parclass::conformance
