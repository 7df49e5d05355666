// ECP mode (ieee1284.md section 9): the setup (events 30-31), forward transfers (34-37), the
// turnarounds (38-40, 47-49), reverse transfers (43-46), and termination only from forward.

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

constexpr Nanoseconds kTl = milliseconds(35);

// ECP negotiated (events 0-6 at 10-16 us, nAckReverse low at event 5) and set up: event 30 at
// 20 us, event 31 at 21 us. Forward idle from then on.
ConformanceChecker InForwardIdle() {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x10, kH, {{Line::kPError, kL}});
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});  // Event 30.
  Set(checker, microseconds(21), {{Line::kPError, kH}});   // Event 31.
  return checker;
}

// One forward byte: event 34 (data and HostAck) at `at`, 35 at +1, 36 at +2, 37 at +3, PeriphAck
// low at +4. Returns +4.
Nanoseconds SendForward(ConformanceChecker& checker, Nanoseconds at, uint8_t byte, Level host_ack) {
  SetData(checker, at, byte);
  checker.OnChange(at, Line::kNAutoFd, host_ack);
  Set(checker, at + microseconds(1), {{Line::kNStrobe, kL}});
  Set(checker, at + microseconds(2), {{Line::kBusy, kH}});
  Set(checker, at + microseconds(3), {{Line::kNStrobe, kH}});
  Set(checker, at + microseconds(4), {{Line::kBusy, kL}});
  return at + microseconds(4);
}

// Events 38, 39, 40 at `at`, +1, +2. Returns +2.
Nanoseconds TurnToReverse(ConformanceChecker& checker, Nanoseconds at) {
  Set(checker, at, {{Line::kNAutoFd, kL}});
  Set(checker, at + microseconds(1), {{Line::kNInit, kL}});
  Set(checker, at + microseconds(2), {{Line::kPError, kL}});
  return at + microseconds(2);
}

// One reverse byte: data and PeriphAck at `at`, event 43 (PeriphClk low) at +1, 44 at +2, 45 at
// +3, 46 at +4. Returns +4.
Nanoseconds SendReverse(ConformanceChecker& checker, Nanoseconds at, uint8_t byte,
                        Level periph_ack) {
  SetData(checker, at, byte);
  checker.OnChange(at, Line::kBusy, periph_ack);
  Set(checker, at + microseconds(1), {{Line::kNAck, kL}});
  Set(checker, at + microseconds(2), {{Line::kNAutoFd, kH}});
  Set(checker, at + microseconds(3), {{Line::kNAck, kH}});
  Set(checker, at + microseconds(4), {{Line::kNAutoFd, kL}});
  return at + microseconds(4);
}

TEST(EcpTest, ConformingSession) {
  ConformanceChecker checker = InForwardIdle();
  checker.AdvanceTo(microseconds(22));
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
  SendForward(checker, microseconds(25), 0x83, kL);  // A channel address (command).
  SendForward(checker, microseconds(30), 0x41, kH);  // Data.
  TurnToReverse(checker, microseconds(40));
  checker.AdvanceTo(microseconds(43));
  EXPECT_EQ(checker.phase(), Phase::kReverseIdle);
  SendReverse(checker, microseconds(45), 0x55, kH);
  SendReverse(checker, microseconds(50), 0x81, kL);
  Set(checker, microseconds(60), {{Line::kNInit, kH}});  // Event 47 (Linux keeps HostAck low).
  checker.AdvanceTo(nanoseconds(60'500));
  EXPECT_EQ(checker.phase(), Phase::kReverseToForward);
  Set(checker, microseconds(61), {{Line::kPError, kH}});  // Event 49.
  SendForward(checker, microseconds(65), 0x42, kH);
  Terminate(checker, microseconds(75), kH);
  checker.Finish(microseconds(80));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

// [DISAGREE] libieee1284 raises HostAck with event 47; Linux keeps it low. Both conform.
TEST(EcpTest, Event47WithHostAckHigh) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNInit, kH}, {Line::kNAutoFd, kH}});
  Set(checker, microseconds(31), {{Line::kPError, kH}});
  SendForward(checker, microseconds(35), 0x42, kH);
  checker.Finish(microseconds(40));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
}

// Host transfer recovery (section 9.1): the byte was not taken, so the host pulses
// nReverseRequest and sends again.
TEST(EcpTest, HostTransferRecovery) {
  ConformanceChecker checker = InForwardIdle();
  SetData(checker, microseconds(25), 0x41);
  Set(checker, microseconds(26), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(30), {{Line::kNInit, kL}});
  Set(checker, microseconds(31), {{Line::kPError, kL}});
  Set(checker, microseconds(32), {{Line::kNInit, kH}, {Line::kNStrobe, kH}});
  Set(checker, microseconds(33), {{Line::kPError, kH}});
  SendForward(checker, microseconds(35), 0x41, kH);
  checker.Finish(microseconds(40));
  EXPECT_TRUE(Conforms(checker));
}

// A trace that starts mid-session in ECP reverse idle.
TEST(EcpTest, StartsInReverseIdle) {
  const LineLevels reverse_idle = IdleLevels()
                                      .with(Line::kNSelectIn, kH)
                                      .with(Line::kNAutoFd, kL)
                                      .with(Line::kNInit, kL)
                                      .with(Line::kPError, kL);
  ConformanceChecker checker(reverse_idle, {}, LinkMode::kEcp);
  EXPECT_EQ(checker.phase(), Phase::kReverseIdle);
  SendReverse(checker, microseconds(5), 0x55, kH);
  checker.Finish(microseconds(10));
  EXPECT_TRUE(Conforms(checker));
}

TEST(EcpTest, Event31Missing) {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x10, kH, {{Line::kPError, kL}});
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  checker.Finish(milliseconds(50));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpResponseTime, 31, microseconds(20) + kTl));
  EXPECT_EQ(checker.phase(), Phase::kSetup);
}

TEST(EcpTest, StrobeBeforeSetup) {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x10, kH);
  Set(checker, microseconds(20), {{Line::kNStrobe, kL}});
  checker.Finish(microseconds(21));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpTurnaroundOrder, 30, microseconds(20)));
}

TEST(EcpTest, HostClkLowWhilePeriphAckHigh) {
  ConformanceChecker checker = InForwardIdle();
  SetData(checker, microseconds(25), 0x41);
  Set(checker, microseconds(26), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(27), {{Line::kBusy, kH}});
  Set(checker, microseconds(28), {{Line::kNStrobe, kH}});
  SetData(checker, microseconds(29), 0x42);
  Set(checker, microseconds(30), {{Line::kNStrobe, kL}});  // PeriphAck still high.
  checker.Finish(microseconds(31));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpForwardOrder, 35, microseconds(30)));
}

TEST(EcpTest, Event37BeforeEvent36) {
  ConformanceChecker checker = InForwardIdle();
  SetData(checker, microseconds(25), 0x41);
  Set(checker, microseconds(26), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(27), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(28));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpForwardOrder, 37, microseconds(27)));
}

TEST(EcpTest, PeriphAckWithoutHostClk) {
  ConformanceChecker checker = InForwardIdle();
  Set(checker, microseconds(25), {{Line::kBusy, kH}});
  checker.Finish(microseconds(26));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpForwardOrder, 36, microseconds(25)));
}

TEST(EcpTest, ForwardDataChangedWhileHostClkLow) {
  ConformanceChecker checker = InForwardIdle();
  SetData(checker, microseconds(25), 0x41);
  Set(checker, microseconds(26), {{Line::kNStrobe, kL}});
  Set(checker, nanoseconds(26'500), {{Line::kD1, kH}});
  Set(checker, microseconds(27), {{Line::kBusy, kH}});
  Set(checker, microseconds(28), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(29));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpForwardDataStable, 36, nanoseconds(26'500)));
}

TEST(EcpTest, HostAckChangedWhileHostClkLow) {
  ConformanceChecker checker = InForwardIdle();
  SetData(checker, microseconds(25), 0x41);
  Set(checker, microseconds(25), {{Line::kNAutoFd, kH}});
  Set(checker, microseconds(26), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(27), {{Line::kBusy, kH}});
  Set(checker, nanoseconds(27'500), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(28), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(29));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpForwardDataStable, 37, nanoseconds(27'500)));
}

TEST(EcpTest, Event39WithoutEvent38) {
  ConformanceChecker checker = InForwardIdle();
  SendForward(checker, microseconds(25), 0x41, kH);
  Set(checker, microseconds(30), {{Line::kNInit, kL}});
  Set(checker, microseconds(31), {{Line::kPError, kL}});
  checker.Finish(microseconds(32));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpTurnaroundOrder, 39, microseconds(30)));
}

TEST(EcpTest, Event40Missing) {
  ConformanceChecker checker = InForwardIdle();
  Set(checker, microseconds(25), {{Line::kNInit, kL}});
  checker.Finish(milliseconds(50));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpResponseTime, 40, microseconds(25) + kTl));
  EXPECT_EQ(checker.phase(), Phase::kForwardToReverse);
}

TEST(EcpTest, Event44BeforeEvent43) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(31));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpReverseOrder, 44, microseconds(30)));
}

TEST(EcpTest, Event45BeforeEvent44) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, microseconds(31), {{Line::kNAck, kH}});
  checker.Finish(microseconds(32));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpReverseOrder, 45, microseconds(31)));
}

TEST(EcpTest, Event46BeforeEvent45) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, microseconds(31), {{Line::kNAutoFd, kH}});
  Set(checker, microseconds(32), {{Line::kNAutoFd, kL}});
  checker.Finish(microseconds(33));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpReverseOrder, 46, microseconds(32)));
}

TEST(EcpTest, ReverseDataChangedWhilePeriphClkLow) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  SetData(checker, microseconds(29), 0x55);
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, nanoseconds(30'500), {{Line::kD0, kL}});
  Set(checker, microseconds(31), {{Line::kNAutoFd, kH}});
  Set(checker, microseconds(32), {{Line::kNAck, kH}});
  checker.Finish(microseconds(33));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpReverseDataStable, 44, nanoseconds(30'500)));
}

TEST(EcpTest, PeriphAckChangedWhilePeriphClkLow) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(29), {{Line::kBusy, kH}});
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, microseconds(31), {{Line::kNAutoFd, kH}});
  Set(checker, nanoseconds(31'500), {{Line::kBusy, kL}});
  Set(checker, microseconds(32), {{Line::kNAck, kH}});
  checker.Finish(microseconds(33));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpReverseDataStable, 45, nanoseconds(31'500)));
}

TEST(EcpTest, Event45Missing) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, microseconds(31), {{Line::kNAutoFd, kH}});
  checker.Finish(milliseconds(50));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpResponseTime, 45, microseconds(31) + kTl));
}

TEST(EcpTest, Event47InTheMiddleOfAReverseByte) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNAck, kL}});
  Set(checker, microseconds(31), {{Line::kNInit, kH}});
  checker.Finish(microseconds(32));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpTurnaroundOrder, 47, microseconds(31)));
}

TEST(EcpTest, Event49Missing) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Set(checker, microseconds(30), {{Line::kNInit, kH}});
  checker.Finish(milliseconds(50));
  EXPECT_TRUE(FoundOnly(checker, Rule::kEcpResponseTime, 49, microseconds(30) + kTl));
}

// Section 5.3: a handshake termination from reverse turns the link around first.
TEST(EcpTest, TerminationFromReverse) {
  ConformanceChecker checker = InForwardIdle();
  TurnToReverse(checker, microseconds(25));
  Terminate(checker, microseconds(30), kH);
  checker.Finish(microseconds(40));
  EXPECT_TRUE(FoundOnly(checker, Rule::kTerminationFromEcpReverse, 22, microseconds(30)));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

}  // namespace
}  // namespace parclass::conformance
