// Termination (ieee1284.md section 5): the handshake of events 22-28, its response times, the
// status at event 24, and the immediate termination of section 5.2.

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

constexpr Nanoseconds kTl = milliseconds(35);
constexpr Nanoseconds kEvent22 = microseconds(20);  // After a nibble negotiation at 10-16 us.

// Nibble mode, accepted with XFlag low, no data available: events 0-6 at 10-16 us.
ConformanceChecker InNibbleMode() {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x00, kL);
  return checker;
}

TEST(TerminationTest, ConformingHandshake) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, kH}, {Line::kNAck, kL}});
  EXPECT_EQ(checker.phase(), Phase::kTerminate);
  EXPECT_EQ(checker.mode(), LinkMode::kNibble);
  Set(checker, kEvent22 + microseconds(2), {{Line::kNAutoFd, kL}});
  Set(checker, kEvent22 + microseconds(3), {{Line::kNAck, kH}, {Line::kBusy, kL}});
  Set(checker, kEvent22 + microseconds(4), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + microseconds(5));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
}

// From reverse idle (nAutoFd low), nSelectIn low alone is an immediate termination: legal, and
// compatibility mode at once.
TEST(TerminationTest, ImmediateTermination) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, microseconds(17), {{Line::kNAutoFd, kL}});  // No data: reverse idle.
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + microseconds(2));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

TEST(TerminationTest, Event25BeforeEvent24) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1), {{Line::kNAutoFd, kL}});
  Set(checker, kEvent22 + microseconds(2), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + microseconds(3));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationOrder, 25, kEvent22 + microseconds(1)));
}

TEST(TerminationTest, Event27BeforeEvent25) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, kH}, {Line::kNAck, kL}});
  Set(checker, kEvent22 + microseconds(2), {{Line::kNAck, kH}});
  checker.Finish(kEvent22 + microseconds(3));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationOrder, 27, kEvent22 + microseconds(2)));
}

TEST(TerminationTest, Event28BeforeEvent27) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, kH}, {Line::kNAck, kL}});
  Set(checker, kEvent22 + microseconds(2), {{Line::kNAutoFd, kL}});
  Set(checker, kEvent22 + microseconds(3), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + microseconds(4));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationOrder, 28, kEvent22 + microseconds(3)));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

// The peripheral never answers; the host finishes the handshake after tL, as Linux does, and
// only the missing event is reported.
TEST(TerminationTest, Event24Missing) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + kTl + microseconds(1), {{Line::kNAutoFd, kL}});
  Set(checker, kEvent22 + kTl + microseconds(2), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + milliseconds(100));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationResponseTime, 24, kEvent22 + kTl));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

TEST(TerminationTest, Event27Missing) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, kH}, {Line::kNAck, kL}});
  const Nanoseconds event25 = kEvent22 + microseconds(2);
  Set(checker, event25, {{Line::kNAutoFd, kL}});
  checker.Finish(event25 + milliseconds(50));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationResponseTime, 27, event25 + kTl));
  EXPECT_EQ(checker.phase(), Phase::kTerminate);
}

// Event 23 (Busy and nFault high) comes before event 24.
TEST(TerminationTest, Event24WithoutEvent23) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1), {{Line::kSelect, kH}, {Line::kNAck, kL}});
  Set(checker, kEvent22 + microseconds(2), {{Line::kNAutoFd, kL}});
  Set(checker, kEvent22 + microseconds(3), {{Line::kNAck, kH}});
  Set(checker, kEvent22 + microseconds(4), {{Line::kNAutoFd, kH}});
  checker.Finish(kEvent22 + microseconds(5));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationStatus, 23, kEvent22 + microseconds(1)));
}

TEST(TerminationTest, XFlagNotInverted) {
  ConformanceChecker checker = InNibbleMode();
  Set(checker, kEvent22, {{Line::kNSelectIn, kL}});
  Set(checker, kEvent22 + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, kL}, {Line::kNAck, kL}});
  checker.Finish(kEvent22 + microseconds(2));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationXFlag, 24, kEvent22 + microseconds(1)));
}

}  // namespace
}  // namespace parclass::conformance
