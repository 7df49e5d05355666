// EPP mode (ieee1284.md section 10): cycles begin only while nWait is low (EPP 1.9), one strobe at
// a time, a write cycle's data and nWrite stay put while its strobe is low, and nWait falls only
// after the strobe rises.

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

// EPP idle: nWrite, nDStrb, nAStrb high, nWait low.
LineLevels EppIdle() { return IdleLevels().with(Line::kNSelectIn, kH); }

// A write cycle: nWrite low and the byte at `at`, the strobe low at +1 (event 62 or 56), nWait
// high at +2 (58), the strobe high at +3 (63 or 59), nWait low at +4 (60), nWrite high at +5
// (61). Returns +5.
Nanoseconds WriteCycle(ConformanceChecker& checker, Nanoseconds at, Line strobe, uint8_t byte) {
  SetData(checker, at, byte);
  Set(checker, at, {{Line::kNStrobe, kL}});
  Set(checker, at + microseconds(1), {{strobe, kL}});
  Set(checker, at + microseconds(2), {{Line::kBusy, kH}});
  Set(checker, at + microseconds(3), {{strobe, kH}});
  Set(checker, at + microseconds(4), {{Line::kBusy, kL}});
  Set(checker, at + microseconds(5), {{Line::kNStrobe, kH}});
  return at + microseconds(5);
}

// A read cycle: the strobe low at `at` (event 67 or 64), the peripheral's byte and nWait high at
// +1 (58), the strobe high at +2 (63 or 59), nWait low at +3 (60). Returns +3.
Nanoseconds ReadCycle(ConformanceChecker& checker, Nanoseconds at, Line strobe, uint8_t byte) {
  Set(checker, at, {{strobe, kL}});
  SetData(checker, at + microseconds(1), byte);
  Set(checker, at + microseconds(1), {{Line::kBusy, kH}});
  Set(checker, at + microseconds(2), {{strobe, kH}});
  Set(checker, at + microseconds(3), {{Line::kBusy, kL}});
  return at + microseconds(3);
}

// Negotiated, one cycle of each kind, and the reset that ends EPP (section 5.3).
TEST(EppTest, ConformingSession) {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x40, kH);
  WriteCycle(checker, microseconds(20), Line::kNSelectIn, 0x03);  // Address write.
  WriteCycle(checker, microseconds(30), Line::kNAutoFd, 0x41);    // Data write.
  ReadCycle(checker, microseconds(40), Line::kNAutoFd, 0x99);     // Data read.
  ReadCycle(checker, microseconds(50), Line::kNSelectIn, 0x03);   // Address read.
  checker.AdvanceTo(microseconds(55));
  EXPECT_EQ(checker.mode(), LinkMode::kEpp);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
  Set(checker, microseconds(60), {{Line::kNInit, kL}});                           // Event 68.
  Set(checker, microseconds(110), {{Line::kNInit, kH}, {Line::kNSelectIn, kL}});  // Event 69.
  checker.Finish(microseconds(120));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

// A write cycle is a forward transfer, a read cycle a reverse one.
TEST(EppTest, PhaseFollowsTheCycle) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kNStrobe, kL}, {Line::kNAutoFd, kL}});
  checker.AdvanceTo(microseconds(10));
  EXPECT_EQ(checker.phase(), Phase::kForwardTransfer);
  Set(checker, microseconds(11), {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  checker.AdvanceTo(microseconds(11));
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
  Set(checker, microseconds(12), {{Line::kNSelectIn, kL}});
  checker.AdvanceTo(microseconds(12));
  EXPECT_EQ(checker.phase(), Phase::kReverseTransfer);
  Set(checker, microseconds(13), {{Line::kNSelectIn, kH}});
  checker.Finish(microseconds(14));
  EXPECT_TRUE(Conforms(checker));
}

TEST(EppTest, StrobeWhileNWaitHigh) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kBusy, kH}, {Line::kNStrobe, kL}});
  Set(checker, microseconds(11), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(12), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(13));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEppStrobeWhileWait, 62, microseconds(11)));
}

// EPP 1.7 asserts the strobe without looking at nWait, and treats nWait low as wait states.
TEST(EppTest, Epp17MayStrobeWhileNWaitHigh) {
  ConformanceLimits limits;
  limits.epp_version = EppVersion::k17;
  ConformanceChecker checker(EppIdle().with(Line::kBusy, kH), limits, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(11), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(12), {{Line::kBusy, kL}});  // Wait ...
  Set(checker, microseconds(13), {{Line::kBusy, kH}});  // ... until nWait is high.
  Set(checker, microseconds(14), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(15));
  EXPECT_TRUE(Conforms(checker));
}

TEST(EppTest, BothStrobesAtOnce) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(11), {{Line::kNSelectIn, kL}});
  checker.Finish(microseconds(12));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEppBothStrobes, std::nullopt, microseconds(11)));
}

TEST(EppTest, DataChangedInAWriteCycle) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  SetData(checker, microseconds(10), 0x41);
  Set(checker, microseconds(10), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(11), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(12), {{Line::kBusy, kH}});
  SetData(checker, nanoseconds(12'500), 0x42);
  Set(checker, microseconds(13), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(14));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEppDataStable, 62, nanoseconds(12'500)));
}

TEST(EppTest, NWriteChangedInACycle) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(11), {{Line::kNSelectIn, kL}});
  Set(checker, microseconds(12), {{Line::kNStrobe, kH}});
  Set(checker, microseconds(13), {{Line::kNSelectIn, kH}});
  checker.Finish(microseconds(14));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEppCycleOrder, 61, microseconds(12)));
}

TEST(EppTest, NWaitFellBeforeTheStrobeRose) {
  ConformanceChecker checker(EppIdle(), {}, LinkMode::kEpp);
  Set(checker, microseconds(10), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(11), {{Line::kBusy, kH}});
  Set(checker, microseconds(12), {{Line::kBusy, kL}});
  Set(checker, microseconds(13), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(14));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEppCycleOrder, 60, microseconds(12)));
}

}  // namespace
}  // namespace parclass::conformance
